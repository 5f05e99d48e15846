#!/usr/bin/env bash
# Fuzz the JSON API against its own OpenAPI schema: no generated request may get a 5xx.
#
# A throwaway SQLite database with the demo loaded, gunicorn on a local port, a token for the
# demo's province office account (phongtdkt), then schemathesis with the not_a_server_error
# check. Path and body ids come half the time from the demo's real rows (so requests get past
# "not found" into the services) and are fuzzed otherwise; the self-score operations run with
# the token of a unit's emulation officer (canbo.sct), the only role they serve.
# Exit status is schemathesis's: non-zero on any failure. Takes a few minutes.
#   SCHEMATHESIS_MAX_EXAMPLES (default 30), SCHEMATHESIS_PORT (default 8765), SCHEMATHESIS_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN="$ROOT/.venv/bin"
PORT="${SCHEMATHESIS_PORT:-8765}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-30}"

if [ ! -x "$BIN/schemathesis" ]; then
    echo "schemathesis is not installed: $BIN/pip install -e '.[dev]'" >&2
    exit 2
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Everything in the temporary directory: the project's own var/ is never touched.
export DEBUG=True
export SECRET_KEY="schemathesis-only-not-a-secret"
export THIDUA_VAR_DIR="$WORK/var"
export DATABASE_URL="sqlite:///$WORK/api.sqlite3"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export LOG_LEVEL=ERROR  # 4xx answers are the point of fuzzing; 5xx are still logged

echo "== database and demo data in $WORK"
"$BIN/thidua" migrate --no-input -v 0
"$BIN/thidua" demo > /dev/null
TOKEN="$("$BIN/thidua" api_token phongtdkt --name schemathesis 2> /dev/null)"
OFFICER_TOKEN="$("$BIN/thidua" api_token canbo.sct --name schemathesis 2> /dev/null)"
export TOKEN OFFICER_TOKEN

# The demo's ids, as schemathesis dictionaries (TOML written by the app's own shell).
export SCHEMATHESIS_CONFIG="$WORK/schemathesis.toml"
cat > "$SCHEMATHESIS_CONFIG" <<'TOML'
headers = { Authorization = "Bearer ${TOKEN}" }

TOML
"$BIN/thidua" shell --no-imports -c '
import json, os
from thidua.awards.models import Proposal
from thidua.cycles.models import ClusterYear, Criterion
from thidua.organisations.models import Cluster, Person, Unit
ids = {
    "units": Unit.objects.order_by("id").values_list("id", flat=True)[:30],
    "clusters": Cluster.objects.values_list("id", flat=True),
    "people": Person.objects.order_by("id").values_list("id", flat=True)[:30],
    "years": ClusterYear.objects.values_list("id", flat=True),
    "criteria": Criterion.objects.values_list("id", flat=True),
    "proposals": Proposal.objects.values_list("id", flat=True),
}
with open(os.environ["SCHEMATHESIS_CONFIG"], "a", encoding="utf-8") as config:
    for name, values in ids.items():
        config.write(f"[dictionaries.{name}]\nvalues = {json.dumps(list(values) or [1])}\n\n")
'
cat >> "$SCHEMATHESIS_CONFIG" <<'TOML'
[parameters]
"path.unit_id" = { dictionary = "units", probability = 0.5 }
"path.cluster_id" = { dictionary = "clusters", probability = 0.5 }
"path.person_id" = { dictionary = "people", probability = 0.5 }
"path.year_id" = { dictionary = "years", probability = 0.5 }
"path.criterion_id" = { dictionary = "criteria", probability = 0.5 }
"path.proposal_id" = { dictionary = "proposals", probability = 0.5 }
"query.unit" = { dictionary = "units", probability = 0.5 }
"body.unit" = { dictionary = "units", probability = 0.5 }

[[operations]]
include-path-regex = "/self-scores"
headers = { Authorization = "Bearer ${OFFICER_TOKEN}" }
TOML

echo "== gunicorn on 127.0.0.1:$PORT"
"$BIN/gunicorn" thidua.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 --control-socket "$WORK/gunicorn.ctl" \
    --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" >> "$WORK/gunicorn.log" 2>&1 &
SERVER_PID=$!
SCHEMA="http://127.0.0.1:$PORT/api/v1/openapi.json"
for _ in $(seq 1 60); do
    if "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$SCHEMA" 2> /dev/null; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2> /dev/null; then
        cat "$WORK/gunicorn.log" >&2
        exit 1
    fi
    sleep 0.5
done

echo "== schemathesis ($MAX_EXAMPLES examples per operation)"
seed=()
if [ -n "${SCHEMATHESIS_SEED:-}" ]; then seed=(--seed "$SCHEMATHESIS_SEED"); fi
status=0
# Run from the temporary directory so that Hypothesis keeps no example database in the tree.
(cd "$WORK" && "$BIN/schemathesis" --config-file "$SCHEMATHESIS_CONFIG" run "$SCHEMA" \
    --checks not_a_server_error \
    --phases coverage,fuzzing \
    --max-examples "$MAX_EXAMPLES" \
    --workers 2 \
    --request-timeout 30 \
    ${seed[@]+"${seed[@]}"}) || status=$?

if [ "$status" -ne 0 ] && [ -s "$WORK/gunicorn.log" ]; then
    echo "== server errors (gunicorn.log)" >&2
    tail -n 80 "$WORK/gunicorn.log" >&2
fi
exit "$status"
