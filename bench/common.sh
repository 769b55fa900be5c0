# Shared by bench/run.sh and bench/plans.sh (sourced, not run): how the bench builds, points Relais at a bench
# database and starts it.

pg="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA"
tmp=bench/results/tmp
cp="bench/target/classes:bench/target/lib/*"

build_bench() {
  echo "== building Relais and the bench" >&2
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q -f bench/pom.xml package
}

# relais_env DB PORT: the environment Relais runs with on a bench database.
relais_env() {
  export RELAIS_DB_URL="jdbc:postgresql://127.0.0.1:5432/$1" RELAIS_DB_USER=postgres RELAIS_DB_PASSWORD="" PORT=$2
  # A fixed key for bench databases only: the mail_ingest phase writes its mailbox's password with it.
  export RELAIS_SECRET_KEY="YmVuY2gtb25seS1zZWNyZXQta2V5LW5vdC1mb3ItcHJvZHVjdGlvbg=="
  export RELAIS_BASE_URL="http://127.0.0.1:$2"
  # Each bench database has its own search index next to its token.
  export RELAIS_INDEX_DIR="$tmp/index-$1"
}

# start_relais HEAP LOG [ARG...]: starts target/relais.jar in the background (pid in $pid, stopped on exit) and
# waits until it answers its health check.
start_relais() {
  local heap=$1 log=$2
  shift 2
  java -Xmx"$heap" ${RELAIS_JAVA_OPTS:-} -jar target/relais.jar "$@" > "$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { echo "Relais did not start, see $log" >&2; exit 1; }
    sleep 1
  done
  curl -fs "http://127.0.0.1:$PORT/actuator/health" > /dev/null
}

# bench_ids DB: the seeded groups' first id, the first contact and the Printers category, as the drivers take them.
bench_ids() {
  echo "$($pg -d "$1" -c "select min(id) from agent_group where name in ('Support-FR','Support-EN','Infrastructure')"),$($pg -d "$1" -c "select min(id) from contact"),$($pg -d "$1" -c "select id from ticket_category where name_en = 'Printers'")"
}
