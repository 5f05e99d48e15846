"""The one shape every app uses to say "someone must do something by a date".

Each domain app offers a selector that returns `Deadline`s (movements: plans and reports not yet
sent; cycles: registration, pact, scoring, dossiers); the reminders app gathers them for the home
page and the e-mail reminders. `unit_id` is the unit that must act; None means the province office.
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

    def days_left(self, today: datetime.date) -> int:
        return (self.due - today).days
