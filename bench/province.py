"""`make bench`: a synthetic province in the configured database, then the figures of issue #4.

Not a test: it prints and writes bench/results.json. Targets (2-core machine): award import
≥ 10 000 rows/s; every person × every candidate for one year ≤ 15 s; peak memory ≤ 1.5 GB.

    python bench/province.py [--people 100000] [--years 15] [--import-rows 100000]
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path('var/bench.sqlite3').resolve()}")
# Tasks the import queues (the SQLite checkpoint) go to the bench's own queue, run below by hand.
os.environ.setdefault("HUEY_FILE", str(Path("var/bench-huey.sqlite3").resolve()))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from huey.contrib.djhuey import HUEY  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from thidua.awards import imports, selectors  # noqa: E402
from thidua.awards.models import AwardRecord, AwardSource, YearResult  # noqa: E402
from thidua.core.tasks import sqlite_checkpoint  # noqa: E402
from thidua.organisations.models import Person, Unit  # noqa: E402
from thidua.rules import eligibility as rules  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Nông", "Hà"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hương", "Lan", "Long", "Mai", "Nam", "Phúc", "Sơn", "Thảo", "Tuấn", "Yến"]


def cpu_speed_probe() -> float:
    """CPU seconds of a fixed pure-Python loop (lower is faster): puts runs on different or busy
    machines side by side (a shared virtual machine varies by tens of per cent)."""
    started = time.process_time()
    sum(i * i for i in range(10_000_000))
    return round(time.process_time() - started, 3)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(people: int, years: int, last_year: int, seed: int = 7) -> dict:
    """Units, people with 15 years of ratings and awards; bulk inserts without audit rows
    (the data stands for what an earlier system left, not for user actions)."""
    rng = random.Random(seed)
    started = time.perf_counter()
    if Person.objects.filter(personal_id__startswith="09").count() >= people:
        return {"reused": True}
    units = [Unit(code=f"BU{i:04d}", name=f"Đơn vị thử nghiệm {i}", kind="so") for i in range(people // 200)]
    for unit in units:
        unit.derive()
    Unit.objects.bulk_create(units, batch_size=2000)
    units = list(Unit.objects.filter(code__startswith="BU"))
    batch = []
    for index in range(people):
        ho, chu_dem, ten = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
        person = Person(
            ho=ho, chu_dem=chu_dem, ten=ten, gender="nam" if rng.random() < 0.5 else "nu",
            date_of_birth=datetime.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            personal_id=f"09{index:010d}", unit=units[index % len(units)],
        )
        person.derive()
        batch.append(person)
    Person.objects.bulk_create(batch, batch_size=5000)
    person_ids = list(Person.objects.filter(personal_id__startswith="09").values_list("pk", flat=True))
    first_year = last_year - years + 1
    results, awards = [], []
    for pk in person_ids:
        streak = 0
        for year in range(first_year, last_year + 1):
            roll = rng.random()
            rating = "HTXSNV" if roll < 0.25 else "HTTNV" if roll < 0.85 else "HTNV"
            results.append(YearResult(person_id=pk, year=year, rating=rating))
            if rating != "HTNV":
                awards.append(AwardRecord(person_id=pk, award_id="LDTT", year=year, decision_number=f"{year}/QĐ-LDTT",
                                          decision_date=datetime.date(year + 1, 1, 20), source=AwardSource.IMPORT))
                if rating == "HTXSNV" and rng.random() < 0.6:
                    streak += 1
                    awards.append(AwardRecord(person_id=pk, award_id="CSTDCS", year=year, decision_number=f"{year}/QĐ-CS",
                                              decision_date=datetime.date(year + 1, 1, 20), source=AwardSource.IMPORT))
                else:
                    streak = 0
            else:
                streak = 0
        if len(results) >= 200_000:
            YearResult.objects.bulk_create(results, batch_size=10_000)
            AwardRecord.objects.bulk_create(awards, batch_size=10_000)
            results, awards = [], []
    YearResult.objects.bulk_create(results, batch_size=10_000)
    AwardRecord.objects.bulk_create(awards, batch_size=10_000)
    return {"seconds": round(time.perf_counter() - started, 1), "award_rows": AwardRecord.objects.count(),
            "rating_rows": YearResult.objects.count()}


def forget_last_import(year: int) -> None:
    """Undo an earlier run's import (rows, ratings and their audit rows) so that every run
    imports into the same state. Raw SQL: the ORM would write 200 000 audit rows of deletion."""
    with connection.cursor() as cursor:
        for table in ("awards_awardrecord", "awards_historicalawardrecord"):
            cursor.execute(f"DELETE FROM {table} WHERE year = %s AND award_id = 'GIAY_KHEN'", [year])
        for table in ("awards_yearresult", "awards_historicalyearresult"):
            cursor.execute(f"DELETE FROM {table} WHERE year = %s", [year])


def import_file(rows: int, year: int) -> bytes:
    """`rows` awards of `year` (not yet in the database) for the first `rows` people."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Khen thưởng")
    sheet.append([h for _, h in imports.AWARD_COLUMNS])
    for index, personal_id in enumerate(
        Person.objects.filter(personal_id__startswith="09").order_by("personal_id").values_list("personal_id", flat=True)[:rows]
    ):
        sheet.append([personal_id, None, None, None, None, None, None, year, "GIAY_KHEN", f"{index}/QĐ-GK",
                      f"20/01/{year + 1}", "Giám đốc Sở", "HTTNV", None, "CONG_TRANG"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--out", default="bench/results.json")
    args = parser.parse_args()
    last_year = datetime.date.today().year - 2
    call_command("migrate", verbosity=0)
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    figures: dict = {"database": connection.vendor, "people": args.people, "years": args.years,
                     "machine": {"cores": os.cpu_count(), "cpu_probe_s": cpu_speed_probe()}}
    with transaction.atomic():
        figures["generate"] = generate(args.people, args.years, last_year)
    print("generated", figures["generate"], flush=True)

    import_year = last_year + 1
    forget_last_import(import_year)
    data = import_file(args.import_rows, import_year)
    started = time.perf_counter()
    report = imports.import_awards(actor=admin, file=data)
    seconds = time.perf_counter() - started
    figures["import"] = {"rows": report.rows, "created": report.created, "seconds": round(seconds, 2),
                         "rows_per_second": round(report.rows / seconds), "target_rows_per_second": 10_000,
                         "phases": {k: round(v, 2) for k, v in report.timings.items()}}
    if connection.vendor == "sqlite":
        # What the background worker does after the import has answered (core/tasks.py).
        started = time.perf_counter()
        sqlite_checkpoint.call_local()
        figures["import"]["background_checkpoint_seconds"] = round(time.perf_counter() - started, 2)
        HUEY.flush()
    print("import", figures["import"], flush=True)

    started = time.perf_counter()
    subjects = selectors.subjects(last_year, people=Person.objects.all())
    loaded = time.perf_counter() - started
    verdicts = rules.evaluate_many(subjects, None, last_year)
    seconds = time.perf_counter() - started
    figures["evaluation"] = {"year": last_year, "subjects": len(subjects), "verdicts": len(verdicts),
                             "seconds": round(seconds, 2), "load_seconds": round(loaded, 2), "target_seconds": 15,
                             "eligible": sum(1 for v in verdicts if v.eligible)}
    print("evaluation", figures["evaluation"], flush=True)
    figures["peak_memory_mb"] = round(rss_mb())
    figures["target_peak_memory_mb"] = 1536
    out = Path(args.out)
    # Other benchmarks (bench/load.py: "load") keep their keys.
    kept = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    figures = {**{k: v for k, v in kept.items() if k not in figures}, **figures}
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
