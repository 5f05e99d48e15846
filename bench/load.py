"""`make bench` (load part): the application under gunicorn on PostgreSQL, driven by locust.

Not a test: it prints a summary and writes the "load" key of bench/results.json. Steps:

1. a PostgreSQL database (default `thidua_bench`, created if missing, reused if already generated)
   holding the synthetic province of bench/province.py (100 000 people, 15 years), plus, made
   through the services: clusters whose year is in self-scoring with a criteria table, one
   officer account per member unit and reader accounts;
2. gunicorn with production settings (DEBUG off, whitenoise statics) on that database;
3. bench/loadgen.py under locust: readers browse the ranking and people pages, writers save
   their unit's score sheet (with version conflicts from stale tabs, retried like a user);
4. checks that every save the server acknowledged is in the database and in the audit history.

Targets (2 cores): no failed request, no lost update (exit status 1 otherwise); p95 ≤ 300 ms for
pages (reported, not fatal).

    python bench/load.py [--readers 50] [--writers 30] [--duration 90] [--database thidua_bench]
"""

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "bench-load-mat-khau-2026"
CLUSTER_PREFIX = "BENCH-LOAD-"
UNITS_PER_CLUSTER = 10
CRITERIA = [("1", "Thực hiện nhiệm vụ chuyên môn", 5), ("2", "Công tác thi đua, khen thưởng", 4),
            ("3", "Xây dựng tổ chức, cải cách hành chính", 3)]
MAX_POINTS = 10
PAGE_TARGET_P95_MS = 300


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50, help="users browsing pages")
    parser.add_argument("--writers", type=int, default=30, help="units saving their score sheet")
    parser.add_argument("--duration", type=int, default=90, help="seconds measured, after everybody logged in")
    parser.add_argument("--database", default="thidua_bench", help="PostgreSQL database (created if missing)")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=15)
    # 2 × cores + 1 single-threaded workers: measured better than 3 workers × 4 threads here (p95
    # 280–413 ms against 487–737 ms, alternating runs), as threads of one process queue on the GIL.
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--keep-alive", type=int, default=10, help="seconds; 0: a connection per request, as behind nginx")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--stale-share", type=float, default=0.2, help="share of saves sent from an older page")
    parser.add_argument("--locust-python", default=sys.executable,
                        help="a Python with locust installed (pip install '.[bench]')")
    parser.add_argument("--out", default=str(ROOT / "bench/results.json"))
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
DATABASE_URL = f"{PG_SERVER}/{ARGS.database if ARGS else 'thidua_bench'}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def ensure_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", flush=True)


def prepare(readers: int, writers: int, people: int, years: int) -> dict:
    """The province, then what the load needs, through the services; reused when already there."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    import province  # bench/province.py: the synthetic province
    from thidua.cycles import services as cycles
    from thidua.cycles import workflow
    from thidua.cycles.models import ClusterYear, Criterion
    from thidua.organisations import services as org
    from thidua.organisations.models import Cluster, ClusterKind, ClusterRole, Person, Role, Unit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        generated = province.generate(people, years, datetime.date.today().year - 2)
    print("province", generated, f"{time.perf_counter() - started:.0f} s", flush=True)
    user_model = get_user_model()
    admin, _ = user_model.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    year = datetime.date.today().year
    clusters = max(1, -(-writers // UNITS_PER_CLUSTER))
    units = list(Unit.objects.filter(code__startswith="BU").order_by("code")[: clusters * UNITS_PER_CLUSTER])
    cluster_years = []
    for number in range(clusters):
        members = units[number * UNITS_PER_CLUSTER:(number + 1) * UNITS_PER_CLUSTER]
        code = f"{CLUSTER_PREFIX}{number + 1:02d}"
        cluster = Cluster.objects.filter(code=code).first() or org.cluster_create(
            actor=admin, code=code, name=f"Cụm thi đua thử tải số {number + 1}", kind=ClusterKind.CLUSTER,
            managing_body=members[0],
        )
        for index, unit in enumerate(members):
            org.membership_set(actor=admin, cluster=cluster, unit=unit, year=year,
                               role=ClusterRole.LEADER if index == 0 else ClusterRole.MEMBER)
        cluster_year = ClusterYear.objects.filter(cluster=cluster, year=year).first() or cycles.cluster_year_create(
            actor=admin, cluster=cluster, year=year)
        if not Criterion.objects.filter(group__table__cluster_year=cluster_year).exists():
            table = cycles.table_create(actor=admin, cluster_year=cluster_year, name=f"Bảng tiêu chí năm {year}")
            for position, (group_code, group_name, count) in enumerate(CRITERIA):
                group = cycles.group_save(actor=admin, table=table, code=group_code, name=group_name, position=position)
                for item in range(count):
                    cycles.criterion_save(actor=admin, group=group, code=f"{group_code}.{item + 1}",
                                          text=f"{group_name}: nội dung {item + 1}", max_points=Decimal(MAX_POINTS),
                                          position=item)
        while workflow.is_at_least("self_scoring", cluster_year.phase) and cluster_year.phase != "self_scoring":
            cluster_year = cycles.phase_move(actor=admin, cluster_year=cluster_year,
                                             to_phase=workflow.next_phase(cluster_year.phase))
        if cluster_year.phase != "self_scoring":
            raise SystemExit(f"{cluster_year} is past self-scoring: drop the database {ARGS.database} and run again")
        cluster_years.append((cluster_year, members))

    def account(username: str, full_name: str, role: str, unit=None):
        user = user_model.objects.filter(username=username).first() or org.account_create(
            actor=admin, username=username, full_name=full_name, password=PASSWORD)
        org.role_assign(actor=admin, user=user, role=role, unit=unit)
        return user

    writer_accounts = []
    for cluster_year, members in cluster_years:
        for unit in members:
            if len(writer_accounts) < writers:
                user = account(f"bench.canbo.{unit.code.lower()}", f"Cán bộ thi đua {unit.name}", Role.UNIT_OFFICER, unit)
                writer_accounts.append({"username": user.username, "unit": unit.pk, "year": cluster_year.pk})
    reader_accounts = [
        {"username": account(f"bench.doc.{n:03d}", f"Người xem {n}", Role.COUNCIL_MEMBER).username}
        for n in range(1, readers + 1)
    ]
    call_command("axes_reset", verbosity=0)
    person_pks = list(Person.objects.filter(personal_id__startswith="09").order_by("pk").values_list("pk", flat=True))
    contiguous = person_pks and person_pks[-1] - person_pks[0] + 1 == len(person_pks)
    if not contiguous:
        raise SystemExit("the synthetic people do not have contiguous keys: recreate the database")
    print(f"prepared {len(cluster_years)} cluster years, {len(writer_accounts)} writers, {len(reader_accounts)} readers "
          f"in {time.perf_counter() - started:.0f} s", flush=True)
    return {
        "years": [cy.pk for cy, _ in cluster_years], "writers": writer_accounts, "readers": reader_accounts,
        "person_pk_range": [person_pks[0], person_pks[-1]], "people": len(person_pks), "generated": generated,
    }


def server_env(static_root: Path) -> dict[str, str]:
    """Production settings (README: Cấu hình), except HTTPS: the bench talks plain HTTP on
    127.0.0.1, as gunicorn does behind nginx, so cookies must not be Secure-only."""
    env = {key: value for key, value in os.environ.items() if key not in {"THIDUA_PLAIN_STATIC", "DEBUG"}}
    env.update(
        DEBUG="False", SECRET_KEY="bench-load-secret-key-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=DATABASE_URL, DATABASE_CONN_MAX_AGE="60", STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="False", SESSION_COOKIE_SECURE="False", CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0", LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT),
    )
    return env


def start_server(workdir: Path, workers: int, threads: int, port: int, worker_class: str = "gthread",
                 keep_alive: int = 10) -> tuple[subprocess.Popen, list[str]]:
    env = server_env(workdir / "static")
    subprocess.run([sys.executable, "-m", "thidua", "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT,
                   check=True)
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "thidua.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
        "--chdir", str(ROOT), "--timeout", "60", "--log-level", "warning",
        # Idle connections stay open longer than a user's think time, as nginx keeps a browser's:
        # with gunicorn's default (2 s) a reused connection can be closed under the client.
        "--keep-alive", str(keep_alive),
    ]
    log = open(workdir / "gunicorn.log", "w")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/suc-khoe/", timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            stop_server(server)
            raise SystemExit(f"gunicorn did not answer /suc-khoe/: see {workdir / 'gunicorn.log'}")
        time.sleep(0.5)
    return server, command


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, -(-int(share * len(ordered) * 1000) // 1000) - 1))])

    return {"count": len(ordered), "p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99),
            "max_ms": round(ordered[-1])}


GROUPS = {"pages": {"GET year-results", "GET person-detail", "GET year-sheet"}, "saves": {"POST year-sheet"},
          "login": {"GET login", "POST login"}}


def latency(report: dict) -> dict:
    start, end = report["window"]
    inside = [s for s in report["samples"] if start <= s[1] <= end]
    by_name: dict[str, list[float]] = {}
    for name, _, ms, ok, status in inside:
        by_name.setdefault(name, []).append(ms)
    groups = {group: percentiles([ms for name in names for ms in by_name.get(name, [])]) for group, names in GROUPS.items()}
    return {"groups": groups, "by_name": {name: percentiles(values) for name, values in sorted(by_name.items())},
            "requests": len(inside), "requests_per_second": round(len(inside) / (end - start), 1),
            "seconds": round(end - start, 1)}


def check_saves(report: dict, year_pks: list[int], history_mark: int) -> dict:
    """Every acknowledged save is the final value (each unit has one writer) and is in the audit
    history, in the order acknowledged."""
    from thidua.cycles.models import Score, ScoreKind

    acked: dict[tuple[int, int], list[Decimal]] = {}
    for ack in report["acks"]:
        acked.setdefault((ack["unit"], ack["criterion"]), []).append(Decimal(ack["points"]))
    final = {
        (unit, criterion): points for unit, criterion, points in Score.objects.filter(
            cluster_year__in=year_pks, kind=ScoreKind.SELF).values_list("unit_id", "criterion_id", "points")
    }
    history: dict[tuple[int, int], list[Decimal]] = {}
    for unit, criterion, points in Score.history.filter(
        history_id__gt=history_mark, cluster_year__in=year_pks, kind=ScoreKind.SELF,
    ).order_by("history_id").values_list("unit_id", "criterion_id", "points"):
        history.setdefault((unit, criterion), []).append(points)
    lost, missing_history, unacknowledged = [], 0, 0
    for key, values in acked.items():
        if final.get(key) != values[-1]:
            lost.append({"unit": key[0], "criterion": key[1], "acknowledged": str(values[-1]),
                         "in_database": str(final.get(key))})
        written, found = iter(history.get(key, [])), 0
        for value in values:  # the acknowledged values, a subsequence of the audit history
            if any(value == row for row in written):
                found += 1
        missing_history += len(values) - found
    for key, rows in history.items():
        unacknowledged += max(0, len(rows) - len(acked.get(key, [])))
    return {"acknowledged_saves": len(report["acks"]), "scores_checked": len(acked), "lost_updates": len(lost),
            "lost": lost[:20], "missing_from_history": missing_history, "unacknowledged_writes": unacknowledged}


def main() -> int:
    args = ARGS
    workdir = ROOT / "var" / "load" / args.database  # config, locust's report, gunicorn's log
    workdir.mkdir(parents=True, exist_ok=True)
    ensure_database(args.database)
    import django

    django.setup()
    from thidua.cycles.models import Score

    config = prepare(args.readers, args.writers, args.people, args.years)
    config.update(host=f"http://127.0.0.1:{args.port}", password=PASSWORD, readers_count=args.readers,
                  writers_count=len(config["writers"]), duration=args.duration, spawn_rate=10, login_timeout=300,
                  max_points=MAX_POINTS, stale_share=args.stale_share)
    (workdir / "config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    history_mark = Score.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    from django.db import connections

    connections.close_all()
    from province import cpu_speed_probe

    speed = cpu_speed_probe()
    server, command = start_server(workdir, args.workers, args.threads, args.port, args.worker_class, args.keep_alive)
    load_before = os.getloadavg()
    try:
        subprocess.run([args.locust_python, str(ROOT / "bench/loadgen.py"), str(workdir / "config.json"),
                        str(workdir / "report.json")], cwd=ROOT, check=True, timeout=args.duration + 600)
    finally:
        load_after = os.getloadavg()
        stop_server(server)
    report = json.loads((workdir / "report.json").read_text(encoding="utf-8"))
    server_errors = (workdir / "gunicorn.log").read_text(encoding="utf-8", errors="replace").count("Internal Server Error")
    figures = latency(report)
    failures = [s for s in report["samples"] if not s[3]]
    saves = check_saves(report, config["years"], history_mark)
    counters = report["counters"]
    load = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "database": f"postgresql ({args.database})", "people": config["people"],
        "users": {"readers": args.readers, "writers": len(config["writers"]),
                  "think_time_s": {"readers": [1, 3], "writers": [2, 5]}},
        "duration_s": figures["seconds"], "requests": figures["requests"],
        "requests_per_second": figures["requests_per_second"],
        "failures": len(failures) + counters["failed_logins"], "server_errors_5xx": sum(1 for s in report["samples"] if s[4] >= 500),
        "server_error_log_entries": server_errors, "first_problems": report["problems"][:10],
        "latency": figures["groups"], "latency_by_page": figures["by_name"],
        "target_page_p95_ms": PAGE_TARGET_P95_MS,
        "page_p95_met": figures["groups"]["pages"].get("p95_ms", 0) <= PAGE_TARGET_P95_MS,
        "score_saves": {**saves, "version_conflicts": counters["conflicts"], "stale_posts": counters["stale_posts"],
                        "gave_up": counters["gave_up"]},
        "gunicorn": {"worker_class": args.worker_class, "workers": args.workers, "threads": args.threads,
                     "keep_alive_s": args.keep_alive,
                     "command": " ".join(command[1:])},
        "machine": {"cores": os.cpu_count(), "cpu_probe_s": speed, "loadavg_1m_before": round(load_before[0], 2),
                    "loadavg_1m_after": round(load_after[0], 2),
                    "note": "server, PostgreSQL and locust share the cores (and, when measured here, other jobs)"},
    }
    out = Path(args.out)
    results = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results["load"] = load
    # One line per run, the last ten: a single run on a shared virtual machine varies by tens of
    # per cent (compare cpu_probe_s), so the note quotes the spread, not one lucky run.
    runs = results.get("load_runs", [])
    runs.append({"date": load["date"], "pages_p50_ms": figures["groups"]["pages"].get("p50_ms"),
                 "pages_p95_ms": figures["groups"]["pages"].get("p95_ms"),
                 "saves_p95_ms": figures["groups"]["saves"].get("p95_ms"),
                 "requests_per_second": load["requests_per_second"], "failures": load["failures"],
                 "lost_updates": saves["lost_updates"], "workers": args.workers, "threads": args.threads,
                 "duration_s": load["duration_s"], "cpu_probe_s": speed})
    results["load_runs"] = runs[-10:]
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    hard_failure = load["failures"] or load["server_errors_5xx"] or server_errors or saves["lost_updates"] \
        or saves["missing_from_history"]
    print(summary(load))
    return 1 if hard_failure else 0


def summary(load: dict) -> str:
    lines = [f"Load: {load['users']['readers']} readers + {load['users']['writers']} writers, {load['duration_s']} s, "
             f"{load['requests']} requests ({load['requests_per_second']}/s), {load['failures']} failed, "
             f"{load['server_errors_5xx']} server errors; {load['machine']['cores']} cores, "
             f"load average {load['machine']['loadavg_1m_before']} → {load['machine']['loadavg_1m_after']}"]
    for group, row in load["latency"].items():
        if row["count"]:
            lines.append(f"  {group:6} n={row['count']:5}  p50 {row['p50_ms']:5} ms  p95 {row['p95_ms']:5} ms  "
                         f"p99 {row['p99_ms']:5} ms  max {row['max_ms']} ms")
    for name, row in load["latency_by_page"].items():
        if row["count"]:
            lines.append(f"    {name:18} n={row['count']:5}  p50 {row['p50_ms']:5}  p95 {row['p95_ms']:5}  p99 {row['p99_ms']:5}")
    saves = load["score_saves"]
    lines.append(f"  saves acknowledged {saves['acknowledged_saves']} (scores), version conflicts {saves['version_conflicts']} "
                 f"(retried), lost updates {saves['lost_updates']}, missing from history {saves['missing_from_history']}, "
                 f"unacknowledged writes {saves['unacknowledged_writes']}")
    verdict = "met" if load["page_p95_met"] else "MISSED (not fatal)"
    lines.append(f"  page p95 target {load['target_page_p95_ms']} ms: {verdict}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
