#!/usr/bin/env bash
# Starts Junction in the background for a CI job and waits until it is healthy; the script behind
# action.yml (the GitHub Action), usable from any CI (GitLab CI: docker/gitlab-ci.yml).
#
#   scripts/ci-junction.sh start      # build (or take JUNCTION_BINARY / run JUNCTION_IMAGE), start, wait
#   scripts/ci-junction.sh stop       # SIGTERM, and print the server's log
#
# Settings (environment):
#   JUNCTION_CI_PORT     port on 127.0.0.1 (default 4566)
#   JUNCTION_CI_ARGS     extra flags for the server, e.g. "--sso-delay-ms 200"
#   JUNCTION_BINARY      a junction binary to run instead of building one from this repository
#   JUNCTION_IMAGE       a container image to run with docker instead (e.g. one your workflow built)
#   JUNCTION_CI_WAIT     seconds to wait for health (default 60)
#   JUNCTION_CI_AWS_ENV  "true" (default): also export the AWS_* variables SDKs read
#   JUNCTION_CI_DIR      where the log and pid file go (default $RUNNER_TEMP or /tmp)
# Where GITHUB_OUTPUT / GITHUB_ENV exist (GitHub Actions), it writes `endpoint` to the step's
# outputs and JUNCTION_ENDPOINT (and the AWS_* variables) to the job's environment; elsewhere it
# prints them as `export` lines (eval "$(scripts/ci-junction.sh start)").
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${JUNCTION_CI_PORT:-4566}"
wait_seconds="${JUNCTION_CI_WAIT:-60}"
dir="${JUNCTION_CI_DIR:-${RUNNER_TEMP:-/tmp}}"
log="$dir/junction-$port.log"
pidfile="$dir/junction-$port.pid"
endpoint="http://127.0.0.1:$port"
say() { echo "junction: $*" >&2; }

healthy() {
  if command -v curl >/dev/null; then
    curl -fsS -m 2 "$endpoint/_junction/health" -o /dev/null 2>/dev/null
  else
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "$endpoint/_junction/health" 2>/dev/null
  fi
}

build() {
  # Debian 12 has every package under the name scripts/install-deps.sh uses; other systems
  # (Ubuntu runners) get the default Boost, which must be 1.81 or later (Ubuntu 24.04: 1.83).
  if grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
    "$here/scripts/install-deps.sh"
  else
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    say "installing the build packages (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      cmake g++ make pkg-config libboost-dev nlohmann-json3-dev libsqlite3-dev libpcre2-dev \
      libssl-dev >/dev/null
  fi
  say "building $here/build-ci/junction"
  # Warnings are not errors: the runner's compiler may warn where Debian 12's does not.
  cmake -S "$here" -B "$here/build-ci" -DCMAKE_BUILD_TYPE=Release -DJUNCTION_TESTS=OFF \
    -DJUNCTION_WERROR=OFF >/dev/null
  cmake --build "$here/build-ci" -j"$(nproc)" --target junction >/dev/null
  echo "$here/build-ci/junction"
}

publish() { # name value: a step output and a job variable where they exist, else an export line
  if [ -n "${GITHUB_ENV:-}" ]; then
    echo "$1=$2" >>"$GITHUB_ENV"
  else
    printf 'export %s=%q\n' "$1" "$2"
  fi
}

start() {
  mkdir -p "$dir"
  if healthy; then
    say "something already answers on $endpoint: port $port is in use (another emulator?); set another port"
    exit 1
  fi
  if [ -n "${JUNCTION_IMAGE:-}" ]; then
    say "docker run $JUNCTION_IMAGE on $endpoint"
    # shellcheck disable=SC2086  # JUNCTION_CI_ARGS is a list of flags
    docker run -d --name "junction-$port" -p "127.0.0.1:$port:4566" "$JUNCTION_IMAGE" \
      ${JUNCTION_CI_ARGS:-} >"$pidfile.container"
  else
    local binary="${JUNCTION_BINARY:-}"
    [ -n "$binary" ] || binary="$(build)"
    [ -x "$binary" ] || { say "no junction binary at $binary"; exit 1; }
    say "starting $binary on $endpoint"
    # shellcheck disable=SC2086
    nohup "$binary" --host 127.0.0.1 --port "$port" ${JUNCTION_CI_ARGS:-} >"$log" 2>&1 &
    echo $! >"$pidfile"
  fi
  local waited=0
  until healthy; do
    if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      say "the server exited; its log:"
      cat "$log" >&2
      exit 1
    fi
    if [ "$waited" -ge $((wait_seconds * 10)) ]; then
      say "not healthy after ${wait_seconds}s; its log:"
      if [ -f "$pidfile.container" ]; then docker logs "junction-$port" >&2 || true; else cat "$log" >&2; fi
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  say "healthy on $endpoint"
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "endpoint=$endpoint" >>"$GITHUB_OUTPUT"
  publish JUNCTION_ENDPOINT "$endpoint"
  if [ "${JUNCTION_CI_AWS_ENV:-true}" = true ]; then
    publish AWS_ENDPOINT_URL "$endpoint"
    publish AWS_ACCESS_KEY_ID "${AWS_ACCESS_KEY_ID:-123456789012}"
    publish AWS_SECRET_ACCESS_KEY "${AWS_SECRET_ACCESS_KEY:-test}"
    publish AWS_DEFAULT_REGION "${AWS_DEFAULT_REGION:-us-east-1}"
    publish AWS_REGION "${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"  # the JavaScript SDK's
  fi
}

stop() {
  if [ -f "$pidfile.container" ]; then
    docker stop "junction-$port" >/dev/null
    docker logs "junction-$port" >&2 || true
    docker rm "junction-$port" >/dev/null
    rm -f "$pidfile.container"
    return
  fi
  [ -f "$pidfile" ] || { say "no server started on port $port"; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
  say "stopped; its log:"
  cat "$log" >&2 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
