"""Reads of the award history, and the history turned into the eligibility engine's subjects."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from thidua.awards import permissions
from thidua.awards.models import AwardKind, AwardRecord, CommendationType, Initiative, Proposal, ProposalState, YearResult
from thidua.core.deadlines import Deadline
from thidua.core.errors import NotFound
from thidua.organisations import permissions as org_permissions
from thidua.cycles.models import ClusterYear
from thidua.cycles.selectors import ranking as cluster_ranking
from thidua.cycles.selectors import submission_due_dates
from thidua.organisations.models import Discipline, Person, Unit
from thidua.rules import eligibility as rules


def person_key(pk: int) -> str:
    return f"P{pk}"


def unit_key(pk: int) -> str:
    return f"U{pk}"


def catalogue() -> QuerySet[AwardKind]:
    return AwardKind.objects.all()


def timeline(subject: Person | Unit) -> list[dict]:
    """Every year the system knows something about a person or a collective, newest first:
    rating, awards, initiatives, discipline (both models use the same related names)."""
    years: dict[int, dict] = defaultdict(lambda: {"rating": None, "awards": [], "initiatives": [], "discipline": []})
    for result in subject.year_results.all():
        years[result.year]["rating"] = result
    for record in subject.awards.select_related("award"):
        years[record.year]["awards"].append(record)
    for initiative in subject.initiatives.select_related("used_for__award"):
        years[initiative.year]["initiatives"].append(initiative)
    for period in subject.disciplines.all():
        last = period.ends_on.year if period.ends_on else max([period.starts_on.year, *years.keys()])
        for year in range(period.starts_on.year, last + 1):
            years[year]["discipline"].append(period)
    return [{"year": year, **years[year]} for year in sorted(years, reverse=True)]


def _cluster_ranks(year: int) -> dict[int, int]:
    """Each unit's rank in its cluster for `year`, from the stored cluster years."""
    ranks: dict[int, int] = {}
    for cluster_year in ClusterYear.objects.filter(year=year).select_related("cluster"):
        for row in cluster_ranking(cluster_year).rows:
            ranks[row.unit.pk] = min(row.rank, ranks.get(row.unit.pk, row.rank))
    return ranks


# Above this many subjects a request aggregates whole tables and filters in Python: cheaper
# than a subquery per table, and it stays within SQLite's limit on query parameters.
WHOLE_TABLE_ABOVE = 5_000
# Years further back than this do not enter the masks (63 bits; no career is that long).
MASK_YEARS = 62


def _fetch(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(50_000):
            yield from batch


def subjects(
    year: int, *, people: QuerySet[Person] | None = None, units: QuerySet[Unit] | None = None
) -> list[rules.Subject]:
    """The given people and collectives as engine subjects, judged for `year`.

    The database folds each history into year bit masks (bit i = year - i) with GROUP BY, so
    a whole province (100 000 people, 15 years, millions of rows) comes back as a few hundred
    thousand rows. Plain SQL that SQLite and PostgreSQL both run: CASE, SUM, and << on a
    BIGINT.
    """
    people = (people if people is not None else Person.objects.none()).order_by()
    units = (units if units is not None else Unit.objects.none()).order_by()
    person_ids = list(people.values_list("pk", flat=True))
    unit_ids = list(units.values_list("pk", flat=True))
    wanted_people, wanted_units = set(person_ids), set(unit_ids)
    if not wanted_people and not wanted_units:
        return []
    whole = len(person_ids) + len(unit_ids) > WHOLE_TABLE_ABOVE
    quote = connection.ops.quote_name

    # For the whole province, "+year" keeps SQLite off the year index (a lookup per row for
    # nearly every row) so it reads the covering *_masks index in GROUP BY order instead.
    # PostgreSQL plans from its statistics either way; unary plus is plain SQL to both.
    year_column = f"+{quote('year')}" if whole else quote("year")

    def where(table_model, extra: str = "", extra_params: tuple = ()) -> tuple[str, list]:
        clause = f"WHERE {year_column} <= %s AND {year_column} > %s {extra}"
        params: list = [year, year - MASK_YEARS, *extra_params]
        if not whole:
            parts = []
            for column, ids, queryset in (("person_id", person_ids, people), ("unit_id", unit_ids, units)):
                if ids:  # an empty queryset has no SQL at all (EmptyResultSet)
                    sql, sub_params = queryset.values("pk").query.sql_with_params()
                    parts.append(f"{quote(column)} IN ({sql})")
                    params += list(sub_params)
            clause += f" AND ({' OR '.join(parts)})"
        return clause, params

    bit = f"(CAST(1 AS BIGINT) << (%s - {quote('year')}))"
    masks: dict[tuple[bool, int], list] = {}  # subject -> [httnv, htxsnv, titles, initiatives, record]

    def entry(person_id, unit_id) -> list | None:
        key = (False, person_id) if person_id is not None else (True, unit_id)
        if (person_id is not None and person_id not in wanted_people) or (person_id is None and unit_id not in wanted_units):
            return None
        found = masks.get(key)
        if found is None:
            found = masks[key] = [0, 0, {}, {}, None]
        return found

    table = quote(YearResult._meta.db_table)
    clause, params = where(YearResult)
    for person_id, unit_id, good, excellent in _fetch(
        f"SELECT {quote('person_id')}, {quote('unit_id')}, "
        f"SUM(CASE WHEN {quote('rating')} IN ('HTXSNV', 'HTTNV') THEN {bit} ELSE 0 END), "
        f"SUM(CASE WHEN {quote('rating')} = 'HTXSNV' THEN {bit} ELSE 0 END) "
        f"FROM {table} {clause} GROUP BY {quote('person_id')}, {quote('unit_id')}",
        [year, year, *params],
    ):
        found = entry(person_id, unit_id)
        if found is not None:
            found[0], found[1] = int(good), int(excellent)
    Members, YearRecord = rules.Members, rules.YearRecord
    clause, params = where(YearResult)
    for person_id, unit_id, rating, total, completed, ldtt, cstdcs, disciplined in _fetch(
        f"SELECT {quote('person_id')}, {quote('unit_id')}, {quote('rating')}, {quote('members_total')}, "
        f"{quote('members_completed')}, {quote('members_ldtt')}, {quote('members_cstdcs')}, {quote('members_disciplined')} "
        f"FROM {table} {clause} AND {quote('year')} = %s",
        [*params, year],
    ):
        found = entry(person_id, unit_id)
        if found is not None:
            members = Members(total, completed or 0, ldtt or 0, cstdcs or 0, disciplined or 0) if total is not None and unit_id is not None else None
            found[4] = (rating, members)
    clause, params = where(AwardRecord, f"AND {quote('commendation_type')} = %s", (CommendationType.REGULAR,))
    for person_id, unit_id, code, mask in _fetch(
        f"SELECT {quote('person_id')}, {quote('unit_id')}, {quote('award_id')}, SUM({bit}) "
        f"FROM {quote(AwardRecord._meta.db_table)} {clause} "
        f"GROUP BY {quote('person_id')}, {quote('unit_id')}, {quote('award_id')}",
        [year, *params],
    ):
        found = entry(person_id, unit_id)
        if found is not None:
            found[2][code] = int(mask)
    clause, params = where(Initiative)
    for person_id, unit_id, row_year, scope in _fetch(
        f"SELECT {quote('person_id')}, {quote('unit_id')}, {quote('year')}, {quote('scope')} "
        f"FROM {quote(Initiative._meta.db_table)} {clause}",
        params,
    ):
        found = entry(person_id, unit_id)
        if found is not None:
            found[3].setdefault(year - row_year, []).append(scope)

    discipline: dict[tuple[bool, int], list[rules.DisciplinePeriod]] = defaultdict(list)
    for person_id, unit_id, starts_on, ends_on in Discipline.objects.values_list("person_id", "unit_id", "starts_on", "ends_on"):
        if person_id in wanted_people or unit_id in wanted_units:
            discipline[(unit_id is not None, person_id or unit_id)].append(rules.DisciplinePeriod(starts_on, ends_on))
    ranks = _cluster_ranks(year) if unit_ids else {}
    from_masks, for_year = rules.HistoryIndex.from_masks, rules.Subject.for_year
    empty = [0, 0, {}, {}, None]

    def build(key: tuple[bool, int], subject_id: str, kind: str, cluster) -> rules.Subject:
        good, excellent, titles, initiatives, current = masks.get(key, empty)
        record = None
        # A year has a record when anything is known of it: a rating, an award or an initiative.
        if current is not None or 0 in initiatives or any(m & 1 for m in titles.values()):
            rating, members = current if current is not None else (None, None)
            record = YearRecord.trusted(rating, frozenset(c for c, m in titles.items() if m & 1), tuple(initiatives.get(0, ())), members)
        return for_year(subject_id, kind, year, record, from_masks(year, good, excellent, titles, initiatives),
                        tuple(discipline.get(key, ())), cluster)

    result = [build((False, pk), person_key(pk), rules.INDIVIDUAL, None) for pk in person_ids]
    for pk in unit_ids:
        cluster = rules.ClusterInfo(ranks[pk], True) if pk in ranks else None
        result.append(build((True, pk), unit_key(pk), rules.COLLECTIVE, cluster))
    return result


@dataclass
class EligibilityRow:
    subject_name: str
    subject_kind: str
    unit_name: str
    award: AwardKind
    verdict: rules.Verdict
    link: tuple[str, int]


def eligibility(year: int, *, people: QuerySet[Person], units: QuerySet[Unit], candidates: list[str] | None = None) -> list[EligibilityRow]:
    """Every subject × candidate with its verdict, in the Vietnamese order of names."""
    people = people.select_related("unit").order_by("sort_key")
    units = units.order_by("sort_key")
    names = {person_key(p.pk): (p.full_name, p.unit.name, ("person-detail", p.pk)) for p in people}
    names.update({unit_key(u.pk): (u.name, u.name, ("unit-detail", u.pk)) for u in units})
    kinds = {k.code: k for k in AwardKind.objects.all()}
    verdicts = rules.evaluate_many(subjects(year, people=people, units=units), candidates, year)
    rows = []
    for verdict in verdicts:
        name, unit_name, link = names[verdict.subject]
        rows.append(EligibilityRow(name, "Cá nhân" if verdict.subject.startswith("P") else "Tập thể", unit_name, kinds[verdict.candidate], verdict, link))
    return rows


def proposals_visible_to(
    user, *, year: int | None = None, state: str | None = None, unit_id: int | None = None
) -> QuerySet[Proposal]:
    """The dossiers a user may read: all for the office and the council, else those of the units
    the user works for."""
    proposals = Proposal.objects.select_related("proposing_unit")
    if not permissions.sees_whole_province(user):
        proposals = proposals.filter(proposing_unit_id__in=org_permissions.staff_unit_ids(user))
    if year is not None:
        proposals = proposals.filter(year=year)
    if state:
        proposals = proposals.filter(state=state)
    if unit_id is not None:
        proposals = proposals.filter(proposing_unit_id=unit_id)
    return proposals


def proposal_get(*, user, pk: int) -> Proposal:
    """One visible dossier; missing and not visible are the same 404."""
    proposal = proposals_visible_to(user).filter(pk=pk).first()
    if proposal is None:
        raise NotFound("Không tìm thấy hồ sơ đề nghị khen thưởng.")
    return proposal


def open_deadlines(as_of: datetime.date) -> list[Deadline]:
    """Dossiers a unit still has to submit (draft, or returned by the office), province-wide.

    A dossier has no due date of its own: it is due when the clusters send their results to the
    province, i.e. the "Đã trình tỉnh" date of the schedule of the cluster year the proposing
    unit belongs to in the dossier's year (the earliest, if it is in several). A dossier of a
    unit in no scheduled cluster year has no deadline. Three queries.
    """
    proposals = list(
        Proposal.objects.filter(state__in=[ProposalState.DRAFT, ProposalState.RETURNED])
        .values("pk", "year", "title", "state", "proposing_unit_id")
        .order_by("pk")
    )
    if not proposals:
        return []
    dues = submission_due_dates({p["year"] for p in proposals})
    deadlines = []
    for proposal in proposals:
        due = dues.get((proposal["year"], proposal["proposing_unit_id"]))
        if due is None:
            continue
        verb = "Trình lại hồ sơ bị trả lại" if proposal["state"] == ProposalState.RETURNED else "Trình hồ sơ"
        deadlines.append(
            Deadline(
                kind="award_dossier", title=f"{verb} “{proposal['title']}”", due=due,
                url=reverse("proposal-detail", args=[proposal["pk"]]), unit_id=proposal["proposing_unit_id"],
                year=proposal["year"], object_key=f"award_proposal:{proposal['pk']}:{proposal['state']}",
                overview_url=reverse("proposal-list"),
            )
        )
    return deadlines
