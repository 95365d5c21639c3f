#!/usr/bin/env bash
# Junction through the AWS SDK for JavaScript v3 (sso-admin, identitystore, appstream): installs
# the SDK clients from package-lock.json when missing, then runs *.test.mjs with node's test
# runner against build/junction (JUNCTION_BIN overrides it). When node (20 or later) or npm
# cannot be had, or the npm registry cannot be reached, it prints a loud SKIPPED message and
# exits 77 (ctest reports the test as skipped).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JUNCTION_BIN="${JUNCTION_BIN:-$root/build/junction}"

skip() {
  {
    echo "################################################################################"
    echo "## SKIPPED: the JavaScript SDK tests (tests/js) did not run:"
    echo "##   $*"
    echo "################################################################################"
  } >&2
  exit 77
}

[ -x "$JUNCTION_BIN" ] || { echo "no server binary at $JUNCTION_BIN: build first" >&2; exit 1; }
command -v node >/dev/null || skip "node is not installed"
command -v npm >/dev/null || skip "npm is not installed"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || skip "node $major is too old (the AWS SDK v3 needs 20 or later)"

cd "$here"
if [ ! -f node_modules/@aws-sdk/client-sso-admin/package.json ] ||
   [ ! -f node_modules/@aws-sdk/client-identitystore/package.json ] ||
   [ ! -f node_modules/@aws-sdk/client-appstream/package.json ]; then
  echo "installing the AWS SDK v3 clients (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error || skip "npm ci failed (is the npm registry reachable?)"
fi

exec node --test --test-concurrency=1 ./*.test.mjs
