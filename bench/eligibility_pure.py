"""Time the pure eligibility engine: 100 000 synthetic subjects × 8 candidates for one year.

    .venv/bin/python bench/eligibility_pure.py [--subjects N] [--year Y] [--seed S]

Not a test: it prints how long building the subjects and evaluating them took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from thidua.rules.eligibility import (
    ClusterInfo,
    DisciplinePeriod,
    Members,
    Subject,
    YearRecord,
    evaluate_many,
)

RATINGS = ("HTXSNV", "HTTNV", "HTTNV", "HTNV", "KHTNV", None)
CANDIDATES = ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_TTG", "HCLD3")
COLLECTIVE_CANDIDATES = ("TTLDTT", "TTLDXS", "CO_TINH", "CO_CP", "GIAY_KHEN", "BK_TINH", "BK_TTG",
                         "HCLD3")


def synthetic(n: int, year: int, rng: random.Random) -> list[Subject]:
    """Mostly people with 3–8 years of history; one in ten a collective; some disciplined."""
    subjects = []
    for i in range(n):
        collective = i % 10 == 9
        history = {}
        for y in range(year - rng.randint(2, 7), year + 1):
            rating = rng.choice(RATINGS)
            titles = set()
            good = rating in ("HTXSNV", "HTTNV")
            if collective:
                if good and rng.random() < 0.5:
                    titles.add("TTLDXS")
                total = rng.randint(5, 60)
                ldtt = rng.randint(0, total)
                members = Members(total, rng.randint(ldtt, total), ldtt,
                                  rng.randint(0, min(3, ldtt)), rng.choice((0, 0, 0, 1)))
            else:
                members = None
                if good:
                    titles.add("LDTT")
                    if rng.random() < 0.5:
                        titles.add("CSTDCS")
            for form in ("BK_TINH", "BK_TTG", "CSTD_TINH"):
                if rng.random() < 0.05 and not (collective and form == "CSTD_TINH"):
                    titles.add(form)
            initiatives = tuple(rng.choice(("CO_SO", "CO_SO", "TINH", "TOAN_QUOC"))
                                for _ in range(rng.choice((0, 0, 1, 1, 2))))
            history[y] = YearRecord(rating, frozenset(titles), initiatives, members)
        discipline = ()
        if rng.random() < 0.03:
            start = dt.date(year - rng.randint(0, 4), rng.randint(1, 12), 1)
            end = None if rng.random() < 0.5 else start + dt.timedelta(days=rng.randint(30, 400))
            discipline = (DisciplinePeriod(start, end),)
        cluster = ClusterInfo(rng.randint(1, 8), rng.random() < 0.8) if collective else None
        subjects.append(Subject(f"s{i}", "collective" if collective else "individual", history,
                                discipline, cluster))
    return subjects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    started = time.perf_counter()
    subjects = synthetic(args.subjects, args.year, rng)
    built = time.perf_counter()
    people = [s for s in subjects if s.kind == "individual"]
    units = [s for s in subjects if s.kind == "collective"]
    cpu = time.process_time()
    wall = time.perf_counter()
    verdicts = evaluate_many(people, CANDIDATES, args.year)
    verdicts += evaluate_many(units, COLLECTIVE_CANDIDATES, args.year)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu

    eligible = sum(v.eligible for v in verdicts)
    print(f"{len(subjects)} đối tượng, {len(verdicts)} kết luận, năm {args.year}: "
          f"{eligible} đủ điều kiện")
    print(f"tạo dữ liệu (gồm chỉ mục lịch sử mỗi đối tượng): {built - started:.2f} s")
    print(f"xét điều kiện: {wall:.2f} s ({cpu:.2f} s CPU; "
          f"{wall / len(verdicts) * 1e6:.2f} µs mỗi kết luận)")


if __name__ == "__main__":
    main()
