#!/usr/bin/env bash
# Configures and builds Junction (Release) into ./build. Extra arguments go to `cmake --build`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DJUNCTION_BENCH=ON >/dev/null
cmake --build build -j"$(nproc)" "$@"
