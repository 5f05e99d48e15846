"""The application survives a PostgreSQL restart: requests fail cleanly while the database is
down and work again once it is back, without restarting the application.

It runs the real server (gunicorn) against a throwaway PostgreSQL cluster of its own, so the
shared database of the other tests is never touched.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("THIDUA_PG_BIN", "/usr/lib/postgresql/15/bin"))
REQUIRED = os.environ.get("THIDUA_TEST_POSTGRES") == "1"
available = (PG_BIN / "initdb").exists() and shutil.which("runuser") and os.geteuid() == 0
if not available:
    if REQUIRED:
        raise RuntimeError(f"THIDUA_TEST_POSTGRES=1 but PostgreSQL binaries are not usable from {PG_BIN} as root")
    pytest.skip("needs PostgreSQL binaries and root to run a throwaway cluster", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, timeout=60)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def cluster():
    # Outside pytest's tmp_path: the postgres user must be able to reach the folder.
    folder = Path(f"/tmp/thidua-pg-{os.getpid()}-{time.time_ns()}")
    folder.mkdir()
    shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = free_port()
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
             "-l", str(folder / "log"), "-w"]
    as_postgres(*start, "start")
    yield {"port": port, "start": lambda: as_postgres(*start, "start"),
           "stop": lambda: as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")}
    subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                   capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def test_requests_fail_cleanly_while_postgresql_is_down_and_recover(cluster, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:{cluster['port']}/postgres", DEBUG="False",
               SECRET_KEY="restart-test-secret-key-0123456789", ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="False", THIDUA_PLAIN_STATIC="True", DATABASE_CONN_MAX_AGE="60",
               THIDUA_VAR_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-m", "thidua", "migrate", "-v0"], env=env, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "thidua.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "60"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/suc-khoe/"
        for _ in range(100):
            try:
                if get(url) == 200:
                    break
            except urllib.error.URLError:
                time.sleep(0.2)
        assert get(url) == 200
        cluster["stop"]()
        assert get(url) == 503  # a clear answer, not a hang or a crash of the worker
        assert get(f"http://127.0.0.1:{port}/dang-nhap/") == 200  # pages that need no database still serve
        cluster["start"]()
        assert get(url) == 200  # the same worker reconnects by itself
    finally:
        server.terminate()
        server.wait(timeout=20)
