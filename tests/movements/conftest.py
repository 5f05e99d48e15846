"""A launched movement of the province targeting Sở KH&CN and Sở Công thương, with the plan's
deadlines around a fixed day; built through the services like everything else."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.models import AwardKind
from thidua.movements import services

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="ke-hoach.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def forms(*codes):
    return list(AwardKind.objects.filter(code__in=codes))


def movement_fields(registry, **overrides) -> dict:
    fields = dict(
        name="Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2020",
        kind="thuong_xuyen", plan_number="124/KH-UBND", plan_date=datetime.date(2020, 2, 10),
        plan_signer="Hồ Tiến Thiệu", starts_on=datetime.date(2020, 2, 10), ends_on=datetime.date(2020, 12, 31),
        criteria="Hoàn thành vượt mức các chỉ tiêu kinh tế - xã hội.",
        target_units=[registry["science"], registry["trade"]], allowed_forms=forms("GIAY_KHEN", "BK_TINH"),
        answer_deadline=datetime.date(2020, 3, 10), mid_review_on=datetime.date(2020, 7, 15),
        mid_report_deadline=datetime.date(2020, 7, 5), final_review_on=datetime.date(2020, 12, 20),
        final_report_deadline=datetime.date(2020, 12, 10),
    )
    fields.update(overrides)
    return fields


@pytest.fixture
def draft(users, registry):
    return services.movement_create(actor=users["office"], plan_file=pdf(), **movement_fields(registry))


@pytest.fixture
def movement(users, draft):
    return services.movement_launch(actor=users["office"], movement=draft)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment of `day` in Vietnam's time zone."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def answer(users, movement, unit, kind="ke_hoach", on=datetime.date(2020, 3, 1), actor=None, **extra):
    return services.response_submit(
        actor=actor or users["office"], movement=movement, unit=unit, kind=kind, number=extra.pop("number", "15/KH-SKHCN"),
        issued_on=extra.pop("issued_on", on), signer=extra.pop("signer", "Nguyễn Văn An"), now=at(on), **extra,
    )
