#!/usr/bin/env python3
"""Storage faults are reported as what they are, and lose nothing acknowledged:

  * a read-only junction.db (mode 444 in a writable directory, Junction running as an
    unprivileged user through setpriv) refuses to start, naming the file and the cause;
  * a database another process holds locked, and a file that is not a database, refuse to start
    naming the file and the cause;
  * a second server on the same data directory refuses to start, naming the directory; the first
    keeps serving;
  * a full disk (a small tmpfs mounted in a private mount namespace, unshare -m): writes answer
    500 InternalServerException saying the disk is full, health turns unhealthy with the reason,
    and both recover by themselves once space is freed; every acknowledged write is there, the
    refused ones are not, also after a restart;
  * a page damaged in the middle of the file: Junction starts, health says the file is damaged
    (PRAGMA quick_check), and reads that hit the page answer an error naming the damage.

Needs root (for setpriv, unshare and mount; CI runs as root); elsewhere it says so and exits 77.

  JUNCTION_BIN=build/junction python3 tests/reliability/storage_faults.py
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]

checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)


def health(client):
    status, body = client.request("GET", "/_junction/health")
    return status, body["storage"]


def create_stack(client, name, description="x"):
    return client.aws_json("appstream", "CreateStack", {"Name": name, "Description": description})


def stack_names(client):
    status, body = client.aws_json("appstream", "DescribeStacks", {})
    check(status == 200, f"DescribeStacks answered {status}: {body}")
    names = {s["Name"] for s in body["Stacks"]}
    while body.get("NextToken"):
        status, body = client.aws_json("appstream", "DescribeStacks",
                                       {"NextToken": body["NextToken"]})
        names |= {s["Name"] for s in body["Stacks"]}
    return names


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


def need_root():
    if os.geteuid() != 0:
        c.skip("storage_faults.py needs root (setpriv, unshare -m, mount); run it as root, as CI does")
    for tool in ("setpriv", "unshare", "nsenter", "mount"):
        if not shutil.which(tool):
            c.skip(f"storage_faults.py needs {tool} (util-linux)")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True)
    if probe.returncode != 0:
        c.skip("cannot make a private mount namespace here (unshare -m + mount tmpfs): "
               + probe.stderr.decode(errors="replace").strip())


def test_read_only_file(work):
    data = os.path.join(work, "readonly")
    os.mkdir(data)
    os.chown(data, NOBODY, NOBODY)
    server = c.Server(data, prefix=AS_NOBODY).start()
    client = c.Client(server.port)
    check(create_stack(client, "kept")[0] == 200, "CreateStack as nobody")
    check(server.stop() == 0, "clean stop")
    os.chmod(server.db_path, 0o444)
    code, out = c.run_junction(["--data-dir", data], prefix=AS_NOBODY)
    check(code == 1, f"a read-only database must refuse to start (exit {code}):\n{out}")
    check(server.db_path in out and "read-only" in out and "mode 0444" in out,
          f"the message must name the file and the cause:\n{out}")
    os.chmod(server.db_path, 0o644)
    server.start()
    check(stack_names(c.Client(server.port)) == {"kept"}, "the acknowledged stack is kept")
    server.stop()
    print(f"read-only file: refused to start: {out.strip().splitlines()[-1]}")


def test_locked_and_garbage(work):
    data = os.path.join(work, "locked")
    server = c.Server(data).start()
    check(create_stack(c.Client(server.port), "kept")[0] == 200, "CreateStack")
    server.stop()
    holder = sqlite3.connect(server.db_path, timeout=0, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    code, out = c.run_junction(["--data-dir", data])
    holder.execute("ROLLBACK")
    holder.close()
    check(code == 1 and server.db_path in out and "locked" in out,
          f"a locked database must refuse to start, naming file and cause (exit {code}):\n{out}")
    print(f"locked file: refused after {time.monotonic() - started:.1f} s: "
          f"{out.strip().splitlines()[-1]}")
    server.start()
    check(stack_names(c.Client(server.port)) == {"kept"}, "the acknowledged stack is kept")
    server.stop()

    garbage = os.path.join(work, "garbage")
    os.mkdir(garbage)
    with open(os.path.join(garbage, "junction.db"), "wb") as f:
        f.write(os.urandom(64 << 10))
    code, out = c.run_junction(["--data-dir", garbage])
    check(code == 1 and os.path.join(garbage, "junction.db") in out and "not a database" in out,
          f"a garbage file must refuse to start, naming file and cause (exit {code}):\n{out}")
    print(f"garbage file: refused to start: {out.strip().splitlines()[-1]}")


def test_two_servers(work):
    data = os.path.join(work, "shared")
    first = c.Server(data).start()
    client = c.Client(first.port)
    check(create_stack(client, "first")[0] == 200, "CreateStack on the first server")
    code, out = c.run_junction(["--data-dir", data])
    check(code == 1 and data in out and "in use by another Junction" in out
          and str(first.proc.pid) in out,
          f"a second server must refuse, naming the directory and the first (exit {code}):\n{out}")
    check(create_stack(client, "second")[0] == 200, "the first server keeps serving")
    first.stop()
    first.start()
    check(stack_names(c.Client(first.port)) == {"first", "second"}, "acknowledged stacks kept")
    first.stop()
    print(f"two servers: the second refused: {out.strip().splitlines()[-1]}")


class Namespace:
    """A private mount namespace holding a small tmpfs at `mount`, kept by a sleeping process;
    its files are reached from outside through /proc/PID/root."""

    def __init__(self, size):
        self.mount = tempfile.mkdtemp(prefix="junction-tmpfs-")
        self.proc = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c",
             f"mount -t tmpfs -o size={size} tmpfs {self.mount} && echo ready && exec sleep 900"],
            stdout=subprocess.PIPE)
        if self.proc.stdout.readline().strip() != b"ready":
            raise RuntimeError("could not mount the tmpfs")
        self.prefix = ["nsenter", "-t", str(self.proc.pid), "-m", "--"]

    def outside(self, path):
        return f"/proc/{self.proc.pid}/root{path}"

    def run(self, *cmd):
        subprocess.run(self.prefix + list(cmd), check=True)

    def close(self):
        self.proc.kill()
        self.proc.wait()
        os.rmdir(self.mount)


def fill(path):
    """Writes zeros to `path` until the file system is full."""
    with open(path, "wb", buffering=0) as f:
        block = b"\0" * (64 << 10)
        try:
            while True:
                f.write(block)
        except OSError:
            pass
    try:
        with open(path, "ab", buffering=0) as f:
            while True:
                f.write(b"\0" * 512)
    except OSError:
        pass


def test_disk_full(work):
    ns = Namespace("12m")
    try:
        data = os.path.join(ns.mount, "data")
        server = c.Server(data, prefix=ns.prefix).start()
        client = c.Client(server.port)
        acked, refused = set(), set()
        for i in range(20):
            check(create_stack(client, f"before{i}")[0] == 200, "CreateStack before the fill")
            acked.add(f"before{i}")
        fill(ns.outside(os.path.join(data, "filler")))
        error = None
        for i in range(3000):
            name = f"fill{i}"
            status, body = create_stack(client, name, "d" * 200)
            if status == 200:
                acked.add(name)
                continue
            refused.add(name)
            error = (status, body, client.last_error_type)
            break
        check(error is not None, "the disk never filled up")
        status, body, error_type = error
        message = body.get("Message") or body.get("message") or ""
        check(status == 500 and error_type == "InternalServerException",
              f"a write to a full disk: {status} {error_type} {body}")
        check("disk is full" in message and server.db_path in message and
              "Nothing was changed" in message and "see its log" not in message,
              f"the message must name the cause: {message}")
        hstatus, storage = health(client)
        check(hstatus == 503 and storage["healthy"] is False and storage["fault"] == "disk-full"
              and "disk is full" in storage["reason"], f"health on a full disk: {storage}")
        print(f"full disk: after {len(acked) - 20} more writes: {status} {error_type}: {message}")
        print(f"full disk: health {hstatus}: {storage['reason']}")
        os.remove(ns.outside(os.path.join(data, "filler")))
        wait_for(lambda: health(client)[0] == 200, 10, "health recovers once space is freed")
        check(create_stack(client, "after")[0] == 200, "writes work again")
        acked.add("after")
        names = stack_names(client)
        check(acked <= names, f"acknowledged stacks lost: {sorted(acked - names)}")
        check(not (refused & names), f"refused stacks applied: {sorted(refused & names)}")

        check(server.stop() == 0, "clean stop")
        server.start()
        names = stack_names(c.Client(server.port))
        check(acked <= names and not (refused & names),
              "after a restart: every acknowledged stack, no refused one")
        server.stop()
        # SQLite resolves /proc/PID/root to the path in this namespace: ask from inside.
        result = subprocess.run(ns.prefix + [sys.executable, "-c",
                                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                                ".execute('PRAGMA integrity_check').fetchone()[0])",
                                server.db_path], capture_output=True, text=True)
        check(result.stdout.strip() == "ok", f"integrity_check: {result.stdout}{result.stderr}")
        print(f"full disk: {len(acked)} acknowledged stacks all kept after a restart, "
              f"the {len(refused)} refused one absent, integrity_check ok")
    finally:
        ns.close()


def test_damaged_page(work):
    data = os.path.join(work, "damaged")
    os.mkdir(data)
    seed = os.path.join(work, "users.json")
    users = [{"account": c.ACCOUNT, "region": c.REGION, "user_name": f"user{i:05d}@example.com",
              "first_name": "F" * 40, "last_name": "L" * 40, "status": "CONFIRMED",
              "created_at": 1700000000 + i} for i in range(5000)]
    with open(seed, "w") as f:
        json.dump({"tables": {"appstream_users": users}}, f)
    server = c.Server(data, args=["--seed", seed]).start()
    server.stop()
    size = os.path.getsize(server.db_path)
    page = 4096
    middle = (size // page // 2) * page
    with open(server.db_path, "r+b") as f:
        f.seek(middle)
        f.write(os.urandom(page))
    server.args = []
    server.start(healthy=False)
    client = c.Client(server.port)
    hstatus, storage = health(client)
    check(hstatus == 503 and storage["healthy"] is False and storage["fault"] == "corrupt" and
          "quick_check" in storage["reason"] and server.db_path in storage["reason"],
          f"health with a damaged page: {hstatus} {storage}")
    print(f"damaged page {middle // page} of {size // page}: health {hstatus}: {storage['reason']}")
    status, body = client.request("GET", "/_junction/state")
    check(status == 500 and body["error"] == "StorageFault" and body["fault"] == "corrupt" and
          "damaged" in body["message"], f"an export over the damaged page: {status} {body}")
    status, body = client.aws_json("appstream", "DescribeUsers", {"AuthenticationType": "USERPOOL"})
    if status != 200:
        check(status == 500 and "damaged" in body.get("Message", ""),
              f"a read over the damaged page: {status} {body}")
    print(f"damaged page: GET /_junction/state -> 500 StorageFault; DescribeUsers -> {status}")
    server.stop()


def main():
    need_root()
    work = tempfile.mkdtemp(prefix="junction-storage-faults-")
    os.chmod(work, 0o755)
    started = time.monotonic()
    try:
        test_read_only_file(work)
        test_locked_and_garbage(work)
        test_two_servers(work)
        test_disk_full(work)
        test_damaged_page(work)
    except Exception:
        print(f"FAILED; data kept in {work}", flush=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    print(f"storage faults: {checks} checks passed in {time.monotonic() - started:.1f} s")
    print(f"{checks} passed, 0 failed")


if __name__ == "__main__":
    main()
