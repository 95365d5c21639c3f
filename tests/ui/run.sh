#!/usr/bin/env bash
# The dashboard's browser test: installs what is missing (Debian's chromium, playwright-core from
# package-lock.json), then runs dashboard.test.mjs with node's test runner against build/junction.
#
#   tests/ui/run.sh                 run the test
#   tests/ui/run.sh --screenshots   also write docs/dashboard.png and docs/dashboard-requests.png
#
# JUNCTION_BIN overrides the binary, CHROMIUM the browser. When chromium, node (20 or later),
# npm, python3 or boto3 cannot be had, it prints a loud SKIPPED message and exits 77 (ctest
# reports the test as skipped).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JUNCTION_BIN="${JUNCTION_BIN:-$root/build/junction}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ "${1:-}" = "--screenshots" ]; then export SCREENSHOT_DIR="$root/docs"; fi

skip() {
  {
    echo "################################################################################"
    echo "## SKIPPED: the dashboard browser test (tests/ui) did not run:"
    echo "##   $*"
    echo "################################################################################"
  } >&2
  exit 77
}

[ -x "$JUNCTION_BIN" ] || { echo "no server binary at $JUNCTION_BIN: build first" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing chromium (Debian package; this takes a minute or two)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null; }; then
    skip "chromium is not installed and apt-get install chromium failed"
  fi
  [ -x "$CHROMIUM" ] || skip "no browser at $CHROMIUM after installing chromium"
fi

command -v node >/dev/null || skip "node is not installed"
command -v npm >/dev/null || skip "npm is not installed"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || skip "node $major is too old (playwright-core needs 20 or later)"
python3 -c "import boto3" 2>/dev/null || skip "python3 with boto3 is not available"

cd "$here"
if [ ! -f node_modules/playwright-core/package.json ]; then
  echo "installing playwright-core (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error || skip "npm ci failed (is the npm registry reachable?)"
fi

exec node --test --test-concurrency=1 dashboard.test.mjs
