"""A cluster year of 2020 (three units) with a schedule, and e-mail addresses for the people."""

import datetime

import pytest

from tests.cycles.conftest import move_to, year_setup  # noqa: F401  (fixture re-used here)
from thidua.cycles import services

REGISTRATION_DUE = datetime.date(2020, 2, 28)
SELF_DUE = datetime.date(2020, 11, 30)
CROSS_DUE = datetime.date(2020, 12, 10)
SUBMIT_DUE = datetime.date(2021, 1, 15)


@pytest.fixture
def scheduled(year_setup, users):  # noqa: F811
    """The year with its schedule; every named user has an e-mail address."""
    cy = year_setup["cy"]
    office = year_setup["office"]
    for phase, due in [
        ("registration", REGISTRATION_DUE), ("self_scoring", SELF_DUE),
        ("cross_scoring", CROSS_DUE), ("submitted", SUBMIT_DUE),
    ]:
        services.schedule_set(actor=office, cluster_year=cy, phase=phase, starts_on=None, due_on=due)
    for user in [*users.values(), *year_setup["officers"].values()]:
        user.email = f"{user.username}@thidua.test"
        user.save()
    return year_setup


def at_phase(setup, phase):
    setup["cy"] = move_to(setup["cy"], phase, setup["office"])
    return setup["cy"]
