"""Outcome rules (docs/control-plane.md, "Outcome rules") through boto3 and the AWS CLI: a fault
rule whose call runs normally and whose work ends the way the rule says. SSO Admin requests
that settle FAILED, AppStream fleets and builders that fail to start, batch entries that fail,
License Manager User Subscriptions records that end FAILED; the rules' listing, the journal's
marks and detail, seeds carrying rules, and the rules the control plane refuses."""

import json

import botocore.exceptions
import os
import tempfile
import time

from botocore.exceptions import WaiterError

from junction_harness import JunctionServer, JunctionTestCase, fresh_account, http_request, wait_for
from test_sso_admin import new_principal, unique_name

SSO = "sso-admin"
APPSTREAM = "appstream"
LMUS = "license-manager-user-subscriptions"
TARGET = "123456789012"  # the AWS account assignments point at
DEFAULT_REASON = "An unexpected internal service exception was encountered"
WIN2022 = "AppStream-WinServer2022-11-10-2025"
SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
DELAY_MS = 200  # the server's --sso-delay-ms and --appstream-delay-ms
SETTLED = DELAY_MS / 1000 + 0.15  # long enough for a usual change of state to have happened


class OutcomeCase(JunctionTestCase):
    """Each test starts from a full reset (no state, journal or rule; ids from fault-1) and
    works in an account of its own."""

    server_args = ["--sso-delay-ms", str(DELAY_MS), "--appstream-delay-ms", str(DELAY_MS)]

    def setUp(self):
        self.control_json("POST", "/_junction/reset")
        self.account = fresh_account()

    # -- the control plane
    def control(self, method, path, body=None, url=None):
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        return http_request(url or self.url, method, path, body=body or b"",
                            headers={"Content-Type": "application/json"})

    def control_json(self, method, path, body=None, status=200, url=None):
        resp = self.control(method, path, body, url=url)
        self.assertEqual(resp.status, status, resp.body)
        return resp.json()

    def add_rule(self, service, operation, outcome=None, **members):
        rule = dict(service=service, operation=operation, outcome=outcome or {}, **members)
        return self.control_json("POST", "/_junction/faults", rule, status=201)

    def assert_refused(self, rule, *fragments, error="InvalidFault"):
        resp = self.control("POST", "/_junction/faults", rule)
        self.assertEqual(resp.status, 400, resp.body)
        body = resp.json()
        self.assertEqual(body["error"], error, body)
        for fragment in fragments:
            self.assertIn(fragment, body["message"])
        return body["message"]

    def journal(self, **filters):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        return self.control_json("GET", "/_junction/requests" + ("?" + query if query else ""))

    # -- SSO Admin
    def sso_setup(self):
        """An SSO Admin client of the test's account, its instance, a permission set and a
        real user of its identity store; `self.assignment` names an assignment of them."""
        self.sso = self.client(SSO, access_key=self.account)
        ids = self.client("identitystore", access_key=self.account)
        self.instance = self.sso.list_instances()["Instances"][0]["InstanceArn"]
        self.user = new_principal(self.sso, ids)
        self.ps = self.sso.create_permission_set(
            InstanceArn=self.instance, Name=unique_name())["PermissionSet"]["PermissionSetArn"]
        self.assignment = dict(InstanceArn=self.instance, TargetId=TARGET,
                               TargetType="AWS_ACCOUNT", PermissionSetArn=self.ps,
                               PrincipalType="USER", PrincipalId=self.user)

    def create_assignment(self):
        resp = self.sso.create_account_assignment(**self.assignment)
        self.assert_output_shape(SSO, "CreateAccountAssignment", resp)
        return resp["AccountAssignmentCreationStatus"]

    def creation_status(self, request_id):
        resp = self.sso.describe_account_assignment_creation_status(
            InstanceArn=self.instance, AccountAssignmentCreationRequestId=request_id)
        self.assert_output_shape(SSO, "DescribeAccountAssignmentCreationStatus", resp)
        return resp["AccountAssignmentCreationStatus"]

    def settled_creation(self, request_id, timeout=5.0):
        return wait_for(lambda: (lambda s: s if s["Status"] != "IN_PROGRESS" else None)(
            self.creation_status(request_id)), timeout=timeout)

    def assignments(self):
        resp = self.sso.list_account_assignments(InstanceArn=self.instance, AccountId=TARGET,
                                                 PermissionSetArn=self.ps)
        return resp["AccountAssignments"]

    # -- AppStream
    def appstream(self):
        self.c = self.client(APPSTREAM, access_key=self.account)
        return self.c

    def create_fleet(self, name):
        resp = self.c.create_fleet(Name=name, ImageName=WIN2022,
                                   InstanceType="stream.standard.small",
                                   ComputeCapacity={"DesiredInstances": 1})
        self.assert_output_shape(APPSTREAM, "CreateFleet", resp)

    def fleet(self, name):
        resp = self.c.describe_fleets(Names=[name])
        self.assert_output_shape(APPSTREAM, "DescribeFleets", resp)
        return resp["Fleets"][0]

    def image_builder(self, name):
        resp = self.c.describe_image_builders(Names=[name])
        self.assert_output_shape(APPSTREAM, "DescribeImageBuilders", resp)
        return resp["ImageBuilders"][0]


class TestSsoAdminOutcomes(OutcomeCase):

    def test_failed_creation_leaves_no_assignment(self):
        self.sso_setup()
        rule = self.add_rule(SSO, "CreateAccountAssignment", count=1)
        self.assertEqual(rule["outcome"], {"kind": "request", "status": "FAILED"})
        status = self.create_assignment()
        # The call itself is answered as always: accepted, IN_PROGRESS.
        self.assertEqual(status["Status"], "IN_PROGRESS")
        self.assertNotIn("FailureReason", status)
        self.assertEqual(self.creation_status(status["RequestId"])["Status"], "IN_PROGRESS")
        settled = self.settled_creation(status["RequestId"])
        self.assertEqual(settled["Status"], "FAILED")
        self.assertEqual(settled["FailureReason"], DEFAULT_REASON)
        self.assertEqual(settled["PrincipalId"], self.user)
        self.assertEqual(self.assignments(), [])
        provisioned = self.sso.list_permission_sets_provisioned_to_account(
            InstanceArn=self.instance, AccountId=TARGET)
        self.assertEqual(provisioned.get("PermissionSets", []), [])
        failed = self.sso.list_account_assignment_creation_status(
            InstanceArn=self.instance, Filter={"Status": "FAILED"})
        self.assert_output_shape(SSO, "ListAccountAssignmentCreationStatus", failed)
        self.assertEqual([s["RequestId"] for s in failed["AccountAssignmentsCreationStatus"]],
                         [status["RequestId"]])
        # The rule is used up: the same call now succeeds and the assignment exists.
        again = self.create_assignment()
        self.assertEqual(self.settled_creation(again["RequestId"])["Status"], "SUCCEEDED")
        self.assertEqual(len(self.assignments()), 1)

    def test_custom_reason_and_rule_delay(self):
        self.sso_setup()
        reason = "Exceeded the quota of IAM roles in account 123456789012"
        rule = self.add_rule(SSO, "CreateAccountAssignment",
                             {"message": reason, "delayMs": 1000})
        self.assertEqual(rule["outcome"], {"kind": "request", "status": "FAILED",
                                           "message": reason, "delayMs": 1000})
        started = time.monotonic()
        status = self.create_assignment()
        # Past the server's usual delay the request still runs: the rule's delay counts.
        time.sleep(SETTLED)
        if time.monotonic() - started < 0.8:
            self.assertEqual(self.creation_status(status["RequestId"])["Status"], "IN_PROGRESS")
        settled = self.settled_creation(status["RequestId"])
        self.assertGreaterEqual(time.monotonic() - started, 0.95)
        self.assertEqual((settled["Status"], settled["FailureReason"]), ("FAILED", reason))
        self.assertEqual(self.assignments(), [])

    def test_failed_deletion_leaves_the_assignment(self):
        self.sso_setup()
        created = self.create_assignment()
        self.assertEqual(self.settled_creation(created["RequestId"])["Status"], "SUCCEEDED")
        self.add_rule(SSO, "DeleteAccountAssignment", {"message": "The role is in use."})
        resp = self.sso.delete_account_assignment(**self.assignment)
        self.assert_output_shape(SSO, "DeleteAccountAssignment", resp)
        status = resp["AccountAssignmentDeletionStatus"]
        self.assertEqual(status["Status"], "IN_PROGRESS")

        def settled():
            s = self.sso.describe_account_assignment_deletion_status(
                InstanceArn=self.instance, AccountAssignmentDeletionRequestId=status["RequestId"])
            self.assert_output_shape(SSO, "DescribeAccountAssignmentDeletionStatus", s)
            s = s["AccountAssignmentDeletionStatus"]
            return s if s["Status"] != "IN_PROGRESS" else None
        final = wait_for(settled)
        self.assertEqual((final["Status"], final["FailureReason"]),
                         ("FAILED", "The role is in use."))
        self.assertEqual(self.assignments(), [{"AccountId": TARGET, "PermissionSetArn": self.ps,
                                               "PrincipalId": self.user,
                                               "PrincipalType": "USER"}])

    def test_failed_provisioning_provisions_nothing(self):
        self.sso_setup()
        self.add_rule(SSO, "ProvisionPermissionSet", count=1)
        resp = self.sso.provision_permission_set(InstanceArn=self.instance,
                                                 PermissionSetArn=self.ps,
                                                 TargetId=TARGET, TargetType="AWS_ACCOUNT")
        self.assert_output_shape(SSO, "ProvisionPermissionSet", resp)
        status = resp["PermissionSetProvisioningStatus"]
        self.assertEqual(status["Status"], "IN_PROGRESS")

        def described():
            s = self.sso.describe_permission_set_provisioning_status(
                InstanceArn=self.instance, ProvisionPermissionSetRequestId=status["RequestId"])
            self.assert_output_shape(SSO, "DescribePermissionSetProvisioningStatus", s)
            return s["PermissionSetProvisioningStatus"]
        final = wait_for(lambda: (lambda s: s if s["Status"] != "IN_PROGRESS" else None)(
            described()))
        self.assertEqual((final["Status"], final["FailureReason"]), ("FAILED", DEFAULT_REASON))
        self.assertEqual(final["AccountId"], TARGET)
        self.assertEqual(final["PermissionSetArn"], self.ps)
        provisioned = self.sso.list_permission_sets_provisioned_to_account(
            InstanceArn=self.instance, AccountId=TARGET)
        self.assertEqual(provisioned.get("PermissionSets", []), [])
        accounts = self.sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=self.instance, PermissionSetArn=self.ps)
        self.assertEqual(accounts.get("AccountIds", []), [])
        # Without the rule (count 1, used up) it is provisioned.
        self.sso.provision_permission_set(InstanceArn=self.instance, PermissionSetArn=self.ps,
                                          TargetId=TARGET, TargetType="AWS_ACCOUNT")
        provisioned = self.sso.list_permission_sets_provisioned_to_account(
            InstanceArn=self.instance, AccountId=TARGET)
        self.assertEqual(provisioned["PermissionSets"], [self.ps])

    def test_terraform_style_waiter_sees_failed(self):
        """As Terraform's AWS provider waits for an assignment: poll the creation status while
        it is IN_PROGRESS, then fail with its FailureReason."""
        self.sso_setup()
        self.add_rule(SSO, "CreateAccountAssignment",
                      {"message": "Received a 404 status error: Not supported policy"})
        request_id = self.create_assignment()["RequestId"]
        polls, deadline = [], time.monotonic() + 10
        while time.monotonic() < deadline:
            status = self.creation_status(request_id)
            polls.append(status["Status"])
            if status["Status"] != "IN_PROGRESS":
                break
            time.sleep(0.05)
        self.assertGreater(len(polls), 1, "the waiter should have seen IN_PROGRESS first")
        self.assertEqual(set(polls[:-1]), {"IN_PROGRESS"})
        self.assertEqual(polls[-1], "FAILED")
        self.assertEqual(status["FailureReason"],
                         "Received a 404 status error: Not supported policy")

    def test_count_and_probability(self):
        self.sso_setup()
        self.add_rule(SSO, "CreateAccountAssignment", count=1)
        first = self.create_assignment()["RequestId"]
        second = self.create_assignment()["RequestId"]
        self.assertEqual(self.settled_creation(first)["Status"], "FAILED")
        self.assertEqual(self.settled_creation(second)["Status"], "SUCCEEDED")
        [rule] = self.control_json("GET", "/_junction/faults")["rules"]
        self.assertEqual((rule["count"], rule["remaining"], rule["fired"]), (1, 0, 1))

        self.control_json("DELETE", "/_junction/faults")
        never = self.add_rule(SSO, "CreateAccountAssignment", probability=0)
        ids = [self.create_assignment()["RequestId"] for _ in range(3)]
        self.assertEqual({self.settled_creation(i)["Status"] for i in ids}, {"SUCCEEDED"})
        self.assertEqual(self.control_json("GET", f"/_junction/faults/{never['id']}")["fired"], 0)

        self.control_json("DELETE", "/_junction/faults")
        always = self.add_rule(SSO, "CreateAccountAssignment", probability=1)
        ids = [self.create_assignment()["RequestId"] for _ in range(3)]
        self.assertEqual({self.settled_creation(i)["Status"] for i in ids}, {"FAILED"})
        self.assertEqual(self.control_json("GET", f"/_junction/faults/{always['id']}")["fired"], 3)

    def test_a_rule_of_the_whole_service(self):
        """A rule naming no operation covers every operation that takes its kind of outcome,
        and no other: the other calls of the service run as always."""
        self.sso_setup()
        rule = self.add_rule(SSO, None)
        self.assertIsNone(rule["operation"])
        request_id = self.create_assignment()["RequestId"]
        self.assertEqual(self.settled_creation(request_id)["Status"], "FAILED")
        self.sso.describe_permission_set(InstanceArn=self.instance, PermissionSetArn=self.ps)
        entries = self.journal(service=SSO)["entries"]
        marked = {e["operation"] for e in entries if e.get("outcomeInjected")}
        self.assertEqual(marked, {"CreateAccountAssignment"})
        self.assertEqual(self.control_json("GET", f"/_junction/faults/{rule['id']}")["fired"], 1)

    def test_rules_listed_removed_and_reset(self):
        self.sso_setup()
        first = self.add_rule(SSO, "CreateAccountAssignment",
                              {"message": "no", "delayMs": 50}, count=5)
        self.assertEqual(first["id"], "fault-1")
        second = self.add_rule(APPSTREAM, "StartFleet", {"status": "STARTING"})
        rules = self.control_json("GET", "/_junction/faults")["rules"]
        self.assertEqual([r["id"] for r in rules], ["fault-1", "fault-2"])
        self.assertEqual(rules[0]["outcome"], {"kind": "request", "status": "FAILED",
                                               "message": "no", "delayMs": 50})
        self.assertEqual((rules[0]["count"], rules[0]["remaining"]), (5, 5))
        self.assertEqual(rules[1]["outcome"], {"kind": "state", "status": "STARTING"})
        self.assertNotIn("error", rules[0])
        self.assertEqual(self.control_json("GET", f"/_junction/faults/{second['id']}"), rules[1])

        # Removed, it no longer fires.
        self.control_json("DELETE", f"/_junction/faults/{first['id']}")
        self.assertEqual(self.control("GET", f"/_junction/faults/{first['id']}").status, 404)
        request_id = self.create_assignment()["RequestId"]
        self.assertEqual(self.settled_creation(request_id)["Status"], "SUCCEEDED")
        self.assertEqual(self.control_json("DELETE", "/_junction/faults")["deleted"], 1)

        # A full reset removes them all, and ids start again.
        self.add_rule(SSO, "CreateAccountAssignment")
        reset = self.control_json("POST", "/_junction/reset")
        self.assertEqual(reset["faultRulesCleared"], 1)
        self.assertEqual(self.control_json("GET", "/_junction/faults")["rules"], [])
        self.assertEqual(self.add_rule(SSO, "DeleteAccountAssignment")["id"], "fault-1")

    def test_journal_marks_the_call_and_keeps_what_it_carried(self):
        self.sso_setup()
        rule = self.add_rule(SSO, "CreateAccountAssignment", {"message": "quota"})
        status = self.create_assignment()
        self.settled_creation(status["RequestId"])

        [entry] = self.journal(operation="CreateAccountAssignment")["entries"]
        self.assertTrue(entry["outcomeInjected"])
        self.assertEqual(entry["faultId"], rule["id"])
        self.assertFalse(entry["faulted"])  # the call was answered, not failed
        self.assertEqual((entry["status"], entry["errorType"]), (200, None))
        self.assertEqual(entry["asyncRequestId"], status["RequestId"])
        self.assertNotIn("request", entry)  # a listing leaves the bodies out by default

        # The status calls are linked to the request, and are not marked.
        linked = self.journal(asyncRequestId=status["RequestId"])["entries"]
        self.assertEqual(linked[0]["operation"], "CreateAccountAssignment")
        self.assertGreater(len(linked), 1)
        for e in linked[1:]:
            self.assertEqual(e["operation"], "DescribeAccountAssignmentCreationStatus")
            self.assertNotIn("outcomeInjected", e)
            self.assertNotIn("faultId", e)

        # One call whole, by request id or by sequence number.
        detail = self.control_json("GET", f"/_junction/requests/{entry['requestId']}")
        self.assertEqual(detail, self.control_json("GET",
                                                   f"/_junction/requests/{entry['sequence']}"))
        self.assertTrue(detail["outcomeInjected"])
        self.assertEqual(detail["asyncRequestId"], status["RequestId"])
        self.assertEqual(detail["accessKeyId"], self.account)
        request = detail["request"]
        self.assertEqual(request["body"], self.assignment)
        self.assertGreater(request["bodyBytes"], 0)
        headers = request["headers"]
        self.assertEqual(headers["x-amz-target"], "SWBExternalService.CreateAccountAssignment")
        self.assertTrue(headers["content-type"].startswith("application/x-amz-json-1.1"))
        self.assertIn("Boto3", headers["user-agent"])
        self.assertIn("x-amz-date", headers)
        for secret in ("authorization", "x-amz-security-token", "cookie"):
            self.assertNotIn(secret, headers)
        self.assertNotIn("Signature=", json.dumps(detail))
        answered = detail["response"]["body"]["AccountAssignmentCreationStatus"]
        self.assertEqual((answered["Status"], answered["RequestId"]),
                         ("IN_PROGRESS", status["RequestId"]))
        self.assertIn("--aws-sigv4", detail["curl"])

        # Listing with bodies gives the same detail.
        listed = self.control_json(
            "GET", "/_junction/requests?operation=CreateAccountAssignment&bodies=true")
        self.assertEqual(listed["entries"][0]["request"], request)
        self.assertEqual(self.control("GET", "/_junction/requests/no-such-call").status, 404)

    def test_journal_cuts_a_large_body(self):
        self.sso_setup()
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": f"S{i}", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::bucket-{i:04d}/*"} for i in range(250)]})
        self.assertGreater(len(policy), 16 * 1024)
        # Past IAM Identity Center's quota too: the call fails, and the journal keeps what it
        # carried all the same.
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.put_inline_policy_to_permission_set(InstanceArn=self.instance,
                                                         PermissionSetArn=self.ps,
                                                         InlinePolicy=policy)
        [entry] = self.journal(operation="PutInlinePolicyToPermissionSet")["entries"]
        detail = self.control_json("GET", f"/_junction/requests/{entry['sequence']}")
        request = detail["request"]
        self.assertTrue(request["bodyTruncated"])
        self.assertGreater(request["bodyBytes"], 16 * 1024)
        self.assertIsInstance(request["body"], str)  # the text kept, not a JSON value
        self.assertLessEqual(len(request["body"].encode()), 16 * 1024)
        self.assertIsNone(detail["curl"])  # a cut body cannot be replayed

    def test_aws_cli_sees_failed(self):
        self.sso_setup()
        self.add_rule(SSO, "CreateAccountAssignment", {"message": "Denied by an SCP"})
        code, out, err = self.cli(
            "sso-admin", "create-account-assignment", "--instance-arn", self.instance,
            "--target-id", TARGET, "--target-type", "AWS_ACCOUNT",
            "--permission-set-arn", self.ps, "--principal-type", "USER",
            "--principal-id", self.user, access_key=self.account)
        self.assertEqual(code, 0, err)
        status = out["AccountAssignmentCreationStatus"]
        self.assertEqual(status["Status"], "IN_PROGRESS")

        def described():
            code, out, err = self.cli(
                "sso-admin", "describe-account-assignment-creation-status",
                "--instance-arn", self.instance,
                "--account-assignment-creation-request-id", status["RequestId"],
                access_key=self.account)
            self.assertEqual(code, 0, err)
            s = out["AccountAssignmentCreationStatus"]
            return s if s["Status"] != "IN_PROGRESS" else None
        final = wait_for(described, timeout=30, interval=0.2)
        self.assertEqual((final["Status"], final["FailureReason"]), ("FAILED", "Denied by an SCP"))


class TestAppStreamOutcomes(OutcomeCase):

    def test_fleet_stays_starting(self):
        self.appstream()
        self.add_rule(APPSTREAM, "StartFleet", {"status": "STARTING"}, count=1)
        self.create_fleet("stuck")
        resp = self.c.start_fleet(Name="stuck")
        self.assert_output_shape(APPSTREAM, "StartFleet", resp)
        waiter = self.c.get_waiter("fleet_started")
        with self.assertRaises(WaiterError) as cm:
            waiter.wait(Names=["stuck"], WaiterConfig={"Delay": 0.2, "MaxAttempts": 3})
        self.assertIn("Max attempts exceeded", str(cm.exception))
        fleet = self.fleet("stuck")
        self.assertEqual(fleet["State"], "STARTING")  # well past the usual delay
        self.assertNotIn("FleetErrors", fleet)
        [entry] = self.journal(operation="StartFleet")["entries"]
        self.assertTrue(entry["outcomeInjected"])
        # It can still be stopped, and started again (the rule is used up).
        self.c.stop_fleet(Name="stuck")
        wait_for(lambda: self.fleet("stuck")["State"] == "STOPPED")
        self.c.start_fleet(Name="stuck")
        waiter.wait(Names=["stuck"], WaiterConfig={"Delay": 0.2, "MaxAttempts": 20})
        self.assertEqual(self.fleet("stuck")["State"], "RUNNING")

    def test_fleet_falls_back_to_stopped_with_errors(self):
        self.appstream()
        self.add_rule(APPSTREAM, "StartFleet",
                      {"status": "STOPPED", "errorCode": "SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES",
                       "message": "The subnet has no free IP addresses."}, count=1)
        self.create_fleet("short")
        self.c.start_fleet(Name="short")
        starting = self.fleet("short")
        self.assertEqual(starting["State"], "STARTING")
        self.assertNotIn("FleetErrors", starting)  # shown once the state has settled
        waiter = self.c.get_waiter("fleet_started")
        with self.assertRaises(WaiterError) as cm:
            waiter.wait(Names=["short"], WaiterConfig={"Delay": 0.1, "MaxAttempts": 30})
        self.assertIn("terminal failure state", str(cm.exception))
        fleet = self.fleet("short")
        self.assertEqual(fleet["State"], "STOPPED")
        self.assertEqual(fleet["FleetErrors"], [
            {"ErrorCode": "SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES",
             "ErrorMessage": "The subnet has no free IP addresses."}])
        # The next start succeeds, and the errors of the failed one go.
        self.c.start_fleet(Name="short")
        waiter.wait(Names=["short"], WaiterConfig={"Delay": 0.1, "MaxAttempts": 30})
        self.assertNotIn("FleetErrors", self.fleet("short"))

    def test_fleet_failure_defaults(self):
        self.appstream()
        self.add_rule(APPSTREAM, "StartFleet")  # status STOPPED, AWS's wording
        self.create_fleet("plain")
        self.c.start_fleet(Name="plain")
        fleet = wait_for(lambda: (lambda f: f if f["State"] == "STOPPED" else None)(
            self.fleet("plain")))
        self.assertEqual(fleet["FleetErrors"], [
            {"ErrorCode": "INTERNAL_SERVICE_ERROR",
             "ErrorMessage": "The fleet could not be started because of an internal service "
                             "error."}])

    def test_image_builder_fails_to_start(self):
        self.appstream()
        self.add_rule(APPSTREAM, "CreateImageBuilder", count=1)
        resp = self.c.create_image_builder(Name="builder", ImageName=WIN2022,
                                           InstanceType="stream.standard.medium")
        self.assert_output_shape(APPSTREAM, "CreateImageBuilder", resp)
        self.assertEqual(resp["ImageBuilder"]["State"], "PENDING")
        self.assertNotIn("ImageBuilderErrors", resp["ImageBuilder"])
        builder = wait_for(lambda: (lambda b: b if b["State"] != "PENDING" else None)(
            self.image_builder("builder")))
        self.assertEqual(builder["State"], "STOPPED")
        [error] = builder["ImageBuilderErrors"]
        self.assertEqual(error["ErrorCode"], "INTERNAL_SERVICE_ERROR")
        self.assertEqual(error["ErrorMessage"], "The image builder could not be started because "
                                                "of an internal service error.")
        self.assertIn("ErrorTimestamp", error)

        # A start that fails with the rule's words, then one that succeeds and clears them.
        self.add_rule(APPSTREAM, "StartImageBuilder",
                      {"errorCode": "IAM_SERVICE_ROLE_IS_MISSING", "message": "No role."},
                      count=1)
        resp = self.c.start_image_builder(Name="builder")
        self.assert_output_shape(APPSTREAM, "StartImageBuilder", resp)
        builder = wait_for(lambda: (lambda b: b if b["State"] != "PENDING" else None)(
            self.image_builder("builder")))
        self.assertEqual(builder["State"], "STOPPED")
        self.assertEqual([(e["ErrorCode"], e["ErrorMessage"])
                          for e in builder["ImageBuilderErrors"]],
                         [("IAM_SERVICE_ROLE_IS_MISSING", "No role.")])
        self.c.start_image_builder(Name="builder")
        builder = wait_for(lambda: (lambda b: b if b["State"] == "RUNNING" else None)(
            self.image_builder("builder")))
        self.assertNotIn("ImageBuilderErrors", builder)

    def test_image_builder_stays_pending(self):
        self.appstream()
        self.add_rule(APPSTREAM, "CreateImageBuilder", {"status": "PENDING"})
        self.c.create_image_builder(Name="slow", ImageName=WIN2022,
                                    InstanceType="stream.standard.medium")
        time.sleep(SETTLED)
        builder = self.image_builder("slow")
        self.assertEqual(builder["State"], "PENDING")
        self.assertNotIn("ImageBuilderErrors", builder)
        # Held there for good, it can still be stopped, then deleted.
        self.c.stop_image_builder(Name="slow")
        stopped = wait_for(lambda: (lambda b: b if b["State"] == "STOPPED" else None)(
            self.image_builder("slow")))
        self.assertEqual(stopped["State"], "STOPPED")
        self.c.delete_image_builder(Name="slow")
        self.assertEqual(self.c.describe_image_builders()["ImageBuilders"], [])

    def test_app_block_builder_fails_to_start(self):
        self.appstream()
        resp = self.c.create_app_block_builder(Name="abb", Platform="WINDOWS_SERVER_2019",
                                               InstanceType="stream.standard.large",
                                               VpcConfig={"SubnetIds": SUBNETS})
        self.assertEqual(resp["AppBlockBuilder"]["State"], "STOPPED")
        block = self.c.create_app_block(Name="packaged", PackagingType="APPSTREAM2",
                                        SourceS3Location={"S3Bucket": "apps-bucket"})["AppBlock"]
        self.c.associate_app_block_builder_app_block(AppBlockBuilderName="abb",
                                                     AppBlockArn=block["Arn"])
        self.add_rule(APPSTREAM, "StartAppBlockBuilder", {"errorCode": "SUBNET_NOT_FOUND"})
        resp = self.c.start_app_block_builder(Name="abb")
        self.assert_output_shape(APPSTREAM, "StartAppBlockBuilder", resp)
        self.assertEqual(resp["AppBlockBuilder"]["State"], "STARTING")

        def settled():
            b = self.c.describe_app_block_builders(Names=["abb"])
            self.assert_output_shape(APPSTREAM, "DescribeAppBlockBuilders", b)
            b = b["AppBlockBuilders"][0]
            return b if b["State"] != "STARTING" else None
        builder = wait_for(settled)
        self.assertEqual(builder["State"], "STOPPED")
        self.assertEqual([(e["ErrorCode"], e["ErrorMessage"])
                          for e in builder["AppBlockBuilderErrors"]],
                         [("SUBNET_NOT_FOUND", "The app block builder could not be started "
                                               "because of an internal service error.")])

    def test_batch_entries_fail_with_the_rules_error(self):
        self.appstream()
        self.c.create_stack(Name="desk")
        users = ["ana@example.com", "bo@example.com", "cy@example.com"]
        entries = [{"StackName": "desk", "UserName": u, "AuthenticationType": "SAML"}
                   for u in users]
        # Every entry.
        self.add_rule(APPSTREAM, "BatchAssociateUserStack",
                      {"errorCode": "DIRECTORY_NOT_FOUND", "message": "No directory."}, count=1)
        resp = self.c.batch_associate_user_stack(UserStackAssociations=entries[:2])
        self.assert_output_shape(APPSTREAM, "BatchAssociateUserStack", resp)
        self.assertEqual([(e["UserStackAssociation"]["UserName"], e["ErrorCode"],
                           e["ErrorMessage"]) for e in resp["errors"]],
                         [(u, "DIRECTORY_NOT_FOUND", "No directory.") for u in users[:2]])
        self.assertEqual(self.c.describe_user_stack_associations(
            StackName="desk").get("UserStackAssociations", []), [])

        # Only the entries with the rule's member values; the others are applied.
        self.add_rule(APPSTREAM, "BatchAssociateUserStack",
                      {"entries": {"UserName": "bo@example.com", "StackName": "desk"}}, count=1)
        resp = self.c.batch_associate_user_stack(UserStackAssociations=entries)
        self.assertEqual([(e["UserStackAssociation"]["UserName"], e["ErrorCode"],
                           e["ErrorMessage"]) for e in resp["errors"]],
                         [("bo@example.com", "INTERNAL_ERROR", "An internal error occurred.")])
        associated = self.c.describe_user_stack_associations(StackName="desk")
        self.assertEqual(sorted(a["UserName"] for a in associated["UserStackAssociations"]),
                         ["ana@example.com", "cy@example.com"])

        # A disassociation that fails leaves the association in place.
        self.add_rule(APPSTREAM, "BatchDisassociateUserStack",
                      {"errorCode": "STACK_NOT_FOUND", "entries": {"UserName": "ana@example.com"}})
        resp = self.c.batch_disassociate_user_stack(UserStackAssociations=[entries[0], entries[2]])
        self.assert_output_shape(APPSTREAM, "BatchDisassociateUserStack", resp)
        self.assertEqual([(e["UserStackAssociation"]["UserName"], e["ErrorCode"])
                          for e in resp["errors"]], [("ana@example.com", "STACK_NOT_FOUND")])
        associated = self.c.describe_user_stack_associations(StackName="desk")
        self.assertEqual([a["UserName"] for a in associated["UserStackAssociations"]],
                         ["ana@example.com"])

        # The journal marks the calls and redacts the user names (sensitive in the model).
        calls = self.journal(operation="BatchAssociateUserStack")["entries"]
        self.assertEqual([c.get("outcomeInjected") for c in calls], [True, True])
        detail = self.control_json("GET", f"/_junction/requests/{calls[1]['requestId']}")
        self.assertTrue(detail["request"]["redacted"])
        sent = detail["request"]["body"]["UserStackAssociations"]
        self.assertEqual([e["StackName"] for e in sent], ["desk"] * 3)
        self.assertEqual({e["UserName"] for e in sent}, {"*** Sensitive Data Redacted ***"})
        self.assertTrue(detail["response"]["redacted"])
        self.assertNotIn("bo@example.com", json.dumps(detail))
        # A redacted request is not the one sent: no curl line replays it.
        self.assertIsNone(detail["curl"])

    def test_a_counted_rule_counts_the_calls_it_changed(self):
        self.appstream()
        self.c.create_stack(Name="desk")
        ana, bo = ({"StackName": "desk", "UserName": u, "AuthenticationType": "SAML"}
                   for u in ("ana@example.com", "bo@example.com"))
        rule = self.add_rule(APPSTREAM, "BatchAssociateUserStack",
                             {"entries": {"UserName": "ana@example.com"}}, count=1)
        # A batch without ana's entry is not changed: the rule keeps its turn.
        self.assertEqual(self.c.batch_associate_user_stack(UserStackAssociations=[bo])["errors"],
                         [])
        listed = self.control_json("GET", "/_junction/faults")["rules"][0]
        self.assertEqual((listed["remaining"], listed["fired"]), (1, 0))
        # A call refused before its handler runs (an authentication type the model does not
        # have) keeps it too.
        with self.assertRaises(botocore.exceptions.ClientError) as refused:
            self.c.batch_associate_user_stack(
                UserStackAssociations=[dict(ana, AuthenticationType="NOPE")])
        self.assertEqual(refused.exception.response["Error"]["Code"], "ValidationException")
        resp = self.c.batch_associate_user_stack(UserStackAssociations=[ana])
        self.assertEqual([e["ErrorCode"] for e in resp["errors"]], ["INTERNAL_ERROR"])
        listed = self.control_json("GET", "/_junction/faults")["rules"][0]
        self.assertEqual((listed["id"], listed["remaining"], listed["fired"]), (rule["id"], 0, 1))
        calls = self.journal(operation="BatchAssociateUserStack")["entries"]
        self.assertEqual([c.get("outcomeInjected", False) for c in calls], [False, False, True])
        self.assertEqual([c.get("faultId") for c in calls], [None, None, rule["id"]])


class TestLicenseManagerOutcomes(OutcomeCase):
    REGION = "us-west-2"
    PRODUCT = "VISUAL_STUDIO_ENTERPRISE"

    def lmus_setup(self):
        self.lm = self.client(LMUS, region=self.REGION, access_key=self.account)
        self.instance_id = "i-0" + fresh_account() + "abcd"
        self.control_json("POST", "/_junction/state", {"tables": {"lmus_instances": [
            {"account": self.account, "region": self.REGION, "instance_id": self.instance_id,
             "products": json.dumps([self.PRODUCT])}]}})
        self.provider = {"ActiveDirectoryIdentityProvider": {"DirectoryId": "d-0123456789"}}
        self.lm.register_identity_provider(IdentityProvider=self.provider, Product=self.PRODUCT)

    def test_association_ends_failed(self):
        self.lmus_setup()
        self.add_rule(LMUS, "AssociateUser", count=1)
        resp = self.lm.associate_user(Username="alice", InstanceId=self.instance_id,
                                      IdentityProvider=self.provider)
        self.assert_output_shape(LMUS, "AssociateUser", resp)
        summary = resp["InstanceUserSummary"]
        self.assertEqual(summary["Status"], "FAILED")
        self.assertEqual(summary["StatusMessage"],
                         "The user could not be associated with the instance.")
        listed = self.lm.list_user_associations(InstanceId=self.instance_id,
                                                IdentityProvider=self.provider)
        self.assertEqual([(s["Username"], s["Status"]) for s in listed["InstanceUserSummaries"]],
                         [("alice", "FAILED")])
        # Associating again (the rule used up) succeeds.
        again = self.lm.associate_user(Username="alice", InstanceId=self.instance_id,
                                       IdentityProvider=self.provider)["InstanceUserSummary"]
        self.assertEqual(again["Status"], "ASSOCIATED")
        self.assertNotIn("StatusMessage", again)

    def test_product_subscription_ends_failed(self):
        self.lmus_setup()
        self.add_rule(LMUS, "StartProductSubscription", {"message": "No licenses are left."})
        resp = self.lm.start_product_subscription(Username="bob", IdentityProvider=self.provider,
                                                  Product=self.PRODUCT)
        self.assert_output_shape(LMUS, "StartProductSubscription", resp)
        summary = resp["ProductUserSummary"]
        self.assertEqual((summary["Status"], summary["StatusMessage"]),
                         ("FAILED", "No licenses are left."))
        listed = self.lm.list_product_subscriptions(IdentityProvider=self.provider,
                                                    Product=self.PRODUCT)
        self.assertEqual([(s["Username"], s["Status"], s["StatusMessage"])
                          for s in listed["ProductUserSummaries"]],
                         [("bob", "FAILED", "No licenses are left.")])
        [entry] = self.journal(operation="StartProductSubscription")["entries"]
        self.assertTrue(entry["outcomeInjected"])


class TestRefusedRules(OutcomeCase):

    def test_bad_outcome_rules_are_refused(self):
        message = self.assert_refused(
            {"service": SSO, "operation": "ListInstances", "outcome": {}},
            "sso-admin ListInstances takes no outcome",
            "CreateAccountAssignment (request)", "ProvisionPermissionSet (request)")
        self.assertNotIn("ListInstances (", message)
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": {"status": "SUCCEEDED"}},
                            "outcome.status must be one of FAILED, not SUCCEEDED")
        self.assert_refused({"service": APPSTREAM, "operation": "StartFleet",
                             "outcome": {"status": "RUNNING"}},
                            "one of STOPPED, STARTING, not RUNNING")
        self.assert_refused({"service": LMUS, "operation": "AssociateUser",
                             "outcome": {"status": "failed"}}, "upper-case text")
        self.assert_refused({"service": APPSTREAM, "operation": "StartFleet",
                             "outcome": {"errorCode": "OOPS"}},
                            "outcome.errorCode must be one of the model's FleetErrorCode",
                            "SUBNET_NOT_FOUND")
        self.assert_refused({"service": APPSTREAM, "operation": "BatchAssociateUserStack",
                             "outcome": {"entries": {"Colour": "red"}}},
                            "UserStackAssociation has no member 'Colour'", "UserName")
        self.assert_refused({"service": APPSTREAM, "operation": "BatchAssociateUserStack",
                             "outcome": {"delayMs": 10}},
                            "outcome.delayMs has no meaning for an outcome of kind entries")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": {"errorCode": "X"}}, "outcome.errorCode has no meaning")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": {"kind": "state"}},
                            "outcome.kind is request for the operations this rule covers")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": {"reason": "x"}}, "Unknown member 'reason' in outcome")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": {"delayMs": -1}}, "outcome.delayMs must be a whole number")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": "FAILED"}, "outcome must be an object")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "error": {"type": "ThrottlingException"}, "outcome": {}},
                            "not both")
        self.assert_refused({"service": APPSTREAM, "outcome": {}},
                            "outcomes of different kinds: name the operation")
        self.assert_refused({"service": "identitystore", "outcome": {}},
                            "No operation of identitystore takes outcome")
        self.assert_refused({"service": SSO, "operation": "CreateAccountAssignment",
                             "outcome": {"message": "x" * 3000}}, "at most 2048 bytes")
        self.assert_refused({"service": SSO, "operation": "Nope", "outcome": {}},
                            "no operation 'Nope'", error="UnknownOperation")
        self.assertEqual(self.control_json("GET", "/_junction/faults")["rules"], [])


class TestSeededFaults(OutcomeCase):

    def test_state_document_carries_faults(self):
        self.sso_setup()
        doc = {"comment": "an assignment that fails", "tables": {}, "faults": [
            {"service": SSO, "operation": "CreateAccountAssignment",
             "outcome": {"message": "seeded failure"}, "count": 1},
            {"service": APPSTREAM, "operation": "StartFleet", "outcome": {"status": "STARTING"}}]}
        result = self.control_json("POST", "/_junction/state", doc)
        self.assertEqual(result["faultRules"], ["fault-1", "fault-2"])
        rules = self.control_json("GET", "/_junction/faults")["rules"]
        self.assertEqual([r["outcome"]["kind"] for r in rules], ["request", "state"])
        request_id = self.create_assignment()["RequestId"]
        settled = self.settled_creation(request_id)
        self.assertEqual((settled["Status"], settled["FailureReason"]),
                         ("FAILED", "seeded failure"))
        # Only rules, no tables, is a document too.
        only = self.control_json("POST", "/_junction/state", {"faults": [
            {"service": LMUS, "operation": "AssociateUser", "outcome": {}}]})
        self.assertEqual((only["faultRules"], only["rows"]), (["fault-3"], 0))

    def test_a_bad_rule_applies_nothing(self):
        doc = {"tables": {"appstream_stacks": []}, "faults": [
            {"service": SSO, "operation": "CreateAccountAssignment", "outcome": {}},
            {"service": SSO, "operation": "ListInstances", "outcome": {}}]}
        resp = self.control("POST", "/_junction/state", doc)
        self.assertEqual(resp.status, 400, resp.body)
        body = resp.json()
        self.assertEqual(body["error"], "InvalidFault")
        self.assertTrue(body["message"].startswith("faults[1]: "), body)
        self.assertEqual(self.control_json("GET", "/_junction/faults")["rules"], [])


class TestSeedAtStartUp(OutcomeCase):
    manages_own_server = True

    def setUp(self):
        self.account = fresh_account()

    def seed_file(self, document):
        f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        with f:
            json.dump(document, f)
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_seed_file_with_faults(self):
        path = self.seed_file({"tables": {}, "faults": [
            {"service": SSO, "operation": "CreateAccountAssignment",
             "outcome": {"message": "from the seed"}}]})
        server = JunctionServer(["--ephemeral", "--log-level", "warn", "--seed", path])
        server.start()
        self.addCleanup(server.cleanup)
        self.url = server.url
        [rule] = self.control_json("GET", "/_junction/faults")["rules"]
        self.assertEqual((rule["id"], rule["outcome"]["message"]), ("fault-1", "from the seed"))
        self.sso_setup()
        request_id = self.create_assignment()["RequestId"]
        settled = self.settled_creation(request_id)
        self.assertEqual((settled["Status"], settled["FailureReason"]),
                         ("FAILED", "from the seed"))
        self.assertEqual(self.assignments(), [])

    def test_seed_file_with_a_bad_rule_stops_the_start(self):
        path = self.seed_file({"faults": [
            {"service": APPSTREAM, "operation": "StartFleet", "outcome": {"status": "RUNNING"}}]})
        server = JunctionServer(["--ephemeral", "--seed", path])
        with self.assertRaises(RuntimeError) as failure:
            server.start(timeout=5)
        self.assertNotEqual(server.proc.returncode, 0)
        output = str(failure.exception)
        self.assertIn(path, output)
        self.assertIn("faults[0]", output)
        self.assertIn("not RUNNING", output)
