"""E-mail reminders: who gets them, what they say, and that none goes twice."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_user
from tests.reminders.conftest import SUBMIT_DUE, at_phase
from thidua.organisations.models import Role
from thidua.reminders import services
from thidua.reminders.models import SentReminder

WEEK_BEFORE = datetime.date(2020, 2, 21)  # the registration is due on 28/02/2020


@pytest.fixture
def registering(scheduled):
    at_phase(scheduled, "registration")
    return scheduled


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_threshold_is_the_most_urgent_one_reached():
    days = [-3, 0, 1, 7]
    assert [services.threshold_reached(d, days) for d in [10, 8, 7, 5, 1, 0, -1, -3, -30]] == [
        None, None, 7, 7, 1, 0, 0, -3, -3
    ]


def test_a_week_before_each_units_officer_and_head_get_one_email(registering, users):
    run = services.reminders_send(today=WEEK_BEFORE)
    officers = registering["officers"]
    assert recipients() == sorted(
        f"{u.username}@thidua.test" for u in [officers["SKHCN"], users["head"], officers["SCT"], officers["SXD"]]
    )
    assert len(run.mails) == 4 and run.item_count == 4
    message = next(m for m in mail.outbox if m.to == ["officer.sct@thidua.test"])
    assert message.subject == "[ThiĐua] Nhắc việc: 1 việc sắp đến hạn"
    url = f"http://127.0.0.1:8000/nam-thi-dua/{registering['cy'].pk}/dang-ky/{registering['units']['SCT'].pk}/"
    assert "Gửi đăng ký thi đua năm 2020 – Cụm thi đua số II – Sở Công thương" in message.body
    assert "Hạn: 28/02/2020 (còn 7 ngày)" in message.body and url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{url}"' in html and "Sở Khoa học" not in message.body
    assert SentReminder.objects.filter(days_before=7).count() == 4


def test_no_reminder_is_sent_twice_and_the_next_threshold_sends_again(registering):
    services.reminders_send(today=WEEK_BEFORE)
    mail.outbox.clear()
    assert services.reminders_send(today=WEEK_BEFORE).mails == []
    assert services.reminders_send(today=WEEK_BEFORE + datetime.timedelta(days=2)).mails == []
    assert mail.outbox == []
    services.reminders_send(today=datetime.date(2020, 2, 27))
    assert len(mail.outbox) == 4 and all("còn 1 ngày" in m.body for m in mail.outbox)
    mail.outbox.clear()
    services.reminders_send(today=datetime.date(2020, 3, 2))
    assert len(mail.outbox) == 4 and all("đã quá hạn" in m.subject and "quá hạn 3 ngày" in m.body for m in mail.outbox)
    assert SentReminder.objects.count() == 12


def test_people_without_a_role_for_the_unit_that_year_get_nothing(registering, users):
    units = registering["units"]
    make_user("officer.sct.2019", Role.UNIT_OFFICER, unit=units["SCT"], year=2019, email="cu@thidua.test")
    make_user("no.email", Role.UNIT_OFFICER, unit=units["SCT"])
    make_user("inactive", Role.UNIT_OFFICER, unit=units["SCT"], email="nghi@thidua.test", is_active=False)
    make_user("sct.2020", Role.UNIT_HEAD, unit=units["SCT"], year=2020, email="gd.sct@thidua.test")
    services.reminders_send(today=WEEK_BEFORE)
    got = recipients()
    assert "gd.sct@thidua.test" in got
    for address in ["cu@thidua.test", "nghi@thidua.test", "office@thidua.test", "leader@thidua.test",
                    "council@thidua.test", "guest@thidua.test", "nobody@thidua.test", "admin@thidua.test"]:
        assert address not in got
    # The officer of one unit hears only of that unit.
    [to_sct] = [m for m in mail.outbox if m.to == ["officer.sct@thidua.test"]]
    assert "Sở Xây dựng" not in to_sct.body and "Sở Khoa học" not in to_sct.body


def test_the_clusters_dossier_reminds_its_leaders_only(scheduled, users):
    at_phase(scheduled, "consolidation")
    services.reminders_send(today=SUBMIT_DUE - datetime.timedelta(days=1))
    # Explicit Trưởng cụm grant, and the officer and head of the unit leading the cluster in 2020.
    assert recipients() == ["head@thidua.test", "leader@thidua.test", "officer@thidua.test"]
    assert all("Trình tỉnh kết quả và hồ sơ đề nghị khen thưởng của cụm năm 2020" in m.body for m in mail.outbox)


def test_a_dry_run_sends_and_records_nothing(registering):
    run = services.reminders_send(today=WEEK_BEFORE, dry_run=True)
    assert len(run.mails) == 4 and mail.outbox == [] and not SentReminder.objects.exists()


def test_command_sends_for_a_date_and_lists_a_dry_run(registering, capsys):
    call_command("reminders", "--date", "2020-02-21", "--dry-run")
    out = capsys.readouterr().out
    assert "officer.sct <officer.sct@thidua.test>:" in out and "Sẽ gửi 4 thư nhắc việc (4 việc), ngày 21/02/2020." in out
    assert mail.outbox == []
    call_command("reminders", "--date", "2020-02-21")
    assert "Đã gửi 4 thư nhắc việc" in capsys.readouterr().out and len(mail.outbox) == 4
    call_command("reminders", "--date", "2020-02-21")
    assert "Đã gửi 0 thư nhắc việc" in capsys.readouterr().out and len(mail.outbox) == 4
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("reminders", "--date", "21/02/2020")


def test_the_daily_task_sends_the_reminders(registering, settings):
    import time_machine

    from thidua.reminders.tasks import send_reminders

    assert send_reminders.huey.immediate
    with time_machine.travel(datetime.datetime(2020, 2, 21, 7, 0), tick=False):
        send_reminders()
    assert len(mail.outbox) == 4


class FailingFor(EmailBackend):
    """The outside world: a mail server that refuses one address."""

    def send_messages(self, messages):
        if any("officer.sct@" in address for m in messages for address in m.to):
            raise ConnectionError("SMTP refused")
        return super().send_messages(messages)


def test_a_failed_email_is_not_recorded_and_is_retried(registering, settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_emails.FailingFor"
    run = services.reminders_send(today=WEEK_BEFORE)
    assert run.failed == ["officer.sct@thidua.test"] and len(mail.outbox) == 3
    assert not SentReminder.objects.filter(email="officer.sct@thidua.test").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run = services.reminders_send(today=WEEK_BEFORE)
    assert [m.to for m in mail.outbox[3:]] == [["officer.sct@thidua.test"]]
