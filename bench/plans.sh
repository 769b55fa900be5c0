#!/usr/bin/env bash
# The query plans of the read phases, on a database that bench/run.sh seeded: PostgreSQL's own plans (auto_explain,
# with actual times and buffers) of every statement the list and ticket requests run, and the Lucene query of every
# search word the search phases use. Written to bench/results/plans-<tickets>-<commit>.txt and to stdout.
#   bench/plans.sh --db relais_bench [--port 18080] [--pg-log /var/log/postgresql/postgresql-15-main.log]
# The server log is read where Debian's pg_lsclusters says it is, unless --pg-log names it.
set -euo pipefail
cd "$(dirname "$0")/.."

db=relais_bench port=18080 pg_log="" heap=1g
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --pg-log) pg_log=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/common.sh
token_file="$tmp/token-$db"
if [ ! -s "$token_file" ]; then
  echo "no bench database $db here: seed it with bench/run.sh --db $db first" >&2
  exit 1
fi
if [ -z "$pg_log" ]; then
  pg_log=$(pg_lsclusters --no-header 2>/dev/null | awk '$3 == 5432 { print $7 }' | head -n 1)
fi
if [ -z "$pg_log" ] || [ ! -r "$pg_log" ]; then
  echo "cannot read PostgreSQL's log (${pg_log:-not found}); name it with --pg-log" >&2
  exit 1
fi
build_bench
tickets=$($pg -d "$db" -c "select count(*) from ticket")

# Every statement of Relais's sessions on this database is explained into the server log; only the sessions opened
# after this see it, and the settings are taken back on the way out, however the script ends.
$pg -d "$db" -c "alter database $db set session_preload_libraries = 'auto_explain'" \
  -c "alter database $db set auto_explain.log_min_duration = 0" -c "alter database $db set auto_explain.log_analyze = on" \
  -c "alter database $db set auto_explain.log_buffers = on" -c "alter database $db set auto_explain.log_format = 'text'"
reset_explain() {
  $pg -d "$db" -c "alter database $db reset session_preload_libraries" -c "alter database $db reset auto_explain.log_min_duration" \
    -c "alter database $db reset auto_explain.log_analyze" -c "alter database $db reset auto_explain.log_buffers" \
    -c "alter database $db reset auto_explain.log_format"
}

relais_env "$db" "$port"
log="$tmp/relais-plans-$db.log"
# Nothing in the background (mail fetching, outbox delivery, SLA alerts) to mix its statements with the requests'.
start_relais "$heap" "$log" --relais.sla.alert-interval=PT24H --relais.mail.fetch.enabled=false --relais.outbox.enabled=false \
  --logging.level.io.relais.search.TicketSearch=debug
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; reset_explain' EXIT

out="bench/results/plans-$tickets-$(git rev-parse --short HEAD 2>/dev/null || echo unknown).txt"
java -cp "$cp" io.relais.bench.Plans --base "http://127.0.0.1:$port" --token-file "$token_file" --tickets "$tickets" \
  --ids "$(bench_ids "$db")" --pg-log "$pg_log" --relais-log "$log" --db "$db" --out "$out"
