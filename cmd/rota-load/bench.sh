#!/usr/bin/env bash
# Load benchmarks of a real Rota on a real, durable PostgreSQL (fsync on),
# the numbers in docs/PERFORMANCE.md. Run from the repository root:
#   make bench-load            (or: go run ./store/storetest/withpg -durable -- cmd/rota-load/bench.sh)
# Needs ROTA_TEST_DATABASE_URL (withpg sets it) and bin/rota, bin/rota-load.
# BENCH_SECONDS sets the length of the steady runs (default 20), BENCH_RUNS
# how many times each scenario runs (default 1), BENCH_ONLY a regular
# expression of the scenarios to run (e.g. 'hol|spread').
set -euo pipefail
: "${ROTA_TEST_DATABASE_URL:?run under withpg -durable}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
secs=${BENCH_SECONDS:-20}
runs=${BENCH_RUNS:-1}
only=${BENCH_ONLY:-.*}
sid=AC00000000000000000000000000000001
token=loadtesttoken0000000000000000000
service=MG00000000000000000000000000000001
n=0
rota_pid=

# start NAME PORT [ENV…]: a fresh database and a Rota on it; sets url, pw.
start() {
  local name=$1 port=$2; shift 2
  n=$((n + 1))
  local dbname="rota_bench_${name}_$$_$n"
  db="${ROTA_TEST_DATABASE_URL%/*}/${dbname}?sslmode=disable"
  # The previous scenario's writes are flushed first, so that its
  # checkpoint does not compete with this one's commits for the disk.
  psql "$ROTA_TEST_DATABASE_URL" -qc "CHECKPOINT" >/dev/null
  psql "$ROTA_TEST_DATABASE_URL" -qc "CREATE DATABASE $dbname" >/dev/null
  ROTA_DATABASE_URL="$db" bin/rota user create --email admin@example.com --name Admin --admin >"$work/$name.user"
  pw=$(sed -n 's/^One-time password: //p' "$work/$name.user")
  env ROTA_DATABASE_URL="$db" ROTA_LOG_LEVEL=warn "$@" bin/rota serve --listen 127.0.0.1:$port >"$work/$name.out" 2>"$work/$name.err" &
  rota_pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/readyz >/dev/null && break; sleep 0.1; done
  url=http://127.0.0.1:$port
}

# stop: ends the Rota of the scenario, so the next starts alone.
stop() {
  kill "$rota_pid" 2>/dev/null || true
  wait "$rota_pid" 2>/dev/null || true
}

# setup [N]: the load service (N engineers of their own: $work/keys); sets key.
setup() {
  if [ "${1:-0}" -gt 0 ]; then
    bin/rota-load setup -url "$url" -email admin@example.com -password "$pw" -engineers "$1" >"$work/keys"
  else
    bin/rota-load setup -url "$url" -email admin@example.com -password "$pw" >"$work/setup"
    key=$(sed -n 's/^key: //p' "$work/setup")
  fi
}

load() { cut -d' ' -f1 /proc/loadavg; }
rows=()
# row SCENARIO TARGET MEASURED: one line of the summary table.
row() { rows+=("| $1 | $2 | $3 | $(load) |"); }
field() { sed -n "$1" "$2" | head -1; }

sink=127.0.0.1:18766
twilio=127.0.0.1:18767
twilio_env() { echo ROTA_TWILIO_ACCOUNT_SID=$sid ROTA_TWILIO_AUTH_TOKEN=$token ROTA_TWILIO_FROM=+15559990000 ROTA_TWILIO_API_URL=http://$twilio ROTA_PUBLIC_URL=http://127.0.0.1:$1; }
fake=(-fake-twilio $twilio -twilio-account-sid $sid -twilio-auth-token $token)
p50p99='s/.*alert→page ms: p50 \([0-9.]*\).*p99 \([0-9.]*\).*/p50 \1 ms, p99 \2 ms/p'

# Every scenario runs on a fresh database and a fresh Rota, so one run's
# backlog and table growth cannot colour the next.
for run in $(seq "$runs"); do
if [[ latency =~ ^($only)$ ]]; then
  start latency 18765 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"; setup
  echo "== intake at 200 alerts/s: alert to page leaving the outbox (webhook sink)"
  bin/rota-load intake -url $url -key "$key" -rate 200 -c 50 -d "${secs}s" -sink $sink -settle 30s | tee "$work/out"
  row "alert → page leaving the outbox, 200 alerts/s (webhook sink)" "p99 ≤ 100 ms" "$(field "$p50p99" "$work/out")"
  stop
fi

if [[ sms =~ ^($only)$ ]]; then
  start sms 18768 $(twilio_env 18768) ROTA_TWILIO_RATE=1000; setup
  echo "== intake at 200 alerts/s for one engineer: alert to SMS request at Twilio (fake Twilio on loopback, real twilio-go)"
  bin/rota-load intake -url $url -key "$key" -rate 200 -c 50 -d "${secs}s" "${fake[@]}" -settle 30s | tee "$work/out"
  row "alert → SMS request, 200 alerts/s for one engineer (bundled)" "p99 ≤ 100 ms" "$(field "$p50p99" "$work/out")"
  stop
fi

if [[ spread =~ ^($only)$ ]]; then
  start spread 18771 $(twilio_env 18771) ROTA_TWILIO_RATE=1000; setup 200
  echo "== 200 alerts/s spread over 200 engineers for 10 s: alert to SMS request at Twilio"
  bin/rota-load intake -url $url -keys-file "$work/keys" -rate 200 -c 50 -d 10s -warmup 0s "${fake[@]}" -settle 30s | tee "$work/out"
  row "alert → SMS request, 200 alerts/s over 200 engineers, 10 s from a cold start" "p50 ≤ 15 ms, p99 ≤ 100 ms" "$(field "$p50p99" "$work/out")"
  stop
fi

if [[ hol =~ ^($only)$ ]]; then
  start hol 18772 $(twilio_env 18772) ROTA_TWILIO_RATE=1000; setup 151
  echo "== head of line: a 10 s flood over 150 engineers (32 clients), then one alert for an engineer the flood did not touch"
  bin/rota-load intake -url $url -keys-file "$work/keys" -engineers 150 -probe -c 32 -d 10s -warmup 0s "${fake[@]}" -settle 120s | tee "$work/out"
  alerts=$(field 's/^intake: \([0-9]*\) requests.*/\1/p' "$work/out")
  # Where the probe's wait went: the last alert is the probe's.
  psql "$db" -Atc "SELECT 'probe: page made ' || round(extract(epoch FROM p.created_at - a.created_at) * 1000) || ' ms after the alert was stored, sent ' || round(extract(epoch FROM p.sent_at - p.created_at) * 1000) || ' ms after that' FROM alerts a JOIN pages p ON p.alert_id = a.id WHERE a.id = (SELECT max(id) FROM alerts) ORDER BY p.id LIMIT 1" | tee -a "$work/out"
  row "head of line: after a 10 s flood over 150 engineers ($alerts alerts, ROTA_TWILIO_RATE=1000), one alert for an untouched engineer" "its SMS request ≤ 1 s" "$(field 's/^probe: .* arrived \([0-9]*\) ms.*/\1 ms/p' "$work/out")"
  stop
fi

if [[ service =~ ^($only)$ ]]; then
  start service 18773 $(twilio_env 18773) ROTA_TWILIO_MESSAGING_SERVICE_SID=$service ROTA_TWILIO_RATE=30; setup 200
  echo "== Messaging Service at 30 SMS/s: 3 alerts for each of 200 engineers at once, half of them low urgency"
  bin/rota-load intake -url $url -keys-file "$work/keys" -burst 3 -low-every 2 -c 16 "${fake[@]}" -settle 60s | tee "$work/out"
  row "Messaging Service at 30/s: 600 alerts for 200 engineers (half low urgency) at once" "all paged ≤ 10 s; firsts before repeats, high before low" \
    "$(field 's/^first SMS: \([0-9]*\) of \([0-9]*\) engineers paged; the last \([0-9.]*\)s.*/\1 of \2 paged, the last after \3 s/p' "$work/out"); $(field 's/^order after the burst was in: \([0-9]*\) SMS.*, \([0-9]*\) second SMS.*/\1 low before high, \2 repeats before firsts/p' "$work/out")"
  stop
fi

if [[ storm =~ ^($only)$ ]]; then
  start storm 18769 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"; setup
  echo "== storm: 10,000 alerts over 50 dedup keys"
  bin/rota-load intake -url $url -key "$key" -rate 1000 -c 50 -d 10s -warmup 0s -dedup-keys 50 -sink $sink -settle 30s | tee "$work/out"
  row "storm: 10,000 alerts over 50 dedup keys" "≤ 50 pages" "$(field 's/^pages received: \([0-9]*\).*/\1 pages/p' "$work/out")"
  stop
fi

for c in 1 4 16; do
  if [[ intake$c =~ ^($only)$ ]]; then
    start intake$c 18774 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"; setup
    echo "== intake, $c client(s) as fast as they go (PostgreSQL, fsync on, commit before 2xx)"
    bin/rota-load intake -url $url -key "$key" -c $c -d "${secs}s" -sink $sink -settle 120s | tee "$work/out"
    case $c in 1) want=1,500 ;; 4) want=2,500 ;; 16) want=4,000 ;; esac
    row "intake, $c client(s), commit before 2xx" "≥ $want alerts/s" "$(field 's/^intake: .* = \([0-9]*\)\/s.*/\1 alerts\/s/p' "$work/out") ($(field 's/^latency ms: p50 \([0-9.]*\).*p99 \([0-9.]*\).*/p50 \1 ms, p99 \2 ms/p' "$work/out"))"
    stop
  fi
done

# The ceiling under the intake rows: PostgreSQL alone running the statement
# intake commits per new alert (store.ingestTriggers on PostgreSQL: the
# upsert with its dedup-entry CTE, prepared as pgx prepares it), from 1 and
# 4 clients with nothing else running. Rota's rate from one client cannot
# exceed this.
if [[ pgceiling =~ ^($only)$ ]]; then
  start pgceiling 18775; setup; stop
  read -r sid_ tid_ pid_ < <(psql "$db" -At -F' ' -c "SELECT id, team_id, policy_id FROM services LIMIT 1")
  cat >"$work/ingest.sql" <<SQL
\set k random(1, 2000000000)
WITH up AS (INSERT INTO alerts (service_id, team_id, integration_id, dedup_key, status, urgency, severity, summary, source, details, labels, count, created_at, last_seen_at, held_until, suppressed, policy_id, step, loop, next_step_at) VALUES ($sid_, $tid_, NULL, 'k' || :k, 'triggered', 'high', 'critical', 'load test alert', 'rota-load', '{}', '{}', 1, now(), now(), NULL, false, $pid_, 0, 0, now()) ON CONFLICT (service_id, dedup_key) WHERE status <> 'resolved' DO UPDATE SET count = alerts.count + excluded.count, last_seen_at = excluded.last_seen_at RETURNING id, count, service_id, dedup_key, (xmax = 0) AS inserted), ev AS (INSERT INTO alert_events (alert_id, at, kind, message) SELECT id, now(), 'deduped', 'again' FROM up WHERE NOT inserted OR count > 1) SELECT id, count, service_id, dedup_key FROM up;
SQL
  for c in 1 4; do
    echo "== PostgreSQL alone: the intake statement from $c client(s) (pgbench -M prepared)"
    pgbench -n -M prepared -f "$work/ingest.sql" -c $c -j $(( c < 2 ? 1 : 2 )) -T "$secs" "$db" 2>&1 | tee "$work/out" | grep -E "tps|latency average"
    row "PostgreSQL alone, the intake statement, $c client(s)" "(ceiling of intake $c)" "$(field 's/^tps = \([0-9]*\).*/\1 statements\/s/p' "$work/out") ($(field 's/^latency average = \([0-9.]*\) ms/\1 ms each/p' "$work/out"))"
  done
fi

if [[ flood =~ ^($only)$ ]]; then
  start flood 18770 ROTA_PAGE_WEBHOOK_URL="http://$sink/pages"; setup
  echo "== intake, 128 clients as fast as they go (PostgreSQL, fsync on, commit before 2xx)"
  bin/rota-load intake -url $url -key "$key" -c 128 -d "${secs}s" -sink $sink -settle 300s | tee "$work/out"
  row "intake, 128 clients, commit before 2xx" "≥ 3,000 alerts/s" "$(field 's/^intake: .* = \([0-9]*\)\/s.*/\1 alerts\/s/p' "$work/out")"
  stop
fi
done

echo
echo "| scenario | target | measured | load average |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
