#!/usr/bin/env python3
"""Large state exports give their memory back and do not stall other connections:

  * 100,000 AppStream stacks (seeded) make an export of about 70 MB;
  * four clients export the whole state at once, each reading it to the end (and checking it
    holds every row), while another connection calls the API in a loop;
  * the resident set size is sampled throughout: a second after the exports it must be back
    within BOUND_MB of what it was before them, and the peak is reported;
  * no API call on the other connection waits longer than STALL_S;
  * then a new stack is written and found: the server is intact.

  JUNCTION_BIN=build/junction python3 tests/reliability/export_memory.py [--rows 100000]
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

BOUND_MB = 16   # RSS after the exports, above the RSS before them
STALL_S = 2.0   # the longest an API call on another connection may take meanwhile
EXPORTS = 4


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="junction-export-memory-")
    seed = os.path.join(work, "seed.json")
    rows = [{"account": c.ACCOUNT, "region": c.REGION, "name": f"stack{i:06d}",
             "arn": f"arn:aws:appstream:{c.REGION}:{c.ACCOUNT}:stack/stack{i:06d}",
             "description": f"stack {i} " + "d" * 400, "created_at": 1700000000 + i}
            for i in range(args.rows)]
    with open(seed, "w") as f:
        json.dump({"tables": {"appstream_stacks": rows}}, f)
    del rows
    server = c.Server(os.path.join(work, "data"), args=["--seed", seed, "--threads", "2"])
    started = time.monotonic()
    server.start(timeout=120)
    print(f"seeded {args.rows} stacks in {time.monotonic() - started:.1f} s")
    pid = server.proc.pid
    failures = []
    try:
        client = c.Client(server.port)
        # One export first: the readers' page caches and the pools are warm, as in use.
        status, doc = client.request("GET", "/_junction/state")
        size_mb = len(json.dumps(doc, separators=(",", ":"))) / 1e6
        del doc
        time.sleep(1)
        before = c.rss_kb(pid)

        done = threading.Event()

        latencies = []

        def api_calls():
            other = c.Client(server.port)
            while not done.is_set():
                t = time.monotonic()
                status, body = other.aws_json("sso-admin", "ListInstances", {})
                latencies.append(time.monotonic() - t)
                if status != 200:
                    failures.append(f"ListInstances during exports: {status} {body}")
                time.sleep(0.01)

        results = []

        def export():
            exporter = c.Client(server.port, timeout=300)
            t = time.monotonic()
            status, body = exporter.request("GET", "/_junction/state")
            n = len(body["tables"]["appstream_stacks"]) if status == 200 else None
            results.append((status, n, time.monotonic() - t))

        caller = threading.Thread(target=api_calls, daemon=True)
        exporters = [threading.Thread(target=export, daemon=True) for _ in range(EXPORTS)]
        with c.RssPeak(pid, before) as peak:
            caller.start()
            took = c.run_together(exporters, 300)
            time.sleep(1)
            done.set()
            caller.join()
        after = c.rss_kb(pid)

        for status, n, _ in results:
            if status != 200 or n != args.rows:
                failures.append(f"an export answered {status} with {n} stacks")
        if len(results) != EXPORTS:
            failures.append(f"{EXPORTS - len(results)} exports did not finish")
        growth = (after - before) / 1024
        if growth > BOUND_MB:
            failures.append(f"RSS {after // 1024} MB a second after the exports, "
                            f"{growth:.0f} MB above the {before // 1024} MB before them "
                            f"(bound {BOUND_MB} MB)")
        worst = max(latencies) if latencies else None
        if worst is None or worst > STALL_S:
            failures.append(f"an API call on another connection waited {worst} s (bound {STALL_S} s)")
        status, _ = client.aws_json("appstream", "CreateStack", {"Name": "after-exports"})
        if status != 200:
            failures.append(f"CreateStack after the exports: {status}")
        print(f"{EXPORTS} concurrent exports of {args.rows} rows ({size_mb:.0f} MB each) in "
              f"{took:.1f} s; RSS before {before / 1024:.0f} MB, peak {peak.kb / 1024:.0f} MB, "
              f"a second after {after / 1024:.0f} MB ({growth:+.0f} MB); {len(latencies)} API "
              f"calls on another connection meanwhile, the slowest {worst * 1000:.0f} ms")
    finally:
        server.stop(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    checks = 4 + EXPORTS
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
