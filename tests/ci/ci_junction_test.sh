#!/usr/bin/env bash
# scripts/ci-junction.sh, the script behind action.yml, run as a GitHub Actions step would run it
# (GITHUB_OUTPUT and GITHUB_ENV files) and as another CI would (export lines): it starts the
# server, waits for health, publishes the endpoint and the AWS_* variables, refuses a port in
# use, reports a server that cannot start with its log, and stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${JUNCTION_BIN:-$root/build/junction}"
[ -x "$bin" ] || { echo "no server binary at $bin: build first" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/junction-ci-XXXXXX")"
passed=0 failed=0
check() { # description, command...
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
  fi
}
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export JUNCTION_CI_PORT="$port" JUNCTION_CI_DIR="$work" JUNCTION_BINARY="$bin"
cleanup() {
  env -u GITHUB_ENV -u GITHUB_OUTPUT "$root/scripts/ci-junction.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# As a GitHub Actions step.
export GITHUB_OUTPUT="$work/output" GITHUB_ENV="$work/env"
: >"$GITHUB_OUTPUT"
: >"$GITHUB_ENV"
JUNCTION_CI_ARGS="--sso-delay-ms 250" "$root/scripts/ci-junction.sh" start 2>"$work/start.err"
check "start publishes the endpoint as a step output" grep -qx "endpoint=http://127.0.0.1:$port" "$GITHUB_OUTPUT"
check "start sets JUNCTION_ENDPOINT for later steps" grep -qx "JUNCTION_ENDPOINT=http://127.0.0.1:$port" "$GITHUB_ENV"
check "start sets AWS_ENDPOINT_URL and AWS_REGION" \
  bash -c "grep -qx 'AWS_ENDPOINT_URL=http://127.0.0.1:$port' '$GITHUB_ENV' && grep -qx 'AWS_REGION=us-east-1' '$GITHUB_ENV'"
check "the server is healthy, with the flags given" \
  python3 -c "import json,urllib.request; h=json.load(urllib.request.urlopen('http://127.0.0.1:$port/_junction/health')); assert h['settings']['ssoDelayMs']==250, h"
# A later step: the variables GITHUB_ENV holds are all an SDK needs.
check "an AWS CLI call with the published variables" \
  bash -c "env \$(cat '$GITHUB_ENV') aws sso-admin list-instances --query 'length(Instances)' --output text | grep -qx 1"
check "a second start on the same port is refused" \
  bash -c "! '$root/scripts/ci-junction.sh' start 2>'$work/again.err' && grep -q 'port $port is in use' '$work/again.err'"
"$root/scripts/ci-junction.sh" stop 2>"$work/stop.err"
check "stop ends the server and prints its log" \
  bash -c "grep -q 'stopped; its log' '$work/stop.err' && grep -q 'junction listening' '$work/stop.err' && ! python3 -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/_junction/health', timeout=1)\" 2>/dev/null"

# As another CI: export lines to eval.
unset GITHUB_OUTPUT GITHUB_ENV
exports="$("$root/scripts/ci-junction.sh" start 2>/dev/null)"
check "without GITHUB_ENV, start prints export lines" \
  bash -c "eval \"\$1\"; [ \"\$JUNCTION_ENDPOINT\" = http://127.0.0.1:$port ] && [ \"\$AWS_ACCESS_KEY_ID\" = 123456789012 ]" _ "$exports"
"$root/scripts/ci-junction.sh" stop 2>/dev/null

# A server that cannot start: the script fails with the server's own message.
check "a bad flag fails the start with the server's message" \
  bash -c "! JUNCTION_CI_ARGS='--threads 0' '$root/scripts/ci-junction.sh' start 2>'$work/bad.err' && grep -q \"invalid value '0' for --threads\" '$work/bad.err'"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
