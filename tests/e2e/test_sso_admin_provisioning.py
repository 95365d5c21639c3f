"""SSO Admin provisioning through boto3 and the AWS CLI: ProvisionPermissionSet and its
asynchronous status, what is provisioned to which account, and drift
(LATEST_PERMISSION_SET_NOT_PROVISIONED) after a permission set changes."""

import json
import time
import unittest
import uuid

from junction_harness import UUID_RE, wait_for
from test_sso_admin import (OTHER_TARGET, SVC, TARGET, SsoTestCase, assert_recent, principal,
                            unknown_instance_arn, unknown_ps_arn)

LATEST = "LATEST_PERMISSION_SET_PROVISIONED"
BEHIND = "LATEST_PERMISSION_SET_NOT_PROVISIONED"
POLICY = json.dumps({"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*",
                                    "Resource": "*"}]})


class ProvisioningTestCase(SsoTestCase):
    def setUp(self):
        super().setUp()
        self.ps_arn = self.create_ps()["PermissionSetArn"]

    def provision(self, ps_arn=None, target=TARGET, **extra):
        params = dict(InstanceArn=self.instance_arn, PermissionSetArn=ps_arn or self.ps_arn,
                      **extra)
        if target:
            params.update(TargetType="AWS_ACCOUNT", TargetId=target)
        else:
            params.setdefault("TargetType", "ALL_PROVISIONED_ACCOUNTS")
        resp = self.sso.provision_permission_set(**params)
        self.assert_output_shape(SVC, "ProvisionPermissionSet", resp)
        return resp["PermissionSetProvisioningStatus"]

    def describe(self, request_id):
        resp = self.sso.describe_permission_set_provisioning_status(
            InstanceArn=self.instance_arn, ProvisionPermissionSetRequestId=request_id)
        self.assert_output_shape(SVC, "DescribePermissionSetProvisioningStatus", resp)
        return resp["PermissionSetProvisioningStatus"]

    def accounts(self, ps_arn=None, status=None):
        params = dict(InstanceArn=self.instance_arn, PermissionSetArn=ps_arn or self.ps_arn)
        if status:
            params["ProvisioningStatus"] = status
        items, _ = self.paginate(self.sso, "list_accounts_for_provisioned_permission_set",
                                 "AccountIds", 100, SVC, **params)
        return sorted(items)

    def provisioned_to(self, account=TARGET, status=None):
        params = dict(InstanceArn=self.instance_arn, AccountId=account)
        if status:
            params["ProvisioningStatus"] = status
        items, _ = self.paginate(self.sso, "list_permission_sets_provisioned_to_account",
                                 "PermissionSets", 100, SVC, **params)
        return items

    def request_ids(self, status=None, page_size=100):
        params = {"InstanceArn": self.instance_arn}
        if status:
            params["Filter"] = {"Status": status}
        items, _ = self.paginate(self.sso, "list_permission_set_provisioning_status",
                                 "PermissionSetsProvisioningStatus", page_size, SVC, **params)
        return [item["RequestId"] for item in items]


class TestProvisionPermissionSet(ProvisioningTestCase):
    def test_to_an_account(self):
        status = self.provision()
        self.assertEqual(status["Status"], "IN_PROGRESS")
        self.assertRegex(status["RequestId"], UUID_RE)
        self.assertEqual(status["AccountId"], TARGET)
        self.assertEqual(status["PermissionSetArn"], self.ps_arn)
        assert_recent(self, status["CreatedDate"])
        self.assertNotIn("FailureReason", status)
        described = self.describe(status["RequestId"])
        self.assertEqual(described["Status"], "SUCCEEDED")
        for key in ("RequestId", "AccountId", "PermissionSetArn", "CreatedDate"):
            self.assertEqual(described[key], status[key], key)
        self.assertEqual(self.accounts(), [TARGET])
        self.assertEqual(self.provisioned_to(), [self.ps_arn])

    def test_each_request_is_new(self):
        first, second = self.provision(), self.provision()
        self.assertNotEqual(first["RequestId"], second["RequestId"])
        self.assertEqual(self.accounts(), [TARGET], "provisioned once")

    def test_to_all_provisioned_accounts(self):
        self.provision(target=TARGET)
        self.provision(target=OTHER_TARGET)
        self.sso.update_permission_set(InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn,
                                       SessionDuration="PT4H")
        self.assertEqual(self.accounts(status=BEHIND), sorted([TARGET, OTHER_TARGET]))
        status = self.provision(target=None)
        self.assertNotIn("AccountId", status)
        self.assertEqual(status["PermissionSetArn"], self.ps_arn)
        self.assertEqual(self.accounts(status=LATEST), sorted([TARGET, OTHER_TARGET]))
        self.assertEqual(self.accounts(status=BEHIND), [])

    def test_all_provisioned_accounts_when_there_are_none(self):
        self.assertEqual(self.provision(target=None)["Status"], "IN_PROGRESS")
        self.assertEqual(self.accounts(), [])

    def test_aws_account_needs_a_target_id(self):
        with self.assert_client_error("ValidationException", message_contains="TargetId"):
            self.sso.provision_permission_set(InstanceArn=self.instance_arn,
                                              PermissionSetArn=self.ps_arn,
                                              TargetType="AWS_ACCOUNT")

    def test_unknown_permission_set_or_instance(self):
        with self.assert_client_error("ResourceNotFoundException",
                                      message_contains="PermissionSet"):
            self.provision(ps_arn=unknown_ps_arn(self.instance_arn))
        with self.assert_client_error("ResourceNotFoundException", message_contains="instance"):
            self.sso.provision_permission_set(InstanceArn=unknown_instance_arn(),
                                              PermissionSetArn=self.ps_arn,
                                              TargetType="ALL_PROVISIONED_ACCOUNTS")
        self.assertEqual(self.request_ids(), [])

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="'targetType'"):
            loose.provision_permission_set(InstanceArn=self.instance_arn,
                                           PermissionSetArn=self.ps_arn, TargetType="ACCOUNT")
        with self.assert_client_error("ValidationException", message_contains="'targetId'"):
            loose.provision_permission_set(InstanceArn=self.instance_arn,
                                           PermissionSetArn=self.ps_arn,
                                           TargetType="AWS_ACCOUNT", TargetId="12")


class TestProvisioningStatus(ProvisioningTestCase):
    def test_unknown_request(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.describe(str(uuid.uuid4()))
        # An assignment request is not a provisioning request.
        creation = self.assign(self.ps_arn, self.principal())
        with self.assert_client_error("ResourceNotFoundException"):
            self.describe(creation["RequestId"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_permission_set_provisioning_status(
                InstanceArn=unknown_instance_arn(),
                ProvisionPermissionSetRequestId=str(uuid.uuid4()))

    def test_list_filter_and_pagination(self):
        ids = [self.provision(target=f"{100000000000 + i}")["RequestId"] for i in range(5)]
        self.assertEqual(self.request_ids(), ids, "oldest first")
        self.assertEqual(self.request_ids("SUCCEEDED", page_size=2), ids)
        self.assertEqual(self.request_ids("IN_PROGRESS"), [])
        self.assertEqual(self.request_ids("FAILED"), [])
        resp = self.sso.list_permission_set_provisioning_status(InstanceArn=self.instance_arn)
        for entry in resp["PermissionSetsProvisioningStatus"]:
            self.assertEqual(entry["Status"], self.describe(entry["RequestId"])["Status"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_permission_set_provisioning_status(InstanceArn=unknown_instance_arn())

    def test_requests_are_per_account(self):
        request_id = self.provision()["RequestId"]
        other = self.client(SVC, access_key="999999999991")
        other_instance = self.instance(other)["InstanceArn"]
        with self.assert_client_error("ResourceNotFoundException"):
            other.describe_permission_set_provisioning_status(
                InstanceArn=other_instance, ProvisionPermissionSetRequestId=request_id)


class TestProvisionedLists(ProvisioningTestCase):
    def test_assignment_provisions_to_its_account(self):
        self.assign(self.ps_arn, self.principal())
        self.assertEqual(self.accounts(), [TARGET])
        self.assertEqual(self.accounts(status=LATEST), [TARGET])
        self.assertEqual(self.provisioned_to(), [self.ps_arn])
        self.assertEqual(self.provisioned_to(OTHER_TARGET), [])

    def test_changes_make_accounts_fall_behind(self):
        params = dict(InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn)
        changes = {
            "UpdatePermissionSet": lambda: self.sso.update_permission_set(
                Description="changed", **params),
            "PutInlinePolicy": lambda: self.sso.put_inline_policy_to_permission_set(
                InlinePolicy=POLICY, **params),
            "DeleteInlinePolicy": lambda: self.sso.delete_inline_policy_from_permission_set(
                **params),
            "AttachManagedPolicy": lambda: self.sso.attach_managed_policy_to_permission_set(
                ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess", **params),
            "DetachManagedPolicy": lambda: self.sso.detach_managed_policy_from_permission_set(
                ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess", **params),
            "AttachCustomerManaged": lambda: (
                self.sso.attach_customer_managed_policy_reference_to_permission_set(
                    CustomerManagedPolicyReference={"Name": "Deploy"}, **params)),
            "DetachCustomerManaged": lambda: (
                self.sso.detach_customer_managed_policy_reference_from_permission_set(
                    CustomerManagedPolicyReference={"Name": "Deploy"}, **params)),
            "PutPermissionsBoundary": lambda: self.sso.put_permissions_boundary_to_permission_set(
                PermissionsBoundary={"ManagedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"},
                **params),
            "DeletePermissionsBoundary": lambda: (
                self.sso.delete_permissions_boundary_from_permission_set(**params)),
        }
        self.assign(self.ps_arn, self.principal())
        for name, change in changes.items():
            with self.subTest(name):
                self.assertEqual(self.accounts(status=LATEST), [TARGET])
                change()
                self.assertEqual(self.accounts(status=BEHIND), [TARGET])
                self.assertEqual(self.accounts(status=LATEST), [])
                self.assertEqual(self.provisioned_to(status=BEHIND), [self.ps_arn])
                self.assertEqual(self.accounts(), [TARGET], "still provisioned")
                self.provision()
                self.assertEqual(self.accounts(status=BEHIND), [])

    def test_tags_do_not_make_accounts_fall_behind(self):
        self.assign(self.ps_arn, self.principal())
        self.sso.tag_resource(InstanceArn=self.instance_arn, ResourceArn=self.ps_arn,
                              Tags=[{"Key": "team", "Value": "blue"}])
        self.assertEqual(self.accounts(status=LATEST), [TARGET])

    def test_a_new_assignment_provisions_the_latest_version(self):
        self.assign(self.ps_arn, self.principal())
        self.sso.update_permission_set(InstanceArn=self.instance_arn,
                                       PermissionSetArn=self.ps_arn, RelayState="https://x.example")
        self.assign(self.ps_arn, self.principal(), target=OTHER_TARGET)
        self.assertEqual(self.accounts(status=LATEST), [OTHER_TARGET])
        self.assertEqual(self.accounts(status=BEHIND), [TARGET])

    def test_last_assignment_takes_the_set_from_the_account(self):
        first, second = self.principal(), self.principal("GROUP")
        self.assign(self.ps_arn, first)
        self.assign(self.ps_arn, second, principal_type="GROUP")
        self.unassign(self.ps_arn, first)
        self.assertEqual(self.accounts(), [TARGET], "one assignment is left")
        self.unassign(self.ps_arn, second, principal_type="GROUP")
        self.assertEqual(self.accounts(), [])
        self.assertEqual(self.provisioned_to(), [])

    def test_lists_paginate(self):
        sets = [self.ps_arn] + [self.create_ps()["PermissionSetArn"] for _ in range(4)]
        for ps in sets:
            self.provision(ps_arn=ps)
        items, pages = self.paginate(self.sso, "list_permission_sets_provisioned_to_account",
                                     "PermissionSets", 2, SVC, InstanceArn=self.instance_arn,
                                     AccountId=TARGET)
        self.assertEqual(items, sets, "in the order the sets were created")
        self.assertEqual(pages, 3)
        targets = sorted(f"{200000000000 + i}" for i in range(5))
        for target in targets:
            self.provision(target=target)
        items, pages = self.paginate(self.sso, "list_accounts_for_provisioned_permission_set",
                                     "AccountIds", 2, SVC, InstanceArn=self.instance_arn,
                                     PermissionSetArn=self.ps_arn)
        self.assertEqual(items, sorted(targets + [TARGET]))
        self.assertEqual(pages, 3)

    def test_unknowns(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_accounts_for_provisioned_permission_set(
                InstanceArn=self.instance_arn, PermissionSetArn=unknown_ps_arn(self.instance_arn))
        for call in (lambda: self.sso.list_accounts_for_provisioned_permission_set(
                         InstanceArn=unknown_instance_arn(), PermissionSetArn=self.ps_arn),
                     lambda: self.sso.list_permission_sets_provisioned_to_account(
                         InstanceArn=unknown_instance_arn(), AccountId=TARGET)):
            with self.assert_client_error("ResourceNotFoundException", message_contains="instance"):
                call()

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException",
                                      message_contains="'provisioningStatus'"):
            loose.list_permission_sets_provisioned_to_account(
                InstanceArn=self.instance_arn, AccountId=TARGET, ProvisioningStatus="DONE")
        with self.assert_client_error("ValidationException", message_contains="'accountId'"):
            loose.list_permission_sets_provisioned_to_account(InstanceArn=self.instance_arn,
                                                             AccountId="1")

    def test_regions_are_apart(self):
        self.provision()
        west = self.client(SVC, region="us-west-2", access_key=self.account)
        west_instance = self.instance(west)["InstanceArn"]
        self.assertEqual(west.list_permission_sets_provisioned_to_account(
            InstanceArn=west_instance, AccountId=TARGET)["PermissionSets"], [])


class TestDeletingProvisionedPermissionSets(ProvisioningTestCase):
    def test_with_assignments_conflicts(self):
        self.assign(self.ps_arn, self.principal())
        with self.assert_client_error("ConflictException",
                                      message_contains="ApplicationProfile"):
            self.sso.delete_permission_set(InstanceArn=self.instance_arn,
                                           PermissionSetArn=self.ps_arn)
        self.assertEqual(self.accounts(), [TARGET])

    def test_provisioned_without_assignments_goes(self):
        self.provision()
        self.sso.delete_permission_set(InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn)
        self.assertEqual(self.provisioned_to(), [])


class TestDelayedProvisioning(ProvisioningTestCase):
    server_args = ["--sso-delay-ms", "1000"]

    def test_in_progress_then_succeeded(self):
        start = time.monotonic()
        request_id = self.provision()["RequestId"]
        self.assertEqual(self.describe(request_id)["Status"], "IN_PROGRESS")
        self.assertEqual(self.request_ids("IN_PROGRESS"), [request_id])
        self.assertTrue(wait_for(lambda: self.describe(request_id)["Status"] == "SUCCEEDED",
                                 timeout=5))
        self.assertGreaterEqual(time.monotonic() - start, 0.9, "SUCCEEDED before the delay")
        self.assertEqual(self.request_ids("SUCCEEDED"), [request_id])


class TestControlPlane(ProvisioningTestCase):
    def test_state_export_and_import(self):
        self.sso.attach_managed_policy_to_permission_set(
            InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn,
            ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.assign(self.ps_arn, self.principal())
        state = self.raw("GET", f"/_junction/state?service=sso-admin&account={self.account}")
        self.assertEqual(state.status, 200, state)
        tables = state.json()["tables"]
        self.assertEqual([r["target_id"] for r in tables["sso_permission_set_provisioning"]],
                         [TARGET])
        self.assertEqual([r["policy"] for r in tables["sso_permission_set_policies"]],
                         ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        reset = self.raw("POST", f"/_junction/reset?account={self.account}")
        self.assertEqual(reset.status, 200, reset)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_accounts_for_provisioned_permission_set(
                InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn)
        doc = {"format": "junction-state", "version": 1, "tables": tables}
        imported = self.raw("POST", "/_junction/state", body=json.dumps(doc))
        self.assertEqual(imported.status, 200, imported)
        self.assertEqual(self.accounts(status=LATEST), [TARGET])
        self.assertEqual(self.sso.list_managed_policies_in_permission_set(
            InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn)[
                "AttachedManagedPolicies"][0]["Name"], "ReadOnlyAccess")

    def test_journal_and_faults(self):
        rule = {"service": "sso-admin", "operation": "ProvisionPermissionSet",
                "account": self.account, "error": {"type": "ConflictException"}, "count": 1}
        self.assertEqual(self.raw("POST", "/_junction/faults", body=json.dumps(rule)).status, 201)
        self.addCleanup(self.raw, "DELETE", "/_junction/faults")
        with self.assert_client_error("ConflictException", message_contains="fault rule"):
            self.provision()
        self.assertEqual(self.accounts(), [], "a faulted call changes nothing")
        self.provision()
        journal = self.raw("GET", "/_junction/requests?operation=ProvisionPermissionSet"
                           f"&account={self.account}").json()
        self.assertEqual([e["faulted"] for e in journal["entries"]], [True, False])


class TestAwsCliDriftFlow(SsoTestCase):
    """policy -> provision -> assign -> drift -> provision again, with the AWS CLI."""

    def aws(self, *args):
        code, out, err = self.cli("sso-admin", *args, access_key=self.account)
        self.assertEqual(code, 0, f"aws sso-admin {' '.join(args)} failed: {err}")
        return out

    def test_flow(self):
        inst = ["--instance-arn", self.instance_arn]
        ps = self.aws("create-permission-set", *inst, "--name", "Operators")[
            "PermissionSet"]["PermissionSetArn"]
        on_ps = inst + ["--permission-set-arn", ps]
        self.aws("put-inline-policy-to-permission-set", *on_ps, "--inline-policy", POLICY)
        self.aws("attach-managed-policy-to-permission-set", *on_ps,
                 "--managed-policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
        status = self.aws("provision-permission-set", *on_ps, "--target-type", "AWS_ACCOUNT",
                          "--target-id", TARGET)["PermissionSetProvisioningStatus"]
        self.assertEqual(status["Status"], "IN_PROGRESS")
        described = self.aws("describe-permission-set-provisioning-status", *inst,
                             "--provision-permission-set-request-id", status["RequestId"])
        self.assertEqual(described["PermissionSetProvisioningStatus"]["Status"], "SUCCEEDED")
        self.aws("create-account-assignment", *on_ps, "--target-id", OTHER_TARGET,
                 "--target-type", "AWS_ACCOUNT", "--principal-type", "USER",
                 "--principal-id", self.principal())

        def accounts(status):
            return sorted(self.aws("list-accounts-for-provisioned-permission-set", *on_ps,
                                   "--provisioning-status", status)["AccountIds"])

        self.assertEqual(accounts(LATEST), sorted([TARGET, OTHER_TARGET]))
        self.aws("put-permissions-boundary-to-permission-set", *on_ps, "--permissions-boundary",
                 json.dumps({"CustomerManagedPolicyReference": {"Name": "Boundary"}}))
        self.assertEqual(accounts(BEHIND), sorted([TARGET, OTHER_TARGET]))
        drifted = self.aws("list-permission-sets-provisioned-to-account", *inst,
                           "--account-id", OTHER_TARGET, "--provisioning-status", BEHIND)
        self.assertEqual(drifted["PermissionSets"], [ps])
        self.aws("provision-permission-set", *on_ps, "--target-type", "ALL_PROVISIONED_ACCOUNTS")
        self.assertEqual(accounts(BEHIND), [])
        self.assertEqual(accounts(LATEST), sorted([TARGET, OTHER_TARGET]))
        listed = self.aws("list-permission-set-provisioning-status", *inst)
        self.assertEqual(len(listed["PermissionSetsProvisioningStatus"]), 2)


if __name__ == "__main__":
    unittest.main()
