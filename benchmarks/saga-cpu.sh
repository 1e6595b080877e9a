#!/usr/bin/env bash
# The saga's CPU per order, per process, under a closed loop of 16 wrk connections POSTing /orders:
#
#   benchmarks/saga-cpu.sh LABEL ORDER_JAR PAYMENT_JAR PLATFORM_JAR [SECONDS] [jfr]
#
# Starts the platform, payment-sample and order-sample from the given jars (each sample on a fresh database of the
# local PostgreSQL, as the suite's saga section does), opens 200 accounts (every fifth empty), warms up with WARM
# seconds (environment, default 25) of wrk, waits until every order is decided, then snapshots utime+stime (/proc/PID/stat) of each JVM and of each
# PostgreSQL backend (grouped by database via pg_stat_activity), runs wrk for SECONDS (default 20), waits until every
# order is decided and snapshots again. Prints CPU ms per order placed in the window, per process group; jit_NAME is
# the part of JVM NAME's figure spent in its C1/C2 compiler threads (CPU per order falls for minutes after start:
# compare WARM=25 with WARM=300).
# pg_exited is CPU of backends that exited in the window (the postmaster's cutime+cstime): cluster-wide, so other
# users' connections land there too; it is left out of the total. With "jfr" each JVM records the window
# (settings=profile) into the run directory. Needs wrk and JDK 25 (JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64);
# build first (./mvnw -pl benchmarks -am package -DskipTests) for the platform's JVM flags.
set -euo pipefail
LABEL=$1 ORDER_JAR=$2 PAYMENT_JAR=$3 PLATFORM_JAR=$4 SECONDS_=${5:-20} JFR=${6:-}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
PROPS="$(dirname "$0")/target/classes/tributary-benchmarks.properties"
DIR=${TMPDIR:-/tmp}/saga-cpu/run-$LABEL-$(date +%H%M%S)
mkdir -p "$DIR/data"
FLAGS="$(sed -n 's/^chronicle.jvm.args=//p' "$PROPS") $(sed -n 's/^chronicle.jvm.args.jdk24=//p' "$PROPS")"
PSQL="psql -h 127.0.0.1 -U postgres -Atq"
ODB=probe_o_${LABEL,,} PDB=probe_p_${LABEL,,}
for db in $ODB $PDB; do $PSQL -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; $PSQL -c "CREATE DATABASE $db"; done
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("",0));print(s.getsockname()[1])'; }
PP=$(free_port); OP=$(free_port); YP=$(free_port)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 2; for db in $ODB $PDB; do $PSQL -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done; rm -rf "$DIR/data"; }
trap cleanup EXIT
# shellcheck disable=SC2086
$JAVA $FLAGS -jar "$PLATFORM_JAR" --server.port=$PP --server.address=127.0.0.1 --tributary.platform.data-dir=$DIR/data >"$DIR/platform.log" 2>&1 &
PLAT=$!; PIDS+=($PLAT)
until curl -sf "http://127.0.0.1:$PP/ready" >/dev/null; do kill -0 $PLAT 2>/dev/null || { echo "the platform exited: see $DIR/platform.log" >&2; exit 1; }; sleep 0.5; done
URL="http://127.0.0.1:$PP"
# shellcheck disable=SC2086
$JAVA -jar "$PAYMENT_JAR" --server.port=$YP --server.address=127.0.0.1 --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$PDB --spring.datasource.username=postgres --spring.datasource.password= --tributary.payments.platform-url=$URL --management.endpoint.health.probes.enabled=true >"$DIR/payment.log" 2>&1 &
PAY=$!; PIDS+=($PAY)
# shellcheck disable=SC2086
$JAVA -jar "$ORDER_JAR" --server.port=$OP --server.address=127.0.0.1 --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$ODB --spring.datasource.username=postgres --spring.datasource.password= --tributary.orders.platform-url=$URL --management.endpoint.health.probes.enabled=true >"$DIR/order.log" 2>&1 &
ORD=$!; PIDS+=($ORD)
until curl -sf "http://127.0.0.1:$YP/actuator/health/readiness" >/dev/null && curl -sf "http://127.0.0.1:$OP/actuator/health/readiness" >/dev/null; do
  kill -0 $PAY 2>/dev/null && kill -0 $ORD 2>/dev/null || { echo "a service exited: see $DIR/*.log" >&2; exit 1; }
  sleep 0.5
done
for c in $(seq 0 199); do
  bal=1000000000.00; (( c % 5 == 4 )) && bal=0.00
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"customerId\":\"bench-c$c\",\"currency\":\"EUR\",\"balance\":$bal}" "http://127.0.0.1:$YP/accounts"
done
cat > "$DIR/post.lua" <<'EOF'
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json"},
    '{"customerId":"bench-c' .. (n % 200) .. '","amount":12.50,"currency":"EUR","items":[{"sku":"book-42","quantity":2}]}')
end
EOF
await_decided() {
  until [[ "$($PSQL -d $ODB -c "SELECT count(*) FROM orders WHERE status NOT IN ('APPROVED','REJECTED')")" == 0 ]]; do sleep 0.5; done
}
# ticks -> ms: CLK_TCK 100
cpu_of() { awk '{print ($14+$15)*10}' /proc/$1/stat 2>/dev/null || echo 0; }
snapshot() { # prints "name ms" lines
  echo "order $(cpu_of $ORD)"; echo "payment $(cpu_of $PAY)"; echo "platform $(cpu_of $PLAT)"
  # The JIT compiler threads of each JVM (part of its figure above, shown apart as jit_*).
  for x in order:$ORD payment:$PAY platform:$PLAT; do
    for t in /proc/${x#*:}/task/*; do case "$(cat $t/comm 2>/dev/null)" in C1\ Comp*|C2\ Comp*) echo "jit_${x%%:*}:${t##*/} $(awk '{print ($14+$15)*10}' $t/stat)";; esac; done
  done
  $PSQL -F' ' -c "SELECT pid, coalesce(datname,'-'), coalesce(nullif(application_name,''),'-'), backend_type FROM pg_stat_activity" |
  while read -r pid db app type; do
    case "$db" in $ODB) g=pg_orders;; $PDB) g=pg_payments;; -) g="pg_bg";; *) g=pg_other_dbs;; esac
    echo "$g:$pid $(cpu_of $pid)"
  done
  pm=$(head -1 /var/run/postgresql/15-main.pid)
  echo "pg_exited $(awk '{print ($16+$17)*10}' /proc/$pm/stat)"
  echo "pg_postmaster $(cpu_of $pm)"
}
wrk -t2 -c16 -d${WARM:-25}s -s "$DIR/post.lua" "http://127.0.0.1:$OP" >"$DIR/warmup.txt"
await_decided
sleep 2
N0=$($PSQL -d $ODB -c "SELECT count(*) FROM orders")
snapshot >"$DIR/cpu0.txt"; T0=$(date +%s.%N); L0=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -n "$JFR" ]]; then for x in order:$ORD payment:$PAY platform:$PLAT; do
  $JAVA_HOME/bin/jcmd ${x#*:} JFR.start settings=profile duration=${SECONDS_}s filename=$DIR/${x%%:*}.jfr >/dev/null; done; fi
wrk -t2 -c16 -d${SECONDS_}s -s "$DIR/post.lua" "http://127.0.0.1:$OP" >"$DIR/wrk.txt" &
WRK=$!
W0=0; while kill -0 $WRK 2>/dev/null; do W0=$(cpu_of $WRK); sleep 0.2; done
T1=$(date +%s.%N)
await_decided
T2=$(date +%s.%N)
snapshot >"$DIR/cpu1.txt"; L1=$(cut -d' ' -f1-3 /proc/loadavg)
N1=$($PSQL -d $ODB -c "SELECT count(*) FROM orders")
N=$((N1 - N0))
python3 - "$DIR" "$N" "$W0" "$T0" "$T1" "$T2" "$LABEL" "$L0" "$L1" <<'EOF'
import sys, collections
d, n, wrk, t0, t1, t2, label, l0, l1 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), *map(float, sys.argv[4:7]), sys.argv[7], sys.argv[8], sys.argv[9]
def load(f):
    return {l.split()[0]: float(l.split()[1]) for l in open(f) if l.strip()}
a, b = load(d + '/cpu0.txt'), load(d + '/cpu1.txt')
g = collections.OrderedDict()
for k, v in b.items():
    grp = k.split(':')[0]
    g[grp] = g.get(grp, 0) + v - a.get(k, 0)   # a backend that started in the window counts from 0
g['wrk'] = wrk
tot = sum(v for k, v in g.items() if k not in ('pg_other_dbs', 'pg_exited') and not k.startswith('jit_'))
print(f"{label}: {n} orders, placed {n/(t1-t0):.1f}/s, decided {n/(t2-t0):.1f}/s (tail {t2-t1:.1f}s), load {l0} -> {l1}")
print("  ms CPU/order: " + ", ".join(f"{k} {v/n:.2f}" for k, v in g.items()) + f" | total(excl. other dbs + exited backends) {tot/n:.2f}")
EOF
grep -E "Requests/sec|Latency|requests in" "$DIR/wrk.txt" | sed 's/^/  /'
