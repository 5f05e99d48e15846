"""Who may write, edit and publish news. Services check these; pages only hide what they refuse.

The province office writes for the province (an article without a unit) and may edit and
publish any article; a unit's emulation officer only the articles of their own unit. Published
articles are public; a draft is visible only to who may edit it.
"""

from thidua.cycles import permissions as cycle_permissions
from thidua.organisations import permissions as org


def can_write_for(user, unit) -> bool:
    """Write (create, edit, publish, add photos) an article belonging to `unit` (None: the province)."""
    if org.is_province_office(user):
        return True
    return unit is not None and unit.pk in org.officer_unit_ids(user)


def can_edit_article(user, article) -> bool:
    if org.is_province_office(user):
        return True
    return article.unit_id is not None and article.unit_id in org.officer_unit_ids(user)


def can_write_news(user) -> bool:
    """Whether the user writes news at all (the editor's pages and buttons)."""
    return org.is_province_office(user) or bool(org.officer_unit_ids(user))


def can_view_article(user, article) -> bool:
    return article.is_published or can_edit_article(user, article)


def can_draft_from_year(user, cluster_year) -> bool:
    """Draft the conference article: the Trưởng/Phó trưởng cụm of that year or the province office."""
    return cycle_permissions.can_run_year(user, cluster_year)
