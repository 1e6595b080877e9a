#!/usr/bin/env bash
# The saga demo as plain processes on this machine: the platform (8080), order-sample (8081) and
# payment-sample (8082), on the local PostgreSQL. A shortcut for deploy/run-local.sh, which builds missing
# or stale jars, creates the databases, starts the services in order and waits until each is ready.
#
#   ./demo.sh          start (deploy/run-local.sh start)
#   ./demo.sh stop     stop them (graceful shutdown)
#   ./demo.sh status
#
# The curl walkthrough is in README.md, section "Saga demo"; settings are in deploy/README.md.
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/deploy/run-local.sh" "${@:-start}"
