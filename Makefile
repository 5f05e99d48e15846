# ThiĐua – the two commands of the README, and their helpers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/thidua
# Two workers: the target machines have two cores.
PYTEST_WORKERS ?= 2
# Where `make run` serves.
RUN_ADDR ?= 127.0.0.1:8000

.PHONY: run test test-sqlite test-postgres lint install clean bench bench-load

$(BIN)/thidua: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(BIN)/thidua

# The task consumer (daily e-mail reminders) runs in the background while runserver runs in
# the foreground; whichever way runserver ends (Ctrl-C, error), the trap stops the consumer.
run: install
	DEBUG=True $(BIN)/thidua migrate --no-input
	DEBUG=True $(BIN)/thidua demo
	@echo "Mở http://$(RUN_ADDR) và đăng nhập bằng một tài khoản mẫu ở trên."
	@echo "Tác vụ nền (thư nhắc việc hằng ngày) chạy cùng: thidua run_huey."
	DEBUG=True $(BIN)/thidua run_huey & huey_pid=$$!; \
	trap 'kill $$huey_pid 2>/dev/null; wait $$huey_pid 2>/dev/null' EXIT INT TERM; \
	DEBUG=True $(BIN)/thidua runserver $(RUN_ADDR)

lint: install
	$(BIN)/lint-imports

test-sqlite: install
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS)

# PostgreSQL runs too when asked (THIDUA_TEST_POSTGRES=1) or when it answers on 127.0.0.1:5432.
test: lint test-sqlite
	@if [ "$$THIDUA_TEST_POSTGRES" = "1" ] || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "== PostgreSQL =="; $(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL không chạy trên 127.0.0.1:5432: bỏ qua lượt kiểm thử PostgreSQL."; \
	fi

clean:
	rm -rf $(VENV) var/ *.egg-info

# Benchmarks (not tests): a synthetic province in var/bench.sqlite3 unless DATABASE_URL says otherwise,
# then the load benchmark (gunicorn + locust on PostgreSQL). Not part of `make test` or CI.
bench: install
	$(BIN)/python bench/province.py
	$(BIN)/python bench/eligibility_pure.py
	$(MAKE) --no-print-directory bench-load

# The load benchmark alone: PostgreSQL on 127.0.0.1:5432 (BENCH_PG=postgres://user@host:port to change),
# database thidua_bench (made once, then reused). Options: BENCH_LOAD_ARGS="--duration 30 --readers 20".
# LOCUST_PYTHON: a Python with locust, if not this venv's.
LOCUST_PYTHON ?= $(BIN)/python
BENCH_LOAD_ARGS ?=
bench-load: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/load.py --locust-python $(LOCUST_PYTHON) $(BENCH_LOAD_ARGS)
