"""Dashboard selectors: every figure checked against the award records and rankings themselves."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from tests.conftest import make_person
from thidua.awards import services as award_services
from thidua.awards.models import AwardKind, AwardRecord
from thidua.cycles import selectors as cycle_selectors
from thidua.dashboards import charts, selectors
from thidua.dashboards.selectors import Filters
from thidua.organisations.models import Cluster, Gender, Person, Unit, UnitKind


@pytest.fixture
def history(registry, users):
    """Awards of 2022–2024 for people of two member units and one unit outside the cluster."""
    office = users["office"]
    outside = Unit.objects.create(code="STP", name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=registry["province"])
    people = [
        registry["ha"], registry["dung"],
        make_person(registry["science"], "Lê", "Thị", "Mai", Gender.FEMALE),
        make_person(outside, "Hoàng", "Văn", "Nam", Gender.MALE),
        make_person(outside, "Vi", "Thị", "Lan", Gender.FEMALE),
    ]
    ldtt, cstdcs, bk = (AwardKind.objects.get(code=c) for c in ("LDTT", "CSTDCS", "BK_TINH"))
    for year in (2022, 2023, 2024):
        for index, person in enumerate(people):
            if (index + year) % 4 == 0:
                continue
            award_services.award_add(actor=office, award=ldtt, year=year, person=person,
                                     decision_number=f"{year}/LĐTT", decision_date=datetime.date(year + 1, 1, 10))
            if index % 2 == 0:
                award_services.award_add(actor=office, award=cstdcs, year=year, person=person,
                                         decision_number=f"{year}/CSTĐCS", decision_date=datetime.date(year + 1, 1, 10))
        award_services.award_add(actor=office, award=bk, year=year, unit=registry["trade"] if year % 2 else outside,
                                 decision_number=f"{year}/BK", decision_date=datetime.date(year + 1, 3, 1))
    return {"people": people, "outside": outside}


def subject_unit(record: AwardRecord) -> int:
    return record.unit_id or record.person.unit_id


def test_awards_by_form_year_and_unit_count_every_record(history):
    records = list(AwardRecord.objects.select_related("person", "award"))
    by_form = selectors.awards_by_form(Filters())
    expected = Counter((r.award.name, r.person_id is not None) for r in records)
    assert {row[0]: row[1:] for row in by_form.rows} == {
        name: [expected[(name, True)], expected[(name, False)], expected[(name, True)] + expected[(name, False)]]
        for name in {r.award.name for r in records}
    }
    by_year = selectors.awards_by_year(Filters())
    assert [row[0] for row in by_year.rows] == sorted({r.year for r in records})
    assert {row[0]: row[3] for row in by_year.rows} == Counter(r.year for r in records)
    by_unit = selectors.awards_by_unit(Filters())
    names = dict(Unit.objects.values_list("pk", "name"))
    assert {row[0]: row[3] for row in by_unit.rows} == {names[k]: v for k, v in Counter(map(subject_unit, records)).items()}
    totals = [row[3] for row in by_unit.rows]
    assert totals == sorted(totals, reverse=True)


def test_year_range_filters_every_award_chart(history):
    filters = Filters(year_from=2023, year_to=2023)
    in_range = AwardRecord.objects.filter(year=2023).count()
    assert AwardRecord.objects.exclude(year=2023).exists()
    for selector in (selectors.awards_by_form, selectors.awards_by_year, selectors.awards_by_unit):
        assert sum(row[3] for row in selector(filters).rows) == in_range


def test_women_share_counts_each_person_once_a_year(history):
    table = selectors.women_share(Filters())
    for year, people, women, share in table.rows:
        awarded = {r.person for r in AwardRecord.objects.filter(year=year, person__isnull=False).select_related("person")}
        assert people == len(awarded)
        assert women == sum(1 for p in awarded if p.gender == Gender.FEMALE)
        assert share == (Decimal(100) * women / people).quantize(Decimal("0.1"))
    # Two awards to one woman in one year still count her once.
    assert AwardRecord.objects.filter(year=2023, person=history["people"][2]).count() == 2


def test_a_cluster_sees_only_its_members_awards_in_their_member_years(registry, history):
    year = registry["year"]
    kind = AwardKind.objects.get(code="BK_TINH")
    AwardRecord.objects.create(unit=registry["trade"], award=kind, year=year, decision_number="x",
                               decision_date=datetime.date(year, 12, 1))
    table = selectors.awards_by_year(Filters(cluster=registry["cluster"]))
    # Memberships exist only for the current year, so the 2022–2024 history is outside the cluster.
    members = {registry["science"].pk, registry["trade"].pk}
    expected = Counter(
        r.year for r in AwardRecord.objects.select_related("person") if r.year == year and subject_unit(r) in members
    )
    assert {row[0]: row[3] for row in table.rows} == expected == {year: 1}


def test_award_charts_use_a_fixed_number_of_queries(history, django_assert_max_num_queries):
    for selector in (selectors.awards_by_form, selectors.awards_by_year, selectors.awards_by_unit, selectors.women_share):
        with django_assert_max_num_queries(2):
            selector(Filters())


def test_rank_history_and_group_comparison_come_from_the_ranking(concluded):
    cy = concluded["cy"]
    ranking = cycle_selectors.ranking(cy)
    history = selectors.rank_history(Filters(cluster=cy.cluster))
    assert history.columns == ["Đơn vị", f"Năm {cy.year}"]
    assert history.rows == [[row.unit.name, row.rank] for row in ranking.rows]
    comparison = selectors.group_comparison(Filters(cluster=cy.cluster))
    codes = [code for code, _ in ranking.groups if any(code in r.group_totals for r in ranking.rows)]
    assert comparison.columns[1:] == [f"{code}. {name}" for code, name in ranking.groups if code in codes]
    assert comparison.rows == [[r.unit.name, *[r.group_totals.get(c, 0) for c in codes]] for r in ranking.rows]
    assert comparison.note == f"Năm {cy.year}."


def test_a_year_still_being_scored_is_not_in_the_results_charts(concluded):
    cy = concluded["cy"]
    cy.phase = "consolidation"
    cy.save()
    assert selectors.rank_history(Filters(cluster=cy.cluster)).rows == []
    assert selectors.group_comparison(Filters(cluster=cy.cluster)).rows == []
    # Without a chosen cluster, the province chart takes the first cluster with results: none now.
    assert selectors.rank_history(Filters()).rows == []


def test_the_province_rank_chart_defaults_to_a_cluster_with_results(concluded):
    other = Cluster.objects.create(code="CUM-I", name="Cụm thi đua số I", kind="cum", managing_body=Unit.objects.get(code="SNV"))
    assert other.code < concluded["cy"].cluster.code
    table = selectors.rank_history(Filters())
    assert table.note == concluded["cy"].cluster.name and len(table.rows) == len(concluded["units"])


def test_every_chart_definition_gives_chart_data_matching_its_table(concluded, registry):
    from tests.movements.conftest import movement_fields, pdf
    from thidua.movements import services as movement_services
    from thidua.organisations.models import ClusterMembership

    ha = Person.objects.get(personal_id="020185000001")
    award_services.award_add(actor=concluded["office"], award=AwardKind.objects.get(code="LDTT"), year=2020,
                             person=ha, decision_number="15/QĐ-SKHCN", decision_date=datetime.date(2021, 1, 15))
    cy = concluded["cy"]
    members = [m.unit for m in ClusterMembership.objects.filter(cluster=cy.cluster, year=2020).select_related("unit")]
    movement_services.movement_launch(actor=concluded["office"], movement=movement_services.movement_create(
        actor=concluded["office"], plan_file=pdf(), **movement_fields(registry, target_units=members)))
    for scope, definitions in charts.SCOPES.items():
        assert len({c.slug for c in definitions}) == len(definitions)
        for chart in definitions:
            table = chart.selector(Filters(cluster=concluded["cy"].cluster))
            data = chart.data(table)
            columns = list(chart.series or range(1, len(table.columns)))
            categories, series = [str(row[0]) for row in table.rows], [table.columns[i] for i in columns]
            if chart.transpose:  # one line per row (unit) across the columns (years)
                categories, series = series, categories
            assert data["labels"] == categories
            assert [d["label"] for d in data["datasets"]] == series
            values = [[row[i] for i in columns] for row in table.rows]
            expected = values if chart.transpose else [[row[i] for row in table.rows] for i in columns]
            assert [d["data"] for d in data["datasets"]] == [[None if v is None else float(v) for v in vs] for vs in expected]
            assert table.rows, chart.slug
            assert charts.chart_of(scope, chart.slug) is chart


def test_movement_participation_counts_each_target_units_plan(users, registry):
    from tests.movements.conftest import answer, movement_fields, pdf
    from thidua.movements import services as movement_services
    from thidua.organisations.models import ClusterMembership

    office = users["office"]
    draft = movement_services.movement_create(actor=office, plan_file=pdf(), **movement_fields(registry, name="Bản nháp"))
    movement = movement_services.movement_launch(
        actor=office, movement=movement_services.movement_create(actor=office, plan_file=pdf(), **movement_fields(registry))
    )
    answer(users, movement, registry["science"], on=datetime.date(2020, 3, 1))  # deadline 10/03/2020: on time
    answer(users, movement, registry["trade"], on=datetime.date(2020, 3, 15), number="7/KH-SCT")  # late

    table = selectors.movement_participation(Filters(year_from=2020, year_to=2020))
    assert table.rows == [[f"124/KH-UBND: {movement.name}", 1, 1, 0, 0, 2]]
    assert all(draft.name not in row[0] for row in table.rows)
    assert selectors.movement_participation(Filters(year_from=2021)).rows == []

    # For a cluster, only its members of the movement's year count.
    ClusterMembership.objects.create(cluster=registry["cluster"], unit=registry["trade"], year=2020,
                                     valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2020, 12, 31))
    table = selectors.movement_participation(Filters(cluster=registry["cluster"]))
    assert table.rows == [[f"124/KH-UBND: {movement.name}", 0, 1, 0, 0, 1]]
