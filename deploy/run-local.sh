#!/usr/bin/env bash
# Runs the whole Tributary system as plain processes on this machine, for users without containers:
# the platform, then order-sample and payment-sample (and, with --with-relay, the standalone outbox relay),
# using the local PostgreSQL.
#
#   deploy/run-local.sh [start] [--with-relay]   build missing or stale jars, create missing databases, start, wait until ready
#   deploy/run-local.sh stop                     stop what start started (SIGTERM: graceful shutdown)
#   deploy/run-local.sh status                   pid and readiness of each service
#
# Logs, pids and the platform's data go to deploy/.run/ (TRIBUTARY_RUN_DIR to change it). The platform starts from a
# class data archive made by a training run after each build (see platform_archive below; TRIBUTARY_CDS set to false:
# without it).
# Settings (environment): PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD (empty: trust auth),
# PLATFORM_PORT (8080), ORDER_PORT (8081), PAYMENT_PORT (8082), RELAY_PORT (8083), JAVA_HOME, TRIBUTARY_CDS (true).
# Any Spring setting can be given as an environment variable too (deploy/README.md has the table).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_dir="${TRIBUTARY_RUN_DIR:-$root/deploy/.run}"
pg_host="${PGHOST:-127.0.0.1}"
pg_port="${PGPORT:-5432}"
pg_user="${PGUSER:-postgres}"
pg_password="${PGPASSWORD:-}"
platform_port="${PLATFORM_PORT:-8080}"
order_port="${ORDER_PORT:-8081}"
payment_port="${PAYMENT_PORT:-8082}"
relay_port="${RELAY_PORT:-8083}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
start_timeout=180

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "error: $*" >&2; exit 1; }

# The Chronicle Queue flags come from the root pom (their one source of truth), as for the tests and images.
# A property's value may be a reference to another one (<a>${b}</a>): follow it.
pom_property() {
  local value
  value="$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | tail -n 1)"
  if [[ "$value" =~ ^\$\{([^}]+)\}$ ]]; then
    pom_property "${BASH_REMATCH[1]}"
  else
    printf '%s' "$value"
  fi
}

java_feature() {
  local feature
  feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  printf '%s' "${feature%%.*}"
}

java_flags() {
  local flags
  flags="-XX:MaxRAMPercentage=75 $(pom_property chronicle.jvm.args)"
  if [ "$(java_feature)" -ge 24 ] 2>/dev/null; then
    flags="$flags $(pom_property chronicle.jvm.args.modern)"
  fi
  printf '%s' "$flags"
}

module_present() { [ -f "$root/$1/pom.xml" ]; }

exec_jar() {
  local jar
  for jar in "$root/$1/target/$1"-*-exec.jar; do
    [ -f "$jar" ] && { printf '%s' "$jar"; return 0; }
  done
  return 1
}

# A jar is stale when any module's main sources or any pom changed after it was built.
jar_stale() {
  [ -n "$(find "$root" -maxdepth 2 -name pom.xml -newer "$1" -print -quit)" ] \
    || [ -n "$(find "$root"/*/src/main -newer "$1" -print -quit 2>/dev/null)" ]
}

build_missing_jars() {
  local missing=()
  local module jar
  for module in "$@"; do
    if ! jar="$(exec_jar "$module")" || jar_stale "$jar"; then
      missing+=("$module")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    local list
    list="$(IFS=,; echo "${missing[*]}")"
    log "building $list (./mvnw package, tests skipped)"
    (cd "$root" && ./mvnw -B -q -pl "$list" -am package -Dmaven.test.skip=true)
  fi
}

psql_admin() {
  PGPASSWORD="$pg_password" psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

create_database() {
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" != "1" ]; then
    log "creating database $1"
    psql_admin -c "CREATE DATABASE $1"
  fi
}

http_ok() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null)" || return 1
  [ "${code:0:1}" = "2" ]
}

pid_of() {
  local file="$run_dir/pids/$1.pid"
  [ -f "$file" ] || return 1
  local pid
  pid="$(cat "$file")"
  # Alive and still our java process (not a pid reused by something else).
  ps -p "$pid" -o args= 2>/dev/null | grep -q -- '-exec\.jar' || return 1
  printf '%s' "$pid"
}

# Prints the JVM option that starts the platform from a class data archive, and makes the archive first if it is
# missing or older than the jar: the JVM stores the classes a training run loads (it starts the application context
# once, on a throw-away data directory, and exits) and maps them at the next starts, which takes about half the CPU
# off start-up. JDK 25+: an AOT cache (classes loaded and linked, with their profiles); older: a dynamic CDS archive.
# The archive holds classes only from a plain class path, so JAR is the exec jar extracted (extract_platform).
# Prints nothing (start without) if the training fails or TRIBUTARY_CDS is false.
platform_archive() {
  local jar="$1" archive make use
  [ "${TRIBUTARY_CDS:-true}" = "true" ] || return 0
  if [ "$(java_feature)" -ge 25 ] 2>/dev/null; then
    archive="${jar%.jar}.aot" make="-XX:AOTCacheOutput" use="-XX:AOTCache"
  else
    archive="${jar%.jar}.jsa" make="-XX:ArchiveClassesAtExit" use="-XX:SharedArchiveFile"
  fi
  if [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ]; then
    log "platform: training run for its class data archive (once per build)" >&2
    rm -rf "$archive" "$run_dir/training"
    # shellcheck disable=SC2046 # the flags are meant to split into words
    if ! "$java" $(java_flags) "$make=$archive" -Dspring.context.exit=onRefresh -jar "$jar" \
        --tributary.platform.data-dir="$run_dir/training" --server.port=0 >"$run_dir/logs/platform-training.log" 2>&1 \
        || [ ! -f "$archive" ]; then
      log "platform: training run failed (see $run_dir/logs/platform-training.log); starting without the archive" >&2
      rm -rf "$archive" "$run_dir/training"
      return 0
    fi
    rm -rf "$run_dir/training"
  fi
  printf '%s' "$use=$archive"
}

# Extracts the platform's exec jar into deploy/.run/platform/ (application jar + lib/) when it changed; prints the
# application jar (it keeps the exec jar's name and time stamp).
extract_platform() {
  local exec_jar="$1" dir="$run_dir/platform"
  local jar
  jar="$dir/$(basename "$exec_jar")"
  if [ ! -f "$jar" ] || [ "$exec_jar" -nt "$jar" ]; then
    rm -rf "$dir"
    "$java" -Djarmode=tools -jar "$exec_jar" extract --destination "$dir" >/dev/null
  fi
  printf '%s' "$jar"
}

# start_service NAME JAR PORT READY_PATH JVM_OPTIONS [ENV=VALUE ...]   (JVM_OPTIONS: extra, may be empty)
start_service() {
  local name="$1" jar="$2" port="$3" ready_path="$4" jvm_options="$5"
  shift 5
  if pid_of "$name" >/dev/null; then
    log "$name already running (pid $(pid_of "$name"))"
    return 0
  fi
  if http_ok "http://localhost:$port$ready_path" || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use: stop what listens there or choose another port (PLATFORM_PORT, ORDER_PORT, ...)"
  fi
  log "starting $name on port $port (log: $run_dir/logs/$name.log)"
  # shellcheck disable=SC2046 # the flags are meant to split into words
  (cd "$run_dir" && exec env "$@" SERVER_PORT="$port" MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
      nohup "$java" $(java_flags) ${jvm_options:+"$jvm_options"} -jar "$jar" >"$run_dir/logs/$name.log" 2>&1 </dev/null) &
  local pid=$!
  echo "$pid" >"$run_dir/pids/$name.pid"
  local waited=0
  until http_ok "http://localhost:$port$ready_path"; do
    kill -0 "$pid" 2>/dev/null || die "$name exited during startup; last lines of its log:
$(tail -n 20 "$run_dir/logs/$name.log")"
    [ "$waited" -lt "$start_timeout" ] || die "$name not ready after ${start_timeout}s (see $run_dir/logs/$name.log)"
    sleep 1
    waited=$((waited + 1))
  done
  log "$name ready: http://localhost:$port$ready_path (pid $pid, ${waited}s)"
}

start() {
  local with_relay=false
  for arg in "$@"; do
    case "$arg" in
      --with-relay) with_relay=true ;;
      *) die "unknown option $arg" ;;
    esac
  done
  command -v curl >/dev/null || die "curl is needed"
  command -v psql >/dev/null || die "psql (PostgreSQL client) is needed"
  mkdir -p "$run_dir/logs" "$run_dir/pids" "$run_dir/data"

  local modules=(platform-service) samples=()
  local sample
  for sample in order-sample payment-sample; do
    if module_present "$sample"; then samples+=("$sample"); else log "$sample is not in this checkout: skipped"; fi
  done
  modules+=("${samples[@]}")
  $with_relay && modules+=(outbox-relay)
  build_missing_jars "${modules[@]}"

  if [ "${#samples[@]}" -gt 0 ] || $with_relay; then
    PGPASSWORD="$pg_password" pg_isready -h "$pg_host" -p "$pg_port" -q \
      || die "PostgreSQL is not answering on $pg_host:$pg_port"
    create_database orders
    create_database payments
  fi
  local jdbc="jdbc:postgresql://$pg_host:$pg_port"
  local db_env=(SPRING_DATASOURCE_USERNAME="$pg_user" SPRING_DATASOURCE_PASSWORD="$pg_password")
  local platform_url="http://localhost:$platform_port"

  local platform_jar platform_options=""
  platform_jar="$(exec_jar platform-service)"
  if ! pid_of platform >/dev/null; then
    platform_jar="$(extract_platform "$platform_jar")"
    platform_options="$(platform_archive "$platform_jar")"
  fi
  start_service platform "$platform_jar" "$platform_port" /ready "$platform_options" \
    TRIBUTARY_PLATFORM_DATA_DIR="$run_dir/data/platform"
  if module_present order-sample; then
    start_service order-sample "$(exec_jar order-sample)" "$order_port" /actuator/health/readiness "" \
      "${db_env[@]}" SPRING_DATASOURCE_URL="$jdbc/orders" TRIBUTARY_OUTBOX_PLATFORM_URL="$platform_url"
  fi
  if module_present payment-sample; then
    start_service payment-sample "$(exec_jar payment-sample)" "$payment_port" /actuator/health/readiness "" \
      "${db_env[@]}" SPRING_DATASOURCE_URL="$jdbc/payments" TRIBUTARY_OUTBOX_PLATFORM_URL="$platform_url"
  fi
  if $with_relay; then
    start_service outbox-relay "$(exec_jar outbox-relay)" "$relay_port" /actuator/health/readiness "" \
      "${db_env[@]}" SPRING_DATASOURCE_URL="$jdbc/orders" TRIBUTARY_OUTBOX_PLATFORM_URL="$platform_url" \
      TRIBUTARY_OUTBOX_TOPICS_ORDER=orders.events TRIBUTARY_OUTBOX_TOPICS_PAYMENT=payments.events
  fi
  log "up; stop with: $0 stop"
}

stop() {
  local name pid waited
  # Reverse start order: the services that use the platform first.
  for name in outbox-relay payment-sample order-sample platform; do
    if pid="$(pid_of "$name")"; then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid"
      waited=0
      while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
      if kill -0 "$pid" 2>/dev/null; then
        log "$name did not stop within 60s: SIGKILL"
        kill -KILL "$pid"
      fi
    fi
    rm -f "$run_dir/pids/$name.pid"
  done
}

status() {
  local name port path pid
  while read -r name port path; do
    if pid="$(pid_of "$name")"; then
      if http_ok "http://localhost:$port$path"; then
        echo "$name: running (pid $pid), ready on port $port"
      else
        echo "$name: running (pid $pid), not ready on port $port"
      fi
    else
      echo "$name: stopped"
    fi
  done <<EOF
platform $platform_port /ready
order-sample $order_port /actuator/health/readiness
payment-sample $payment_port /actuator/health/readiness
outbox-relay $relay_port /actuator/health/readiness
EOF
}

command="${1:-start}"
[ "$#" -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 [start [--with-relay] | stop | status]" ;;
esac
