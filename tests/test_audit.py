"""Every create, update and delete of registry data records who, when and what changed."""

import datetime

from django.urls import reverse

from thidua.core.selectors import history_of
from thidua.organisations import services
from thidua.organisations.models import ClusterMembership, Unit


def test_service_writes_record_actor_and_before_after(users, registry):
    unit = services.unit_create(actor=users["office"], code="SYT", name="Sở Y tế", kind="so")
    services.unit_update(actor=users["office"], unit=unit, name="Sở Y tế tỉnh Lạng Sơn", short_name="SYT")
    entries = history_of(unit)
    assert [e.action for e in entries] == ["Sửa", "Tạo mới"]
    assert entries[0].who == "office"
    changes = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert changes == {"Tên đầy đủ": ("Sở Y tế", "Sở Y tế tỉnh Lạng Sơn"), "Tên viết tắt": ("", "SYT")}


def test_an_update_that_changes_nothing_records_nothing(users, registry):
    unit = registry["science"]
    count = unit.history.count()
    services.unit_update(actor=users["office"], unit=unit, name=unit.name)
    assert unit.history.count() == count


def test_delete_is_recorded_with_the_actor(users, registry):
    membership = ClusterMembership.objects.get(unit=registry["trade"])
    membership_id = membership.pk
    services.membership_remove(actor=users["office"], membership=membership)
    assert not ClusterMembership.objects.filter(pk=membership_id).exists()
    deleted = ClusterMembership.history.filter(id=membership_id, history_type="-").get()
    assert deleted.history_user == users["office"]


def test_changes_through_pages_record_the_logged_in_user(client_for, users, registry):
    client = client_for(users["officer"])
    client.post(reverse("unit-edit", args=[registry["science"].pk]), {"short_name": "KH&CN", "note": "x"})
    latest = registry["science"].history.first()
    assert latest.history_user == users["officer"] and latest.short_name == "KH&CN"


def test_record_pages_show_their_history(client_for, users, registry):
    services.person_update(actor=users["office"], person=registry["ha"], phone="0912 345 678")
    page = client_for(users["office"]).get(reverse("person-detail", args=[registry["ha"].pk])).content.decode()
    assert "Lịch sử thay đổi" in page and "0912 345 678" in page and "office" in page


def test_moving_a_person_closes_the_old_post(users, registry):
    ha = registry["ha"]
    services.person_move(
        actor=users["office"], person=ha, unit=registry["trade"], position="Phó Giám đốc",
        start_date=datetime.date(2024, 7, 1),
    )
    rows = list(ha.positions.order_by("start_date"))
    assert [(r.unit.code, r.end_date) for r in rows] == [
        ("SKHCN", datetime.date(2024, 6, 30)),
        ("SCT", None),
    ]
    ha.refresh_from_db()
    assert ha.unit == registry["trade"] and ha.position == "Phó Giám đốc"
    assert Unit.objects.get(pk=registry["trade"].pk).people.filter(pk=ha.pk).exists()
