#!/usr/bin/env bash
# Builds the Catch2 suites with AddressSanitizer and UndefinedBehaviorSanitizer into ./build-asan
# and runs them: any memory error, leak or undefined behaviour fails the run. Extra arguments go
# to both test binaries (e.g. "[hostile]").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# -O0: the quickest to build (half the time of -O1), fast enough to run; add -g for line numbers.
# Precompiled headers halve this build; the Release build (scripts/build.sh) is the one that
# holds warnings to -Werror, so this one need not (see JUNCTION_PCH in CMakeLists.txt).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O0" \
  -DJUNCTION_SANITIZE=ON -DJUNCTION_PCH=ON -DJUNCTION_WERROR=OFF >/dev/null
cmake --build build-asan -j"$(nproc)" --target unit_tests integration_tests
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
build-asan/tests/unit_tests "$@"
build-asan/tests/integration_tests "$@"
