"""Reads shared by every app: accent-insensitive search and audit history."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from thidua.core.vntext import search_terms


def search(queryset: QuerySet, query: str, field: str = "search_text") -> QuerySet:
    """Rows whose folded `field` contains every folded word of `query`.

    The folded column is written by the model, so the same plain LIKE works on SQLite and
    PostgreSQL: "nguyen thi ha", "Nguyễn Thị Hà" and "NGUYEN THI HA" find the same people.
    """
    for word in search_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    action: str
    changes: list[FieldChange]


_ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xoá"}


def _display(record, field_name: str, value: Any) -> Any:
    field = record.instance_type._meta.get_field(field_name)
    if field.many_to_many and isinstance(value, list):
        # Audited many-to-many fields (HistoricalRecords(m2m_fields=…)) diff as lists of through rows.
        key = field.m2m_reverse_field_name()
        targets = field.related_model.objects.filter(pk__in=[row.get(key) for row in value])
        return "; ".join(str(target) for target in targets)
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else value
    return value


def history_of(instance: Model, limit: int = 50) -> list[HistoryEntry]:
    """The record's audit trail, newest first: who, when, what changed (before and after)."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                model_field = record.instance_type._meta.get_field(change.field)
                if not model_field.editable:
                    continue  # derived columns (search_text, sort_key) are not the user's data
                label = str(model_field.verbose_name)
                changes.append(
                    FieldChange(
                        label,
                        _display(record, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
        who = record.history_user.get_username() if record.history_user else "hệ thống"
        entries.append(HistoryEntry(record.history_date, who, _ACTIONS[record.history_type], changes))
    return entries
