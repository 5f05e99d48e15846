from django import template

from thidua.core.numbers import format_points

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template, None when absent."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def points(value):
    """Points the Vietnamese way: decimal comma, no trailing zeros ("19,5", "20")."""
    if value is None or value == "":
        return ""
    return format_points(value)
