"""End-to-end tests of the control plane (/_junction/*, SPEC §6) with boto3 against SSO Admin:
reset, account and region isolation, the request journal, fault injection with the SDK's own
retries, state export/import, --seed, --admin-token and --no-control-plane."""

import json
import os
import tempfile
import time
import unittest
import uuid

from junction_harness import (REPO_ROOT, Config, JunctionServer, JunctionTestCase, boto3,
                              external_url, fresh_account, http_request)
from test_sso_admin import new_principal

SEED_EXAMPLE = os.path.join(REPO_ROOT, "examples", "seed.json")
ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"


def principal(test, sso, principal_type="USER"):
    """A new user (or group) of the identity store of `sso`'s account and region."""
    ids = test.client("identitystore", access_key=sso._request_signer._credentials.access_key,
                      region=sso.meta.region_name)
    return new_principal(sso, ids, principal_type)


class ControlPlaneCase(JunctionTestCase):
    """Helpers shared by the control-plane tests."""

    token = None

    def control(self, method, path, body=None, url=None, headers=None):
        hdrs = dict(headers or {})
        if self.token and "Authorization" not in hdrs:
            hdrs["Authorization"] = f"Bearer {self.token}"
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        return http_request(url or self.url, method, path, body=body or b"", headers=hdrs)

    def control_json(self, method, path, body=None, status=200, url=None):
        resp = self.control(method, path, body, url=url)
        self.assertEqual(resp.status, status, resp.body)
        self.assertTrue(resp.headers.get("content-type", "").startswith("application/json"))
        return resp.json()

    def assert_control_error(self, resp, status, error):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["error"], error, body)
        self.assertTrue(body["message"], body)

    def sso(self, account=ACCOUNT_A, region="us-east-1", url=None, **config):
        if url is None and not config:
            return self.client("sso-admin", region=region, access_key=account)
        return boto3.session.Session().client(
            "sso-admin", region_name=region, endpoint_url=url or self.url,
            aws_access_key_id=account, aws_secret_access_key="junction-dummy-secret-key",
            config=Config(**config))

    @staticmethod
    def instance_arn(client):
        return client.list_instances()["Instances"][0]["InstanceArn"]

    def permission_set_names(self, client):
        arn = self.instance_arn(client)
        names = []
        for ps in client.list_permission_sets(InstanceArn=arn).get("PermissionSets", []):
            names.append(client.describe_permission_set(
                InstanceArn=arn, PermissionSetArn=ps)["PermissionSet"]["Name"])
        return sorted(names)

    def create_permission_set(self, client, name, **extra):
        resp = client.create_permission_set(InstanceArn=self.instance_arn(client), Name=name,
                                            **extra)
        self.assert_output_shape("sso-admin", "CreatePermissionSet", resp)
        return resp["PermissionSet"]["PermissionSetArn"]


class TestControlPlane(ControlPlaneCase):

    def setUp(self):
        # Each test starts from an empty emulator: state, journal and fault rules.
        self.control_json("POST", "/_junction/reset")

    # -- reset and isolation
    def test_reset_between_tests(self):
        sso = self.sso()
        self.create_permission_set(sso, "Temporary")
        self.assertEqual(self.permission_set_names(sso), ["Temporary"])
        body = self.control_json("POST", "/_junction/reset")
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["deleted"]["sso_permission_sets"], 1)
        self.assertEqual(self.permission_set_names(sso), [])

    def test_moto_reset_alias(self):
        sso = self.sso()
        self.create_permission_set(sso, "Temporary")
        self.control_json("POST", "/moto-api/reset")
        self.assertEqual(self.permission_set_names(sso), [])

    def test_reset_one_account_region_or_service(self):
        a, b, a_west = self.sso(ACCOUNT_A), self.sso(ACCOUNT_B), self.sso(ACCOUNT_A, "eu-west-1")
        for client, name in ((a, "A"), (b, "B"), (a_west, "AWest")):
            self.create_permission_set(client, name)
        self.control_json("POST", f"/_junction/reset?account={ACCOUNT_B}")
        self.assertEqual(self.permission_set_names(b), [])
        self.assertEqual(self.permission_set_names(a), ["A"])
        self.control_json("POST", "/_junction/reset?region=eu-west-1&service=sso-admin")
        self.assertEqual(self.permission_set_names(a_west), [])
        self.assertEqual(self.permission_set_names(a), ["A"])
        self.control_json("POST", "/_junction/reset?service=appstream")
        self.assertEqual(self.permission_set_names(a), ["A"])
        self.assert_control_error(self.control("POST", "/_junction/reset?service=ec2"), 400,
                                  "UnknownService")

    def test_state_is_isolated_by_account_and_region(self):
        a, b = self.sso(ACCOUNT_A), self.sso(ACCOUNT_B)
        a_west = self.sso(ACCOUNT_A, "eu-west-1")
        arn = self.create_permission_set(a, "OnlyInA")
        self.assertEqual(self.permission_set_names(a), ["OnlyInA"])
        self.assertEqual(self.permission_set_names(b), [])
        self.assertEqual(self.permission_set_names(a_west), [])
        self.assertNotEqual(self.instance_arn(a), self.instance_arn(b))
        # Another account cannot reach it even by ARN, through its own instance or A's.
        with self.assert_client_error("ResourceNotFoundException"):
            b.describe_permission_set(InstanceArn=self.instance_arn(b), PermissionSetArn=arn)
        with self.assert_client_error("ResourceNotFoundException"):
            b.describe_permission_set(InstanceArn=self.instance_arn(a), PermissionSetArn=arn)
        # The same name is free in the other account and region.
        self.create_permission_set(b, "OnlyInA")
        self.create_permission_set(a_west, "OnlyInA")
        # A non-numeric access key is the default account 000000000000.
        self.assertEqual(self.permission_set_names(self.sso("AKIDEXAMPLE")), [])

    # -- the journal
    def test_journal_counts_calls(self):
        sso = self.sso()
        instance = self.instance_arn(sso)
        ps = self.create_permission_set(sso, "Ops")
        user = principal(self, sso)
        args = dict(InstanceArn=instance, TargetId="333333333333", TargetType="AWS_ACCOUNT",
                    PermissionSetArn=ps, PrincipalType="USER", PrincipalId=user)
        sso.create_account_assignment(**args)
        sso.delete_account_assignment(**args)
        with self.assert_client_error("ResourceNotFoundException"):
            sso.delete_account_assignment(**args)

        journal = self.control_json(
            "GET", "/_junction/requests?service=sso-admin&operation=DeleteAccountAssignment")
        self.assertEqual(journal["count"], 2)
        first, second = journal["entries"]
        self.assertEqual((first["status"], first["errorType"]), (200, None))
        self.assertEqual((second["status"], second["errorType"]), (400, "ResourceNotFoundException"))
        self.assertLess(first["sequence"], second["sequence"])  # newest last
        for entry in journal["entries"]:
            self.assertEqual(entry["account"], ACCOUNT_A)
            self.assertEqual(entry["region"], "us-east-1")
            self.assertFalse(entry["faulted"])
            self.assertGreaterEqual(entry["latencyMs"], 0)
        failed = self.control_json("GET", "/_junction/requests?status=4xx")
        self.assertEqual([e["operation"] for e in failed["entries"]], ["DeleteAccountAssignment"])
        mine = self.control_json("GET", f"/_junction/requests?account={ACCOUNT_A}")
        self.assertEqual(mine["count"], self.control_json("GET", "/_junction/requests")["count"])
        self.assertEqual(self.control_json("GET", f"/_junction/requests?account={ACCOUNT_B}")
                         ["count"], 0)
        self.control_json("DELETE", "/_junction/requests")
        self.assertEqual(self.control_json("GET", "/_junction/requests")["entries"], [])
        self.assert_control_error(self.control("GET", "/_junction/requests?status=oops"), 400,
                                  "InvalidParameter")

    # -- faults
    def test_injected_throttling_is_retried_by_the_sdk(self):
        self.control_json("POST", "/_junction/faults", {
            "service": "sso-admin", "operation": "ListPermissionSets",
            "error": {"type": "ThrottlingException", "message": "Rate exceeded"}, "count": 2,
        }, status=201)
        retrying = self.sso(retries={"max_attempts": 3, "mode": "standard"})
        instance = self.instance_arn(retrying)
        resp = retrying.list_permission_sets(InstanceArn=instance)
        self.assertEqual(resp["ResponseMetadata"]["RetryAttempts"], 2)
        self.assertEqual(resp.get("PermissionSets", []), [])

        calls = self.control_json("GET", "/_junction/requests?operation=ListPermissionSets")
        self.assertEqual([e["faulted"] for e in calls["entries"]], [True, True, False])
        self.assertEqual([e["status"] for e in calls["entries"]], [400, 400, 200])
        self.assertEqual(calls["entries"][0]["errorType"], "ThrottlingException")
        rules = self.control_json("GET", "/_junction/faults")["rules"]
        self.assertEqual((rules[0]["remaining"], rules[0]["fired"]), (0, 2))

    def test_injected_error_is_protocol_correct_and_changes_nothing(self):
        rule = self.control_json("POST", "/_junction/faults", {
            "service": "sso-admin", "operation": "CreatePermissionSet",
            "error": {"type": "ThrottlingException"}}, status=201)
        sso = self.sso()
        with self.assert_client_error("ThrottlingException", status=400) as cm:
            sso.create_permission_set(InstanceArn=self.instance_arn(sso), Name="Never")
        self.assertIn(rule["id"], cm.exception.response["Error"]["Message"])
        self.assertEqual(self.permission_set_names(sso), [])
        self.control_json("DELETE", f"/_junction/faults/{rule['id']}")
        self.create_permission_set(sso, "Later")

    def test_injected_error_on_a_rest_json_service_uses_its_status(self):
        self.control_json("POST", "/_junction/faults", {
            "service": "finspace-data", "error": {"type": "ThrottlingException"}}, status=201)
        finspace = self.client("finspace-data")
        with self.assert_client_error("ThrottlingException", status=429):
            finspace.list_users(maxResults=10)

    def test_latency_rule_delays_then_runs(self):
        self.control_json("POST", "/_junction/faults", {
            "service": "sso-admin", "operation": "ListInstances", "latencyMs": 300, "count": 1},
            status=201)
        sso = self.sso()
        started = time.monotonic()
        resp = sso.list_instances()
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assert_output_shape("sso-admin", "ListInstances", resp)
        entry = self.control_json("GET", "/_junction/requests?operation=ListInstances")["entries"][0]
        self.assertEqual(entry["injectedLatencyMs"], 300)
        self.assertFalse(entry["faulted"])

    def test_fault_rules_list_and_delete(self):
        first = self.control_json("POST", "/_junction/faults", {
            "service": "sso-admin", "error": {"type": "ThrottlingException"},
            "probability": 0.5}, status=201)
        self.control_json("POST", "/_junction/faults",
                          {"service": "appstream", "latencyMs": 10}, status=201)
        rules = self.control_json("GET", "/_junction/faults")["rules"]
        self.assertEqual([r["service"] for r in rules], ["sso-admin", "appstream"])
        self.assertIsNone(rules[0]["operation"])
        self.assertEqual(rules[0]["probability"], 0.5)
        self.control_json("DELETE", f"/_junction/faults/{first['id']}")
        self.assert_control_error(self.control("DELETE", f"/_junction/faults/{first['id']}"),
                                  404, "NoSuchFault")
        self.assertEqual(self.control_json("DELETE", "/_junction/faults")["deleted"], 1)
        for bad, error in (({"service": "sso-admin"}, "InvalidFault"),
                           ({"service": "nope", "latencyMs": 1}, "UnknownService"),
                           ({"service": "sso-admin", "operation": "Nope", "latencyMs": 1},
                            "UnknownOperation"),
                           ({"service": "sso-admin", "latencyMs": 1, "count": 1,
                             "probability": 1}, "InvalidFault")):
            self.assert_control_error(self.control("POST", "/_junction/faults", bad), 400, error)
        self.assert_control_error(self.control("POST", "/_junction/faults", "{oops"), 400,
                                  "InvalidJson")

    # -- state
    def test_export_import_round_trip(self):
        a, b = self.sso(ACCOUNT_A), self.sso(ACCOUNT_B, "eu-central-1")
        ps = self.create_permission_set(a, "Admins", Description="admins",
                                        Tags=[{"Key": "team", "Value": "blue"}])
        a.create_account_assignment(
            InstanceArn=self.instance_arn(a), TargetId="333333333333", TargetType="AWS_ACCOUNT",
            PermissionSetArn=ps, PrincipalType="GROUP", PrincipalId=principal(self, a, "GROUP"))
        self.create_permission_set(b, "Readers", SessionDuration="PT2H")
        exported = self.control_json("GET", "/_junction/state")
        self.assertEqual(exported["format"], "junction-state")
        self.assertEqual(exported["version"], 1)
        self.assertIsInstance(exported["schemaVersion"], int)
        self.assertEqual(len(exported["tables"]["sso_permission_sets"]), 2)

        if external_url():
            self.skipTest("starts a second server; JUNCTION_URL is set")
        other = JunctionServer(["--ephemeral", "--log-level", "warn"]
                               + (["--admin-token", self.token] if self.token else []))
        other.start()
        try:
            result = self.control_json("POST", "/_junction/state", exported, url=other.url)
            self.assertEqual(result["imported"]["sso_permission_sets"], 2)
            again = self.control_json("GET", "/_junction/state", url=other.url)
            self.assertEqual(again["tables"], exported["tables"])
            a2 = self.sso(ACCOUNT_A, url=other.url)
            self.assertEqual(self.permission_set_names(a2), ["Admins"])
            tags = a2.list_tags_for_resource(InstanceArn=self.instance_arn(a2), ResourceArn=ps)
            self.assertEqual(tags["Tags"], [{"Key": "team", "Value": "blue"}])
            b2 = self.sso(ACCOUNT_B, "eu-central-1", url=other.url)
            self.assertEqual(self.permission_set_names(b2), ["Readers"])
        finally:
            other.cleanup()

        only_b = self.control_json("GET", f"/_junction/state?account={ACCOUNT_B}")
        self.assertEqual([r["name"] for r in only_b["tables"]["sso_permission_sets"]],
                         ["Readers"])
        self.assertEqual(only_b["filter"], {"account": ACCOUNT_B})

    def test_import_errors_apply_nothing(self):
        doc = {"format": "junction-state", "version": 1, "tables": {
            "sso_account_assignments": [{"account": ACCOUNT_A, "region": "us-east-1",
                                         "instance_arn": "arn:aws:sso:::instance/ssoins-1",
                                         "target_id": "111122223333", "target_type": "AWS_ACCOUNT",
                                         "permission_set_arn": "arn:x", "principal_type": "USER",
                                         "principal_id": "p", "created_at": 1.0}],
            "sso_widgets": []}}
        resp = self.control("POST", "/_junction/state", doc)
        self.assert_control_error(resp, 400, "UnknownTable")
        self.assertIn("sso_widgets", resp.json()["message"])
        del doc["tables"]["sso_widgets"]
        doc["tables"]["sso_account_assignments"][0]["colour"] = "red"
        self.assert_control_error(self.control("POST", "/_junction/state", doc), 400,
                                  "UnknownColumn")
        del doc["tables"]["sso_account_assignments"][0]["colour"]
        # An assignment whose permission set does not exist breaks a foreign key.
        self.assert_control_error(self.control("POST", "/_junction/state", doc), 400,
                                  "ConstraintViolation")
        self.assert_control_error(self.control("POST", "/_junction/state", "not json"), 400,
                                  "InvalidJson")
        self.assert_control_error(self.control("POST", "/_junction/state", {"version": 9,
                                                                            "tables": {}}),
                                  400, "UnsupportedVersion")
        state = self.control_json("GET", "/_junction/state")
        self.assertTrue(all(rows == [] for rows in state["tables"].values()), state)

    def test_example_seed_imports(self):
        with open(SEED_EXAMPLE) as f:
            seed = json.load(f)
        self.control_json("POST", "/_junction/state", seed)
        sso = self.sso("123456789012")
        self.assertEqual(self.permission_set_names(sso), ["AdministratorAccess", "ReadOnlyAccess"])

    def test_unknown_endpoint_and_method(self):
        self.assert_control_error(self.control("GET", "/_junction/nothing"), 404, "NotFound")
        resp = self.control("GET", "/_junction/reset")
        self.assert_control_error(resp, 405, "MethodNotAllowed")
        self.assertEqual(resp.headers.get("Allow"), "POST")


class TestSeed(ControlPlaneCase):
    manages_own_server = True

    def test_seed_file_at_start_up(self):
        server = JunctionServer(["--ephemeral", "--seed", SEED_EXAMPLE, "--log-level", "warn"])
        server.start()
        try:
            sso = self.sso("123456789012", url=server.url)
            instance = sso.list_instances()["Instances"][0]
            self.assertEqual(instance["InstanceArn"],
                             "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6")
            self.assertEqual(self.permission_set_names(sso),
                             ["AdministratorAccess", "ReadOnlyAccess"])
            ps = sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"]
            assignments = sso.list_account_assignments(
                InstanceArn=instance["InstanceArn"], AccountId="210987654321",
                PermissionSetArn=ps[0])["AccountAssignments"]
            self.assertEqual(len(assignments), 1)
            # Other accounts start empty.
            self.assertEqual(self.permission_set_names(self.sso(fresh_account(), url=server.url)),
                             [])
        finally:
            server.cleanup()

    def test_bad_seed_file_stops_the_start(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"tables": {"sso_permission_sets": [{"account": "1", "flavour": "x"}]}}, f)
        for path, expected in ((f.name, "flavour"), ("/nonexistent/seed.json", "--seed /nonexistent/seed.json: no such file")):
            server = JunctionServer(["--ephemeral", "--seed", path])
            with self.assertRaises(RuntimeError) as failure:
                server.start(timeout=5)
            self.assertNotEqual(server.proc.returncode, 0)
            output = str(failure.exception)  # carries the server's output
            self.assertIn(path, output)
            self.assertIn(expected, output)
            server.cleanup()
        os.unlink(f.name)


class TestAdminToken(ControlPlaneCase):
    server_args = ["--admin-token", "s3cret-token"]
    token = "s3cret-token"

    def test_token_required(self):
        for method, path in (("POST", "/_junction/reset"), ("GET", "/_junction/state"),
                             ("GET", "/_junction/requests"), ("POST", "/moto-api/reset"),
                             ("GET", "/_junction/faults")):
            resp = self.control(method, path, headers={"Authorization": ""})
            self.assert_control_error(resp, 401, "Unauthorized")
            resp = self.control(method, path, headers={"Authorization": "Bearer wrong"})
            self.assert_control_error(resp, 401, "Unauthorized")
        self.control_json("POST", "/_junction/reset")
        self.control_json("GET", "/_junction/requests")

    def test_health_and_api_stay_open(self):
        resp = http_request(self.url, "GET", "/_junction/health")
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.json()["controlPlane"]["tokenRequired"])
        self.assertEqual(self.permission_set_names(self.sso()), [])


class TestNoControlPlane(ControlPlaneCase):
    server_args = ["--no-control-plane"]

    def test_everything_but_health_is_404(self):
        for method, path in (("POST", "/_junction/reset"), ("POST", "/moto-api/reset"),
                             ("GET", "/_junction/state"), ("POST", "/_junction/state"),
                             ("GET", "/_junction/requests"), ("DELETE", "/_junction/requests"),
                             ("GET", "/_junction/faults"), ("POST", "/_junction/faults")):
            self.assert_control_error(self.control(method, path, {}), 404, "NotFound")
        health = http_request(self.url, "GET", "/_junction/health")
        self.assertEqual(health.status, 200)
        self.assertFalse(health.json()["controlPlane"]["enabled"])
        self.assertEqual(self.permission_set_names(self.sso()), [])


if __name__ == "__main__":
    unittest.main()
