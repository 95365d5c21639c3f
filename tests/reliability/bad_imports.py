#!/usr/bin/env python3
"""Imports are checked: every bad state document is a 400 InvalidRow that names the table, the
row and the column, and applies nothing, not even its good rows:

  * a value of the wrong type for its column (created_at "abc"; text where a whole number goes);
  * a time no SDK reads back (created_at -1e300; epoch milliseconds with a fraction; a malformed
    ISO-8601 date);
  * a value outside the model's enum (a fleet state "ZOMBIE", a FinSpace user type), or outside
    a documented set (an AppStream user status "ZOMBIE");
  * JSON columns that hold no JSON;
  * two rows with the same key in one document;
  * each mixed with valid rows of other tables, which must not be applied either.

Then the state, exported, reset and imported again, comes back row for row (Junction's own
exports pass the checks), over a data directory restarted in between, and every acknowledged
write is still there.

  JUNCTION_BIN=build/junction python3 tests/reliability/bad_imports.py
"""

import copy
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

A, R = c.ACCOUNT, c.REGION
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)


def user(name, **extra):
    row = {"account": A, "region": R, "user_name": name, "status": "CONFIRMED",
           "created_at": 1700000000}
    row.update(extra)
    return row


def good_stack(name):
    return {"account": A, "region": R, "name": name,
            "arn": f"arn:aws:appstream:{R}:{A}:stack/{name}", "created_at": 1700000000.5}


FLEET = {"account": A, "region": R, "name": "f1", "arn": f"arn:aws:appstream:{R}:{A}:fleet/f1",
         "fleet_type": "ON_DEMAND", "instance_type": "stream.standard.small", "attributes": "{}",
         "state_pending": "STARTING", "state_settled": "RUNNING", "state_settles_at": 1700000000,
         "created_at": 1700000000}
FINSPACE_USER = {"account": A, "region": R, "user_id": "u1", "email_address": "a@example.com",
                 "type": "APP_USER", "api_access": "DISABLED", "status": "ENABLED",
                 "create_time": 1700000000000, "last_modified_time": 1700000000000, "seq": 1}
IDP = {"ActiveDirectoryIdentityProvider": {"DirectoryId": "d-1234567890"}}

# (what, table, row index, column, the table's rows)
CASES = [
    ("created_at as text", "appstream_users", 1, "created_at",
     [user("ok@example.com"), user("bad@example.com", created_at="abc")]),
    ("created_at -1e300", "appstream_users", 0, "created_at",
     [user("bad@example.com", created_at=-1e300)]),
    ("created_at past 9999", "appstream_users", 0, "created_at",
     [user("bad@example.com", created_at=1e13)]),
    ("status ZOMBIE (documented set)", "appstream_users", 0, "status",
     [user("bad@example.com", status="ZOMBIE")]),
    ("text where a whole number goes", "appstream_users", 0, "welcome_emails",
     [user("bad@example.com", welcome_emails="two")]),
    ("a number where text goes", "appstream_users", 0, "first_name",
     [user("bad@example.com", first_name=12)]),
    ("fleet state ZOMBIE (model enum)", "appstream_fleets", 0, "state_pending",
     [dict(FLEET, state_pending="ZOMBIE")]),
    ("fleet attributes not JSON", "appstream_fleets", 0, "attributes",
     [dict(FLEET, attributes="{not json")]),
    ("FinSpace user type", "finspace_users", 0, "type", [dict(FINSPACE_USER, type="ROBOT")]),
    ("epoch milliseconds with a fraction", "finspace_users", 0, "create_time",
     [dict(FINSPACE_USER, create_time=1700000000000.5)]),
    ("a malformed ISO-8601 date", "lmus_identity_providers", 0, "registration_date",
     [{"account": A, "region": R, "identity_provider_arn": "arn:x", "directory_id": "d-1234567890",
       "product": "VISUAL_STUDIO_ENTERPRISE", "identity_provider": IDP, "settings": {},
       "status": "REGISTERED", "registration_date": "yesterday"}]),
    ("two rows with the same key", "appstream_users", 2, None,
     [user("one@example.com"), user("two@example.com"), user("one@example.com", created_at=5)]),
]


def exported(client):
    status, body = client.request("GET", "/_junction/state")
    check(status == 200, f"export: {status}")
    return body["tables"]


def main():
    work = tempfile.mkdtemp(prefix="junction-bad-imports-")
    started = time.monotonic()
    server = c.Server(os.path.join(work, "data")).start()
    try:
        client = c.Client(server.port)
        for name in ("acked1", "acked2"):
            status, _ = client.aws_json("appstream", "CreateStack", {"Name": name})
            check(status == 200, "CreateStack")
        before = exported(client)
        for what, table, index, column, rows in CASES:
            doc = {"version": 1, "tables": {
                "appstream_stacks": [good_stack(f"from-{table}")],  # valid, must not land
                table: copy.deepcopy(rows)}}
            status, body = client.request("POST", "/_junction/state", doc)
            message = (body or {}).get("message", "")
            check(status == 400 and body.get("error") == "InvalidRow",
                  f"{what}: {status} {body}")
            check(f"table '{table}'" in message and f"{index}" in message and
                  (column is None or f"column '{column}'" in message),
                  f"{what}: the message must name table, row {index} and column {column}: "
                  f"{message}")
            check(exported(client) == before, f"{what}: the import changed the state")
            print(f"{what}: 400 InvalidRow: {message}")
        # Junction's own export passes its checks, and a restart keeps everything.
        server.stop()
        server.start()
        client = c.Client(server.port)
        state = exported(client)
        check(state == before, "after a restart, the state is the one acknowledged")
        status, _ = client.request("POST", "/_junction/reset")
        check(status == 200, "reset")
        status, body = client.request("POST", "/_junction/state", {"tables": state})
        check(status == 200, f"re-importing the export: {status} {body}")
        check(exported(client) == before, "export, reset, import: the same state")
        names = {r["name"] for r in exported(client)["appstream_stacks"]}
        check(names == {"acked1", "acked2"}, f"acknowledged stacks: {names}")
    except Exception:
        print(f"FAILED; data kept in {work}", flush=True)
        raise
    finally:
        server.stop()
    shutil.rmtree(work, ignore_errors=True)
    print(f"bad imports: {len(CASES)} bad documents refused, nothing applied; "
          f"{checks} checks passed in {time.monotonic() - started:.1f} s")
    print(f"{checks} passed, 0 failed")


if __name__ == "__main__":
    main()
