"""A movement's deadlines reach the units that owe an answer: home page and e-mail reminders."""

import datetime

from django.core import mail
from django.urls import reverse

from tests.movements.conftest import answer
from thidua.reminders import services as reminders
from thidua.reminders.selectors import deadlines_for


def kinds(user, as_of):
    return [(line.kind, line.mine) for line in deadlines_for(user, as_of)]


def test_the_plan_deadline_reaches_the_target_units_officer_until_the_plan_is_sent(users, registry, movement):
    as_of = datetime.date(2020, 3, 5)
    assert ("movement_plan", True) in kinds(users["officer"], as_of)
    assert kinds(users["guest"], as_of) == []
    answer(users, movement, registry["science"], on=datetime.date(2020, 3, 1))
    assert ("movement_plan", True) not in kinds(users["officer"], as_of)


def test_the_home_page_shows_the_movement_and_the_email_names_it(users, registry, movement, client_for, settings, time_machine):
    time_machine.move_to(datetime.datetime(2020, 3, 3, 8, 0))
    page = client_for(users["officer"]).get(reverse("home")).content.decode()
    assert f"Gửi kế hoạch hưởng ứng phong trào “{movement.name}”" in page

    users["officer"].email = "canbo.skhcn@example.vn"
    users["officer"].save()
    settings.THIDUA_REMINDER_DAYS = [7, 1, 0, -3]
    reminders.reminders_send(today=datetime.date(2020, 3, 3))
    sent = [m for m in mail.outbox if "canbo.skhcn@example.vn" in m.to]
    assert sent and movement.name in sent[0].body
