#!/usr/bin/env python3
"""Shutdown with a deadline: SIGTERM ends Junction within --shutdown-timeout whatever is in
flight, a second signal ends it at once, the database is closed cleanly either way, and nothing
acknowledged is lost:

  * a CreateStack that a fault rule delays by 300 s: SIGTERM with --shutdown-timeout 2 exits
    within the deadline (plus a margin); the delayed call is answered 503 ServiceUnavailable
    (it was not run: the stack does not exist after a restart), every acknowledged stack does;
  * a client that asks for a large state export and never reads it: exits within the deadline;
  * a delayed call with --shutdown-timeout 60: a second signal (SIGINT after SIGTERM) exits at
    once;
  * each time: exit code 0, the write-ahead log folded into the file and removed (a clean
    close), PRAGMA integrity_check ok.

  JUNCTION_BIN=build/junction python3 tests/reliability/shutdown.py
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

checks = 0
MARGIN = 1.5  # seconds beyond the deadline for the process to end


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)


def create_stacks(client, names):
    for name in names:
        status, body = client.aws_json("appstream", "CreateStack", {"Name": name})
        check(status == 200, f"CreateStack {name}: {status} {body}")


def delay_create_stack(client, ms):
    status, body = client.request("POST", "/_junction/faults", {
        "service": "appstream", "operation": "CreateStack", "latencyMs": ms})
    check(status == 201, f"fault rule: {status} {body}")


def send_in_background(port, name):
    """A CreateStack on its own connection; returns (thread, result dict)."""
    result = {}

    def run():
        client = c.Client(port, timeout=400)
        try:
            result["answer"] = client.aws_json("appstream", "CreateStack", {"Name": name})
            result["type"] = client.last_error_type
        except c.NoAnswer as e:
            result["answer"] = ("no answer", str(e))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def signal_and_time(server, signals, gap=0.3):
    started = time.monotonic()
    for i, sig in enumerate(signals):
        if i:
            time.sleep(gap)
        server.proc.send_signal(sig)
    code = server.proc.wait(timeout=120)
    return code, time.monotonic() - started


def closed_cleanly(server):
    check(not os.path.exists(server.db_path + "-wal"),
          "the write-ahead log is left behind: the database was not closed cleanly")
    db = sqlite3.connect(server.db_path)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check")
    db.close()


def stacks(server):
    server.start()
    client = c.Client(server.port)
    status, body = client.aws_json("appstream", "DescribeStacks", {})
    server.stop()
    return {s["Name"] for s in body["Stacks"]}


def test_delay_pending(work):
    server = c.Server(os.path.join(work, "delay"), args=["--shutdown-timeout", "2"]).start()
    client = c.Client(server.port)
    create_stacks(client, ["a1", "a2", "a3"])
    delay_create_stack(client, 300000)
    thread, result = send_in_background(server.port, "delayed")
    time.sleep(0.5)
    code, took = signal_and_time(server, [signal.SIGTERM])
    thread.join(5)
    check(code == 0, f"exit code {code}")
    check(took <= 2 + MARGIN, f"SIGTERM with a 300 s delay pending took {took:.2f} s")
    status, body = result.get("answer", (None, None))
    check(status == 503 and result.get("type") == "ServiceUnavailable",
          f"the delayed call: {result}")
    closed_cleanly(server)
    names = stacks(server)
    check(names == {"a1", "a2", "a3"}, f"after restart: {sorted(names)}")
    print(f"300 s delay pending, --shutdown-timeout 2: exited {code} after {took:.2f} s; "
          f"the delayed call got {status} {result.get('type')}; 3 acknowledged stacks kept, "
          f"the delayed one not created")


def test_unread_answer(work):
    data = os.path.join(work, "unread")
    seed = os.path.join(work, "seed.json")
    rows = [{"account": c.ACCOUNT, "region": c.REGION, "name": f"stack{i:05d}",
             "arn": f"arn:aws:appstream:{c.REGION}:{c.ACCOUNT}:stack/stack{i:05d}",
             "description": "d" * 200, "created_at": 1700000000 + i} for i in range(20000)]
    with open(seed, "w") as f:
        json.dump({"tables": {"appstream_stacks": rows}}, f)
    server = c.Server(data, args=["--shutdown-timeout", "2", "--seed", seed]).start()
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(b"GET /_junction/state HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(1.5)  # the export is made and its writing stalls on the unread socket
    code, took = signal_and_time(server, [signal.SIGTERM])
    sock.close()
    check(code == 0, f"exit code {code}")
    check(took <= 2 + MARGIN, f"SIGTERM with an unread {len(rows)}-row export took {took:.2f} s")
    closed_cleanly(server)
    db = sqlite3.connect(server.db_path)
    kept = db.execute("SELECT count(*) FROM appstream_stacks").fetchone()[0]
    db.close()
    check(kept == len(rows), f"every seeded stack is kept: {kept}")
    print(f"a client not reading a {len(rows)}-row export, --shutdown-timeout 2: exited {code} "
          f"after {took:.2f} s")


def test_second_signal(work):
    server = c.Server(os.path.join(work, "second"), args=["--shutdown-timeout", "60"]).start()
    client = c.Client(server.port)
    create_stacks(client, ["b1", "b2"])
    delay_create_stack(client, 300000)
    thread, result = send_in_background(server.port, "delayed")
    time.sleep(0.5)
    code, took = signal_and_time(server, [signal.SIGTERM, signal.SIGINT], gap=0.3)
    thread.join(5)
    check(code == 0, f"exit code {code}")
    check(took <= 0.3 + MARGIN, f"SIGTERM then SIGINT took {took:.2f} s (deadline 60 s)")
    closed_cleanly(server)
    check(stacks(server) == {"b1", "b2"}, "acknowledged stacks kept")
    print(f"second signal 0.3 s after SIGTERM (--shutdown-timeout 60): exited {code} after "
          f"{took:.2f} s; the delayed call got {result.get('answer', ('?',))[0]}")


def main():
    work = tempfile.mkdtemp(prefix="junction-shutdown-")
    started = time.monotonic()
    try:
        test_delay_pending(work)
        test_unread_answer(work)
        test_second_signal(work)
    except Exception:
        print(f"FAILED; data kept in {work}", flush=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    print(f"shutdown: {checks} checks passed in {time.monotonic() - started:.1f} s")
    print(f"{checks} passed, 0 failed")


if __name__ == "__main__":
    main()
