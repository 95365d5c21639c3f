#!/usr/bin/env bash
# docker/verify.sh - build Junction's container image and check it end to end with podman:
#   * the image: size, user, ports, volume, environment, health check, entrypoint;
#   * a container on the host network (JUNCTION_HOST=127.0.0.1, a free port, a named volume at
#     /data with JUNCTION_DATA_DIR=/data): health, the e2e smoke test (tests/e2e/test_smoke.py, boto3), `podman healthcheck
#     run`, Junction as PID 1 and as user 65532, `podman stop` (exit code and time), state kept
#     in the volume across a restart;
#   * a container with the image's defaults (JUNCTION_HOST=0.0.0.0, state in memory) in its own
#     network namespace (--network none): healthy through `podman healthcheck run`, its start-up
#     line saying storage=memory, and stopped cleanly.
# Too slow for every CI run (a full image build): run it by hand after changing docker/ or the
# build.
#
#   docker/verify.sh
#   VERIFY_IMAGE=/path/to/verify-image.sh docker/verify.sh   # build with that script: it sets up
#                        # podman for a machine without registry access and its configuration
#                        # (under $WORK) is then used for every podman call here
# Environment: TAG (default localhost/junction:verify), WORK (the builder's state directory),
#              PORT (default: a free one), KEEP=1 keeps the named volume (the image is kept).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
TAG=${TAG:-localhost/junction:verify}
WORK=${WORK:-${TMPDIR:-/tmp}/junction-image-verify}
NAME=junction-verify-$$
VOLUME=junction-verify-data-$$
T0=$(date +%s)
log() { printf '[%4ss] %s\n' "$(($(date +%s) - T0))" "$*"; }
fail() {
  log "FAILED: $*"
  exit 1
}
# podman, less the harmless "unable to get systemd connection to add healthchecks" of machines
# without systemd (health checks then run only when asked: `podman healthcheck run`).
pm() { podman "$@" 2> >(grep -v 'systemd connection' >&2); }

# --- build
if [ -n "${VERIFY_IMAGE:-}" ]; then
  log "build with $VERIFY_IMAGE -> $TAG"
  env -u CONTAINER_PORT WORK="$WORK" TAG="$TAG" "$VERIFY_IMAGE" "$REPO" docker/Dockerfile
  export CONTAINERS_STORAGE_CONF=$WORK/conf/storage.conf CONTAINERS_CONF=$WORK/conf/containers.conf
  export TMPDIR=$WORK/tmp
else
  command -v podman >/dev/null || fail "podman is not installed"
  log "podman build -> $TAG"
  B0=$(date +%s)
  podman build --format docker -f docker/Dockerfile -t "$TAG" . >"${TMPDIR:-/tmp}/junction-verify-build.log" 2>&1 ||
    {
      tail -30 "${TMPDIR:-/tmp}/junction-verify-build.log"
      fail "build (log: ${TMPDIR:-/tmp}/junction-verify-build.log)"
    }
  log "build OK in $(($(date +%s) - B0))s"
fi

cleanup() {
  podman rm -f -v -t 0 "$NAME" "$NAME-defaults" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" != 1 ]; then
    podman volume rm -f "$VOLUME" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# --- the image
SIZE=$(podman image inspect "$TAG" --format '{{.Size}}')
log "image $TAG: $SIZE bytes ($(awk -v s="$SIZE" 'BEGIN{printf "%.1f MB", s/1000000}'))"
((SIZE <= 30000000)) || fail "image larger than 30 MB"
podman image inspect "$TAG" --format \
  'user={{.Config.User}} entrypoint={{json .Config.Entrypoint}} ports={{json .Config.ExposedPorts}} volumes={{json .Config.Volumes}} stopsignal={{.Config.StopSignal}}
env={{json .Config.Env}}
healthcheck={{json .HealthCheck}}' | sed 's/^/         /'
[ "$(podman image inspect "$TAG" --format '{{.Config.User}}')" = 65532:65532 ] || fail "user"
log "podman history (layers):"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$TAG" | cut -c1-110 | sed 's/^/         /'
log "podman run --rm $TAG --version -> $(pm run --rm --network none "$TAG" --version)"

# --- a container on the host network, with a named volume
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT
podman volume create "$VOLUME" >/dev/null
start_and_wait() {
  local up=0
  for _ in $(seq 1 60); do
    if curl -fsS -m 2 "$URL/_junction/health" -o /dev/null 2>/dev/null; then
      up=1
      break
    fi
    sleep 0.5
  done
  [ "$up" = 1 ] || {
    podman logs "$NAME" 2>&1 | tail -20
    fail "not healthy on $URL"
  }
}
# No --init: Junction is PID 1 and handles SIGTERM itself.
log "podman run --network host -e JUNCTION_HOST=127.0.0.1 -e JUNCTION_PORT=$PORT -e JUNCTION_DATA_DIR=/data -v $VOLUME:/data"
pm run -d --name "$NAME" --network host -e JUNCTION_HOST=127.0.0.1 -e JUNCTION_PORT="$PORT" \
  -e JUNCTION_DATA_DIR=/data -v "$VOLUME":/data "$TAG" >/dev/null
start_and_wait
log "health: $(curl -fsS "$URL/_junction/health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print("status=%s version=%s storage=%s services=%s" % (h["status"], h["version"], h["storage"]["path"], ",".join(sorted(h["services"]))))')"
HOST_PID=$(podman inspect "$NAME" --format '{{.State.Pid}}')
log "process: $(awk '/^NSpid/{print "pid in container=" $NF} /^Uid/{print "uid=" $2} /^Gid/{print "gid=" $2}' "/proc/$HOST_PID/status" | tr '\n' ' ')($(tr '\0' ' ' <"/proc/$HOST_PID/cmdline"))"
[ "$(awk '/^NSpid/{print $NF}' "/proc/$HOST_PID/status")" = 1 ] || fail "junction is not PID 1"
[ "$(awk '/^Uid/{print $2}' "/proc/$HOST_PID/status")" = 65532 ] || fail "junction does not run as 65532"

log "e2e smoke test: JUNCTION_URL=$URL python3 -m unittest -v test_smoke"
JUNCTION_URL=$URL PYTHONPATH=tests/e2e python3 -m unittest -v test_smoke 2>&1 | sed 's/^/         /' ||
  fail "smoke test"

RC=0
OUT=$(pm healthcheck run "$NAME" 2>&1) || RC=$?
log "podman healthcheck run -> exit $RC ${OUT:+($OUT) }status $(podman inspect "$NAME" --format '{{.State.Health.Status}}')"
if [ "$RC" != 0 ] || [ "$(podman inspect "$NAME" --format '{{.State.Health.Status}}')" != healthy ]; then
  fail "healthcheck"
fi
RC=0
OUT=$(pm exec "$NAME" /junction healthcheck --port 1 2>&1) || RC=$?
log "podman exec $NAME /junction healthcheck --port 1 -> exit $RC: $OUT"
[ "$RC" = 1 ] || fail "healthcheck of a closed port must exit 1"

# State to find again after a restart (a fixed account: the smoke test's are random).
persist() {
  python3 - "$URL" "$1" <<'EOF'
import sys, boto3
url, mode = sys.argv[1], sys.argv[2]
sso = boto3.client("sso-admin", endpoint_url=url, region_name="eu-west-1",
                   aws_access_key_id="123456789012", aws_secret_access_key="x")
instance = sso.list_instances()["Instances"][0]["InstanceArn"]
if mode == "create":
    sso.create_permission_set(InstanceArn=instance, Name="KeptInVolume")
print(len(sso.list_permission_sets(InstanceArn=instance)["PermissionSets"]))
EOF
}
log "permission sets before restart: $(persist create)"

stop_and_check() { # container, what
  local s0 s1 took code
  s0=$(date +%s.%N)
  pm stop "$1" >/dev/null
  s1=$(date +%s.%N)
  took=$(awk -v a="$s0" -v b="$s1" 'BEGIN{printf "%.2f", b-a}')
  code=$(podman inspect "$1" --format '{{.State.ExitCode}}')
  log "podman stop $2 -> ${took}s, exit code $code; last log lines:"
  podman logs "$1" 2>&1 | tail -3 | sed 's/^/         /'
  [ "$code" = 0 ] || fail "exit code $code after podman stop"
  awk -v t="$took" 'BEGIN{exit !(t < 5)}' || fail "podman stop took ${took}s (the 10 s kill?)"
}
stop_and_check "$NAME" "(host network)"

MOUNT=$(podman volume inspect "$VOLUME" --format '{{.Mountpoint}}')
log "volume $VOLUME: owner $(stat -c '%u:%g' "$MOUNT"), files: $(cd "$MOUNT" && ls | tr '\n' ' ')"
pm start "$NAME" >/dev/null
start_and_wait
COUNT=$(persist list)
log "permission sets after restart: $COUNT"
[ "$COUNT" = 1 ] || fail "state not kept in the volume"
stop_and_check "$NAME" "(after restart)"

# --- the image's defaults (JUNCTION_HOST=0.0.0.0) in a network namespace of its own
log "podman run --network none (image defaults: JUNCTION_HOST=0.0.0.0, JUNCTION_PORT=4566)"
pm run -d --name "$NAME-defaults" --network none "$TAG" >/dev/null
ok=0
for _ in $(seq 1 30); do
  if podman healthcheck run "$NAME-defaults" >/dev/null 2>&1; then
    ok=1
    break
  fi
  sleep 0.5
done
[ "$ok" = 1 ] || {
  podman logs "$NAME-defaults" 2>&1 | tail -20
  fail "not healthy with the image's defaults"
}
log "podman healthcheck run -> $(podman inspect "$NAME-defaults" --format '{{.State.Health.Status}}'); $(podman logs "$NAME-defaults" 2>&1 | grep -m1 listening)"
podman logs "$NAME-defaults" 2>&1 | grep -m1 listening | grep -q 'storage=memory' ||
  fail "the image's default is not state in memory"
stop_and_check "$NAME-defaults" "(network none)"

log "image size: $SIZE bytes ($(awk -v s="$SIZE" 'BEGIN{printf "%.1f MB", s/1000000}'))"
log "ALL CHECKS PASSED"
