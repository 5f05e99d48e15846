"""Helpers every app's services use: validated, audited saves."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from thidua.core.errors import ValidationFailed


def validation_messages(error: ValidationError, model: type[models.Model] | None = None) -> list[str]:
    """Flatten Django's ValidationError into Vietnamese lines naming the field."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    lines = []
    for field, errors in error.message_dict.items():
        label = field
        if model is not None and field != "__all__":
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:  # noqa: BLE001 - a non-field key keeps its own name
                label = field
        for message in errors:
            lines.append(message if field == "__all__" else f"{label}: {message}")
    return lines


def save_audited(
    instance: models.Model, *, actor, exclude: list[str] | None = None, database_checks: bool = True
) -> None:
    """Validate every field and constraint, then save, recording `actor` in the history.

    `database_checks=False` skips the checks that cost a query each (related rows exist,
    unique and check constraints) for hot paths whose caller has already established them;
    the database still enforces every constraint.
    """
    try:
        if database_checks:
            instance.full_clean(exclude=exclude)
        else:
            relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
            instance.clean_fields(exclude=[*(exclude or []), *relations])
            instance.clean()
    except ValidationError as exc:
        raise ValidationFailed(validation_messages(exc, type(instance))) from exc
    instance._history_user = actor  # read by django-simple-history
    instance.save()


def delete_audited(instance: models.Model, *, actor) -> None:
    instance._history_user = actor
    instance.delete()


def apply_changes(instance: models.Model, changes: dict[str, Any]) -> bool:
    """Set the given attributes; report whether anything actually differs."""
    changed = False
    for field, value in changes.items():
        model_field = instance._meta.get_field(field)
        if model_field.many_to_one or model_field.one_to_one:
            # Compare keys: reading an unset relation on a new instance would raise.
            if getattr(instance, model_field.attname) != (value.pk if value is not None else None):
                setattr(instance, field, value)
                changed = True
            continue
        if not model_field.is_relation and value is not None:
            value = model_field.to_python(value)  # e.g. NFC text, "2020-01-01" -> date
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed
