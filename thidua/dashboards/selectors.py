"""Dashboard reads: each chart's numbers as one small table, from aggregate queries.

Every function takes the same `Filters` and returns a `Table`, so a page can draw any of them
the same way (chart, HTML table, XLSX). They only read; they run the same on SQLite and
PostgreSQL (plain GROUP BY with filtered COUNTs, no database-specific functions).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from thidua.awards.models import AwardKind, AwardRecord
from thidua.cycles import selectors as cycle_selectors
from thidua.cycles.models import ClusterYear
from thidua.movements import selectors as movement_selectors
from thidua.movements.models import Movement, MovementState, ResponseKind
from thidua.movements.selectors import AnswerStatus
from thidua.organisations.models import Cluster, ClusterMembership, Gender, Unit

# Results count for the dashboards once the cluster has sent them to the province.
RANKED_PHASES = ("submitted", "closed")
# A chart of every unit in the province would be unreadable: the busiest ones are shown.
TOP_UNITS = 20


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    cluster: Cluster | None = None

    def years(self, queryset, field_name: str = "year"):
        if self.year_from is not None:
            queryset = queryset.filter(**{f"{field_name}__gte": self.year_from})
        if self.year_to is not None:
            queryset = queryset.filter(**{f"{field_name}__lte": self.year_to})
        return queryset


@dataclass
class Table:
    """A chart's data: `columns[0]` labels the categories (rows); the others are series."""

    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    @property
    def labels(self) -> list[str]:
        return [str(row[0]) for row in self.rows]

    def series(self, index: int) -> list:
        return [row[index] for row in self.rows]


def _counts():
    return {
        "individuals": Count("id", filter=Q(person__isnull=False)),
        "collectives": Count("id", filter=Q(unit__isnull=False)),
    }


def awards_by_form(filters: Filters) -> Table:
    """How many titles and forms of each kind were awarded, individuals and collectives apart."""
    counts = {
        row["award_id"]: row
        for row in _member_filtered(filters).values("award_id").annotate(**_counts()).order_by()
    }
    table = Table(["Danh hiệu, hình thức", "Cá nhân", "Tập thể", "Tổng"])
    for kind in AwardKind.objects.filter(pk__in=counts).order_by("position", "code"):
        row = counts[kind.pk]
        table.rows.append([kind.name, row["individuals"], row["collectives"], row["individuals"] + row["collectives"]])
    return table


def awards_by_year(filters: Filters) -> Table:
    table = Table(["Năm", "Cá nhân", "Tập thể", "Tổng"])
    for row in _member_filtered(filters).values("year").annotate(**_counts()).order_by("year"):
        table.rows.append([row["year"], row["individuals"], row["collectives"], row["individuals"] + row["collectives"]])
    return table


def awards_by_unit(filters: Filters) -> Table:
    """Awards per unit: a collective's own, and its people's (by the unit they work for now)."""
    rows = list(
        _member_filtered(filters)
        .annotate(subject_unit=Coalesce("unit_id", "person__unit_id"))
        .values("subject_unit")
        .annotate(**_counts())
        .order_by()
    )
    rows.sort(key=lambda r: (-(r["individuals"] + r["collectives"]), r["subject_unit"]))
    shown = rows[:TOP_UNITS]
    names = dict(Unit.objects.filter(pk__in=[r["subject_unit"] for r in shown]).values_list("pk", "name"))
    table = Table(["Đơn vị", "Cá nhân", "Tập thể", "Tổng"])
    for row in shown:
        table.rows.append(
            [names[row["subject_unit"]], row["individuals"], row["collectives"], row["individuals"] + row["collectives"]]
        )
    if len(rows) > TOP_UNITS:
        table.note = f"{TOP_UNITS} đơn vị có nhiều khen thưởng nhất trong {len(rows)} đơn vị."
    return table


def women_share(filters: Filters) -> Table:
    """Per year: individuals awarded (each counted once), how many are women, the share in %."""
    table = Table(["Năm", "Cá nhân được khen thưởng", "Trong đó nữ", "Tỷ lệ nữ (%)"])
    rows = (
        _member_filtered(filters)
        .filter(person__isnull=False)
        .values("year")
        .annotate(
            people=Count("person", distinct=True),
            women=Count("person", distinct=True, filter=Q(person__gender=Gender.FEMALE)),
        )
        .order_by("year")
    )
    for row in rows:
        share = (Decimal(100) * row["women"] / row["people"]).quantize(Decimal("0.1")) if row["people"] else Decimal(0)
        table.rows.append([row["year"], row["people"], row["women"], share])
    return table


def _member_filtered(filters: Filters):
    """Award records in the year range; for a cluster, only its members' (in their member years)."""
    records = filters.years(AwardRecord.objects.all())
    if filters.cluster is None:
        return records
    memberships = ClusterMembership.objects.filter(cluster=filters.cluster).values_list("unit_id", "year")
    by_year: dict[int, set[int]] = {}
    for unit_id, year in memberships:
        by_year.setdefault(year, set()).add(unit_id)
    condition = Q(pk__in=[])
    for year, unit_ids in by_year.items():
        condition |= Q(year=year) & (Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids))
    return records.filter(condition)


# --- Movements ---------------------------------------------------------------------------------


def movement_participation(filters: Filters) -> Table:
    """For each launched or closed movement that starts in the year range: how many target units
    sent their plan (kế hoạch hưởng ứng) on time, late, not at all after the deadline, or not
    yet (deadline still ahead). For a cluster, only its members in the movement's year."""
    table = Table(["Phong trào", "Đúng hạn", "Trễ hạn", "Chưa gửi (quá hạn)", "Chưa gửi (còn hạn)", "Số đơn vị"])
    movements = filters.years(Movement.objects.exclude(state=MovementState.DRAFT), "starts_on__year")
    for movement in movements.order_by("starts_on", "pk"):
        units = None
        if filters.cluster is not None:
            units = set(
                ClusterMembership.objects.filter(cluster=filters.cluster, year=movement.starts_on.year).values_list("unit_id", flat=True)
            )
        rows = movement_selectors.answers(movement, units=units)
        if not rows:
            continue
        counts = movement_selectors.answer_counts(rows, ResponseKind.PLAN)
        table.rows.append([
            f"{movement.plan_number}: {movement.name}", counts[AnswerStatus.ON_TIME], counts[AnswerStatus.LATE],
            counts[AnswerStatus.MISSING], counts[AnswerStatus.PENDING], len(rows),
        ])
    return table


# --- Cluster results ---------------------------------------------------------------------------


def ranked_years(cluster: Cluster, filters: Filters) -> list[ClusterYear]:
    years = filters.years(ClusterYear.objects.filter(cluster=cluster, phase__in=RANKED_PHASES))
    return list(years.select_related("cluster").order_by("year"))


def rank_history(filters: Filters) -> Table:
    """A cluster's ranking over the years: one row per unit, one column per year (its rank)."""
    cluster = filters.cluster or _first_ranked_cluster(filters)
    table = Table(["Đơn vị"])
    if cluster is None:
        table.note = "Chưa có cụm, khối nào có kết quả đã trình tỉnh trong khoảng thời gian này."
        return table
    years = ranked_years(cluster, filters)
    ranks: dict[int, dict[int, int]] = {}
    units: dict[int, Unit] = {}
    for cluster_year in years:
        table.columns.append(f"Năm {cluster_year.year}")
        for row in cycle_selectors.ranking(cluster_year).rows:
            units[row.unit.pk] = row.unit
            ranks.setdefault(row.unit.pk, {})[cluster_year.year] = row.rank
    # Units in the order of their latest rank, then those no longer members.
    latest = {pk: by_year[max(by_year)] for pk, by_year in ranks.items()}
    for pk in sorted(units, key=lambda pk: (-max(ranks[pk]), latest[pk], units[pk].sort_key)):
        table.rows.append([units[pk].name, *[ranks[pk].get(cy.year) for cy in years]])
    table.note = cluster.name if years else (
        f"{cluster.name} chưa có năm thi đua nào đã trình kết quả lên tỉnh trong khoảng thời gian này."
    )
    return table


def _first_ranked_cluster(filters: Filters) -> Cluster | None:
    """Without a chosen cluster, the province's chart shows the first one (by code) with results."""
    years = filters.years(ClusterYear.objects.filter(phase__in=RANKED_PHASES))
    first = years.select_related("cluster").order_by("cluster__code").first()
    return first.cluster if first else None


def group_comparison(filters: Filters) -> Table:
    """Points per criteria group per unit, for one year (the last ranked year of the range)."""
    table = Table(["Đơn vị"])
    if filters.cluster is None:
        table.note = "Chọn một cụm, khối để so sánh điểm theo nhóm tiêu chí."
        return table
    years = ranked_years(filters.cluster, filters)
    if not years:
        table.note = "Cụm chưa có năm thi đua nào đã trình kết quả lên tỉnh trong khoảng thời gian này."
        return table
    cluster_year = years[-1]
    ranked = cycle_selectors.ranking(cluster_year)
    groups = [(code, name) for code, name in ranked.groups if any(code in r.group_totals for r in ranked.rows)]
    table.columns.extend(f"{code}. {name}" for code, name in groups)
    for row in ranked.rows:
        table.rows.append([row.unit.name, *[row.group_totals.get(code, Decimal(0)) for code, _ in groups]])
    table.note = f"Năm {cluster_year.year}."
    return table


# --- Who sees which cluster ---------------------------------------------------------------------


def clusters_for_dashboard(user) -> list[Cluster]:
    """The clusters whose dashboard the user may open, by code."""
    from thidua.dashboards import permissions

    visible = permissions.dashboard_cluster_ids(user)
    clusters = Cluster.objects.order_by("code")
    return list(clusters if visible is None else clusters.filter(pk__in=visible))
