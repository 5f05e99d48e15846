"""Fuzzed inputs: any XLSX or JSON gives a result or a clear error, never a crash or a partial write."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_imports import workbook
from tests.test_permissions import snapshot
from thidua.awards import imports as award_imports
from thidua.awards.models import AwardRecord, YearResult
from thidua.core.errors import ValidationFailed
from thidua.organisations import imports as registry_imports
from thidua.rules.eligibility_json import EligibilityInputError, eligibility_document
from thidua.rules.ranking import RankingInputError
from thidua.rules.ranking_json import ranking_document

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

cells = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["SKHCN", "SCT", "020185000001", "Nguyễn", "Hà", "Nữ", "Sở", "LDTT", "HTXSNV", "05/01/2021", "2024", "CO_TINH"]),
    st.integers(-10, 3000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(),
)


def state():
    return snapshot() | {"awards": AwardRecord.objects.count(), "ratings": YearResult.objects.count()}


def check_import(run, header, rows):
    # Keep only what a spreadsheet can hold: control characters are refused by openpyxl itself.
    rows = [[c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row] for row in rows]
    before = state()
    try:
        run(workbook(header, rows))
    except ValidationFailed as exc:
        assert exc.errors and all(isinstance(m, str) and m for m in exc.errors)
        assert state() == before  # refused: nothing written


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=9, max_size=9), min_size=0, max_size=6))
def test_units_import_never_crashes(users, registry, rows):
    check_import(lambda data: registry_imports.units_import(actor=users["office"], file=data),
                 [h for _, h in registry_imports.UNIT_COLUMNS], rows)


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=10, max_size=10), min_size=0, max_size=6))
def test_people_import_never_crashes(users, registry, rows):
    check_import(lambda data: registry_imports.people_import(actor=users["office"], file=data),
                 [h for _, h in registry_imports.PERSON_COLUMNS], rows)


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=15, max_size=15), min_size=0, max_size=6))
def test_award_import_never_crashes(users, registry, rows):
    check_import(lambda data: award_imports.import_awards(actor=users["office"], file=data),
                 [h for _, h in award_imports.AWARD_COLUMNS], rows)


@FUZZ
@given(data=st.binary(max_size=300))
def test_a_file_that_is_not_a_workbook_is_refused(users, registry, data):
    before = state()
    with pytest.raises(ValidationFailed):
        award_imports.import_awards(actor=users["office"], file=data)
    assert state() == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2030) | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["score", "bonus", "penalty", "SCT", "1.1", "mean_cross", "HTXSNV", "LDTT", "individual", "2024"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["criteria", "units", "scores", "method", "quotas", "code", "group", "kind", "max", "unit",
                         "scorer", "criterion", "points", "aggregate", "tie_breaks", "form", "count", "year",
                         "subjects", "id", "history", "rating", "titles", "initiatives", "candidates", "discipline"]),
        children, max_size=6),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(document=json_values)
def test_ranking_reader_gives_a_result_or_clear_errors(document):
    try:
        output = ranking_document(document)
    except RankingInputError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        json.dumps(output)


@settings(max_examples=300, deadline=None)
@given(document=json_values)
def test_eligibility_reader_gives_a_result_or_clear_errors(document):
    try:
        output = eligibility_document(document)
    except EligibilityInputError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        json.dumps(output)


criteria_cells = st.one_of(
    cells,
    st.sampled_from(["I", "II", "1.1", "1.2", "Điểm", "Cộng", "Trừ", "score", "bonus", "penalty", "Có", "Không", "x",
                     "-4", "1e9", "0", "100", "Công tác tổ chức"]),
)


@FUZZ
@given(rows=st.lists(st.lists(criteria_cells, min_size=8, max_size=8), min_size=0, max_size=6))
def test_criteria_import_never_crashes(users, registry, rows):
    from thidua.cycles import imports as criteria_imports
    from thidua.cycles import services as cycle_services
    from thidua.cycles.models import ClusterYear, Criterion, CriteriaGroup, CriteriaTable

    cluster_year = ClusterYear.objects.filter(cluster=registry["cluster"], year=2022).first() or (
        cycle_services.cluster_year_create(actor=users["office"], cluster=registry["cluster"], year=2022)
    )

    def counts():
        return (CriteriaTable.objects.count(), CriteriaGroup.objects.count(), Criterion.objects.count())

    before = counts()
    check_import(
        lambda data: criteria_imports.criteria_import(actor=users["office"], cluster_year=cluster_year, name="Thử", file=data),
        [h for _, h in criteria_imports.CRITERIA_COLUMNS], rows,
    )
    after = counts()
    # Either nothing was written, or one whole table with every criterion of the file.
    assert after == before or after[0] == before[0] + 1
