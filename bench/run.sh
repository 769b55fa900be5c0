#!/usr/bin/env bash
# Benchmarks Relais on PostgreSQL: starts Relais on its own database, seeds it if it does not hold
# exactly --tickets tickets, runs the load phases, writes JSON to bench/results/, stops what it started.
#   bench/run.sh --tickets 100000 [--rounds 3] [--seconds 15] [--max-requests 20000] [--warmup-seconds 5]
#                [--jvm-warmup-seconds 120] [--phases a,b] [--reseed] [--heap 1g] [--port 18080] [--db relais_bench]
#                [--mail-messages 10000]   (the mail_ingest phase; 0 skips it)
#                [--mail-warmup 5000]      (messages taken through another mailbox before mail_ingest's, not measured)
#                [--gateway-messages 2000] (the mail_gateway phase, at 1 then 8 clients; 0 skips it)
#                [--sla-recompute 100000]  (the sla_recompute pass over that many active tickets; 0 skips it)
#                [--import-messages 10000] (the mail_import phase: an mbox through import-mail, server stopped; 0 skips it)
#                [--reuse]                 (keep a database seeded earlier that holds more than --tickets tickets: the
#                                           warm-up and create phases add some; for comparing changes, not for results)
# RELAIS_JAVA_OPTS / BENCH_JAVA_OPTS add JVM options to Relais's / the load driver's JVM (e.g. -XX:StartFlightRecording=filename=/tmp/r.jfr to profile).
set -euo pipefail
cd "$(dirname "$0")/.."

tickets=100000 rounds=3 seconds=15 cap=20000 warmup=5 jvm_warmup=120 port=18080 db=relais_bench phases="" reseed=0 reuse=0 heap=1g fail="" mail=10000 mail_warmup=5000 gateway=2000 recompute=100000 import=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --tickets) tickets=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --max-requests) cap=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --jvm-warmup-seconds) jvm_warmup=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --phases) phases=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --reseed) reseed=1; shift ;;
    --reuse) reuse=1; shift ;;
    --mail-messages) mail=$2; shift 2 ;;
    --mail-warmup) mail_warmup=$2; shift 2 ;;
    --gateway-messages) gateway=$2; shift 2 ;;
    --import-messages) import=$2; shift 2 ;;
    --sla-recompute) recompute=$2; shift 2 ;;
    --fail-on-errors) fail="--fail-on-errors true"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/common.sh
mkdir -p "$tmp"
token_file="$tmp/token-$db"
log="$tmp/relais-$db.log"

build_bench

if ! $pg -d postgres -c "select 1 from pg_database where datname = '$db'" | grep -q 1; then
  $pg -d postgres -c "create database $db"
fi
count=$($pg -d "$db" -c "select count(*) from ticket" 2>/dev/null || echo -1)
if [ "$reuse" = 1 ] && [ "$reseed" = 0 ] && [ "$count" -ge "$tickets" ] && [ -s "$token_file" ]; then
  echo "== reusing $db ($count tickets, $((count - tickets)) added by earlier runs)" >&2
  seed=0
elif [ "$reseed" = 1 ] || [ "$count" != "$tickets" ] || [ ! -s "$token_file" ]; then
  echo "== fresh database $db (found $count tickets, want $tickets)" >&2
  $pg -d postgres -c "drop database if exists $db" -c "create database $db"
  seed=1
else
  seed=0
fi

relais_env "$db" "$port"
if [ "$seed" = 1 ]; then rm -rf "$RELAIS_INDEX_DIR"; fi
# A plans run (bench/plans.sh) that was cut off may have left its statement explainer on this database.
$pg -d "$db" -c "alter database $db reset session_preload_libraries"
# The seeded history is two years old: every open ticket's clock is long breached, and the SLA alert
# job would spend the run notifying about them. It looks once a day here instead of every 15 s.
# The load sends each of the 600 requesters dozens of new tickets within minutes, where a real one sends a few
# a day: the per-address limit on automatic mails (10 an hour, against loops) would skip most acknowledgements,
# and the creation phases would measure less than a desk does. The limit is raised so that every one is sent.
start_relais "$heap" "$log" --relais.sla.alert-interval=PT24H --relais.mail.auto-replies-per-hour=1000000

if [ "$seed" = 1 ]; then
  echo "== seeding $tickets tickets" >&2
  java -cp "$cp" io.relais.bench.Seeder --url "$RELAIS_DB_URL" --user postgres --tickets "$tickets" --token-file "$token_file" \
    | tee "$tmp/seed-$db-$tickets.json"
fi

ids=$(bench_ids "$db")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/$stamp-$tickets.json"
echo "== measuring (Relais pid $pid)" >&2
RELAIS_GIT=$(git rev-parse --short HEAD 2>/dev/null || echo "?") \
RELAIS_JAVA=$(java -version 2>&1 | head -n 1) \
RELAIS_PG_VERSION=$($pg -d "$db" -c "show server_version") \
java ${BENCH_JAVA_OPTS:-} -cp "$cp" io.relais.bench.LoadDriver --base "http://127.0.0.1:$port" --token-file "$token_file" --tickets "$tickets" \
  --relais-pid "$pid" --rounds "$rounds" --seconds "$seconds" --max-requests "$cap" --warmup-seconds "$warmup" --jvm-warmup-seconds "$jvm_warmup" \
  --ids "$ids" --out "$out" ${phases:+--phases "$phases"} $fail --rebuild-index "$( [ "$seed" = 1 ] && echo true || echo false )" \
  --mail-messages "$mail" --mail-warmup "$mail_warmup" --gateway-messages "$gateway" --sla-recompute "$recompute" --db-url "$RELAIS_DB_URL" --db-user postgres

# mail_import: an mbox imported by the import-mail command, which needs the server stopped (it uses the
# server's database and embedded search index); added to the same results file.
if [ "$import" -gt 0 ] && { [ -z "$phases" ] || [[ ",$phases," == *",mail_import,"* ]]; }; then
  echo "== mail_import: $import messages through java -jar target/relais.jar import-mail (server stopped)" >&2
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  java -cp "$cp" io.relais.bench.MailImportBench --db-url "$RELAIS_DB_URL" --db-user postgres --messages "$import" --merge "$out"
fi

