"""Reads of the award history, and the history turned into the eligibility engine's subjects."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from thidua.awards.models import AwardKind, AwardRecord, Initiative, YearResult
from thidua.cycles.models import ClusterYear
from thidua.cycles.selectors import ranking as cluster_ranking
from thidua.organisations.models import Discipline, Person, Unit
from thidua.rules import eligibility as rules


def person_key(pk: int) -> str:
    return f"P{pk}"


def unit_key(pk: int) -> str:
    return f"U{pk}"


def catalogue() -> QuerySet[AwardKind]:
    return AwardKind.objects.all()


def person_timeline(person: Person) -> list[dict]:
    """Every year the system knows something about: rating, awards, initiatives, discipline."""
    years: dict[int, dict] = defaultdict(lambda: {"rating": None, "awards": [], "initiatives": [], "discipline": []})
    for result in person.year_results.all():
        years[result.year]["rating"] = result
    for record in person.awards.select_related("award"):
        years[record.year]["awards"].append(record)
    for initiative in person.initiatives.select_related("used_for__award"):
        years[initiative.year]["initiatives"].append(initiative)
    for period in person.disciplines.all():
        last = period.ends_on.year if period.ends_on else max([period.starts_on.year, *years.keys()])
        for year in range(period.starts_on.year, last + 1):
            years[year]["discipline"].append(period)
    return [{"year": year, **years[year]} for year in sorted(years, reverse=True)]


def unit_timeline(unit: Unit) -> list[dict]:
    years: dict[int, dict] = defaultdict(lambda: {"rating": None, "awards": [], "initiatives": [], "discipline": []})
    for result in unit.year_results.all():
        years[result.year]["rating"] = result
    for record in unit.awards.select_related("award"):
        years[record.year]["awards"].append(record)
    for initiative in unit.initiatives.all():
        years[initiative.year]["initiatives"].append(initiative)
    for period in unit.disciplines.all():
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


# Above this many subjects a request reads whole tables and filters in Python: cheaper than a
# subquery per table, and it stays within SQLite's limit on query parameters.
WHOLE_TABLE_ABOVE = 5_000


def _rows(queryset, columns: list[str], chunk: int = 50_000):
    """Tuples straight from the database cursor: no per-row ORM conversion (ints and text only)."""
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            yield from batch


def subjects(
    year: int, *, people: QuerySet[Person] | None = None, units: QuerySet[Unit] | None = None
) -> list[rules.Subject]:
    """The history of the given people and collectives, up to `year`, as engine subjects.

    Each history table is read once as plain tuples, whatever the number of subjects: a whole
    province (100 000 people, 15 years) is a few million rows.
    """
    people = (people if people is not None else Person.objects.none()).order_by()
    units = (units if units is not None else Unit.objects.none()).order_by()
    person_ids = list(people.values_list("pk", flat=True))
    unit_ids = list(units.values_list("pk", flat=True))
    wanted_people, wanted_units = set(person_ids), set(unit_ids)
    whole = len(person_ids) + len(unit_ids) > WHOLE_TABLE_ABOVE

    def scoped(queryset):
        queryset = queryset.filter(year__lte=year)
        if whole:
            return queryset
        return queryset.filter(Q(person_id__in=people.values("pk")) | Q(unit_id__in=units.values("pk")))

    # (is_unit, pk) -> year -> [rating, titles, initiatives, members]. The loops below are the
    # hot path of a province-wide evaluation (millions of rows): kept flat on purpose.
    history: dict[tuple[bool, int], dict[int, list]] = {}

    def slot(person_id, unit_id, row_year) -> list | None:
        if person_id is not None:
            if person_id not in wanted_people:
                return None
            subject = (False, person_id)
        elif unit_id in wanted_units:
            subject = (True, unit_id)
        else:
            return None
        years = history.get(subject)
        if years is None:
            years = history[subject] = {}
        found = years.get(row_year)
        if found is None:
            found = years[row_year] = [None, [], [], None]
        return found

    Members = rules.Members
    for person_id, unit_id, row_year, rating, total, completed, ldtt, cstdcs, disciplined in _rows(
        scoped(YearResult.objects),
        ["person_id", "unit_id", "year", "rating", "members_total", "members_completed", "members_ldtt",
         "members_cstdcs", "members_disciplined"],
    ):
        found = slot(person_id, unit_id, row_year)
        if found is not None:
            found[0] = rating
            if total is not None and unit_id is not None:
                found[3] = Members(total, completed or 0, ldtt or 0, cstdcs or 0, disciplined or 0)
    for person_id, unit_id, row_year, code in _rows(scoped(AwardRecord.objects), ["person_id", "unit_id", "year", "award_id"]):
        found = slot(person_id, unit_id, row_year)
        if found is not None:
            found[1].append(code)
    for person_id, unit_id, row_year, scope in _rows(scoped(Initiative.objects), ["person_id", "unit_id", "year", "scope"]):
        found = slot(person_id, unit_id, row_year)
        if found is not None:
            found[2].append(scope)
    discipline: dict[tuple[bool, int], list[rules.DisciplinePeriod]] = defaultdict(list)
    for person_id, unit_id, starts_on, ends_on in Discipline.objects.values_list("person_id", "unit_id", "starts_on", "ends_on"):
        if person_id in wanted_people or unit_id in wanted_units:
            discipline[(unit_id is not None, person_id or unit_id)].append(rules.DisciplinePeriod(starts_on, ends_on))
    ranks = _cluster_ranks(year) if unit_ids else {}
    trusted = rules.YearRecord.trusted

    def records(subject) -> dict[int, rules.YearRecord]:
        return {
            row_year: trusted(rating, frozenset(titles), tuple(scopes), members)
            for row_year, (rating, titles, scopes, members) in history.get(subject, {}).items()
        }

    result = [
        rules.Subject(person_key(pk), rules.INDIVIDUAL, records((False, pk)), tuple(discipline.get((False, pk), ())))
        for pk in person_ids
    ]
    for pk in unit_ids:
        cluster = rules.ClusterInfo(ranks[pk], True) if pk in ranks else None
        result.append(
            rules.Subject(unit_key(pk), rules.COLLECTIVE, records((True, pk)), tuple(discipline.get((True, pk), ())), cluster)
        )
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
