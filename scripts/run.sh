#!/usr/bin/env bash
# Builds Junction and runs it in the foreground; arguments are junction's flags (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh --target junction
exec ./build/junction "$@"
