#!/usr/bin/env bash
# Junction's benchmark: builds Junction (Release) and the load generator, runs every workload
# against Junction in memory (--ephemeral) and on a file database (--data-dir), the SSO Admin
# workloads against moto_server, measures start-up, memory and list latency with 100,000 stored
# assignments, prints one table and writes it to bench/RESULTS.md. See bench/README.md.
#
#   bench/run.sh                 the full run (about 7 minutes)
#   bench/run.sh --smoke         a few seconds, no moto, nothing written to bench/RESULTS.md
#
# Options: --duration S (each measured window, default 3), --repeat N (windows per Junction
# workload, the median is reported; default 3), --moto-duration S (default 5), --warmup S
# (default 1), --count N (stored assignments, default 100000), --no-moto,
# --no-build, --build-dir DIR (default ./build), --output FILE (default bench/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

smoke=0 build=1 moto=1 duration=3 moto_duration=5 warmup=1 count=100000 repeat=3
build_dir=$root/build output=$root/bench/RESULTS.md
command_line="bench/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --no-build) build=0 ;;
    --no-moto) moto=0 ;;
    --build-dir) build_dir=$(realpath "$2"); shift ;;
    --duration) duration=$2; shift ;;
    --moto-duration) moto_duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --count) count=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --output) output=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
connections="1 16"
startup_runs=10
if [ $smoke = 1 ]; then
  moto=0 duration=0.3 warmup=0.1 count=2000 connections="4" startup_runs=3 repeat=1
fi

if [ $build = 1 ]; then
  scripts/install-deps.sh
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DJUNCTION_BENCH=ON >/dev/null
  cmake --build "$build_dir" -j"$(nproc)" --target junction junction_loadgen
fi
junction=$build_dir/junction
loadgen=$build_dir/bench/junction_loadgen
[ -x "$junction" ] || { echo "run.sh: $junction not built" >&2; exit 2; }
[ -x "$loadgen" ] || { echo "run.sh: $loadgen not built (configure with -DJUNCTION_BENCH=ON)" >&2; exit 2; }
if [ $moto = 1 ] && ! command -v moto_server >/dev/null; then
  echo "run.sh: moto_server not found (pip install 'moto[server]'); skipping moto" >&2
  moto=0
fi

work=$(mktemp -d /tmp/junction-bench.XXXXXX)
results=$work/results.jsonl
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

note() { echo "== $*" >&2; }
record() { echo "$1" >>"$results"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
failed=0

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for PORT PID: until the port accepts connections (10 s at most) or the process is gone.
wait_for() {
  python3 - "$1" "$2" <<'PY'
import os, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        sys.exit(0)
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit(1)
        time.sleep(0.01)
sys.exit(1)
PY
}

# start_junction NAME ARGS...: starts Junction on a free port, sets $port and $pid.
start_junction() {
  local name=$1; shift
  local log=$work/$name.log
  port=$(free_port)
  "$junction" --port "$port" "$@" 2>"$log" &
  pid=$!
  pids+=("$pid")
  wait_for "$port" "$pid" && return 0
  echo "run.sh: junction ($name) did not start:" >&2
  cat "$log" >&2
  exit 1
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# The share of CPU time (%) the hypervisor gave to other guests between two /proc/stat "cpu"
# lines ("steal"): on a shared virtual machine, the part of a run's time that was not ours.
steal_pct() {
  python3 -c 'import sys; a, b = ([int(x) for x in l.split()[1:9]] for l in sys.argv[1:3]); d = [y - x for x, y in zip(a, b)]; print(round(100.0 * d[7] / max(1, sum(d)), 1))' "$1" "$2"
}

# run_workload SERVER PORT WORKLOAD CONNECTIONS DURATION
run_workload() {
  local out before steal
  before=$(head -1 /proc/stat)
  if out=$("$loadgen" run --port "$2" --workload "$3" --connections "$4" --duration "$5" \
      --warmup "$warmup" --repeat "$repeat"); then :; else
    echo "run.sh: $1 $3 with $4 connections had errors: $out" >&2
    failed=1
  fi
  steal=$(steal_pct "$before" "$(head -1 /proc/stat)")
  [ -n "$out" ] && record "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["server"]=sys.argv[2]; d["steal_pct"]=float(sys.argv[3]); print(json.dumps(d))' "$out" "$1" "$steal")"
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("   %-16s %-16s c=%-3d %9.0f req/s  p50 %6.0f us  p99 %6.0f us  errors %d  steal %s%%" % (sys.argv[2], d["workload"], d["connections"], d["rps"], d["p50_us"], d["p99_us"], d["errors"], sys.argv[3]))' "$out" "$1" "$steal" >&2 || true
}

workloads="ping sso-list sso-cycle finspace-cycle appstream-batch lmus-cycle"
record "{\"kind\":\"machine\",\"uptime_before\":\"$(uptime)\",\"nproc\":$(nproc),\"cpu\":\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\"}"

for mode in ephemeral file; do
  if [ $mode = ephemeral ]; then args=(--ephemeral); else args=(--data-dir "$work/data-$mode"); fi
  note "Junction ($mode): workloads"
  start_junction "$mode" "${args[@]}"
  sleep 0.2
  record "{\"kind\":\"idle_rss\",\"server\":\"junction-$mode\",\"rss_kb\":$(rss_kb "$pid")}"
  for w in $workloads; do
    for c in $connections; do run_workload "junction-$mode" "$port" "$w" "$c" "$duration"; done
  done
  stop "$pid"
  if [ $mode = ephemeral ] && [ $smoke = 0 ]; then
    note "Junction ($mode, --log-level warn): what the request log costs"
    start_junction "$mode-quiet" "${args[@]}" --log-level warn
    top=${connections##* }
    for w in sso-list sso-cycle; do run_workload "junction-$mode-warn" "$port" "$w" "$top" "$duration"; done
    stop "$pid"
  fi

  note "Junction ($mode): ListAccountAssignments with $count stored assignments"
  start_junction "$mode-scaling" "${args[@]}" --max-body-bytes 268435456
  if out=$("$loadgen" list-scaling --port "$port" --count "$count" \
      --connections "${connections// /,}" --duration "$duration" --warmup "$warmup"); then :; else
    echo "run.sh: list-scaling ($mode) had errors" >&2
    failed=1
  fi
  db_bytes=0
  if [ $mode = file ]; then db_bytes=$(du -sb "$work/data-$mode" | cut -f1); fi
  record "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(kind="list_scaling", server=sys.argv[2], rss_kb=int(sys.argv[3]), db_bytes=int(sys.argv[4])); print(json.dumps(d))' \
    "$out" "junction-$mode" "$(rss_kb "$pid")" "$db_bytes")"
  stop "$pid"

  note "Junction ($mode): start-up, median of $startup_runs"
  if [ $mode = ephemeral ]; then sargs=(--ephemeral); else sargs=(--data-dir "$work/startup-data"); fi
  out=$("$loadgen" startup --binary "$junction" --runs "$startup_runs" -- "${sargs[@]}")
  record "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(kind="startup", server=sys.argv[2]); print(json.dumps(d))' "$out" "junction-$mode")"
done

if [ $moto = 1 ]; then
  note "moto_server: SSO Admin workloads"
  repeat=1  # one longer window each: moto is slow
  mport=$(free_port)
  moto_server -H 127.0.0.1 -p "$mport" >"$work/moto.log" 2>&1 &
  mpid=$!
  pids+=("$mpid")
  wait_for "$mport" "$mpid" || { echo "run.sh: moto_server did not start" >&2; cat "$work/moto.log" >&2; exit 1; }
  sleep 0.5
  record "{\"kind\":\"idle_rss\",\"server\":\"moto\",\"rss_kb\":$(rss_kb "$mpid")}"
  for w in sso-list sso-cycle; do
    for c in $connections; do run_workload moto "$mport" "$w" "$c" "$moto_duration"; done
  done
  stop "$mpid"
fi

record "{\"kind\":\"machine_after\",\"uptime_after\":\"$(uptime)\"}"
if [ $smoke = 1 ]; then
  python3 bench/report.py "$results" --command "$command_line" --smoke
else
  python3 bench/report.py "$results" --command "$command_line" --output "$output"
  cp "$results" "${output%.md}.jsonl"
fi
exit $failed
