"""A three-unit cluster year with a small criteria table and one officer per unit."""

import datetime
from decimal import Decimal

import pytest

from tests.conftest import make_user
from thidua.cycles import services
from thidua.cycles.models import CriterionKind
from thidua.organisations.models import ClusterMembership, ClusterRole, Role, Unit, UnitKind


@pytest.fixture
def year_setup(registry, users):
    """Cụm II with Sở KH&CN (leader), Sở Công thương and Sở Xây dựng, in year 2020."""
    cluster = registry["cluster"]
    build = Unit.objects.create(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT, parent=registry["province"])
    units = {"SKHCN": registry["science"], "SCT": registry["trade"], "SXD": build}
    for code, unit in units.items():
        ClusterMembership.objects.create(
            cluster=cluster, unit=unit, year=2020,
            role=ClusterRole.LEADER if code == "SKHCN" else ClusterRole.MEMBER,
            valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2020, 12, 31),
        )
    officers = {
        "SKHCN": users["officer"],
        "SCT": make_user("officer.sct", Role.UNIT_OFFICER, unit=units["SCT"]),
        "SXD": make_user("officer.sxd", Role.UNIT_OFFICER, unit=units["SXD"]),
    }
    office = users["office"]
    cy = services.cluster_year_create(actor=office, cluster=cluster, year=2020)
    table = services.table_create(actor=office, cluster_year=cy, name="Bảng tiêu chí 2020")
    g1 = services.group_save(actor=office, table=table, code="1", name="Chuyên môn", position=0)
    gt = services.group_save(actor=office, table=table, code="T", name="Điểm thưởng", position=1)
    gp = services.group_save(actor=office, table=table, code="P", name="Điểm trừ", position=2)
    criteria = {
        "1.1": services.criterion_save(actor=office, group=g1, code="1.1", text="Hoàn thành kế hoạch", max_points=Decimal(60)),
        "1.2": services.criterion_save(actor=office, group=g1, code="1.2", text="Tham mưu", max_points=Decimal(40), evidence_required=True),
        "T1": services.criterion_save(actor=office, group=gt, code="T1", text="Thưởng", kind=CriterionKind.BONUS, max_points=Decimal(5)),
        "P1": services.criterion_save(actor=office, group=gp, code="P1", text="Trừ", kind=CriterionKind.PENALTY, max_points=Decimal(5)),
    }
    return {"cy": cy, "units": units, "officers": officers, "criteria": criteria, "table": table, "office": office}


def move_to(cy, phase, actor):
    from thidua.cycles import workflow

    while cy.phase != phase:
        cy = services.phase_move(actor=actor, cluster_year=cy, to_phase=workflow.next_phase(cy.phase))
    return cy
