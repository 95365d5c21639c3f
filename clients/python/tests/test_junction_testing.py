"""The helpers against the real server: the fixture, faults, the journal, state, errors.

    JUNCTION_BIN=build/junction /usr/bin/python3 -m pytest clients/python/tests
"""

import os
import subprocess
import sys

import pytest

from junction_testing import Junction, JunctionError, JunctionServer


def test_each_test_starts_from_nothing_1(junction):
    sso = junction.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.create_permission_set(InstanceArn=instance, Name="Left")
    assert junction.journal.operations() == ["ListInstances", "CreatePermissionSet"]


def test_each_test_starts_from_nothing_2(junction):
    # Whatever order the two run in, neither sees the other's permission set or calls.
    sso = junction.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    assert sso.list_permission_sets(InstanceArn=instance)["PermissionSets"] == []
    assert junction.journal.operations() == ["ListInstances", "ListPermissionSets"]
    assert junction.faults.list() == []


def test_a_fault_rule_fails_the_next_calls(junction):
    from botocore.config import Config
    from botocore.exceptions import ClientError

    rule = junction.faults.add("sso-admin", "ListInstances", error="ThrottlingException",
                               message="slow down", count=1)
    assert rule["id"] == "fault-1"  # a reset starts the ids again
    assert rule["remaining"] == 1
    sso = junction.client("sso-admin", config=Config(retries={"total_max_attempts": 1}))
    with pytest.raises(ClientError) as raised:
        sso.list_instances()
    assert raised.value.response["Error"] == {"Code": "ThrottlingException",
                                              "Message": "slow down"}
    sso.list_instances()
    entries = junction.journal.entries(operation="ListInstances")
    assert [e["faulted"] for e in entries] == [True, False]
    assert entries[0]["faultId"] == "fault-1"
    assert junction.journal.entries(faulted=True, status="4xx")[0]["errorType"] == \
        "ThrottlingException"
    assert junction.faults.get("fault-1")["fired"] == 1
    junction.faults.remove("fault-1")
    assert junction.faults.list() == []
    junction.faults.add("appstream", latency_ms=1)
    assert junction.faults.clear() == 1


def test_accounts_regions_and_the_journal_filters(junction):
    junction.client("sso-admin", account="111111111111").list_instances()
    junction.client("sso-admin", account="222222222222", region="eu-west-1").list_instances()
    assert len(junction.journal.entries()) == 2
    assert [e["account"] for e in junction.journal.entries(region="eu-west-1")] == \
        ["222222222222"]
    assert len(junction.journal.entries(limit=1)) == 1
    assert junction.journal.total() >= 2
    assert junction.journal.clear() == 2
    assert junction.journal.entries() == []


def test_state_exports_and_loads(junction):
    sso = junction.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.create_permission_set(InstanceArn=instance, Name="Exported")
    document = junction.state.export(service="sso-admin")
    assert [r["name"] for r in document["tables"]["sso_permission_sets"]] == ["Exported"]
    junction.reset()
    assert junction.state.rows("sso_permission_sets") == []
    summary = junction.state.load(document)
    assert summary["rows"] >= 1
    assert [r["name"] for r in junction.state.rows("sso_permission_sets")] == ["Exported"]
    assert junction.health()["status"] == "ok"


def test_control_plane_errors_raise(junction):
    with pytest.raises(JunctionError) as raised:
        junction.faults.add("no-such-service", error="ThrottlingException")
    assert raised.value.status == 400
    assert raised.value.type == "UnknownService"
    with pytest.raises(JunctionError) as missing:
        junction.faults.get("fault-99")
    assert missing.value.status == 404


def test_a_server_of_its_own_with_flags(junction):
    # JunctionServer starts another binary, here with an admin token the helpers then send.
    with JunctionServer(args=["--admin-token", "s3cret", "--journal-size", "5"]) as other:
        with pytest.raises(JunctionError) as refused:
            other.reset()
        assert refused.value.status == 401
        guarded = Junction(other.endpoint, admin_token="s3cret")
        assert guarded.health()["controlPlane"]["journalSize"] == 5
        assert guarded.reset()["status"] == "ok"


def test_the_plugin_uses_a_running_server(junction, tmp_path):
    # A suite run with JUNCTION_ENDPOINT uses that server and starts none.
    (tmp_path / "test_inner.py").write_text(
        "def test_inner(junction):\n"
        f"    assert junction.endpoint == {junction.endpoint!r}\n"
        "    assert junction.journal.entries() == []\n")
    env = dict(os.environ, JUNCTION_ENDPOINT=junction.endpoint, JUNCTION_BIN="/nonexistent")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(tmp_path / "test_inner.py")], env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
