#!/usr/bin/env python3
"""Long journal listings are written as they are read: no memory held, no API call stalled.

  * a server with --journal-size 100000 is filled with 100,000 SSO Admin calls by the load
    generator (bench/loadgen.cpp, built with the server by scripts/build.sh);
  * four clients list the whole journal at once (about 30 MB each), and one more lists it with
    the bodies (about 330 MB), while another connection calls the API in a loop;
  * a second after the listings RSS must be back within BOUND_MB of what it was before them;
  * no API call on the other connection waits longer than STALL_S;
  * every listing holds the 100,000 calls, and the server still answers.

  JUNCTION_BIN=build/junction python3 tests/reliability/journal_memory.py
Skipped (exit 77) when the load generator is not built.
"""

import multiprocessing
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

CALLS = 100000
BOUND_MB = 16   # RSS after the listings, above the RSS before them
STALL_S = 2.0   # the longest an API call on another connection may take meanwhile
LISTINGS = 4


def loadgen_path():
    return os.environ.get("JUNCTION_LOADGEN") or os.path.join(
        os.path.dirname(c.junction_bin()), "bench", "junction_loadgen")


def api_calls(port, stop, answers):
    other = c.Client(port)
    latencies, errors = [], []
    while not stop.is_set():
        t = time.monotonic()
        status, body = other.aws_json("sso-admin", "ListInstances", {})
        latencies.append(time.monotonic() - t)
        if status != 200:
            errors.append(f"ListInstances during the listings: {status} {body}")
        time.sleep(0.01)
    answers.put((latencies, errors))


def main():
    loadgen = loadgen_path()
    if not os.access(loadgen, os.X_OK):
        print(f"skipped: the load generator {loadgen} is not built (-DJUNCTION_BENCH=ON)")
        sys.exit(77)
    server = c.Server(args=["--journal-size", str(CALLS), "--threads", "2"])
    server.start()
    pid = server.proc.pid
    failures = []
    try:
        client = c.Client(server.port, timeout=300)
        started = time.monotonic()
        while True:
            _, listing = client.request("GET", "/_junction/requests?limit=1")
            if listing["total"] >= CALLS:
                break
            subprocess.run([loadgen, "run", "--port", str(server.port), "--workload", "sso-list",
                            "--connections", "8", "--duration", "2", "--warmup", "0"],
                           check=True, stdout=subprocess.DEVNULL)
        print(f"journal filled with {listing['total']} calls in "
              f"{time.monotonic() - started:.1f} s; RSS {c.rss_kb(pid) / 1024:.0f} MB")
        # One listing first, as in use.
        client.request("GET", "/_junction/requests")
        time.sleep(1)
        before = c.rss_kb(pid)
        # The API calls come from a process of their own: the readers' JSON parsing holds this
        # one's interpreter lock for seconds, which would be measured as the server's stall.
        stop_calls = multiprocessing.Event()
        answers = multiprocessing.Queue()
        caller = multiprocessing.Process(target=api_calls,
                                         args=(server.port, stop_calls, answers), daemon=True)

        results = []

        def listing(path):
            reader = c.Client(server.port, timeout=300)
            t = time.monotonic()
            status, body = reader.request("GET", path)
            n = len(body["entries"]) if status == 200 else None
            results.append((path, status, n, time.monotonic() - t))

        paths = ["/_junction/requests"] * LISTINGS + ["/_junction/requests?bodies=true"]
        threads = [threading.Thread(target=listing, args=(p,), daemon=True) for p in paths]
        with c.RssPeak(pid, before) as peak:
            caller.start()
            took = c.run_together(threads, 300)
            time.sleep(1)
            stop_calls.set()
            latencies, errors = answers.get(timeout=60)
            caller.join(60)
        failures.extend(errors)
        after = c.rss_kb(pid)

        for path, status, n, _ in results:
            if status != 200 or n != CALLS:
                failures.append(f"GET {path} answered {status} with {n} calls")
        if len(results) != len(paths):
            failures.append(f"{len(paths) - len(results)} listings did not finish")
        growth = (after - before) / 1024
        if growth > BOUND_MB:
            failures.append(f"RSS {after // 1024} MB a second after the listings, {growth:.0f} MB "
                            f"above the {before // 1024} MB before them (bound {BOUND_MB} MB)")
        worst = max(latencies) if latencies else None
        if worst is None or worst > STALL_S:
            failures.append(f"an API call on another connection waited {worst} s "
                            f"(bound {STALL_S} s)")
        status, _ = client.request("GET", "/_junction/health")
        if status != 200:
            failures.append(f"health after the listings: {status}")
        print(f"{LISTINGS} concurrent journal listings of {CALLS} calls and one with bodies in "
              f"{took:.1f} s; RSS before {before / 1024:.0f} MB, peak {peak.kb / 1024:.0f} MB, "
              f"a second after {after / 1024:.0f} MB ({growth:+.0f} MB); {len(latencies)} API "
              f"calls on another connection meanwhile, the slowest {worst * 1000:.0f} ms")
    finally:
        server.stop(timeout=60)
    for f in failures:
        print("FAIL:", f)
    checks = 3 + len(paths)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
