"""The demo movements: loaded through the services, the story it tells, and idempotent."""

import datetime

from thidua.awards.models import AwardRecord
from thidua.demo import movements as demo_movements
from thidua.demo import organisations as demo_organisations
from thidua.movements import selectors
from thidua.movements.models import Campaign, CampaignCommendation, Movement, UnitResponse


def counts():
    return [m.objects.count() for m in (Movement, UnitResponse, Campaign, CampaignCommendation, AwardRecord)] + [
        Movement.history.count(), UnitResponse.history.count(),
    ]


def test_demo_movements_tell_the_story_and_load_once(db):
    demo_organisations.load()
    demo_movements.load()
    first = counts()
    demo_movements.load()
    assert counts() == first

    regular = Movement.objects.get(plan_number=demo_movements.PLAN_2020)
    assert regular.target_units.count() == 7 and regular.state == "closed"
    rows = selectors.answers(regular, today=datetime.date(2021, 1, 1))
    missing = {row.unit.code for row in rows if row.cell("ke_hoach").status == "missing"}
    assert missing == {"SNNPTNT", "TTT"}
    assert selectors.answer_counts(rows, "ke_hoach") == {"on_time": 4, "late": 1, "missing": 2, "pending": 0}
    commended = CampaignCommendation.objects.filter(campaign__movement=regular)
    assert commended.count() >= 3
    assert set(commended.values_list("record__commendation_type", flat=True)) == {"PHONG_TRAO"}

    thematic = Movement.objects.get(kind="chuyen_de")
    assert thematic.state == "launched"
    owed = [d for d in selectors.open_deadlines(datetime.date(2026, 4, 10)) if d.kind == "movement_plan"]
    assert len(owed) == 7 - len(demo_movements.PLANS_2026)
