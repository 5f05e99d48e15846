"""The deadlines a user must act on or follow, for the home page."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from thidua.core.deadlines import Deadline
from thidua.organisations import permissions as org
from thidua.organisations.models import Unit
from thidua.reminders import providers


def status_text(days_left: int) -> str:
    if days_left < 0:
        return f"quá hạn {-days_left} ngày"
    if days_left == 0:
        return "hạn hôm nay"
    return f"còn {days_left} ngày"


@dataclass
class DeadlineLine:
    """One line of the home page: a deadline of the user's own unit (`mine`), or the same
    deadline of several units grouped for the office or the cluster's leaders who follow them."""

    kind: str
    title: str
    due: datetime.date
    url: str
    days_left: int
    mine: bool
    units: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def status(self) -> str:
        return status_text(self.days_left)


class _Roles:
    """The user's acting and following rights per year, computed once per year."""

    def __init__(self, user):
        self.user = user
        self._years: dict[int, tuple[set[int], set[int], bool]] = {}

    def of(self, year: int) -> tuple[set[int], set[int], bool]:
        if year not in self._years:
            self._years[year] = (
                org.staff_unit_ids(self.user, year),
                org.led_cluster_ids(self.user, year),
                org.is_province_office(self.user, year),
            )
        return self._years[year]

    def acts_on(self, deadline: Deadline) -> bool:
        units, led, office = self.of(deadline.role_year)
        return {
            "unit": deadline.unit_id in units,
            "cluster": deadline.cluster_id in led,
            "office": office,
        }[deadline.audience]

    def follows(self, deadline: Deadline) -> bool:
        _, led, office = self.of(deadline.role_year)
        return office or (deadline.cluster_id is not None and deadline.cluster_id in led)


def deadlines_for(user, as_of: datetime.date | None = None) -> list[DeadlineLine]:
    """What `user` must do (their units as officer or head, the clusters they lead, the office's
    own deadlines), then what they follow: the province office every unit's deadlines, a
    cluster's leaders those of its members, grouped into one line per deadline. By due date.

    A bounded number of queries: the providers', the user's grants, and one for unit names.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    as_of = as_of or timezone.localdate()
    roles = _Roles(user)
    own: list[Deadline] = []
    followed: dict[tuple, list[Deadline]] = {}
    for deadline in providers.open_deadlines(as_of):
        acts = roles.acts_on(deadline)
        if acts:
            own.append(deadline)
        # A leader's own unit stays in the group it follows, so the group counts every unit.
        if roles.follows(deadline) and (deadline.audience == "unit" or not acts):
            key = (deadline.kind, deadline.cluster_id, deadline.due, deadline.title)
            followed.setdefault(key, []).append(deadline)
    unit_ids = {d.unit_id for d in own} | {d.unit_id for group in followed.values() for d in group}
    unit_ids.discard(None)
    names = dict(Unit.objects.filter(pk__in=unit_ids).order_by("sort_key").values_list("pk", "name")) if unit_ids else {}
    position = {pk: index for index, pk in enumerate(names)}  # Vietnamese alphabetical order
    lines = [
        DeadlineLine(d.kind, d.title, d.due, d.url, d.days_left(as_of), True, [names[d.unit_id]] if d.unit_id else [])
        for d in own
    ]
    for group in followed.values():
        first = group[0]
        lines.append(
            DeadlineLine(
                first.kind, first.title, first.due, first.overview_url or first.url, first.days_left(as_of), False,
                [names[pk] for pk in sorted({d.unit_id for d in group if d.unit_id}, key=position.__getitem__)],
            )
        )
    return sorted(lines, key=lambda line: (line.due, not line.mine, line.title))
