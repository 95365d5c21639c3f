#!/usr/bin/env bash
# Installs the Debian packages Junction builds with, when any is missing.
#   --fuzz  also clang and its runtime libraries (libFuzzer, sanitizers), for scripts/fuzz.sh
set -euo pipefail
packages=(cmake g++ make pkg-config libboost1.81-dev nlohmann-json3-dev libsqlite3-dev catch2 libpcre2-dev libssl-dev)
if [ "${1:-}" = "--fuzz" ]; then
  # clang-14 only recommends libclang-rt-14-dev, which holds libclang_rt.fuzzer and the
  # sanitizer runtimes that -fsanitize=fuzzer,address,undefined link.
  packages+=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
