#!/usr/bin/env bash
# The saga demo as plain processes on this machine: the platform (8080), order-sample (8081) and
# payment-sample (8082), on the local PostgreSQL (databases "orders" and "payments", created if missing).
#
#   ./demo.sh          build the jars if missing, start the three services, wait until they are ready
#   ./demo.sh stop     stop them (SIGTERM: graceful shutdown)
#
# Logs, pids and the platform's data go to .demo/. Settings: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
# ORDERS_DB (orders), PAYMENTS_DB (payments), JAVA_HOME. The curl walkthrough is in README.md, section "Saga demo".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$root/.demo"
pg_host="${PGHOST:-127.0.0.1}"
pg_port="${PGPORT:-5432}"
pg_user="${PGUSER:-postgres}"
orders_db="${ORDERS_DB:-orders}"
payments_db="${PAYMENTS_DB:-payments}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
services=(platform-service:8080:/ready order-sample:8081:/actuator/health/readiness payment-sample:8082:/actuator/health/readiness)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

stop() {
  for entry in payment-sample order-sample platform-service; do
    if [ -f "$run/$entry.pid" ] && kill -0 "$(cat "$run/$entry.pid")" 2>/dev/null; then
      log "stopping $entry"
      kill "$(cat "$run/$entry.pid")"
    fi
    rm -f "$run/$entry.pid"
  done
}

jar() { ls "$root/$1/target/$1"-*-exec.jar 2>/dev/null | head -n 1; }

start() {
  mkdir -p "$run"
  if [ -z "$(jar platform-service)" ] || [ -z "$(jar order-sample)" ] || [ -z "$(jar payment-sample)" ]; then
    log "building the jars (tests skipped)"
    (cd "$root" && ./mvnw -B -q -pl platform-service,order-sample,payment-sample -am package -Dmaven.test.skip=true)
  fi
  for db in "$orders_db" "$payments_db"; do
    if [ "$(psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
      log "creating database $db"
      psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "CREATE DATABASE $db"
    fi
  done
  # Chronicle Queue's JVM flags: one source of truth, the root pom.
  flags="$(sed -n 's:.*<chronicle.jvm.args>\(.*\)</chronicle.jvm.args>.*:\1:p' "$root/pom.xml")"
  if [ "$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)" -ge 24 ]; then
    flags="$flags --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  fi
  jdbc="jdbc:postgresql://$pg_host:$pg_port"
  for entry in "${services[@]}"; do
    IFS=: read -r name port ready <<<"$entry"
    if [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
      log "$name is running already"
      continue
    fi
    case "$name" in
      platform-service) args=(--tributary.platform.data-dir="$run/data") ;;
      order-sample) args=(--spring.datasource.url="$jdbc/$orders_db" --spring.datasource.username="$pg_user") ;;
      payment-sample) args=(--spring.datasource.url="$jdbc/$payments_db" --spring.datasource.username="$pg_user") ;;
    esac
    log "starting $name on port $port (log: .demo/$name.log)"
    # shellcheck disable=SC2086
    nohup "$java" $flags -jar "$(jar "$name")" --server.port="$port" "${args[@]}" >"$run/$name.log" 2>&1 &
    echo $! >"$run/$name.pid"
    for _ in $(seq 1 180); do
      code="$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port$ready" || true)"
      if [ "$code" -ge 200 ] && [ "$code" -lt 300 ]; then
        break
      fi
      kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { log "$name died; see .demo/$name.log"; exit 1; }
      sleep 1
    done
  done
  log "ready: platform http://localhost:8080, orders http://localhost:8081, payments http://localhost:8082"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
