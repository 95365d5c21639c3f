#!/usr/bin/env python3
"""Crash durability: nothing Junction acknowledged is ever lost, nothing it did not finish is
half applied, and the database file stays sound.

Several clients write to all four services (SSO Admin permission sets and account assignments,
AppStream stacks, users and batch associations, FinSpace users, permission groups and
memberships, License Manager User Subscriptions identity providers and user associations on EC2
instances seeded through POST /_junction/state) while the server is killed with SIGKILL at a
random moment. It is restarted on the same --data-dir, and then:

  * every write that got a 2xx is there (and every acknowledged delete is gone);
  * every write that got an error changed nothing;
  * the one write per client that was in flight when the server died is either wholly applied
    or not at all -- for an AppStream batch: all of its valid entries, or none;

and after the last round, with the server stopped, `PRAGMA integrity_check` and
`PRAGMA foreign_key_check` on the database file find nothing.

Each client owns its own names, and runs its writes one after another, so the expected state
of every key is exactly known from the answers.

  JUNCTION_BIN=build/junction python3 tests/reliability/crash_durability.py [--rounds 12]
"""

import argparse
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

ABSENT = None
PRESENT = True
ANY = "<any id>"  # a create in doubt
PRODUCT = "VISUAL_STUDIO_ENTERPRISE"


class Failure(AssertionError):
    pass


# ----------------------------------------------------------------------------- the ledger

class Ledger:
    """What the server answered. `state` maps a key to its value after the last acknowledged
    write (or the last failed one, which must not have changed it); `pending` holds, per client,
    the write that got no answer: its effects, all or none of which may have happened. Every key
    belongs to one writer (`owner`), which alone writes it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.state = {}
        self.owner = {}
        self.present = {}  # (owner, kind) -> keys whose value is not ABSENT
        self.pending = []  # (description, {key: value after}, {key: value before})
        self.acknowledged = 0  # 2xx writes
        self.rejected = 0  # 4xx writes (must have changed nothing)
        self.unanswered = 0

    def value(self, key):
        with self.lock:
            return self.state.get(key, ABSENT)

    def keys(self, owner, kind):
        with self.lock:
            return sorted(self.present.get((owner, kind), ()))

    def set(self, key, value, owner=None):
        """Unlocked: callers hold the lock (or run alone)."""
        owner = self.owner.setdefault(key, owner)
        bucket = self.present.setdefault((owner, key[0]), set())
        if value is ABSENT:
            self.state[key] = ABSENT
            bucket.discard(key)
        else:
            self.state[key] = value
            bucket.add(key)

    def applied(self, effects, owner=None):
        with self.lock:
            self.acknowledged += 1
            for k, v in effects.items():
                self.set(k, v, owner)

    def failed(self):
        with self.lock:
            self.rejected += 1

    def in_doubt(self, description, effects, owner=None):
        with self.lock:
            self.unanswered += 1
            for k in effects:
                self.owner.setdefault(k, owner)
            before = {k: self.state.get(k, ABSENT) for k in effects}
            self.pending.append((description, dict(effects), before))


# ----------------------------------------------------------------------------- the state read back

def observe(tables):
    """Every key the ledger can hold, as the server's state shows it."""
    seen = {}
    for r in c.rows(tables, "sso_permission_sets"):
        seen[("sso-ps", r["name"])] = r["arn"]
    for r in c.rows(tables, "sso_account_assignments"):
        seen[("sso-assignment", r["permission_set_arn"], r["target_id"], r["principal_id"])] = PRESENT
    for r in c.rows(tables, "appstream_stacks"):
        seen[("as-stack", r["name"])] = PRESENT
    for r in c.rows(tables, "appstream_users"):
        seen[("as-user", r["user_name"])] = PRESENT
    for r in c.rows(tables, "appstream_user_stack_associations"):
        seen[("as-assoc", r["stack_name"], r["user_name"])] = PRESENT
    users = {}
    for r in c.rows(tables, "finspace_users"):
        seen[("fs-user", r["email_address"])] = r["user_id"]
        users[r["user_id"]] = r["email_address"]
    groups = {}
    for r in c.rows(tables, "finspace_permission_groups"):
        if ("fs-group", r["name"]) in seen:
            raise Failure(f"two FinSpace permission groups are named {r['name']}")
        seen[("fs-group", r["name"])] = r["permission_group_id"]
        groups[r["permission_group_id"]] = r["name"]
    for r in c.rows(tables, "finspace_memberships"):
        seen[("fs-member", groups[r["permission_group_id"]], users[r["user_id"]])] = PRESENT
    for r in c.rows(tables, "lmus_instances"):
        seen[("lmus-instance", r["instance_id"])] = PRESENT
    for r in c.rows(tables, "lmus_identity_providers"):
        if r["status"] == "REGISTERED":
            seen[("lmus-idp", r["directory_id"], r["product"])] = PRESENT
    for r in c.rows(tables, "lmus_user_associations"):
        if r["status"] == "ASSOCIATED":
            seen[("lmus-assoc", r["instance_id"], r["directory_id"], r["username"])] = PRESENT
    return seen


def verify(ledger, tables, round_no):
    """Checks the state against the ledger; settles the writes in doubt. Returns the number of
    keys checked."""
    seen = observe(tables)
    problems = []
    in_doubt_keys = set()
    for description, after, before in ledger.pending:
        now = {k: seen.get(k, ABSENT) for k in after}
        changed = {k for k in after if after[k] != before[k]}
        if all(now[k] == after[k] for k in changed) or not changed:
            outcome = after
        elif all(now[k] == before[k] for k in changed):
            outcome = before
        else:
            half = {k: (before[k], after[k], now[k]) for k in changed}
            problems.append(f"half applied after round {round_no}: {description}: "
                            f"(before, after, found) per key: {half}")
            outcome = now
        for k, v in outcome.items():
            ledger.set(k, v)
        in_doubt_keys.update(after)
    ledger.pending.clear()
    checked = 0
    for key, expected in ledger.state.items():
        checked += 1
        found = seen.get(key, ABSENT)
        if found != expected:
            problems.append(f"after round {round_no}: {key}: expected {expected!r}, found {found!r}")
    # Nothing may exist that no write created.
    for key, found in seen.items():
        if key not in ledger.state and found is not ABSENT:
            problems.append(f"after round {round_no}: {key} = {found!r} exists, but no "
                            "acknowledged or pending write made it")
    if problems:
        raise Failure("\n".join(problems[:40]) + (f"\n... {len(problems)} problems"
                                                   if len(problems) > 40 else ""))
    return checked


# ----------------------------------------------------------------------------- the writers

class Writer(threading.Thread):
    """One client with its own names. Runs writes until the server stops answering."""

    def __init__(self, wid, round_no, port, ledger, env, rng):
        super().__init__(daemon=True)
        self.wid, self.round_no, self.ledger, self.env, self.rng = wid, round_no, ledger, env, rng
        self.client = c.Client(port, timeout=20)
        self.serial = 0
        self.writes = 0
        self.error = None
        self.lost_at = None  # when the server stopped answering

    def name(self, kind):
        self.serial += 1
        return f"w{self.wid}r{self.round_no}{kind}{self.serial}"

    def owned(self, kind):
        return self.ledger.keys(self.wid, kind)

    def run(self):
        try:
            while True:
                self.step()
                self.writes += 1
        except c.NoAnswer:
            self.lost_at = time.monotonic()
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            self.error = e
        finally:
            self.client.close()

    # Every write goes through here: the answer decides what the ledger learns.
    def write(self, description, call, effects, ok=lambda status, body: 200 <= status < 300):
        try:
            status, body = call()
        except c.NoAnswer:
            self.ledger.in_doubt(description, effects, self.wid)
            raise
        if ok(status, body):
            self.ledger.applied(effects, self.wid)
        elif 400 <= status < 500:
            self.ledger.failed()
        else:
            raise Failure(f"{description}: unexpected answer {status} {body}")
        return status, body

    def created(self, key, description, call, id_of):
        """A create whose id only the answer tells: in doubt, the name may exist with any id."""
        try:
            status, body = call()
        except c.NoAnswer:
            self.ledger.in_doubt(description, {key: ANY}, self.wid)
            raise
        if status != 200:
            raise Failure(f"{description}: {status} {body}")
        self.ledger.applied({key: id_of(body)}, self.wid)

    def step(self):
        choice = self.rng.random()
        if choice < 0.25:
            self.sso()
        elif choice < 0.5:
            self.appstream()
        elif choice < 0.75:
            self.finspace()
        else:
            self.lmus()

    # -- SSO Admin
    def sso(self):
        inst = self.env["instance"]
        sets = self.owned("sso-ps")
        r = self.rng.random()
        if not sets or r < 0.3:
            name = self.name("ps")
            self.created(("sso-ps", name), f"CreatePermissionSet {name}",
                         lambda: c.sso_create_permission_set(self.client, inst, name),
                         lambda body: body["PermissionSet"]["PermissionSetArn"])
            return
        key = self.rng.choice(sets)
        arn = self.ledger.value(key)
        if r < 0.4:  # a duplicate name: ConflictException, nothing changes
            self.write(f"CreatePermissionSet {key[1]} again",
                       lambda: c.sso_create_permission_set(self.client, inst, key[1]), {},
                       ok=lambda s, b: False)
            return
        assignments = [k for k in self.owned("sso-assignment") if k[1] == arn]
        if r < 0.5 and not assignments:
            self.write(f"DeletePermissionSet {key[1]}",
                       lambda: c.sso_delete_permission_set(self.client, inst, arn), {key: ABSENT})
            return
        if r < 0.6 and assignments:  # still assigned: ConflictException
            self.write(f"DeletePermissionSet {key[1]} (assigned)",
                       lambda: c.sso_delete_permission_set(self.client, inst, arn), {},
                       ok=lambda s, b: False)
            return
        if assignments and r < 0.75:
            k = self.rng.choice(assignments)
            a = c.sso_assignment(inst, arn, k[2], k[3])
            self.write(f"DeleteAccountAssignment {k}",
                       lambda: self.client.aws_json("sso-admin", "DeleteAccountAssignment", a),
                       {k: ABSENT})
            return
        target = "%012d" % self.rng.randrange(10 ** 12)
        principal = c.sso_principal(self.rng.randrange(1 << 32))
        k = ("sso-assignment", arn, target, principal)
        a = c.sso_assignment(inst, arn, target, principal)
        self.write(f"CreateAccountAssignment {k}",
                   lambda: self.client.aws_json("sso-admin", "CreateAccountAssignment", a),
                   {k: PRESENT})

    # -- AppStream
    def appstream(self):
        stacks = self.owned("as-stack")
        users = self.owned("as-user")
        r = self.rng.random()
        if len(stacks) < 2 or r < 0.12:
            name = self.name("stack")
            self.write(f"CreateStack {name}", lambda: c.appstream_create_stack(self.client, name),
                       {("as-stack", name): PRESENT})
            return
        if len(users) < 3 or r < 0.25:
            name = self.name("user") + "@example.com"
            self.write(f"CreateUser {name}", lambda: c.appstream_create_user(self.client, name),
                       {("as-user", name): PRESENT})
            return
        if r < 0.3:  # delete a stack: its associations go with it
            stack = self.rng.choice(stacks)[1]
            effects = {("as-stack", stack): ABSENT}
            effects.update({k: ABSENT for k in self.owned("as-assoc") if k[1] == stack})
            self.write(f"DeleteStack {stack}", lambda: c.appstream_delete_stack(self.client, stack),
                       effects)
            return
        if r < 0.35:  # delete a user: its associations go with it
            user = self.rng.choice(users)[1]
            effects = {("as-user", user): ABSENT}
            effects.update({k: ABSENT for k in self.owned("as-assoc") if k[2] == user})
            self.write(f"DeleteUser {user}", lambda: c.appstream_delete_user(self.client, user),
                       effects)
            return
        # A batch of up to 25 entries; some name a stack or a user that does not exist and are
        # reported in `errors`; the valid ones are applied all together.
        associate = r < 0.8
        op = "BatchAssociateUserStack" if associate else "BatchDisassociateUserStack"
        pairs, effects, bad = [], {}, set()
        for _ in range(self.rng.randint(2, 25)):
            s = self.rng.choice(stacks)[1]
            u = self.rng.choice(users)[1]
            bad_one = True
            if self.rng.random() < 0.08:
                s += "-missing"
            elif self.rng.random() < 0.08:
                u = "missing-" + u
            else:
                bad_one = False
            if (s, u) in pairs:
                continue
            pairs.append((s, u))
            if bad_one:
                bad.add((s, u))
            else:
                effects[("as-assoc", s, u)] = PRESENT if associate else ABSENT

        def answered_as_expected(status, body):
            if status != 200:
                return False
            reported = {(e["UserStackAssociation"]["StackName"],
                         e["UserStackAssociation"]["UserName"]) for e in body["errors"]}
            if reported != bad:
                raise Failure(f"{op}: errors {sorted(reported)}, expected {sorted(bad)}")
            return True

        if self.rng.random() < 0.05:  # 26 entries: ValidationException, nothing applied
            pairs = (pairs * 26)[:26]
            effects = {}
            answered_as_expected = lambda s, b: False  # noqa: E731
        self.write(f"{op} {len(pairs)} entries ({len(bad)} invalid)",
                   lambda: c.appstream_batch(self.client, op, pairs), effects,
                   ok=answered_as_expected)

    # -- FinSpace Data
    def finspace(self):
        users = self.owned("fs-user")
        groups = self.owned("fs-group")
        r = self.rng.random()
        if len(users) < 2 or r < 0.15:
            email = self.name("user") + "@example.com"
            self.created(("fs-user", email), f"FinSpace CreateUser {email}",
                         lambda: c.finspace_create_user(self.client, email),
                         lambda body: body["userId"])
            return
        if len(groups) < 2 or r < 0.3:
            name = self.name("group")
            self.created(("fs-group", name), f"CreatePermissionGroup {name}",
                         lambda: c.finspace_create_group(self.client, name),
                         lambda body: body["permissionGroupId"])
            return
        if r < 0.35:  # delete a group: its memberships go with it
            gkey = self.rng.choice(groups)
            effects = {gkey: ABSENT}
            effects.update({k: ABSENT for k in self.owned("fs-member") if k[1] == gkey[1]})
            gid = self.ledger.value(gkey)
            self.write(f"DeletePermissionGroup {gkey[1]}",
                       lambda: c.finspace_delete_group(self.client, gid), effects)
            return
        gkey, ukey = self.rng.choice(groups), self.rng.choice(users)
        gid, uid = self.ledger.value(gkey), self.ledger.value(ukey)
        k = ("fs-member", gkey[1], ukey[1])
        if self.ledger.value(k) is PRESENT:
            if r < 0.45:  # ConflictException: already a member
                self.write(f"AssociateUserToPermissionGroup {k} again",
                           lambda: c.finspace_associate(self.client, gid, uid), {},
                           ok=lambda s, b: False)
            else:
                self.write(f"DisassociateUserFromPermissionGroup {k}",
                           lambda: c.finspace_disassociate(self.client, gid, uid), {k: ABSENT})
        else:
            self.write(f"AssociateUserToPermissionGroup {k}",
                       lambda: c.finspace_associate(self.client, gid, uid), {k: PRESENT})

    # -- License Manager User Subscriptions
    def lmus(self):
        r = self.rng.random()
        if r < 0.1:  # identity providers of this writer's own directories
            self.serial += 1
            d = "d-%02d%03d%05d" % (self.wid, self.round_no, self.serial)
            self.write(f"RegisterIdentityProvider {d}", lambda: c.lmus_register(self.client, d),
                       {("lmus-idp", d, PRODUCT): PRESENT})
            return
        idps = self.owned("lmus-idp")
        if r < 0.15 and idps:
            k = self.rng.choice(idps)
            self.write(f"DeregisterIdentityProvider {k[1]}",
                       lambda: c.lmus_deregister(self.client, k[1]), {k: ABSENT})
            return
        associated = self.owned("lmus-assoc")
        if associated and r < 0.5:
            k = self.rng.choice(associated)
            self.write(f"DisassociateUser {k}",
                       lambda: c.lmus_disassociate(self.client, k[1], k[2], k[3]), {k: ABSENT})
            return
        directory = self.rng.choice(self.env["directories"])
        instance = self.rng.choice(self.env["instances"])
        username = self.name("lmususer")
        k = ("lmus-assoc", instance, directory, username)
        self.write(f"AssociateUser {k}",
                   lambda: c.lmus_associate(self.client, instance, directory, username),
                   {k: PRESENT})


# ----------------------------------------------------------------------------- main

def settle_created(ledger, tables):
    """Creates in doubt whose id only the answer would have told: the name exists (with some
    id) or not at all; take what the state shows."""
    seen = observe(tables)
    keep = []
    for description, after, before in ledger.pending:
        if any(v is ANY for v in after.values()):
            for k in after:
                ledger.set(k, seen.get(k, ABSENT))
        else:
            keep.append((description, after, before))
    ledger.pending = keep


def tamper(db_path, ledger):
    """Loses one acknowledged write behind the server's back."""
    stacks = [k[1] for k, v in ledger.state.items() if k[0] == "as-stack" and v is PRESENT]
    db = sqlite3.connect(db_path)
    db.execute("DELETE FROM appstream_stacks WHERE name = ?", (stacks[0],))
    db.commit()
    db.close()
    print(f"tampered: deleted acknowledged stack {stacks[0]}", flush=True)


def setup(client, ledger, rng):
    instance = c.sso_instance_arn(client)
    instances = ["i-%017x" % rng.randrange(16 ** 17) for _ in range(3)]
    status, body = c.lmus_seed_instances(client, instances)
    if status != 200:
        raise Failure(f"seeding instances: {status} {body}")
    ledger.applied({("lmus-instance", i): PRESENT for i in instances})
    directories = ["d-%010x" % rng.randrange(16 ** 10) for _ in range(2)]
    for d in directories:
        status, body = c.lmus_register(client, d)
        if status != 200:
            raise Failure(f"RegisterIdentityProvider: {status} {body}")
        ledger.applied({("lmus-idp", d, PRODUCT): PRESENT})
    return {"instance": instance, "instances": instances, "directories": directories}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--min-run", type=float, default=0.3, help="seconds before the kill, at least")
    parser.add_argument("--max-run", type=float, default=2.5, help="seconds before the kill, at most")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--threads", type=int, default=2, help="junction --threads")
    parser.add_argument("--tamper", action="store_true",
                        help="prove the check can fail: after the first kill, delete one "
                             "acknowledged row from the database file (the run must FAIL)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"crash durability: {args.rounds} rounds, {args.writers} writers, seed {seed}",
          flush=True)

    data_dir = tempfile.mkdtemp(prefix="junction-crash-")
    server = c.Server(data_dir, args=["--threads", str(args.threads)])
    ledger = Ledger()
    figures = {"rounds": 0, "kills": 0, "writes": 0, "checked": 0}
    ok = False
    try:
        server.start()
        client = c.Client(server.port)
        env = setup(client, ledger, rng)
        client.close()
        for round_no in range(1, args.rounds + 1):
            writers = [Writer(w, round_no, server.port, ledger, env, random.Random(rng.random()))
                       for w in range(args.writers)]
            for w in writers:
                w.start()
            time.sleep(rng.uniform(args.min_run, args.max_run))
            killed_at = time.monotonic()
            server.kill()
            figures["kills"] += 1
            for w in writers:
                w.join(60)
                if w.is_alive():
                    raise Failure(f"writer {w.wid} still running 60 s after the kill")
                if w.error:
                    raise w.error
                if w.lost_at is not None and w.lost_at < killed_at:
                    raise Failure(f"writer {w.wid} lost its answer while the server was alive")
            figures["writes"] += sum(w.writes for w in writers)
            if args.tamper and round_no == 1:
                tamper(server.db_path, ledger)
            server.start()
            client = c.Client(server.port)
            tables = client.state()
            settle_created(ledger, tables)
            figures["checked"] += verify(ledger, tables, round_no)
            client.close()
            figures["rounds"] = round_no
            print(f"round {round_no}: killed after {sum(w.writes for w in writers)} writes; "
                  f"{len(ledger.state)} keys as expected", flush=True)
        code = server.stop()
        if code != 0:
            raise Failure(f"junction exited with {code} on SIGTERM")
        reports = c.sanitizer_reports(server.output())
        if reports:
            raise Failure("\n".join(reports))
        db = sqlite3.connect(server.db_path)
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        foreign = db.execute("PRAGMA foreign_key_check").fetchall()
        db.close()
        if integrity != [("ok",)]:
            raise Failure(f"PRAGMA integrity_check: {integrity}")
        if foreign:
            raise Failure(f"PRAGMA foreign_key_check: {foreign[:20]}")
        ok = True
    except Failure as e:
        print(f"FAILED: {e}\n--- junction output:\n{server.output()[-4000:]}", file=sys.stderr)
    finally:
        server.kill()
        if args.keep or not ok:
            print(f"data directory kept: {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    figures.update(acknowledged=ledger.acknowledged, rejected=ledger.rejected,
                   unanswered=ledger.unanswered, keys=len(ledger.state), seed=seed)
    print("figures: " + json.dumps(figures), flush=True)
    if ok:
        print(f"OK: {figures['rounds']} rounds survived, {ledger.acknowledged} acknowledged "
              f"writes, {figures['checked']} key checks, integrity_check ok")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
