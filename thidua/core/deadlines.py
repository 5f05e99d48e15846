"""The one shape every app uses to say "someone must do something by a date".

Each domain app offers a selector `open_deadlines(as_of)` that returns `Deadline`s (movements:
plans and reports not yet sent; cycles: registration, pact, scoring, the cluster's dossier;
awards: dossiers not yet submitted); the reminders app gathers them for the home page and the
e-mail reminders.

Who must act:
- `unit_id` set: that unit (its emulation officer and its head);
- `unit_id` None and `for_cluster_leaders`: the Trưởng/Phó trưởng cụm of `cluster_id`;
- otherwise: the province office.
Roles are granted per year: `year` says which year's grants count (default: the due date's year).
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    kind: str  # a stable code, e.g. "movement_plan", "cycle_scoring"; used to avoid duplicate reminders
    title: str  # Vietnamese, names what is due and for what, e.g. "Gửi kế hoạch hưởng ứng phong trào …"
    due: datetime.date
    url: str  # the page where the user does it
    unit_id: int | None = None
    cluster_id: int | None = None
    object_key: str = ""  # identifies the thing due (e.g. "movement:12:unit:5") for de-duplication
    year: int | None = None  # the year whose role grants decide who acts; None: the due date's year
    for_cluster_leaders: bool = False  # the cluster's Trưởng/Phó trưởng cụm act (unit_id is None)
    overview_url: str = ""  # where the office/leaders follow every unit on it; "" means `url`

    def days_left(self, today: datetime.date) -> int:
        return (self.due - today).days

    @property
    def role_year(self) -> int:
        return self.year or self.due.year

    @property
    def audience(self) -> str:
        """"unit", "cluster" (its leaders) or "office"."""
        if self.unit_id is not None:
            return "unit"
        if self.for_cluster_leaders and self.cluster_id is not None:
            return "cluster"
        return "office"

    @property
    def key(self) -> str:
        """What de-duplicates reminders: the object key, else kind + who + due."""
        return self.object_key or f"{self.kind}:{self.cluster_id or ''}:{self.unit_id or ''}:{self.due.isoformat()}"
