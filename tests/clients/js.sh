#!/usr/bin/env bash
# The JavaScript helpers (clients/js) against the real server, with node's test runner. The
# module has no dependencies, so nothing is installed. JUNCTION_BIN overrides the binary
# (default build/junction). Without node 18 or later it prints a loud SKIPPED message and exits
# 77 (ctest reports the test as skipped).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JUNCTION_BIN="${JUNCTION_BIN:-$root/build/junction}"
[ -x "$JUNCTION_BIN" ] || { echo "no server binary at $JUNCTION_BIN: build first" >&2; exit 1; }
skip() {
  {
    echo "################################################################################"
    echo "## SKIPPED: the JavaScript helpers' tests (clients/js) did not run:"
    echo "##   $*"
    echo "################################################################################"
  } >&2
  exit 77
}
command -v node >/dev/null || skip "node is not installed"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 18 ] || skip "node $major is too old (fetch needs 18 or later)"
cd "$root/clients/js"
exec node --test --test-concurrency=1 test/junction.test.mjs
