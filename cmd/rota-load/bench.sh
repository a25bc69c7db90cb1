#!/usr/bin/env bash
# Load benchmarks of a real Rota on a real, durable PostgreSQL (fsync on),
# the numbers in docs/PERFORMANCE.md. Run from the repository root:
#   make bench-load            (or: go run ./store/storetest/withpg -durable -- cmd/rota-load/bench.sh)
# Needs ROTA_TEST_DATABASE_URL (withpg sets it) and bin/rota, bin/rota-load.
set -euo pipefail
: "${ROTA_TEST_DATABASE_URL:?run under withpg -durable}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
db="${ROTA_TEST_DATABASE_URL%/*}/rota_bench_$$?sslmode=disable"
psql "$ROTA_TEST_DATABASE_URL" -qc "CREATE DATABASE rota_bench_$$" >/dev/null
port=18765; sink=127.0.0.1:18766
ROTA_DATABASE_URL="$db" bin/rota user create --email admin@example.com --name Admin --admin >"$work/user"
pw=$(sed -n 's/^One-time password: //p' "$work/user")
ROTA_DATABASE_URL="$db" ROTA_PAGE_WEBHOOK_URL="http://$sink/pages" ROTA_LOG_LEVEL=warn \
  bin/rota serve --listen 127.0.0.1:$port >"$work/serve.out" 2>"$work/serve.err" &
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/readyz >/dev/null && break; sleep 0.1; done
url=http://127.0.0.1:$port
bin/rota-load setup -url $url -email admin@example.com -password "$pw" >"$work/setup"
key=$(sed -n 's/^key: //p' "$work/setup")
echo "== intake, 64 clients as fast as they go (PostgreSQL, fsync on, commit before 2xx)"
bin/rota-load intake -url $url -key "$key" -c 64 -d "${BENCH_SECONDS:-20}s" -sink $sink -settle 180s
echo "== intake at 200 alerts/s: alert to page leaving the outbox"
bin/rota-load intake -url $url -key "$key" -rate 200 -c 50 -d "${BENCH_SECONDS:-20}s" -sink $sink -settle 5s
echo "== storm: 10,000 alerts over 50 dedup keys"
bin/rota-load intake -url $url -key "$key" -rate 1000 -c 50 -d 10s -warmup 0s -dedup-keys 50 -sink $sink -settle 5s
