"""Reads of a cluster's year shared by pages, documents, the API and commands."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse

from thidua.core.deadlines import Deadline

from thidua.core.errors import Forbidden, NotFound
from thidua.cycles import permissions
from thidua.cycles.models import (
    ClusterYear,
    CriteriaGroup,
    CriteriaTable,
    Criterion,
    CrossAssignment,
    CrossScoringMode,
    Pact,
    PactSignature,
    PhaseSchedule,
    Registration,
    Score,
    ScoreKind,
)
from thidua.organisations.models import ClusterMembership, Unit
from thidua.rules import ranking as rules
from thidua.rules.rotation import suggest_leadership


def cluster_year_get(*, user, pk: int) -> ClusterYear:
    cluster_year = ClusterYear.objects.select_related("cluster").filter(pk=pk).first()
    if cluster_year is None:
        raise NotFound("Không tìm thấy năm thi đua.")
    if not permissions.can_view_year(user, cluster_year):
        raise Forbidden("Bạn không có quyền xem năm thi đua này.")
    return cluster_year


def cluster_year_find(*, cluster_code: str, year: int) -> ClusterYear:
    cluster_year = ClusterYear.objects.select_related("cluster").filter(cluster__code=cluster_code, year=year).first()
    if cluster_year is None:
        raise NotFound(f"Không có năm thi đua {year} của cụm {cluster_code}.")
    return cluster_year


def cluster_years_of(cluster) -> QuerySet[ClusterYear]:
    return ClusterYear.objects.filter(cluster=cluster).order_by("-year")


def members(cluster_year: ClusterYear) -> list[ClusterMembership]:
    return list(
        ClusterMembership.objects.filter(cluster_id=cluster_year.cluster_id, year=cluster_year.year)
        .select_related("unit")
        .order_by("unit__sort_key")
    )


def member_units(cluster_year: ClusterYear) -> list[Unit]:
    """The year's member units (sort order); also remembered as the year's member ids, which
    the permission checks ask for next."""
    units = [m.unit for m in members(cluster_year)]
    permissions.remember_member_ids(cluster_year, {unit.pk for unit in units})
    return units


def tables(cluster_year: ClusterYear) -> list[CriteriaTable]:
    return list(
        cluster_year.tables.prefetch_related(
            "units",
            Prefetch(
                "groups",
                queryset=CriteriaGroup.objects.prefetch_related(
                    Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
                ),
            ),
        )
    )


def table_for_unit(cluster_year: ClusterYear, unit: Unit, all_tables: list[CriteriaTable] | None = None):
    """The table that scores `unit`: the one naming it, else the one naming nobody."""
    all_tables = all_tables if all_tables is not None else tables(cluster_year)
    general = None
    for table in all_tables:
        unit_ids = {u.pk for u in table.units.all()}
        if unit.pk in unit_ids:
            return table
        if not unit_ids and general is None:
            general = table
    return general


def criteria_of(table: CriteriaTable) -> list[Criterion]:
    return [c for group in table.groups.all() for c in group.criteria.all()]


def sheet_criteria(cluster_year: ClusterYear, unit: Unit) -> list[Criterion]:
    """The criteria `unit` is scored on this year, in table order (what a saved sheet holds)."""
    table = table_for_unit(cluster_year, unit)
    return criteria_of(table) if table is not None else []


def table_max_total(table: CriteriaTable) -> Decimal:
    return sum((c.max_points for c in criteria_of(table) if c.kind == "score"), Decimal(0))


def all_scores(cluster_year: ClusterYear) -> list[Score]:
    return list(
        Score.objects.filter(cluster_year=cluster_year).select_related("unit", "scorer", "criterion", "updated_by")
    )


def unreviewed_points(cluster_year: ClusterYear, criterion: Criterion, unit: Unit) -> Decimal:
    """What the unit had on a criterion before consolidation: the mean of its cross scores if
    any, else its own score, else 0."""
    rows = list(Score.objects.filter(criterion=criterion, unit=unit).exclude(kind=ScoreKind.REVIEW))
    cross = [s.points for s in rows if s.kind == ScoreKind.CROSS]
    if cross:
        return (sum(cross, Decimal(0)) / len(cross)).quantize(Decimal("0.01"))
    own = [s.points for s in rows if s.kind == ScoreKind.SELF]
    return own[0] if own else Decimal(0)


@dataclass
class ScoreSheetRow:
    criterion: Criterion
    self_score: Score | None
    cross: dict[int, Score]  # scorer unit id -> score
    review: Score | None
    cross_mean: Decimal | None


def score_sheet(cluster_year: ClusterYear, unit: Unit) -> tuple[CriteriaTable | None, list[ScoreSheetRow]]:
    """Every criterion of the unit's table with its self, cross and consolidated scores."""
    table = table_for_unit(cluster_year, unit)
    if table is None:
        return None, []
    scores = list(Score.objects.filter(cluster_year=cluster_year, unit=unit).select_related("scorer", "updated_by"))
    # Evidence belongs to self-scores and adjustments to consolidated ones: no query for a kind
    # the sheet does not have yet (during self-scoring there is no consolidated score).
    prefetch_related_objects([s for s in scores if s.kind == ScoreKind.SELF], "evidence")
    prefetch_related_objects([s for s in scores if s.kind == ScoreKind.REVIEW], "changes")
    by_criterion: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        by_criterion[score.criterion_id].append(score)
    rows = []
    for criterion in criteria_of(table):
        scores = by_criterion.get(criterion.pk, [])
        cross = {s.scorer_id: s for s in scores if s.kind == ScoreKind.CROSS}
        rows.append(
            ScoreSheetRow(
                criterion=criterion,
                self_score=next((s for s in scores if s.kind == ScoreKind.SELF), None),
                cross=cross,
                review=next((s for s in scores if s.kind == ScoreKind.REVIEW), None),
                cross_mean=(sum((s.points for s in cross.values()), Decimal(0)) / len(cross)) if cross else None,
            )
        )
    return table, rows


def pact_status(cluster_year: ClusterYear) -> tuple[Pact | None, list, list[Unit]]:
    """The pact, its signatures, and the member units that have not signed yet."""
    pact = Pact.objects.filter(cluster_year=cluster_year).first()
    units = member_units(cluster_year)
    if pact is None:
        return None, [], units
    signatures = list(pact.signatures.select_related("unit").order_by("signed_at"))
    signed = {s.unit_id for s in signatures}
    return pact, signatures, [u for u in units if u.pk not in signed]


# --- Ranking ------------------------------------------------------------------------------------


@dataclass
class RankedUnit:
    unit: Unit
    rank: int
    total: Decimal
    tied: bool
    group_totals: dict[str, Decimal]
    bonus: Decimal
    penalty: Decimal


@dataclass
class Ranking:
    rows: list[RankedUnit]
    groups: list[tuple[str, str]]  # (code, name) in table order
    proposals: dict[str, list[Unit]]
    needs_vote: list[tuple[str, list[Unit]]]
    document: dict  # the same input as `thidua ranking FILE.json` reads


REVIEW_SCORER = "REVIEW"


def ranking_document(
    cluster_year: ClusterYear, *, all_tables: list[CriteriaTable] | None = None, units: list[Unit] | None = None
) -> dict:
    """The cluster year as the calculator's JSON input, so the page and the command agree.

    Units scored by different tables are ranked together: each contributes the criteria of its
    own table, and a criterion of another table simply has no score for it. `all_tables` and
    `units` spare the queries when the caller has them already.
    """
    all_tables = tables(cluster_year) if all_tables is None else all_tables
    units = member_units(cluster_year) if units is None else units
    criteria = [c for table in all_tables for c in criteria_of(table)]
    code_of = {c.pk: f"{c.group.table_id}:{c.code}" if len(all_tables) > 1 else c.code for c in criteria}
    group_of = {c.pk: c.group.code for c in criteria}
    unit_codes = {u.pk: u.code for u in units}
    scores = []
    for score in Score.objects.filter(cluster_year=cluster_year).values("unit_id", "scorer_id", "kind", "criterion_id", "points"):
        if score["unit_id"] not in unit_codes or score["criterion_id"] not in code_of:
            continue
        scorer = REVIEW_SCORER if score["kind"] == ScoreKind.REVIEW else unit_codes.get(score["scorer_id"])
        if scorer is None:
            continue
        scores.append(
            {"unit": unit_codes[score["unit_id"]], "scorer": scorer, "criterion": code_of[score["criterion_id"]],
             "points": float(score["points"])}
        )
    return {
        "criteria": [
            {"code": code_of[c.pk], "group": group_of[c.pk], "kind": c.kind, "max": float(c.max_points)}
            for c in criteria
        ],
        "units": [u.code for u in units],
        "scores": scores,
        "method": {"aggregate": cluster_year.aggregate, "tie_breaks": list(cluster_year.tie_breaks)},
        "quotas": list(cluster_year.quotas),
    }


def _rank(document: dict, exclude: frozenset[str] = frozenset()) -> rules.RankingResult:
    """The engine run on a ranking document, without the `exclude`d units and their scores."""
    return rules.rank(
        [rules.Criterion(c["code"], c["group"], c["kind"], Decimal(str(c["max"]))) for c in document["criteria"]],
        [u for u in document["units"] if u not in exclude],
        [
            rules.Score(s["unit"], s["scorer"], s["criterion"], Decimal(str(s["points"])))
            for s in document["scores"]
            if s["unit"] not in exclude and s["scorer"] not in exclude
        ],
        rules.Method(document["method"]["aggregate"], tuple(document["method"]["tie_breaks"])),
        [rules.Quota(q["form"], int(q["count"])) for q in document["quotas"]],
    )


def ranking(cluster_year: ClusterYear) -> Ranking:
    all_tables, member_list = tables(cluster_year), member_units(cluster_year)
    document = ranking_document(cluster_year, all_tables=all_tables, units=member_list)
    units = {u.code: u for u in member_list}
    result = _rank(document)
    groups: dict[str, str] = {}
    for table in all_tables:
        for group in table.groups.all():
            groups.setdefault(group.code, group.name)
    return Ranking(
        rows=[
            RankedUnit(units[r.unit], r.rank, r.total, r.tied, dict(r.group_totals), r.bonus, r.penalty)
            for r in result.ranking
        ],
        groups=list(groups.items()),
        proposals={form: [units[u] for u in codes] for form, codes in result.proposals.items()},
        needs_vote=[(form, [units[u] for u in codes]) for form, codes in result.needs_vote],
        document=document,
    )


def allocate(ranked: Ranking, *, exclude: set[str]) -> rules.RankingResult:
    """Quotas filled down the ranking without the `exclude`d units (those that cannot be proposed),
    from the document the ranking was made of: no second read of the scores."""
    return _rank(ranked.document, frozenset(exclude))


def leadership_suggestion(cluster_year: ClusterYear) -> tuple[Unit | None, Unit | None]:
    """Next year's Trưởng and Phó trưởng cụm by rotation (rules.rotation)."""
    memberships = list(
        ClusterMembership.objects.filter(cluster_id=cluster_year.cluster_id, year=cluster_year.year)
        .select_related("unit").order_by("id")
    )
    past = [
        (m.year, m.unit.code, "leader" if m.role == "truong_cum" else "vice")
        for m in ClusterMembership.objects.filter(cluster_id=cluster_year.cluster_id, year__lte=cluster_year.year)
        .exclude(role="thanh_vien").select_related("unit")
    ]
    units = {m.unit.code: m.unit for m in memberships}
    leader, vice = suggest_leadership([m.unit.code for m in memberships], past, cluster_year.year + 1)
    return units.get(leader), units.get(vice)


def votes(cluster_year: ClusterYear):
    return list(
        cluster_year.votes.select_related("proposal__unit", "winner").prefetch_related("options", "receipts__unit")
    )


# --- Deadlines ----------------------------------------------------------------------------------

# The phase whose schedule row holds the deadline of what a year in `phase` waits for.
_DEADLINE_PHASE = {
    "setup": "registration",
    "registration": "registration",
    "self_scoring": "self_scoring",
    "cross_scoring": "cross_scoring",
    # The cluster's dossier (tờ trình, biên bản, proposals) goes to the province by the due date
    # of the "Đã trình tỉnh" row of the schedule.
    "consolidation": "submitted",
    "conference": "submitted",
}


def submission_due_dates(years: set[int]) -> dict[tuple[int, int], datetime.date]:
    """(year, unit id) -> the earliest date by which a cluster the unit belongs to that year must
    submit its dossier to the province (the "Đã trình tỉnh" row of the schedule). Two queries."""
    dues = {
        (cluster_id, year): due
        for cluster_id, year, due in PhaseSchedule.objects.filter(
            cluster_year__year__in=years, phase="submitted", due_on__isnull=False
        ).values_list("cluster_year__cluster_id", "cluster_year__year", "due_on")
    }
    result: dict[tuple[int, int], datetime.date] = {}
    if not dues:
        return result
    for cluster_id, year, unit_id in ClusterMembership.objects.filter(
        year__in=years, cluster_id__in={c for c, _ in dues}
    ).values_list("cluster_id", "year", "unit_id"):
        due = dues.get((cluster_id, year))
        if due is not None and ((year, unit_id) not in result or due < result[(year, unit_id)]):
            result[(year, unit_id)] = due
    return result


def open_deadlines(as_of: datetime.date) -> list[Deadline]:
    """What the cluster years now wait for, with the unit that must act, province-wide.

    A deadline exists only while its phase is the year's current phase (before or after it the
    work cannot be done any more) and its schedule row has a due date. "Not done" means:
    registration not sent; pact not signed (once the leader has drafted it); self-scoring: the
    unit has no own score on some scoring criterion of its table; cross-scoring: the scorer has
    not scored every scoring criterion of every unit it must score; dossier: the year is not
    yet submitted (the leaders act). Bonus and penalty criteria are optional and never block.
    A bounded number of queries whatever the number of clusters and units.
    """
    years = {
        cy.pk: cy for cy in ClusterYear.objects.filter(phase__in=_DEADLINE_PHASE).select_related("cluster")
    }
    if not years:
        return []
    dues = {
        (row.cluster_year_id, row.phase): row.due_on
        for row in PhaseSchedule.objects.filter(cluster_year_id__in=years, due_on__isnull=False)
    }
    years = {pk: cy for pk, cy in years.items() if (pk, _DEADLINE_PHASE[cy.phase]) in dues}
    if not years:
        return []
    member_ids: dict[int, list[int]] = defaultdict(list)
    by_cluster_year = {(cy.cluster_id, cy.year): cy.pk for cy in years.values()}
    for cluster_id, year, unit_id in ClusterMembership.objects.filter(
        cluster_id__in={cy.cluster_id for cy in years.values()}, year__in={cy.year for cy in years.values()}
    ).values_list("cluster_id", "year", "unit_id").order_by("unit__sort_key"):
        if (cluster_id, year) in by_cluster_year:
            member_ids[by_cluster_year[(cluster_id, year)]].append(unit_id)

    def of_phase(*phases: str) -> list[int]:
        return [pk for pk, cy in years.items() if cy.phase in phases]

    deadlines: list[Deadline] = []

    def add(cy: ClusterYear, kind: str, title: str, url: str, unit_id: int | None, **extra) -> None:
        due = dues[(cy.pk, _DEADLINE_PHASE[cy.phase])]
        deadlines.append(
            Deadline(
                kind=kind, title=f"{title} năm {cy.year} – {cy.cluster.name}", due=due, url=url, unit_id=unit_id,
                cluster_id=cy.cluster_id, year=cy.year, overview_url=reverse("year-detail", args=[cy.pk]),
                object_key=f"cycle:{cy.pk}:{kind}" + (f":unit:{unit_id}" if unit_id else ""), **extra,
            )
        )

    # Registration (setup or registration phase) and the pact (registration phase only).
    registering = of_phase("setup", "registration")
    if registering:
        registered = set(
            Registration.objects.filter(cluster_year_id__in=registering, submitted_at__isnull=False)
            .values_list("cluster_year_id", "unit_id")
        )
        signing = of_phase("registration")
        pacts = set(Pact.objects.filter(cluster_year_id__in=signing).values_list("cluster_year_id", flat=True))
        signed = set(
            PactSignature.objects.filter(pact__cluster_year_id__in=pacts).values_list("pact__cluster_year_id", "unit_id")
        )
        for pk in registering:
            cy = years[pk]
            for unit_id in member_ids[pk]:
                if (pk, unit_id) not in registered:
                    add(cy, "cycle_registration", "Gửi đăng ký thi đua",
                        reverse("year-registration", args=[pk, unit_id]), unit_id)
                if pk in pacts and (pk, unit_id) not in signed:
                    add(cy, "cycle_pact", "Ký giao ước thi đua", reverse("year-pact", args=[pk]), unit_id)

    # Scoring: count, per (year, scored unit, scorer, kind), the scoring criteria with a score.
    scoring = of_phase("self_scoring", "cross_scoring")
    if scoring:
        needed = _scoring_criteria_per_unit({pk: member_ids[pk] for pk in scoring})
        done: dict[tuple[int, int, int | None, str], int] = {
            (row["cluster_year_id"], row["unit_id"], row["scorer_id"], row["kind"]): row["n"]
            for row in Score.objects.filter(
                cluster_year_id__in=scoring, kind__in=[ScoreKind.SELF, ScoreKind.CROSS], criterion__kind="score"
            ).values("cluster_year_id", "unit_id", "scorer_id", "kind").annotate(n=Count("criterion_id", distinct=True))
        }
        rotation = defaultdict(set)
        rotating = [pk for pk in scoring if years[pk].cross_scoring == CrossScoringMode.ROTATION]
        for pk, scorer_id, scored_id in CrossAssignment.objects.filter(cluster_year_id__in=rotating).values_list(
            "cluster_year_id", "scorer_id", "scored_id"
        ):
            rotation[(pk, scorer_id)].add(scored_id)
        for pk in scoring:
            cy = years[pk]
            for unit_id in member_ids[pk]:
                if cy.phase == "self_scoring":
                    if done.get((pk, unit_id, unit_id, ScoreKind.SELF), 0) < needed.get((pk, unit_id), 0):
                        add(cy, "cycle_self_scoring", "Tự chấm điểm thi đua",
                            reverse("year-sheet", args=[pk, unit_id]), unit_id)
                    continue
                targets = (
                    rotation[(pk, unit_id)] if cy.cross_scoring == CrossScoringMode.ROTATION
                    else {u for u in member_ids[pk] if u != unit_id}
                )
                if any(done.get((pk, t, unit_id, ScoreKind.CROSS), 0) < needed.get((pk, t), 0) for t in targets):
                    add(cy, "cycle_cross_scoring", "Chấm chéo các đơn vị trong cụm",
                        reverse("year-detail", args=[pk]), unit_id)

    # The cluster's dossier to the province: the leaders act.
    for pk in of_phase("consolidation", "conference"):
        add(years[pk], "cycle_dossier", "Trình tỉnh kết quả và hồ sơ đề nghị khen thưởng của cụm",
            reverse("year-proposals", args=[pk]), None, for_cluster_leaders=True)
    return deadlines


def _scoring_criteria_per_unit(member_ids: dict[int, list[int]]) -> dict[tuple[int, int], int]:
    """(cluster year id, unit id) -> how many scoring criteria the unit's table has (the table
    naming the unit, else the one naming nobody: as `table_for_unit`). Three queries."""
    tables_of: dict[int, list[int]] = defaultdict(list)
    for pk, table_id in CriteriaTable.objects.filter(cluster_year_id__in=member_ids).order_by("id").values_list(
        "cluster_year_id", "id"
    ):
        tables_of[pk].append(table_id)
    named: dict[int, set[int]] = defaultdict(set)
    for table_id, unit_id in CriteriaTable.units.through.objects.filter(
        criteriatable_id__in=[t for ts in tables_of.values() for t in ts]
    ).values_list("criteriatable_id", "unit_id"):
        named[table_id].add(unit_id)
    counts = dict(
        Criterion.objects.filter(group__table__cluster_year_id__in=member_ids, kind="score")
        .values("group__table_id").annotate(n=Count("id")).values_list("group__table_id", "n")
    )
    result = {}
    for pk, unit_ids in member_ids.items():
        general = next((t for t in tables_of[pk] if not named[t]), None)
        for unit_id in unit_ids:
            table = next((t for t in tables_of[pk] if unit_id in named[t]), general)
            result[(pk, unit_id)] = counts.get(table, 0) if table else 0
    return result
