#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into ./build-fuzz and runs each for
# SECONDS (default 20) on a copy of its seed corpus, one after another, on one core.
#
#   scripts/fuzz.sh                 # every target, 20 s each
#   scripts/fuzz.sh 600 fuzz_validator
#
# A crash, a leak, undefined behaviour or an input slower than 10 s fails the run; the input is
# saved as build-fuzz/artifacts/<target>/crash-* (reproduce: build-fuzz/tests/fuzz/<target> FILE).
# Inputs that found new coverage are kept in build-fuzz/corpus/<target>/; copy the interesting
# ones into tests/fuzz/corpus/<target>/ to make them seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_aws_json fuzz_rest_json fuzz_rpc_v2_cbor fuzz_validator)

scripts/install-deps.sh --fuzz
# Precompiled headers speed this build; warnings are held to -Werror by the Release build.
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DJUNCTION_FUZZ=ON -DJUNCTION_TESTS=OFF -DJUNCTION_PCH=ON -DJUNCTION_WERROR=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

status=0
for target in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$target"
  artifacts="build-fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  log="build-fuzz/$target.log"
  dict=tests/fuzz/json.dict  # a target may have its own: tests/fuzz/<target without fuzz_>.dict
  [ -f "tests/fuzz/${target#fuzz_}.dict" ] && dict="tests/fuzz/${target#fuzz_}.dict"
  echo "== $target: ${seconds}s" >&2
  if ASAN_OPTIONS=detect_leaks=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -dict="$dict" -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$log" >&2 || true
  else
    status=1
    echo "!! $target failed; see $log and $artifacts/" >&2
    tail -n 60 "$log" >&2
  fi
done
exit $status
