"""Reliability: backup and restore round trip, atomic imports, racing writers."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import make_person
from thidua.awards import imports
from thidua.awards.models import AwardRecord, YearResult
from thidua.organisations.models import Person, Unit


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_database_and_uploads(users, registry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "evidence").mkdir(parents=True)
    (tmp_path / "media" / "evidence" / "bao-cao.pdf").write_bytes(b"%PDF minh chung")
    call_command("backup", str(tmp_path / "sao-luu.tar.gz"))
    before = {
        "people": sorted(Person.objects.values_list("pk", "full_name", "personal_id", "sort_key")),
        "units": sorted(Unit.objects.values_list("pk", "code", "name", "parent_id")),
        "history": Person.history.count(),
    }
    # Damage: a new person, a renamed unit, a lost upload.
    make_person(registry["trade"], "Lò", "Văn", "Mới")
    Unit.objects.filter(code="SCT").update(name="Sai tên")
    (tmp_path / "media" / "evidence" / "bao-cao.pdf").unlink()

    call_command("restore", str(tmp_path / "sao-luu.tar.gz"), yes=True)
    after = {
        "people": sorted(Person.objects.values_list("pk", "full_name", "personal_id", "sort_key")),
        "units": sorted(Unit.objects.values_list("pk", "code", "name", "parent_id")),
        "history": Person.history.count(),
    }
    assert after == before
    assert (tmp_path / "media" / "evidence" / "bao-cao.pdf").read_bytes() == b"%PDF minh chung"
    # Sequences were reset: a new row gets a fresh key on both databases.
    assert make_person(registry["trade"], "Lò", "Thị", "Sau").pk > max(pk for pk, *_ in before["people"])


def test_an_import_that_fails_half_way_writes_nothing(users, registry, monkeypatch):
    from tests.awards.test_history_and_import import row, workbook

    data = workbook([row(personal_id="020185000001", year=2024, rating="HTXSNV"),
                     row(ho="Trần", chu_dem="Văn", ten="Dũng", dob="17/05/1980", unit="SCT", year=2024)])

    def crash(*args, **kwargs):
        raise RuntimeError("máy chủ mất điện giữa chừng")

    # The award rows are already inserted when the ratings step dies.
    monkeypatch.setattr(imports, "_write_ratings", crash)
    with pytest.raises(RuntimeError):
        imports.import_awards(actor=users["office"], file=data)
    assert not AwardRecord.objects.exists() and not AwardRecord.history.exists()
    assert not YearResult.objects.exists()


def _checkpoint_runs():
    """The sqlite_checkpoint tasks huey ran while the block was open (immediate mode in tests)."""
    from huey.contrib.djhuey import HUEY
    from huey.signals import SIGNAL_COMPLETE

    ran = []

    def completed(signal, task, *args, **kwargs):
        if task.name.endswith("sqlite_checkpoint"):
            ran.append(task.name)

    HUEY.signal(SIGNAL_COMPLETE)(completed)
    return ran, lambda: HUEY.disconnect_signal(completed, SIGNAL_COMPLETE)


def _with_catalogue() -> None:
    """Transactional tests start from empty tables: the catalogue its migration loaded is gone."""
    from django.apps import apps

    from thidua.awards import catalogue

    catalogue.load(apps)


def _autocheckpoint() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_large_write_is_checkpointed_in_the_background_after_it_commits(users, registry):
    """SQLite: the import's own commit does not copy its WAL pages (the worker does, once
    committed), and the connection's automatic checkpoint is back afterwards. Elsewhere the
    block changes nothing."""
    from tests.awards.test_history_and_import import row, workbook

    _with_catalogue()
    ran, stop = _checkpoint_runs()
    try:
        before = _autocheckpoint() if connection.vendor == "sqlite" else None
        imports.import_awards(actor=users["office"], file=workbook([row(personal_id="020185000001", year=2024)]))
        assert AwardRecord.objects.filter(year=2024).count() == 1
        if connection.vendor == "sqlite":
            assert ran == ["sqlite_checkpoint"]
            assert _autocheckpoint() == before
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                busy, frames, copied = cursor.fetchone()
            assert busy == 0 and frames == copied  # nothing left in the WAL for a later commit
        else:
            assert ran == []
    finally:
        stop()


@pytest.mark.django_db(transaction=True)
def test_a_failed_large_write_schedules_nothing_and_restores_the_checkpoint(users, registry, monkeypatch):
    from tests.awards.test_history_and_import import row, workbook

    def crash(*args, **kwargs):
        raise RuntimeError("máy chủ mất điện giữa chừng")

    monkeypatch.setattr(imports, "_write_ratings", crash)
    _with_catalogue()
    ran, stop = _checkpoint_runs()
    try:
        before = _autocheckpoint() if connection.vendor == "sqlite" else None
        with pytest.raises(RuntimeError):
            imports.import_awards(actor=users["office"], file=workbook([row(personal_id="020185000001", year=2024)]))
        assert ran == [] and not AwardRecord.objects.exists()
        if connection.vendor == "sqlite":
            assert _autocheckpoint() == before
    finally:
        stop()
