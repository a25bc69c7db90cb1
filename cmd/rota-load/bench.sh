#!/usr/bin/env bash
# Load benchmarks of a real Rota on a real, durable PostgreSQL (fsync on),
# the numbers in docs/PERFORMANCE.md. Run from the repository root:
#   make bench-load            (or: go run ./store/storetest/withpg -durable -- cmd/rota-load/bench.sh)
# Needs ROTA_TEST_DATABASE_URL (withpg sets it) and bin/rota, bin/rota-load.
set -euo pipefail
: "${ROTA_TEST_DATABASE_URL:?run under withpg -durable}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
secs=${BENCH_SECONDS:-20}
sid=AC00000000000000000000000000000001
token=loadtesttoken0000000000000000000

# start NAME PORT [ENV…]: a fresh database and a Rota on it; sets url and key.
start() {
  local name=$1 port=$2; shift 2
  local db="${ROTA_TEST_DATABASE_URL%/*}/rota_bench_${name}_$$?sslmode=disable"
  psql "$ROTA_TEST_DATABASE_URL" -qc "CREATE DATABASE rota_bench_${name}_$$" >/dev/null
  ROTA_DATABASE_URL="$db" bin/rota user create --email admin@example.com --name Admin --admin >"$work/$name.user"
  local pw; pw=$(sed -n 's/^One-time password: //p' "$work/$name.user")
  env ROTA_DATABASE_URL="$db" ROTA_LOG_LEVEL=warn "$@" bin/rota serve --listen 127.0.0.1:$port >"$work/$name.out" 2>"$work/$name.err" &
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/readyz >/dev/null && break; sleep 0.1; done
  url=http://127.0.0.1:$port
  bin/rota-load setup -url $url -email admin@example.com -password "$pw" >"$work/$name.setup"
  key=$(sed -n 's/^key: //p' "$work/$name.setup")
}

sink=127.0.0.1:18766
twilio=127.0.0.1:18767
twilio_env=(ROTA_TWILIO_ACCOUNT_SID=$sid ROTA_TWILIO_AUTH_TOKEN=$token ROTA_TWILIO_FROM=+15559990000 ROTA_TWILIO_API_URL=http://$twilio ROTA_TWILIO_RATE=5000)

# Every scenario runs on a fresh database and a fresh Rota, so one run's
# backlog and table growth cannot colour the next.
start latency 18765 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"
echo "== intake at 200 alerts/s: alert to page leaving the outbox (webhook sink)"
bin/rota-load intake -url $url -key "$key" -rate 200 -c 50 -d "${secs}s" -sink $sink -settle 30s

start sms 18768 "${twilio_env[@]}" ROTA_PUBLIC_URL=http://127.0.0.1:18768
echo "== intake at 200 alerts/s: alert to SMS request at Twilio (fake Twilio on loopback, real twilio-go)"
bin/rota-load intake -url $url -key "$key" -rate 200 -c 50 -d "${secs}s" -fake-twilio $twilio -twilio-account-sid $sid -twilio-auth-token $token -settle 30s

start storm 18769 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"
echo "== storm: 10,000 alerts over 50 dedup keys"
bin/rota-load intake -url $url -key "$key" -rate 1000 -c 50 -d 10s -warmup 0s -dedup-keys 50 -sink $sink -settle 30s

start flood 18770 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"
echo "== intake, 128 clients as fast as they go (PostgreSQL, fsync on, commit before 2xx)"
bin/rota-load intake -url $url -key "$key" -c 128 -d "${secs}s" -sink $sink -settle 300s
