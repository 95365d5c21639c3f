#!/usr/bin/env python3
"""Concurrency: many clients at once on the same names never see a 5xx, never make duplicate
rows, and leave a final state the answers explain.

64 threads (one keep-alive connection each) run for 30 s, all on the same few names: AppStream
stacks and users created and deleted while batches associate and disassociate them, SSO Admin
permission sets created and deleted while account assignments are made and removed on them,
FinSpace memberships added and removed while churn permission groups come and go, License
Manager User Subscriptions users associated and disassociated. Then:

  * no answer was a 5xx and every request was answered (a busy database is waited for, never
    reported);
  * the state (GET /_junction/state) holds no duplicate of any logical key;
  * per key, the final value is the effect of an operation that may have been the last one on
    it (one that no other operation on the key started after the end of);
  * for keys that only a successful call flips (stack and user existence, permission set names,
    FinSpace memberships of groups never deleted), the successes alternate: creates minus deletes
    is 0 or 1, and matches the final state;
  * another connection to the database file, reading and checkpointing the WAL meanwhile, is
    waited for (SQLite's busy timeout), never reported to a client;
  * after SIGTERM, the database file passes PRAGMA integrity_check and foreign_key_check;
  * SIGTERM under load: junction finishes the requests in flight and exits 0, no client sees a
    5xx, and every create it acknowledged is there after a restart.

  JUNCTION_BIN=build/junction python3 tests/reliability/concurrency.py [--clients 64 --seconds 30]
"""

import argparse
import collections
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

PRESENT, ABSENT = True, False
PRODUCT = "VISUAL_STUDIO_ENTERPRISE"

STACKS = [f"stack{i}" for i in range(4)]
USERS = [f"user{i}@example.com" for i in range(5)]
CHURN_SETS = [f"churn{i}" for i in range(3)]
TARGETS = ["111122223333", "444455556666"]
PRINCIPALS = [c.sso_principal(i) for i in range(3)]
LMUS_USERS = [f"dev{i}" for i in range(4)]


class Unexpected(Exception):
    pass


class Shared:
    """What the clients learn from each other: ARNs and ids only answers tell."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ps_arn = {}  # churn permission set name -> the last ARN seen created
        self.churn_groups = []  # FinSpace permission group ids created by clients

    def arn(self, name):
        with self.lock:
            return self.ps_arn.get(name)

    def groups(self):
        with self.lock:
            return list(self.churn_groups[-6:])


class Worker(threading.Thread):
    def __init__(self, wid, port, env, shared, deadline, rng):
        super().__init__(daemon=True)
        self.wid, self.env, self.shared, self.deadline, self.rng = wid, env, shared, deadline, rng
        self.client = c.Client(port, timeout=60)
        self.ops = []  # (key, start, end, value after) -- value None: no information
        self.flips = collections.Counter()  # (key, +1 | -1) successful flips
        self.requests = 0
        self.statuses = collections.Counter()
        self.problems = []

    def run(self):
        try:
            while time.monotonic() < self.deadline:
                self.step()
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            self.problems.append(f"client {self.wid}: {e!r}")
        finally:
            self.client.close()

    def call(self, fn, *args):
        start = time.monotonic()
        try:
            status, body = fn(self.client, *args)
        except c.NoAnswer as e:
            raise Unexpected(f"no answer: {e}") from e
        end = time.monotonic()
        self.requests += 1
        self.statuses[status] += 1
        if status >= 500:
            raise Unexpected(f"{fn.__name__}{args}: {status} {body}")
        return status, body, self.client.last_error_type, start, end

    def record(self, key, start, end, value):
        self.ops.append((key, start, end, value))

    def unexpected(self, what, status, body):
        raise Unexpected(f"{what}: unexpected answer {status} {body}")

    def step(self):
        r = self.rng.random()
        if r < 0.02:
            self.control()
        elif r < 0.3:
            self.appstream()
        elif r < 0.55:
            self.sso()
        elif r < 0.8:
            self.finspace()
        else:
            self.lmus()

    # -- the control plane, meanwhile: journal, health, fault rules (on an operation no client
    #    calls, so they never fire), a state export
    def control(self):
        r = self.rng.random()
        if r < 0.3:
            st, body, *_ = self.call(lambda cl: cl.request("GET", "/_junction/requests?limit=5"))
        elif r < 0.5:
            st, body, *_ = self.call(lambda cl: cl.request("GET", "/_junction/health"))
        elif r < 0.9:
            st, body, *_ = self.call(lambda cl: cl.request(
                "POST", "/_junction/faults",
                {"service": "sso-admin", "operation": "DescribeInstance", "latencyMs": 1}))
            if st != 201:
                self.unexpected("POST /_junction/faults", st, body)
            st, body, *_ = self.call(
                lambda cl, i: cl.request("DELETE", f"/_junction/faults/{i}"), body["id"])
        else:
            st, body, *_ = self.call(lambda cl: cl.request("GET", "/_junction/state"))
        if st >= 300:
            self.unexpected("control plane", st, body)

    # -- AppStream: stacks and users come and go while batches run on them
    def appstream(self):
        r = self.rng.random()
        if r < 0.1:
            s = self.rng.choice(STACKS)
            st, body, et, t0, t1 = self.call(c.appstream_create_stack, s)
            if st == 200:
                self.flips[(("stack", s), +1)] += 1
            elif et != "ResourceAlreadyExistsException":
                self.unexpected("CreateStack", st, body)
            self.record(("stack", s), t0, t1, PRESENT)
        elif r < 0.16:
            s = self.rng.choice(STACKS)
            st, body, et, t0, t1 = self.call(c.appstream_delete_stack, s)
            if st == 200:
                self.flips[(("stack", s), -1)] += 1
            elif et != "ResourceNotFoundException":
                self.unexpected("DeleteStack", st, body)
            self.record(("stack", s), t0, t1, ABSENT)
            for u in USERS:  # no stack, no associations
                self.record(("assoc", s, u), t0, t1, ABSENT)
        elif r < 0.26:
            u = self.rng.choice(USERS)
            st, body, et, t0, t1 = self.call(c.appstream_create_user, u)
            if st == 200:
                self.flips[(("user", u), +1)] += 1
            elif et != "ResourceAlreadyExistsException":
                self.unexpected("CreateUser", st, body)
            self.record(("user", u), t0, t1, PRESENT)
        elif r < 0.32:
            u = self.rng.choice(USERS)
            st, body, et, t0, t1 = self.call(c.appstream_delete_user, u)
            if st == 200:
                self.flips[(("user", u), -1)] += 1
            elif et != "ResourceNotFoundException":
                self.unexpected("DeleteUser", st, body)
            self.record(("user", u), t0, t1, ABSENT)
            for s in STACKS:
                self.record(("assoc", s, u), t0, t1, ABSENT)
        elif r < 0.4:
            by_stack = self.rng.random() < 0.5
            params = ({"StackName": self.rng.choice(STACKS)} if by_stack else
                      {"UserName": self.rng.choice(USERS), "AuthenticationType": "USERPOOL"})
            st, body, et, t0, t1 = self.call(
                lambda cl, p: cl.aws_json("appstream", "DescribeUserStackAssociations", p), params)
            if st != 200 and et != "ResourceNotFoundException":
                self.unexpected("DescribeUserStackAssociations", st, body)
        else:
            associate = r < 0.75
            op = "BatchAssociateUserStack" if associate else "BatchDisassociateUserStack"
            pairs = []
            for _ in range(self.rng.randint(1, 8)):
                p = (self.rng.choice(STACKS), self.rng.choice(USERS))
                if p not in pairs:
                    pairs.append(p)
            st, body, et, t0, t1 = self.call(c.appstream_batch, op, pairs)
            if st != 200:
                self.unexpected(op, st, body)
            failed = {(e["UserStackAssociation"]["StackName"],
                       e["UserStackAssociation"]["UserName"]): e["ErrorCode"]
                      for e in body["errors"]}
            for s, u in pairs:
                code = failed.get((s, u))
                if code is None:
                    self.record(("assoc", s, u), t0, t1, PRESENT if associate else ABSENT)
                elif code == "STACK_NOT_FOUND":
                    self.record(("stack", s), t0, t1, ABSENT)
                    self.record(("assoc", s, u), t0, t1, ABSENT)
                elif code == "USER_NAME_NOT_FOUND":
                    self.record(("user", u), t0, t1, ABSENT)
                    self.record(("assoc", s, u), t0, t1, ABSENT)
                else:
                    self.unexpected(f"{op} entry", code, body)

    # -- SSO Admin: churn permission sets with assignments on them
    def sso(self):
        inst = self.env["instance"]
        r = self.rng.random()
        name = self.rng.choice(CHURN_SETS)
        if r < 0.12:
            st, body, et, t0, t1 = self.call(c.sso_create_permission_set, inst, name)
            if st == 200:
                arn = body["PermissionSet"]["PermissionSetArn"]
                with self.shared.lock:
                    self.shared.ps_arn[name] = arn
                self.flips[(("ps", name), +1)] += 1
                self.record(("ps-arn", arn), t0, t1, PRESENT)
            elif et != "ConflictException":
                self.unexpected("CreatePermissionSet", st, body)
            self.record(("ps", name), t0, t1, PRESENT)
            return
        arn = self.shared.arn(name)
        if arn is None:
            return
        if r < 0.22:
            st, body, et, t0, t1 = self.call(c.sso_delete_permission_set, inst, arn)
            if st == 200:
                self.flips[(("ps", name), -1)] += 1
                self.record(("ps", name), t0, t1, ABSENT)
                self.record(("ps-arn", arn), t0, t1, ABSENT)
                self.record(("deleted-ps", arn), t0, t1, ABSENT)  # expanded to its assignments
            elif et == "ResourceNotFoundException":
                self.record(("ps-arn", arn), t0, t1, ABSENT)
                self.record(("deleted-ps", arn), t0, t1, ABSENT)
            elif et == "ConflictException":  # still assigned
                self.record(("ps-arn", arn), t0, t1, PRESENT)
            else:
                self.unexpected("DeletePermissionSet", st, body)
            return
        target, principal = self.rng.choice(TARGETS), self.rng.choice(PRINCIPALS)
        key = ("assignment", arn, target, principal)
        a = c.sso_assignment(inst, arn, target, principal)
        if r < 0.62:
            st, body, et, t0, t1 = self.call(
                lambda cl, p: cl.aws_json("sso-admin", "CreateAccountAssignment", p), a)
            if st == 200:
                self.record(key, t0, t1, PRESENT)
                self.record(("ps-arn", arn), t0, t1, PRESENT)
            elif et == "ResourceNotFoundException":
                self.record(key, t0, t1, ABSENT)
                self.record(("ps-arn", arn), t0, t1, ABSENT)
            else:
                self.unexpected("CreateAccountAssignment", st, body)
        elif r < 0.92:
            st, body, et, t0, t1 = self.call(
                lambda cl, p: cl.aws_json("sso-admin", "DeleteAccountAssignment", p), a)
            if st == 200 or et == "ResourceNotFoundException":
                self.record(key, t0, t1, ABSENT)
            else:
                self.unexpected("DeleteAccountAssignment", st, body)
        else:
            st, body, et, t0, t1 = self.call(
                lambda cl, p: cl.aws_json("sso-admin", "ListAccountAssignments", p),
                {"InstanceArn": inst, "AccountId": target, "PermissionSetArn": arn})
            if st != 200 and et != "ResourceNotFoundException":
                self.unexpected("ListAccountAssignments", st, body)

    # -- FinSpace Data: memberships of fixed and of churn groups
    def finspace(self):
        r = self.rng.random()
        users = self.env["fs_users"]
        if r < 0.06:
            st, body, et, t0, t1 = self.call(c.finspace_create_group, "churn")
            if st != 200:
                self.unexpected("CreatePermissionGroup", st, body)
            gid = body["permissionGroupId"]
            with self.shared.lock:
                self.shared.churn_groups.append(gid)
            self.record(("group", gid), t0, t1, PRESENT)
            return
        churn = self.shared.groups()
        if r < 0.12 and churn:
            gid = self.rng.choice(churn)
            st, body, et, t0, t1 = self.call(c.finspace_delete_group, gid)
            if st != 200 and et != "ResourceNotFoundException":
                self.unexpected("DeletePermissionGroup", st, body)
            self.record(("group", gid), t0, t1, ABSENT)
            for u in users:
                self.record(("member", gid, u), t0, t1, ABSENT)
            return
        fixed = r < 0.6 or not churn
        gid = self.rng.choice(self.env["fs_groups"] if fixed else churn)
        uid = self.rng.choice(users)
        key = ("member", gid, uid)
        if self.rng.random() < 0.1:
            st, body, et, t0, t1 = self.call(
                lambda cl, g: cl.rest_json("finspace-data", "GET",
                                           f"/permission-group/{g}/users?maxResults=100"), gid)
            if st != 200 and et != "ResourceNotFoundException":
                self.unexpected("ListUsersByPermissionGroup", st, body)
            return
        if self.rng.random() < 0.5:
            st, body, et, t0, t1 = self.call(c.finspace_associate, gid, uid)
            if st == 200:
                if fixed:  # a churn group's deletion also ends its memberships
                    self.flips[(key, +1)] += 1
                self.record(key, t0, t1, PRESENT)
            elif et == "ConflictException":
                self.record(key, t0, t1, PRESENT)
            elif et == "ResourceNotFoundException" and not fixed:
                self.record(("group", gid), t0, t1, ABSENT)
                self.record(key, t0, t1, ABSENT)
            else:
                self.unexpected("AssociateUserToPermissionGroup", st, body)
        else:
            st, body, et, t0, t1 = self.call(c.finspace_disassociate, gid, uid)
            if st == 200:
                if fixed:
                    self.flips[(key, -1)] += 1
                self.record(key, t0, t1, ABSENT)
            elif et == "ResourceNotFoundException":
                self.record(key, t0, t1, ABSENT)
            else:
                self.unexpected("DisassociateUserFromPermissionGroup", st, body)

    # -- License Manager User Subscriptions: users on seeded instances
    def lmus(self):
        inst = self.rng.choice(self.env["instances"])
        d = self.rng.choice(self.env["directories"])
        u = self.rng.choice(LMUS_USERS)
        key = ("lmus", inst, d, u)
        r = self.rng.random()
        if r < 0.45:
            st, body, et, t0, t1 = self.call(c.lmus_associate, inst, d, u)
            if st != 200:
                self.unexpected("AssociateUser", st, body)
            self.record(key, t0, t1, PRESENT)
        elif r < 0.9:
            st, body, et, t0, t1 = self.call(c.lmus_disassociate, inst, d, u)
            if st != 200 and et != "ResourceNotFoundException":
                self.unexpected("DisassociateUser", st, body)
            self.record(key, t0, t1, ABSENT)
        else:
            st, body, et, t0, t1 = self.call(
                lambda cl, p: cl.rest_json("license-manager-user-subscriptions", "POST",
                                           "/user/ListUserAssociations", p),
                {"InstanceId": inst, "IdentityProvider": c.lmus_provider(d)})
            if st != 200:
                self.unexpected("ListUserAssociations", st, body)


# ----------------------------------------------------------------------------- checks

def observe(tables, env):
    seen = {}
    for r in c.rows(tables, "appstream_stacks"):
        seen[("stack", r["name"])] = PRESENT
    for r in c.rows(tables, "appstream_users"):
        seen[("user", r["user_name"])] = PRESENT
    for r in c.rows(tables, "appstream_user_stack_associations"):
        seen[("assoc", r["stack_name"], r["user_name"])] = PRESENT
    for r in c.rows(tables, "sso_permission_sets"):
        seen[("ps", r["name"])] = PRESENT
        seen[("ps-arn", r["arn"])] = PRESENT
    for r in c.rows(tables, "sso_account_assignments"):
        seen[("assignment", r["permission_set_arn"], r["target_id"], r["principal_id"])] = PRESENT
    for r in c.rows(tables, "finspace_permission_groups"):
        seen[("group", r["permission_group_id"])] = PRESENT
    for r in c.rows(tables, "finspace_memberships"):
        seen[("member", r["permission_group_id"], r["user_id"])] = PRESENT
    for r in c.rows(tables, "lmus_user_associations"):
        if r["status"] == "ASSOCIATED":
            seen[("lmus", r["instance_id"], r["directory_id"], r["username"])] = PRESENT
    return seen


def check_duplicates(tables):
    problems = []
    logical = [
        ("appstream_stacks", ["name"], None),
        ("appstream_users", ["user_name"], None),
        ("appstream_user_stack_associations", ["stack_name", "user_name", "authentication_type"],
         None),
        ("sso_permission_sets", ["instance_arn", "name"], None),
        ("sso_account_assignments", ["permission_set_arn", "target_id", "target_type",
                                     "principal_type", "principal_id"], None),
        ("finspace_users", ["email_address"], None),
        ("finspace_memberships", ["permission_group_id", "user_id"], None),
        ("lmus_user_associations", ["instance_id", "directory_id", "username"],
         lambda r: r["status"] == "ASSOCIATED"),
        ("lmus_identity_providers", ["directory_id", "product"], None),
    ]
    for table, columns, where in logical:
        dup = c.duplicates(tables, table, columns, where)
        if dup:
            problems.append(f"duplicate rows in {table} for {sorted(dup)[:5]}")
    return problems


def check_history(workers, seen):
    """Per key: the final value must be the value after some operation that may have been the
    last on it."""
    ops = collections.defaultdict(list)
    for w in workers:
        for key, start, end, value in w.ops:
            ops[key].append((start, end, value))
    # A deleted permission set took its assignments with it: an operation on each of them.
    for key in [k for k in ops if k[0] == "deleted-ps"]:
        arn = key[1]
        for other in [k for k in ops if k[0] == "assignment" and k[1] == arn]:
            ops[other].extend(ops[key])
        del ops[key]
    problems = []
    for key, history in ops.items():
        last_start = max(s for s, _, _ in history)
        possible = {v for s, e, v in history if e >= last_start}
        found = seen.get(key, ABSENT)
        if found not in possible:
            problems.append(f"{key}: final state {found}, but the last operations on it left "
                            f"{sorted(possible)}")
    for key in seen:
        if key not in ops and key[0] in ("assoc", "assignment", "lmus", "stack", "user", "ps"):
            problems.append(f"{key} exists, but no operation made it")
    return problems, len(ops)


def check_flips(workers, seen):
    """Keys that only a successful call changes: successes alternate, starting from absent."""
    totals = collections.Counter()
    for w in workers:
        totals.update(w.flips)
    problems = []
    keys = {k for k, _ in totals}
    for key in keys:
        diff = totals[(key, +1)] - totals[(key, -1)]
        found = seen.get(key, ABSENT)
        if diff not in (0, 1) or found != (diff == 1):
            problems.append(f"{key}: {totals[(key, +1)]} successful creates/associations, "
                            f"{totals[(key, -1)]} successful deletes/disassociations, "
                            f"final state {found}")
    return problems, len(keys)


class OutsideReader(threading.Thread):
    """Another process's connection to the database file, reading and checkpointing the WAL
    while the clients write: the server must wait for it, never report it."""

    def __init__(self, path, deadline):
        super().__init__(daemon=True)
        self.path, self.deadline = path, deadline
        self.reads = self.checkpoints = 0
        self.problems = []

    def run(self):
        try:
            db = sqlite3.connect(self.path, timeout=10)
            while time.monotonic() < self.deadline:
                db.execute("SELECT count(*) FROM appstream_user_stack_associations").fetchone()
                db.execute("SELECT count(*) FROM finspace_memberships").fetchone()
                self.reads += 1
                if self.reads % 10 == 0:
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                    self.checkpoints += 1
                time.sleep(0.02)
            db.close()
        except sqlite3.Error as e:
            self.problems.append(f"outside reader: {e!r}")


def tamper(db_path, env):
    """A membership no answer explains: every fixed group gets every user, whatever the clients
    did last."""
    db = sqlite3.connect(db_path, timeout=10)
    for g in env["fs_groups"]:
        for u in env["fs_users"]:
            db.execute("INSERT OR IGNORE INTO finspace_memberships (account, region, "
                       "permission_group_id, user_id, create_time, seq) VALUES (?, ?, ?, ?, 0, "
                       "(SELECT COALESCE(MAX(seq), 0) + 1 FROM finspace_memberships))",
                       (c.ACCOUNT, c.REGION, g, u))
    db.commit()
    db.close()
    print("tampered: every fixed FinSpace group now holds every user", flush=True)


def setup(client, rng):
    env = {"instance": c.sso_instance_arn(client)}
    env["instances"] = ["i-%017x" % rng.randrange(16 ** 17) for _ in range(2)]
    st, body = c.lmus_seed_instances(client, env["instances"])
    assert st == 200, (st, body)
    env["directories"] = ["d-%010x" % rng.randrange(16 ** 10) for _ in range(2)]
    for d in env["directories"]:
        st, body = c.lmus_register(client, d)
        assert st == 200, (st, body)
    env["fs_users"], env["fs_groups"] = [], []
    for i in range(4):
        st, body = c.finspace_create_user(client, f"member{i}@example.com")
        assert st == 200, (st, body)
        env["fs_users"].append(body["userId"])
    for i in range(3):
        st, body = c.finspace_create_group(client, f"fixed{i}")
        assert st == 200, (st, body)
        env["fs_groups"].append(body["permissionGroupId"])
    return env


def stop_under_load(data_dir, server_args, clients=16):
    """SIGTERM while clients are busy: junction finishes the requests in flight and exits 0, no
    client sees a 5xx, and every create it acknowledged is there after a restart."""
    server = c.Server(data_dir, args=server_args)
    server.start()
    done = threading.Event()
    acked, problems, answered = [], [], collections.Counter()
    lock = threading.Lock()

    def hammer(i):
        client = c.Client(server.port, timeout=30)
        n = 0
        while not done.is_set():
            name = f"term{i}x{n}"
            n += 1
            try:
                st, body = c.appstream_create_stack(client, name)
            except c.NoAnswer:
                client.close()
                time.sleep(0.01)  # stopping: connections close, new ones are refused
                continue
            with lock:
                answered[st] += 1
                if st == 200:
                    acked.append(name)
                elif st >= 500:
                    problems.append(f"stop under load: CreateStack {name}: {st} {body}")
        client.close()

    threads = [threading.Thread(target=hammer, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    server.proc.send_signal(c.signal.SIGTERM)
    try:
        code = server.proc.wait(timeout=30)
    except c.subprocess.TimeoutExpired:
        code = None
        problems.append("stop under load: junction did not exit within 30 s of SIGTERM")
    done.set()
    for t in threads:
        t.join(30)
    if code not in (0, None):
        problems.append(f"stop under load: junction exited with {code}")
    problems += c.sanitizer_reports(server.output())
    server.start()
    client = c.Client(server.port)
    names = {r["name"] for r in c.rows(client.state(), "appstream_stacks")}
    client.close()
    missing = [n for n in acked if n not in names]
    if missing:
        problems.append(f"stop under load: {len(missing)} acknowledged stacks missing after "
                        f"restart, e.g. {missing[:5]}")
    server.stop()
    problems += c.sanitizer_reports(server.output())
    server.kill()
    return problems, {"acknowledged": len(acked), "statuses": dict(answered)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("JUNCTION_CONCURRENCY_SECONDS", 30)),
                        help="how long the clients run (default 30, or "
                             "$JUNCTION_CONCURRENCY_SECONDS)")
    parser.add_argument("--threads", type=int, default=0,
                        help="junction --threads (default: junction's own default)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--tamper", action="store_true",
                        help="prove the checks can fail: after the load, add memberships behind "
                             "the server's back that no answer explains (the run must FAIL)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"concurrency: {args.clients} clients for {args.seconds:g} s, seed {seed}", flush=True)

    data_dir = tempfile.mkdtemp(prefix="junction-concurrency-")
    server_args = ["--max-connections", str(max(1024, args.clients * 2))]
    if args.threads:
        server_args += ["--threads", str(args.threads)]
    server = c.Server(data_dir, args=server_args)
    problems = []
    figures = {}
    try:
        server.start()
        client = c.Client(server.port)
        env = setup(client, rng)
        shared = Shared()
        deadline = time.monotonic() + args.seconds
        workers = [Worker(i, server.port, env, shared, deadline, random.Random(rng.random()))
                   for i in range(args.clients)]
        outside = OutsideReader(server.db_path, deadline)
        started = time.monotonic()
        for w in workers:
            w.start()
        outside.start()
        for w in workers:
            w.join(args.seconds + 120)
            if w.is_alive():
                problems.append(f"client {w.wid} still running 120 s after the end")
        elapsed = time.monotonic() - started
        outside.join(30)
        problems.extend(outside.problems)
        for w in workers:
            problems.extend(w.problems)
        statuses = collections.Counter()
        for w in workers:
            statuses.update(w.statuses)
        requests = sum(w.requests for w in workers)
        if args.tamper:
            tamper(server.db_path, env)
        tables = client.state()
        client.close()
        seen = observe(tables, env)
        problems += check_duplicates(tables)
        history_problems, keys = check_history(workers, seen)
        flip_problems, flip_keys = check_flips(workers, seen)
        problems += history_problems + flip_problems
        code = server.stop()
        if code != 0:
            problems.append(f"junction exited with {code} on SIGTERM")
        problems += c.sanitizer_reports(server.output())
        db = sqlite3.connect(server.db_path)
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        foreign = db.execute("PRAGMA foreign_key_check").fetchall()
        db.close()
        if integrity != [("ok",)]:
            problems.append(f"PRAGMA integrity_check: {integrity}")
        if foreign:
            problems.append(f"PRAGMA foreign_key_check: {foreign[:10]}")
        stop_problems, stop_figures = stop_under_load(data_dir, server_args)
        problems += stop_problems
        figures = {"clients": args.clients, "seconds": round(elapsed, 1), "requests": requests,
                   "per_second": round(requests / elapsed), "statuses": dict(sorted(statuses.items())),
                   "keys_checked": keys, "flip_keys_checked": flip_keys,
                   "outside_reads": outside.reads, "outside_checkpoints": outside.checkpoints,
                   "stop_under_load": stop_figures,
                   "seed": seed}
    finally:
        server.kill()
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems[:50]), file=sys.stderr)
        print(f"--- junction output:\n{server.output()[-4000:]}", file=sys.stderr)
        print(f"data directory kept: {data_dir}", file=sys.stderr)
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    print("figures: " + json.dumps(figures), flush=True)
    if not problems:
        print(f"OK: {figures['requests']} requests, no 5xx, {figures['keys_checked']} keys "
              "consistent, no duplicates, integrity_check ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
