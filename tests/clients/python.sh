#!/usr/bin/env bash
# The Python helpers (clients/python) against the real server, installed as a user would:
# `pip install ./clients/python` into a virtual environment of Debian's python3, which brings
# pytest and boto3 (python3-pytest, python3-boto3: installed here with apt-get when missing),
# then its tests with pytest, the plugin found through its entry point.
#
# JUNCTION_BIN overrides the binary (default build/junction). When the Debian packages cannot be
# had, it prints a loud SKIPPED message and exits 77 (ctest reports the test as skipped).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JUNCTION_BIN="${JUNCTION_BIN:-$root/build/junction}"
[ -x "$JUNCTION_BIN" ] || { echo "no server binary at $JUNCTION_BIN: build first" >&2; exit 1; }

skip() {
  {
    echo "################################################################################"
    echo "## SKIPPED: the Python helpers' tests (clients/python) did not run:"
    echo "##   $*"
    echo "################################################################################"
  } >&2
  exit 77
}

python=/usr/bin/python3
if ! "$python" -c 'import pytest, boto3, venv, ensurepip' 2>/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing python3-pytest python3-boto3 python3-venv (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends \
      python3-pytest python3-boto3 python3-venv python3-setuptools >/dev/null; } ||
    skip "apt-get install python3-pytest python3-boto3 python3-venv failed"
  "$python" -c 'import pytest, boto3, venv, ensurepip' 2>/dev/null ||
    skip "$python has no pytest, boto3 or venv after installing them"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/junction-client-python-XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$python" -m venv --system-site-packages "$work/venv"
# No build isolation: the build backend (setuptools) is Debian's, so nothing is downloaded.
# From a copy, so that the build leaves nothing in the source tree.
cp -r "$root/clients/python" "$work/src"
"$work/venv/bin/python" -m pip install -q --no-build-isolation --no-deps "$work/src"
cd "$work"  # away from the source tree: the installed package is what is tested
exec "$work/venv/bin/python" -m pytest -v -p no:cacheprovider "$root/clients/python/tests"
