"""Where deadlines come from: one dotted path per domain app's `open_deadlines(as_of)` selector.

Each returns `thidua.core.deadlines.Deadline`s. To add an app, add its selector here (or set
`THIDUA_DEADLINE_PROVIDERS` in settings to replace the whole list).
"""

import datetime

from django.conf import settings
from django.utils.module_loading import import_string

from thidua.core.deadlines import Deadline

PROVIDERS = (
    "thidua.cycles.selectors.open_deadlines",
    "thidua.awards.selectors.open_deadlines",
    "thidua.movements.selectors.open_deadlines",
)


def provider_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "THIDUA_DEADLINE_PROVIDERS", None) or PROVIDERS)


def open_deadlines(as_of: datetime.date) -> list[Deadline]:
    """Every open deadline of every provider, by due date."""
    deadlines: list[Deadline] = []
    for path in provider_paths():
        deadlines.extend(import_string(path)(as_of))
    return sorted(deadlines, key=lambda d: (d.due, d.title, d.unit_id or 0))
