#!/bin/bash
# run.sh SERVER_BINARY [DURATION] [PROFILE_FILE]: starts the built server on
# a fresh database and free loopback ports, runs loadgen (16 clients) and
# the pgbench baselines against it, and stops it. With PROFILE_FILE, a 4 s
# CPU profile of the sealed-bid phase is saved there (docs/performance.md).
# With PHASE=close it runs the close-lateness phase instead: 100,000 open
# projects, 1,000 closing within one minute, 16 sealed-bid clients meanwhile.
# With PHASE=close REPLICAS=2 a second server runs on the same database
# (its own scheduler) and the bids are spread over both.
# KEEP_DB=1 keeps the database and the server log for a look afterwards.
# CLIENTS=N runs the bid phases (and their baselines) with N clients.
set -u
BIN=$1; D=${2:-15s}; PROF=${3:-}
BENCH=${BENCH:-../shared/bench}
DB=loadgen_$$
URL="postgres://postgres@127.0.0.1:5432/$DB?sslmode=disable"
createdb -h 127.0.0.1 -U postgres "$DB" || exit 1
LOG=$(mktemp)
DATABASE_URL=$URL RUN_MIGRATIONS=1 HTTP_ADDR=127.0.0.1:0 METRICS_ADDR=127.0.0.1:0 MARKET_MIN_BIDDING_WINDOW=1s \
	LOG_LEVEL=info "$BIN" >"$LOG" 2>&1 &
SPID=$!
for _ in $(seq 1 240); do grep -q '"msg":"serving"' "$LOG" && break; sleep 0.5; done
HTTP=$(grep '"msg":"serving"' "$LOG" | grep -o '"url":"http://[0-9.:]*' | head -1 | cut -d'"' -f4)
OPS=$(grep -o 'http://[0-9.:]*/metrics' "$LOG" | head -1 | sed 's#/metrics##')
URLS=$HTTP
if [ "${REPLICAS:-1}" = 2 ]; then
	LOG2=$(mktemp)
	DATABASE_URL=$URL HTTP_ADDR=127.0.0.1:0 METRICS_ADDR=127.0.0.1:0 MARKET_MIN_BIDDING_WINDOW=1s \
		LOG_LEVEL=info "$BIN" >"$LOG2" 2>&1 &
	SPID2=$!
	for _ in $(seq 1 240); do grep -q '"msg":"serving"' "$LOG2" && break; sleep 0.5; done
	URLS="$HTTP,$(grep '"msg":"serving"' "$LOG2" | grep -o '"url":"http://[0-9.:]*' | head -1 | cut -d'"' -f4)"
	echo "replicas: $URLS"
fi
if [ -n "$PROF" ]; then
	# Profile once the first sealed bid is counted (set-up registers with argon2id).
	(for _ in $(seq 1 600); do curl -s "$OPS/metrics" | grep -q 'bids/mine' && break; sleep 0.3; done
	 curl -s -o "$PROF" "$OPS/debug/pprof/profile?seconds=4") &
fi
uptime
if [ "${PHASE:-bids}" = close ]; then
	go run ./tools/loadgen -phase close -url "$URLS" -db "$URL" -c 16
else
	go run ./tools/loadgen -url "$HTTP" -db "$URL" -bench "$BENCH" -c "${CLIENTS:-16}" -d "$D" -projects "${PROJECTS:-20}"
fi
uptime
kill "$SPID"; wait "$SPID" 2>/dev/null
if [ -n "${SPID2:-}" ]; then kill "$SPID2"; wait "$SPID2" 2>/dev/null; fi
if [ -n "${KEEP_DB:-}" ]; then echo "kept database $DB and server log $LOG"; else dropdb -h 127.0.0.1 -U postgres "$DB"; rm -f "$LOG"; fi
