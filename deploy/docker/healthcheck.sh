#!/usr/bin/env bash
# Container health check without curl or wget (the JRE images have neither): an HTTP/1.0 GET over bash's
# /dev/tcp. Exit 0 when the answer is 2xx, 1 otherwise. Usage: healthcheck PORT PATH, e.g. healthcheck 8080 /ready
set -u
port="${1:?port}"
path="${2:?path}"
{ exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
exec 3<&-
case "${status}" in
  2??) exit 0 ;;
  *) exit 1 ;;
esac
