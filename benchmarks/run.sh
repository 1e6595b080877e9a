#!/usr/bin/env bash
# Runs Tributary's benchmark suite and writes docs/benchmarks.md.
#
#   benchmarks/run.sh                 # everything: engine, http, footprint, jdk, durability, profile, relay, saga, kafka (~40 min)
#   benchmarks/run.sh http kafka      # some sections only
#   benchmarks/run.sh relay saga      # the outbox relay and the saga (~15 min; need PostgreSQL, see below)
#   benchmarks/run.sh smoke           # every benchmark once with tiny counts (seconds; what ./mvnw verify does)
#   benchmarks/run.sh all --baseline=REV   # also measure this build against git revision REV side by side
#                                          # ("baseline" section; REV's platform jar is built in a worktree under benchmarks/target)
#
# JAVA_HOME picks the JDK for the suite, the platform and the Kafka broker; by default JDK 25 when it is
# installed at /usr/lib/jvm/temurin-25-jdk-amd64 (virtual threads: the platform's faster mode), else `java`.
# wrk (Debian package) adds a second load generator; it is installed when missing and apt-get can.
# relay and saga start the outbox relay and the samples from their jars on fresh databases of the local PostgreSQL
# (PGHOST 127.0.0.1, PGPORT 5432, PGUSER postgres, PGPASSWORD empty: trust auth, as deploy/run-local.sh); without
# PostgreSQL their rows say why they were not measured.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if ! command -v wrk >/dev/null 2>&1 && [[ " $* " != *" smoke "* ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    (apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1)) \
      || echo "wrk could not be installed: the wrk rows will say so"
  else
    echo "wrk is not installed: the wrk rows will say so"
  fi
fi

./mvnw -B -q -pl benchmarks -am package -DskipTests

ARGS=()
for arg in "$@"; do
  if [[ "$arg" == --baseline=* ]]; then
    rev="${arg#--baseline=}"
    sha="$(git rev-parse --short "$rev")"
    tree="benchmarks/target/baseline-$sha"
    if [[ ! -d "$tree" ]]; then
      git worktree add --detach "$tree" "$sha" >/dev/null
    fi
    (cd "$tree" && ./mvnw -B -q -pl platform-service -am package -DskipTests)
    label="$rev"
    [[ "$rev" == "$sha" ]] || label="$rev ($sha)"
    ARGS+=("--baseline-jar=$(ls "$tree"/platform-service/target/platform-service-*-exec.jar | head -n 1)" "--baseline-label=$label")
  else
    ARGS+=("$arg")
  fi
done
JAVA_HOME_USED="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
FLAGS="$(sed -n 's/^chronicle.jvm.args=//p' benchmarks/target/classes/tributary-benchmarks.properties)"
if (( FEATURE >= 24 )); then
  FLAGS="$FLAGS $(sed -n 's/^chronicle.jvm.args.jdk24=//p' benchmarks/target/classes/tributary-benchmarks.properties)"
fi
COMPARE=()
if (( FEATURE >= 21 )) && [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then
  COMPARE=("--compare-java=/usr/lib/jvm/java-17-openjdk-amd64")   # the "jdk" section: the same jar on the JDK 17 baseline
fi
# shellcheck disable=SC2086
exec "$JAVA" $FLAGS -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.tributary.benchmarks.Suite "--server-java=$JAVA_HOME_USED" "${COMPARE[@]}" "--command=benchmarks/run.sh $*" "${ARGS[@]}"
