"""The locust side of `bench/load.py`: browser-like readers and score-sheet writers.

Runs in the Python that has locust (gevent); imports nothing of Django or ThiĐua, only talks
HTTP to the server. `bench/load.py` writes the config, runs this and checks what it reports:

    python bench/loadgen.py CONFIG.json OUT.json

Readers log in and browse the ranking (year-results) and people chosen at random among the
province's 100 000. Writers are unit officers: each logs in, opens its unit's self-score sheet,
changes a few points and saves the form with the versions the page showed, as a browser does.
Now and then a writer saves from an older page (a second tab): the server must refuse it with a
version conflict, and the writer re-reads the sheet and saves again, like a user. Every save the
server acknowledged (302 back to the sheet) is logged for the lost-update check.
"""

import json
import random
import re
import sys
import time
from decimal import Decimal

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

CONFIG = json.loads(open(sys.argv[1], encoding="utf-8").read()) if __name__ == "__main__" else {}

CONFLICT_TEXT = "Hãy tải lại trang"  # the VersionConflict message asks the user to reload

samples: list[tuple[str, float, float, bool, int]] = []  # (name, started at, ms, ok, status)
acks: list[dict] = []
problems: list[str] = []
counters = {"logged_in": 0, "conflicts": 0, "retries": 0, "stale_posts": 0, "gave_up": 0}
state = {"failed_logins": 0, "stopping": False, "in_flight": 0}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, start_time=None, **kwargs):
    response = kwargs.get("response")
    status = getattr(response, "status_code", 0) or 0
    samples.append((name, start_time or time.time(), response_time, exception is None, status))
    if exception is not None and len(problems) < 50:
        problems.append(f"{name}: {exception}")


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')


def form_fields(html: str) -> dict[str, str]:
    """The named inputs of the page's forms, as a browser would submit them (first one wins)."""
    fields: dict[str, str] = {}
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs and attrs.get("type") != "file":
            fields.setdefault(attrs["name"], attrs.get("value", ""))
    return fields


class Browser(HttpUser):
    abstract = True

    def on_start(self):
        self.account = self.take_account()
        page = self.client.get("/dang-nhap/", name="GET login")
        token = TOKEN.search(page.text)
        with self.client.post(
            "/dang-nhap/", name="POST login", allow_redirects=False, catch_response=True,
            data={"csrfmiddlewaretoken": token.group(1) if token else "", "username": self.account["username"],
                  "password": CONFIG["password"]},
            headers={"Referer": self.host + "/dang-nhap/"},
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.account['username']} refused ({response.status_code})")
                state["failed_logins"] += 1
                self.stop()
                return
        counters["logged_in"] += 1


class Reader(Browser):
    fixed_count = 0  # set from the config
    wait_time = between(1, 3)  # a person reads a page before opening the next
    _next = 0

    def take_account(self):
        Reader._next += 1
        return CONFIG["readers"][(Reader._next - 1) % len(CONFIG["readers"])]

    @task(1)
    def ranking(self):
        year = random.choice(CONFIG["years"])
        self.client.get(f"/nam-thi-dua/{year}/ket-qua/", name="GET year-results")

    @task(2)
    def person(self):
        low, high = CONFIG["person_pk_range"]
        self.client.get(f"/ca-nhan/{random.randint(low, high)}/", name="GET person-detail")


class Writer(Browser):
    fixed_count = 0
    wait_time = between(2, 5)  # typing a few points takes a while
    _next = 0

    def take_account(self):
        Writer._next += 1
        return CONFIG["writers"][Writer._next - 1]

    @property
    def url(self) -> str:
        return f"/nam-thi-dua/{self.account['year']}/cham-diem/{self.account['unit']}/"

    def read_sheet(self) -> dict[str, str] | None:
        with self.client.get(self.url, name="GET year-sheet", catch_response=True) as response:
            fields = form_fields(response.text) if response.status_code == 200 else {}
            if not any(name.startswith("points_") for name in fields):
                response.failure("the sheet has no score inputs")
                return None
        return fields

    def on_start(self):
        super().on_start()
        self.older: dict[str, str] | None = None  # a page read before the last save: a stale tab

    @task
    def save_scores(self):
        if state["stopping"]:
            return
        state["in_flight"] += 1
        try:
            self.edit_and_save()
        finally:
            state["in_flight"] -= 1

    def edit_and_save(self):
        fields = self.read_sheet()
        if fields is None:
            return
        criteria = [name.removeprefix("points_") for name in fields if name.startswith("points_")]
        changes = {}
        for criterion in random.sample(criteria, k=min(len(criteria), random.randint(1, 3))):
            shown = fields[f"points_{criterion}"].replace(",", ".")
            new = shown
            while new == shown:
                new = f"{Decimal(random.randint(0, CONFIG['max_points'] * 4)) / 4:.2f}".rstrip("0").rstrip(".")
            changes[criterion] = new
        form = fields
        if self.older is not None and random.random() < CONFIG["stale_share"]:
            form, self.older = self.older, None  # saved from a tab opened before the last save
            counters["stale_posts"] += 1
        for attempt in range(4):
            outcome = self.post(form, changes)
            if outcome != "conflict":
                if outcome == "saved":
                    self.older = fields
                return
            counters["conflicts"] += 1
            counters["retries"] += 1
            gevent.sleep(random.uniform(0.5, 1.5))  # the user reads the message, reloads
            form = fields = self.read_sheet()
            if fields is None:
                return
        counters["gave_up"] += 1

    def post(self, form: dict[str, str], changes: dict[str, str]) -> str:
        data = dict(form)
        for criterion, points in changes.items():
            data[f"points_{criterion}"] = points
        started = time.time()
        with self.client.post(
            self.url, data=data, name="POST year-sheet", allow_redirects=False, catch_response=True,
            headers={"Referer": self.host + self.url},
        ) as response:
            if response.status_code == 302:
                for criterion, points in changes.items():
                    acks.append({"unit": self.account["unit"], "criterion": int(criterion), "points": points,
                                 "user": self.account["username"], "sent": started, "acked": time.time()})
                return "saved"
            if response.status_code == 200 and CONFLICT_TEXT in response.text:
                return "conflict"
            response.failure(f"save refused ({response.status_code})")
            if len(problems) < 50:
                problems.append(f"{self.account['username']}: {response.status_code} {response.text[:300]!r}")
            return "failed"


def main() -> None:
    out_path = sys.argv[2]
    Reader.fixed_count, Writer.fixed_count = CONFIG["readers_count"], CONFIG["writers_count"]
    users = Reader.fixed_count + Writer.fixed_count
    env = Environment(user_classes=[Reader, Writer], host=CONFIG["host"], events=events)
    runner = env.create_local_runner()
    started = time.time()
    runner.start(users, spawn_rate=CONFIG["spawn_rate"])
    # Logging in hashes a password (PBKDF2) on the server: by design slow, so the measurement
    # starts once everybody is in, as in an office mid-morning.
    while counters["logged_in"] + state["failed_logins"] < users and time.time() - started < CONFIG["login_timeout"]:
        gevent.sleep(0.2)
    window_start = time.time()
    print(f"{counters['logged_in']} users logged in after {window_start - started:.1f} s; measuring "
          f"{CONFIG['duration']} s", flush=True)
    gevent.sleep(CONFIG["duration"])
    window_end = time.time()
    # Writers finish the save they are in (its answer is logged), then everybody stops: a save
    # cut off mid-flight would leave a write whose acknowledgement nobody saw.
    state["stopping"] = True
    while state["in_flight"] and time.time() - window_end < 60:
        gevent.sleep(0.1)
    runner.quit()
    report = {
        "started": started, "window": [window_start, window_end], "samples": samples, "acks": acks,
        "counters": counters | state, "problems": problems,
    }
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=False)


if __name__ == "__main__":
    main()
