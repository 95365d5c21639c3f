"""End-to-end tests of SSO Admin (SPEC §1 wire rules, §2 behaviour) through boto3, the AWS
CLI and raw HTTP. Most tests run in a fresh random account, so each starts from one ACTIVE
instance and nothing else, even against a shared server (JUNCTION_URL)."""

import datetime
import http.client
import json
import os
import re
import shutil
import tempfile
import time
import unittest
import urllib.parse
import uuid

from junction_harness import (UUID_RE, JunctionServer, JunctionTestCase, fresh_account,
                              service_model, wait_for)

SVC = "sso-admin"
TARGET = "123456789012"   # the AWS account assignments point at
OTHER_TARGET = "210987654321"
INSTANCE_ARN_RE = re.compile(r"^arn:aws:sso:::instance/(ssoins-[0-9a-f]{16})$")
IDENTITY_STORE_RE = re.compile(r"^d-[0-9a-f]{10}$")
PS_ARN_RE = re.compile(r"^arn:aws:sso:::permissionSet/(ssoins-[0-9a-f]{16})/ps-[0-9a-f]{16}$")
VALIDATION_PREFIX_RE = re.compile(r"^(\d+) validation errors? detected: ")


def unique_name(prefix="ps"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def principal():
    """A principal id that names no user or group: an assignment to it does not take effect."""
    return str(uuid.uuid4())


def new_principal(sso, ids, principal_type="USER"):
    """A new user (or group) of the identity store of `sso`'s instance: assignments to it take
    effect (SPEC §2). `ids` is an identitystore client of the same account and region."""
    store = sso.list_instances()["Instances"][0]["IdentityStoreId"]
    name = unique_name(principal_type.lower())
    if principal_type == "GROUP":
        return ids.create_group(IdentityStoreId=store, DisplayName=name)["GroupId"]
    return ids.create_user(IdentityStoreId=store, UserName=name, DisplayName=name,
                           Name={"GivenName": "Test", "FamilyName": name})["UserId"]


def instance_id(instance_arn):
    return instance_arn.rsplit("/", 1)[-1]


def unknown_ps_arn(instance_arn):
    return f"arn:aws:sso:::permissionSet/{instance_id(instance_arn)}/ps-{uuid.uuid4().hex[:16]}"


def unknown_instance_arn():
    return f"arn:aws:sso:::instance/ssoins-{uuid.uuid4().hex[:16]}"


def assert_recent(test, when, slack=300):
    now = datetime.datetime.now(datetime.timezone.utc)
    test.assertIsNotNone(when.tzinfo, "timestamps should be timezone-aware")
    test.assertLess(abs((now - when).total_seconds()), slack, f"{when} is not close to now")


class SsoTestCase(JunctionTestCase):
    """A fresh account per test, with helpers that check every response's shape."""

    def setUp(self):
        super().setUp()
        self.account = fresh_account()
        self.sso = self.client(SVC, access_key=self.account)
        self.instance_arn = self.instance()["InstanceArn"]

    def principal(self, principal_type="USER"):
        """A new user (or group) of the account's identity store."""
        if not hasattr(self, "_ids"):
            self._ids = self.client("identitystore", access_key=self.account)
        return new_principal(self.sso, self._ids, principal_type)

    def instance(self, sso=None):
        resp = (sso or self.sso).list_instances()
        self.assert_output_shape(SVC, "ListInstances", resp)
        self.assertEqual(len(resp["Instances"]), 1, resp)
        return resp["Instances"][0]

    def create_ps(self, name=None, sso=None, instance_arn=None, **extra):
        resp = (sso or self.sso).create_permission_set(
            InstanceArn=instance_arn or self.instance_arn, Name=name or unique_name(), **extra)
        self.assert_output_shape(SVC, "CreatePermissionSet", resp)
        return resp["PermissionSet"]

    def describe_ps(self, ps_arn):
        resp = self.sso.describe_permission_set(InstanceArn=self.instance_arn,
                                                PermissionSetArn=ps_arn)
        self.assert_output_shape(SVC, "DescribePermissionSet", resp)
        return resp["PermissionSet"]

    def list_ps(self):
        resp = self.sso.list_permission_sets(InstanceArn=self.instance_arn)
        self.assert_output_shape(SVC, "ListPermissionSets", resp)
        self.assertNotIn("NextToken", resp)
        return resp["PermissionSets"]

    def assignment(self, ps_arn, principal_id, target=TARGET, principal_type="USER"):
        return dict(InstanceArn=self.instance_arn, TargetId=target, TargetType="AWS_ACCOUNT",
                    PermissionSetArn=ps_arn, PrincipalType=principal_type,
                    PrincipalId=principal_id)

    def assign(self, ps_arn, principal_id, **kw):
        resp = self.sso.create_account_assignment(**self.assignment(ps_arn, principal_id, **kw))
        self.assert_output_shape(SVC, "CreateAccountAssignment", resp)
        return resp["AccountAssignmentCreationStatus"]

    def unassign(self, ps_arn, principal_id, **kw):
        resp = self.sso.delete_account_assignment(**self.assignment(ps_arn, principal_id, **kw))
        self.assert_output_shape(SVC, "DeleteAccountAssignment", resp)
        return resp["AccountAssignmentDeletionStatus"]

    def list_assignments(self, ps_arn, target=TARGET):
        resp = self.sso.list_account_assignments(InstanceArn=self.instance_arn, AccountId=target,
                                                 PermissionSetArn=ps_arn)
        self.assert_output_shape(SVC, "ListAccountAssignments", resp)
        return resp["AccountAssignments"]

    def describe_deletion(self, request_id):
        resp = self.sso.describe_account_assignment_deletion_status(
            InstanceArn=self.instance_arn, AccountAssignmentDeletionRequestId=request_id)
        self.assert_output_shape(SVC, "DescribeAccountAssignmentDeletionStatus", resp)
        return resp["AccountAssignmentDeletionStatus"]

    def describe_creation(self, request_id):
        resp = self.sso.describe_account_assignment_creation_status(
            InstanceArn=self.instance_arn, AccountAssignmentCreationRequestId=request_id)
        self.assert_output_shape(SVC, "DescribeAccountAssignmentCreationStatus", resp)
        return resp["AccountAssignmentCreationStatus"]

    def list_status_ids(self, kind, status=None, page_size=100):
        """Request ids from List<kind>Status (kind: 'Creation' or 'Deletion'), all pages."""
        method = f"list_account_assignment_{kind.lower()}_status"
        params = {"InstanceArn": self.instance_arn}
        if status:
            params["Filter"] = {"Status": status}
        items, _ = self.paginate(self.sso, method, f"AccountAssignments{kind}Status",
                                 page_size, SVC, **params)
        return [item["RequestId"] for item in items]

    def assert_status(self, status, ps_arn, principal_id, state, target=TARGET,
                      principal_type="USER"):
        """An AccountAssignmentOperationStatus with every documented member (SPEC §2)."""
        self.assertEqual(status["Status"], state, status)
        self.assertRegex(status["RequestId"], UUID_RE)
        self.assertEqual(status["TargetId"], target)
        self.assertEqual(status["TargetType"], "AWS_ACCOUNT")
        self.assertEqual(status["PermissionSetArn"], ps_arn)
        self.assertEqual(status["PrincipalType"], principal_type)
        self.assertEqual(status["PrincipalId"], principal_id)
        self.assertIn("CreatedDate", status)
        assert_recent(self, status["CreatedDate"])
        if state != "FAILED":
            self.assertNotIn("FailureReason", status)


# --------------------------------------------------------------------------- instances

class TestInstances(SsoTestCase):
    def test_one_active_instance(self):
        inst = self.instance()
        self.assertEqual(inst["Status"], "ACTIVE")
        self.assertRegex(inst["InstanceArn"], INSTANCE_ARN_RE)
        self.assertRegex(inst["IdentityStoreId"], IDENTITY_STORE_RE)
        if "OwnerAccountId" in inst:
            self.assertEqual(inst["OwnerAccountId"], self.account)

    def test_instance_is_stable(self):
        first, second = self.instance(), self.instance()
        self.assertEqual(first["InstanceArn"], second["InstanceArn"])
        self.assertEqual(first["IdentityStoreId"], second["IdentityStoreId"])

    def test_list_instances_max_results(self):
        resp = self.sso.list_instances(MaxResults=1)
        self.assert_output_shape(SVC, "ListInstances", resp)
        self.assertEqual(len(resp["Instances"]), 1)
        self.assertNotIn("NextToken", resp)

    def test_describe_instance(self):
        listed = self.instance()
        resp = self.sso.describe_instance(InstanceArn=self.instance_arn)
        self.assert_output_shape(SVC, "DescribeInstance", resp)
        self.assertEqual(resp["InstanceArn"], listed["InstanceArn"])
        self.assertEqual(resp["IdentityStoreId"], listed["IdentityStoreId"])
        self.assertEqual(resp["Status"], "ACTIVE")

    def test_each_account_and_region_has_its_own_instance(self):
        other_account = self.instance(self.client(SVC, access_key=fresh_account()))
        other_region = self.instance(self.client(SVC, region="us-west-2",
                                                 access_key=self.account))
        self.assertNotEqual(other_account["InstanceArn"], self.instance_arn)
        self.assertNotEqual(other_region["InstanceArn"], self.instance_arn)
        self.assertEqual(other_region["Status"], "ACTIVE")


# --------------------------------------------------------------------------- permission sets

class TestPermissionSets(SsoTestCase):
    def test_create_with_defaults(self):
        name = unique_name()
        ps = self.create_ps(name, Description="Read-only access")
        match = PS_ARN_RE.match(ps["PermissionSetArn"])
        self.assertTrue(match, ps["PermissionSetArn"])
        self.assertEqual(match.group(1), instance_id(self.instance_arn))
        self.assertEqual(ps["Name"], name)
        self.assertEqual(ps["Description"], "Read-only access")
        self.assertEqual(ps["SessionDuration"], "PT1H")
        self.assertNotIn("RelayState", ps)
        assert_recent(self, ps["CreatedDate"])

    def test_create_with_session_duration_and_relay_state(self):
        ps = self.create_ps(SessionDuration="PT8H",
                            RelayState="https://console.aws.amazon.com/s3")
        self.assertEqual(ps["SessionDuration"], "PT8H")
        described = self.describe_ps(ps["PermissionSetArn"])
        self.assertEqual(described["SessionDuration"], "PT8H")
        self.assertEqual(described["RelayState"], "https://console.aws.amazon.com/s3")

    def test_describe_matches_create(self):
        ps = self.create_ps(Description="d", SessionDuration="PT2H")
        described = self.describe_ps(ps["PermissionSetArn"])
        for key in ("Name", "PermissionSetArn", "Description", "SessionDuration"):
            self.assertEqual(described[key], ps[key], key)
        self.assertLess(abs((described["CreatedDate"] - ps["CreatedDate"]).total_seconds()), 1)

    def test_arns_are_distinct(self):
        arns = {self.create_ps()["PermissionSetArn"] for _ in range(3)}
        self.assertEqual(len(arns), 3)

    def test_list_permission_sets(self):
        self.assertEqual(self.list_ps(), [])
        arns = {self.create_ps()["PermissionSetArn"] for _ in range(3)}
        self.assertEqual(set(self.list_ps()), arns)

    def test_list_permission_sets_pagination(self):
        arns = {self.create_ps()["PermissionSetArn"] for _ in range(5)}
        items, pages = self.paginate(self.sso, "list_permission_sets", "PermissionSets", 2, SVC,
                                     InstanceArn=self.instance_arn)
        self.assertEqual(len(items), 5, "duplicates or missing items across pages")
        self.assertEqual(set(items), arns)
        self.assertGreaterEqual(pages, 3)

    def test_duplicate_name_conflicts(self):
        name = unique_name()
        self.create_ps(name)
        with self.assert_client_error("ConflictException"):
            self.sso.create_permission_set(InstanceArn=self.instance_arn, Name=name)
        self.assertEqual(len(self.list_ps()), 1)

    def test_same_name_in_another_account(self):
        name = unique_name()
        self.create_ps(name)
        other = self.client(SVC, access_key=fresh_account())
        other_instance = self.instance(other)["InstanceArn"]
        ps = self.create_ps(name, sso=other, instance_arn=other_instance)
        self.assertEqual(ps["Name"], name)

    def test_name_reusable_after_delete(self):
        name = unique_name()
        ps = self.create_ps(name)
        self.sso.delete_permission_set(InstanceArn=self.instance_arn,
                                       PermissionSetArn=ps["PermissionSetArn"])
        self.assertEqual(self.create_ps(name)["Name"], name)

    def test_delete(self):
        ps_arn = self.create_ps()["PermissionSetArn"]
        resp = self.sso.delete_permission_set(InstanceArn=self.instance_arn,
                                              PermissionSetArn=ps_arn)
        self.assert_output_shape(SVC, "DeletePermissionSet", resp)
        self.assertNotIn(ps_arn, self.list_ps())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_permission_set(InstanceArn=self.instance_arn,
                                             PermissionSetArn=ps_arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_permission_set(InstanceArn=self.instance_arn,
                                           PermissionSetArn=ps_arn)

    def test_unknown_permission_set(self):
        ps_arn = unknown_ps_arn(self.instance_arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_permission_set(InstanceArn=self.instance_arn,
                                             PermissionSetArn=ps_arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_permission_set(InstanceArn=self.instance_arn,
                                           PermissionSetArn=ps_arn)

    def test_not_found_names_the_instance_before_the_permission_set(self):
        # A permission set found proves its instance; otherwise the instance is checked first.
        ps_arn = self.create_ps()["PermissionSetArn"]
        calls = {
            "DescribePermissionSet": lambda **kw: self.sso.describe_permission_set(**kw),
            "ListAccountAssignments": lambda **kw: self.sso.list_account_assignments(
                AccountId="111111111111", **kw),
        }
        for name, call in calls.items():
            with self.subTest(name):
                with self.assert_client_error("ResourceNotFoundException",
                                              message_contains=("instance",)):
                    call(InstanceArn=unknown_instance_arn(), PermissionSetArn=ps_arn)
                with self.assert_client_error("ResourceNotFoundException",
                                              message_contains=("PermissionSet",)):
                    call(InstanceArn=self.instance_arn,
                         PermissionSetArn=unknown_ps_arn(self.instance_arn))
                call(InstanceArn=self.instance_arn, PermissionSetArn=ps_arn)

    def test_delete_with_assignments_conflicts(self):
        ps_arn, p = self.create_ps()["PermissionSetArn"], self.principal()
        self.assign(ps_arn, p)
        with self.assert_client_error("ConflictException"):
            self.sso.delete_permission_set(InstanceArn=self.instance_arn,
                                           PermissionSetArn=ps_arn)
        self.describe_ps(ps_arn)  # still there
        self.unassign(ps_arn, p)
        self.sso.delete_permission_set(InstanceArn=self.instance_arn, PermissionSetArn=ps_arn)
        self.assertEqual(self.list_ps(), [])


# --------------------------------------------------------------------------- assignments

class TestAccountAssignments(SsoTestCase):
    def test_create_returns_in_progress_status(self):
        ps_arn, p = self.create_ps()["PermissionSetArn"], self.principal()
        status = self.assign(ps_arn, p)
        self.assert_status(status, ps_arn, p, "IN_PROGRESS")

    def test_created_assignment_is_listed(self):
        ps_arn, user, group = (self.create_ps()["PermissionSetArn"], self.principal(),
                               self.principal("GROUP"))
        self.assign(ps_arn, user)
        self.assign(ps_arn, group, principal_type="GROUP")
        listed = sorted(self.list_assignments(ps_arn), key=lambda a: a["PrincipalType"])
        self.assertEqual(listed, [
            {"AccountId": TARGET, "PermissionSetArn": ps_arn,
             "PrincipalType": "GROUP", "PrincipalId": group},
            {"AccountId": TARGET, "PermissionSetArn": ps_arn,
             "PrincipalType": "USER", "PrincipalId": user},
        ])

    def test_identical_assignment_not_duplicated(self):
        ps_arn, p = self.create_ps()["PermissionSetArn"], self.principal()
        self.assign(ps_arn, p)
        self.assign(ps_arn, p)
        self.assertEqual(len(self.list_assignments(ps_arn)), 1)
        items, _ = self.paginate(self.sso, "list_account_assignments_for_principal",
                                 "AccountAssignments", 10, SVC, InstanceArn=self.instance_arn,
                                 PrincipalId=p, PrincipalType="USER")
        self.assertEqual(len(items), 1)

    def test_unknown_instance(self):
        ps_arn = self.create_ps()["PermissionSetArn"]
        request = dict(self.assignment(ps_arn, self.principal()), InstanceArn=unknown_instance_arn())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_account_assignment(**request)

    def test_unknown_permission_set(self):
        request = self.assignment(unknown_ps_arn(self.instance_arn), self.principal())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_account_assignment(**request)

    def test_deleted_permission_set(self):
        ps_arn = self.create_ps()["PermissionSetArn"]
        self.sso.delete_permission_set(InstanceArn=self.instance_arn, PermissionSetArn=ps_arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_account_assignment(**self.assignment(ps_arn, self.principal()))

    def test_list_filters_by_account_and_permission_set(self):
        ps1, ps2 = (self.create_ps()["PermissionSetArn"] for _ in range(2))
        p = self.principal()
        self.assign(ps1, p)
        self.assign(ps2, p)
        self.assign(ps1, p, target=OTHER_TARGET)
        for ps_arn, target in ((ps1, TARGET), (ps2, TARGET), (ps1, OTHER_TARGET)):
            listed = self.list_assignments(ps_arn, target=target)
            self.assertEqual(listed, [{"AccountId": target, "PermissionSetArn": ps_arn,
                                       "PrincipalType": "USER", "PrincipalId": p}])
        self.assertEqual(self.list_assignments(ps2, target=OTHER_TARGET), [])

    def test_list_account_assignments_pagination(self):
        ps_arn = self.create_ps()["PermissionSetArn"]
        principals = {self.principal() for _ in range(5)}
        for p in principals:
            self.assign(ps_arn, p)
        items, pages = self.paginate(self.sso, "list_account_assignments", "AccountAssignments",
                                     2, SVC, InstanceArn=self.instance_arn, AccountId=TARGET,
                                     PermissionSetArn=ps_arn)
        self.assertEqual(len(items), 5, "duplicates or missing items across pages")
        self.assertEqual({a["PrincipalId"] for a in items}, principals)
        self.assertGreaterEqual(pages, 3)

    def test_list_for_principal_with_filter_and_pagination(self):
        ps_arns = [self.create_ps()["PermissionSetArn"] for _ in range(2)]
        targets = [TARGET, OTHER_TARGET, "333333333333"]
        p = self.principal()
        for ps_arn in ps_arns:
            for target in targets:
                self.assign(ps_arn, p, target=target)
        self.assign(ps_arns[0], self.principal())  # someone else's
        base = dict(InstanceArn=self.instance_arn, PrincipalId=p, PrincipalType="USER")
        items, pages = self.paginate(self.sso, "list_account_assignments_for_principal",
                                     "AccountAssignments", 4, SVC, **base)
        self.assertEqual(pages, 2)
        self.assertEqual({(a["AccountId"], a["PermissionSetArn"]) for a in items},
                         {(t, ps) for t in targets for ps in ps_arns})
        self.assertEqual(len(items), 6)
        for a in items:
            self.assertEqual((a["PrincipalId"], a["PrincipalType"]), (p, "USER"))
        items, _ = self.paginate(self.sso, "list_account_assignments_for_principal",
                                 "AccountAssignments", 10, SVC,
                                 Filter={"AccountId": OTHER_TARGET}, **base)
        self.assertEqual({a["PermissionSetArn"] for a in items}, set(ps_arns))
        self.assertEqual({a["AccountId"] for a in items}, {OTHER_TARGET})

    def test_list_for_unassigned_principal_is_empty(self):
        resp = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalId=self.principal(), PrincipalType="GROUP")
        self.assert_output_shape(SVC, "ListAccountAssignmentsForPrincipal", resp)
        self.assertEqual(resp["AccountAssignments"], [])


# --------------------------------------------------------------------------- deletion (core)

class TestAssignmentDeletion(SsoTestCase):
    def setUp(self):
        super().setUp()
        self.ps_arn, self.p = self.create_ps()["PermissionSetArn"], self.principal()
        self.creation = self.assign(self.ps_arn, self.p)

    def test_delete_returns_new_in_progress_status(self):
        resp = self.sso.delete_account_assignment(**self.assignment(self.ps_arn, self.p))
        self.assert_output_shape(SVC, "DeleteAccountAssignment", resp)
        status = resp["AccountAssignmentDeletionStatus"]
        self.assert_status(status, self.ps_arn, self.p, "IN_PROGRESS")
        self.assertNotEqual(status["RequestId"], self.creation["RequestId"])
        # CreatedDate travels as epoch seconds (awsJson1.1 default)
        wire = json.loads(resp["ResponseMetadata"]["Junction"]["body"])
        created = wire["AccountAssignmentDeletionStatus"]["CreatedDate"]
        self.assertIsInstance(created, (int, float))
        self.assertNotIsInstance(created, bool)

    def test_gone_from_lists_at_once(self):
        self.unassign(self.ps_arn, self.p)
        self.assertEqual(self.list_assignments(self.ps_arn), [])
        resp = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalId=self.p, PrincipalType="USER")
        self.assertEqual(resp["AccountAssignments"], [])

    def test_deletion_status_succeeds(self):
        deletion = self.unassign(self.ps_arn, self.p)
        described = self.describe_deletion(deletion["RequestId"])
        self.assert_status(described, self.ps_arn, self.p, "SUCCEEDED")
        self.assertEqual(described["RequestId"], deletion["RequestId"])
        self.assertEqual(described["CreatedDate"], deletion["CreatedDate"])

    def test_creation_status_succeeds(self):
        described = self.describe_creation(self.creation["RequestId"])
        self.assert_status(described, self.ps_arn, self.p, "SUCCEEDED")
        self.assertEqual(described["RequestId"], self.creation["RequestId"])

    def test_each_deletion_gets_a_new_request_id(self):
        first = self.unassign(self.ps_arn, self.p)
        self.assign(self.ps_arn, self.p)
        second = self.unassign(self.ps_arn, self.p)
        self.assertNotEqual(first["RequestId"], second["RequestId"])
        for request_id in (first["RequestId"], second["RequestId"]):
            self.assertEqual(self.describe_deletion(request_id)["Status"], "SUCCEEDED")

    def test_delete_twice(self):
        self.unassign(self.ps_arn, self.p)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_account_assignment(**self.assignment(self.ps_arn, self.p))

    def test_unknown_assignment(self):
        cases = {
            "other principal": self.assignment(self.ps_arn, self.principal()),
            "other principal type": self.assignment(self.ps_arn, self.p, principal_type="GROUP"),
            "other target": self.assignment(self.ps_arn, self.p, target=OTHER_TARGET),
            "unknown permission set": self.assignment(unknown_ps_arn(self.instance_arn), self.p),
            "unknown instance": dict(self.assignment(self.ps_arn, self.p),
                                     InstanceArn=unknown_instance_arn()),
        }
        for case, request in cases.items():
            with self.subTest(case), self.assert_client_error("ResourceNotFoundException"):
                self.sso.delete_account_assignment(**request)
        self.assertEqual(len(self.list_assignments(self.ps_arn)), 1, "nothing was deleted")

    def test_unknown_request_ids(self):
        deletion_id = self.unassign(self.ps_arn, self.p)["RequestId"]
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_account_assignment_deletion_status(
                InstanceArn=self.instance_arn, AccountAssignmentDeletionRequestId=str(uuid.uuid4()))
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_account_assignment_creation_status(
                InstanceArn=self.instance_arn, AccountAssignmentCreationRequestId=str(uuid.uuid4()))
        # a deletion request is not a creation request, and vice versa
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_account_assignment_creation_status(
                InstanceArn=self.instance_arn, AccountAssignmentCreationRequestId=deletion_id)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_account_assignment_deletion_status(
                InstanceArn=self.instance_arn,
                AccountAssignmentDeletionRequestId=self.creation["RequestId"])


# --------------------------------------------------------------------------- status lists

class TestOperationStatusLists(SsoTestCase):
    def setUp(self):
        super().setUp()
        self.ps_arn = self.create_ps()["PermissionSetArn"]
        self.principals = [self.principal() for _ in range(5)]
        self.creation_ids = {self.assign(self.ps_arn, p)["RequestId"] for p in self.principals}
        self.deletion_ids = {self.unassign(self.ps_arn, p)["RequestId"] for p in self.principals}

    def test_deletion_status_list(self):
        self.assertEqual(set(self.list_status_ids("Deletion")), self.deletion_ids)
        self.assertEqual(set(self.list_status_ids("Deletion", "SUCCEEDED")), self.deletion_ids)
        self.assertEqual(self.list_status_ids("Deletion", "IN_PROGRESS"), [])
        self.assertEqual(self.list_status_ids("Deletion", "FAILED"), [])

    def test_creation_status_list(self):
        self.assertEqual(set(self.list_status_ids("Creation")), self.creation_ids)
        self.assertEqual(set(self.list_status_ids("Creation", "SUCCEEDED")), self.creation_ids)
        self.assertEqual(self.list_status_ids("Creation", "IN_PROGRESS"), [])

    def test_pagination(self):
        for kind, expected in (("Deletion", self.deletion_ids), ("Creation", self.creation_ids)):
            with self.subTest(kind):
                ids = self.list_status_ids(kind, "SUCCEEDED", page_size=2)
                self.assertEqual(len(ids), 5, "duplicates or missing items across pages")
                self.assertEqual(set(ids), expected)

    def test_entries_match_describe(self):
        resp = self.sso.list_account_assignment_deletion_status(InstanceArn=self.instance_arn)
        self.assert_output_shape(SVC, "ListAccountAssignmentDeletionStatus", resp)
        for entry in resp["AccountAssignmentsDeletionStatus"]:
            described = self.describe_deletion(entry["RequestId"])
            self.assertEqual(entry["Status"], described["Status"])
            self.assertEqual(entry["CreatedDate"], described["CreatedDate"])


# --------------------------------------------------------------------------- isolation

class TestIsolation(SsoTestCase):
    def test_accounts_see_different_state(self):
        a = self.client(SVC, access_key="111111111111")
        b = self.client(SVC, access_key="222222222222")
        inst_a, inst_b = self.instance(a)["InstanceArn"], self.instance(b)["InstanceArn"]
        self.assertNotEqual(inst_a, inst_b)
        ps_arn = self.create_ps(sso=a, instance_arn=inst_a)["PermissionSetArn"]
        self.assertNotIn(ps_arn, b.list_permission_sets(InstanceArn=inst_b)["PermissionSets"])
        with self.assert_client_error("ResourceNotFoundException"):
            b.describe_permission_set(InstanceArn=inst_a, PermissionSetArn=ps_arn)
        self.assertIn(ps_arn, a.list_permission_sets(InstanceArn=inst_a)["PermissionSets"])

    def test_regions_see_different_state(self):
        west = self.client(SVC, region="us-west-2", access_key=self.account)
        west_instance = self.instance(west)["InstanceArn"]
        ps_arn = self.create_ps()["PermissionSetArn"]
        self.assertEqual(west.list_permission_sets(InstanceArn=west_instance)["PermissionSets"],
                         [])
        with self.assert_client_error("ResourceNotFoundException"):
            west.describe_permission_set(InstanceArn=self.instance_arn, PermissionSetArn=ps_arn)

    def test_operation_status_is_per_account(self):
        ps_arn, p = self.create_ps()["PermissionSetArn"], self.principal()
        self.assign(ps_arn, p)
        request_id = self.unassign(ps_arn, p)["RequestId"]
        other = self.client(SVC, access_key=fresh_account())
        with self.assert_client_error("ResourceNotFoundException"):
            other.describe_account_assignment_deletion_status(
                InstanceArn=self.instance(other)["InstanceArn"],
                AccountAssignmentDeletionRequestId=request_id)

    def test_non_numeric_keys_share_the_default_account(self):
        first = self.client(SVC, access_key="AKIDEXAMPLE")
        second = self.client(SVC, access_key="AKIAIOSFODNN7EXAMPLE")
        instance_arn = self.instance(first)["InstanceArn"]
        self.assertEqual(self.instance(second)["InstanceArn"], instance_arn)
        ps_arn = self.create_ps(sso=first, instance_arn=instance_arn)["PermissionSetArn"]
        second.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)


# --------------------------------------------------------------------------- validation

class TestServerSideValidation(SsoTestCase):
    """The SDK's own validation is off: the server must reject bad input itself."""

    def setUp(self):
        super().setUp()
        self.loose = self.client(SVC, access_key=self.account, validate=False)
        self.ps_arn = self.create_ps()["PermissionSetArn"]

    def validation_message(self, method, **params):
        with self.assert_client_error("ValidationException") as cm:
            getattr(self.loose, method)(**params)
        message = cm.exception.response["Error"]["Message"]
        self.assertRegex(message, VALIDATION_PREFIX_RE)
        return message

    def test_bad_target_id(self):
        for method in ("create_account_assignment", "delete_account_assignment"):
            with self.subTest(method):
                message = self.validation_message(
                    method, **self.assignment(self.ps_arn, self.principal(), target="12"))
                self.assertIn("failed to satisfy constraint", message)
                self.assertIn("targetId", message)
                self.assertIn("Value '12' at 'targetId'", message)

    def test_missing_required_member(self):
        request = self.assignment(self.ps_arn, self.principal())
        del request["PrincipalId"]
        message = self.validation_message("delete_account_assignment", **request)
        self.assertIn("Value null at 'principalId'", message)
        self.assertIn("Member must not be null", message)

    def test_bad_enum(self):
        request = self.assignment(self.ps_arn, self.principal(), principal_type="ROBOT")
        message = self.validation_message("delete_account_assignment", **request)
        self.assertIn("Value 'ROBOT' at 'principalType'", message)
        self.assertIn("Member must satisfy enum value set", message)

    def test_several_violations(self):
        request = self.assignment(self.ps_arn, self.principal(), target="12", principal_type="ROBOT")
        del request["PrincipalId"]
        message = self.validation_message("create_account_assignment", **request)
        count = int(VALIDATION_PREFIX_RE.match(message).group(1))
        self.assertGreaterEqual(count, 3, message)
        self.assertEqual(message.count("; ") + 1, count, message)
        for member in ("targetId", "principalType", "principalId"):
            self.assertIn(f"'{member}'", message)

    def test_bad_instance_arn_pattern(self):
        message = self.validation_message("list_permission_sets", InstanceArn="not-an-arn")
        self.assertIn("'instanceArn'", message)
        self.assertIn("Member must satisfy regular expression pattern", message)

    def test_max_results_range(self):
        message = self.validation_message("list_permission_sets",
                                          InstanceArn=self.instance_arn, MaxResults=0)
        self.assertIn("'maxResults'", message)
        self.assertIn("Member must have value greater than or equal to 1", message)
        message = self.validation_message("list_permission_sets",
                                          InstanceArn=self.instance_arn, MaxResults=101)
        self.assertIn("Member must have value less than or equal to 100", message)

    def test_string_length_and_pattern(self):
        message = self.validation_message("create_permission_set", InstanceArn=self.instance_arn,
                                          Name="x" * 33)
        self.assertIn("'name'", message)
        self.assertIn("Member must have length less than or equal to 32", message)
        message = self.validation_message("create_permission_set", InstanceArn=self.instance_arn,
                                          Name=unique_name(), SessionDuration="one hour")
        self.assertIn("'sessionDuration'", message)

    def test_nested_member_path(self):
        message = self.validation_message("list_account_assignment_deletion_status",
                                          InstanceArn=self.instance_arn,
                                          Filter={"Status": "DONE"})
        self.assertIn("'filter.status'", message)

    def test_nothing_changed(self):
        self.validation_message("create_account_assignment",
                                **self.assignment(self.ps_arn, self.principal(), target="12"))
        self.assertEqual(self.list_assignments(self.ps_arn), [])
        self.assertEqual(self.list_status_ids("Creation"), [])


# --------------------------------------------------------------------------- the wire

class TestWireProtocol(JunctionTestCase):
    """Raw HTTP: what an SDK never sends, and the headers every response carries."""

    def check_error(self, resp, status, error_type, mentions=()):
        self.assertEqual(resp.status, status, resp)
        self.assertEqual(resp.headers.get("x-amzn-ErrorType", "").split(":")[0], error_type)
        self.assert_request_id(resp.headers)
        self.assertTrue(resp.headers.get("Content-Type", "")
                        .startswith("application/x-amz-json-1.1"), resp.headers)
        body = resp.json()
        self.assertEqual(str(body.get("__type", "")).split("#")[-1], error_type, body)
        message = body.get("Message") or body.get("message")
        self.assertTrue(message, f"no message: {body}")
        for fragment in mentions:
            self.assertIn(fragment, message)

    def test_malformed_json(self):
        for body in (b'{"MaxResults": ', b"not json", b'{"a":1}}'):
            with self.subTest(body=body):
                resp = self.raw_json("SWBExternalService.ListInstances", body)
                self.check_error(resp, 400, "SerializationException")

    def test_unknown_operation(self):
        resp = self.raw_json("SWBExternalService.NoSuchOp", {})
        self.check_error(resp, 400, "UnknownOperationException", mentions=["NoSuchOp"])

    def unimplemented_operation(self):
        """An SSO Admin operation of the model that the server does not implement yet (the
        test is skipped once every one is)."""
        health = self.raw("GET", "/_junction/health").json()
        implemented = set(health["services"][SVC]["operations"])
        left = sorted(set(service_model(SVC).operation_names) - implemented)
        if not left:
            self.skipTest("every SSO Admin operation is implemented")
        return left[0]

    def test_unimplemented_operation(self):
        operation = self.unimplemented_operation()
        resp = self.raw_json(f"SWBExternalService.{operation}", {})
        self.check_error(resp, 501, "NotImplemented", mentions=[operation])

    def test_unimplemented_operation_through_boto3(self):
        import botocore  # only here: the harness skips every test loudly without it

        operation = self.unimplemented_operation()
        sso = self.client(SVC, access_key=fresh_account(), validate=False)
        with self.assert_client_error("NotImplemented", status=501):
            getattr(sso, botocore.xform_name(operation))()

    def test_unsigned_request(self):
        resp = self.raw_json("SWBExternalService.ListInstances", {})
        self.assertEqual(resp.status, 200, resp)
        self.assert_request_id(resp.headers)
        self.assertTrue(resp.headers.get("Content-Type", "")
                        .startswith("application/x-amz-json-1.1"))
        self.assert_wire_shape(SVC, "ListInstances", resp.body)
        # unsigned = account 000000000000, like any non-numeric access key
        signed = self.client(SVC, access_key="AKIDEXAMPLE").list_instances()
        self.assertEqual(resp.json()["Instances"][0]["InstanceArn"],
                         signed["Instances"][0]["InstanceArn"])

    def test_request_ids_are_unique(self):
        ids = {self.raw_json("SWBExternalService.ListInstances", {})
               .headers.get("x-amzn-RequestId") for _ in range(3)}
        ids.add(self.raw_json("SWBExternalService.NoSuchOp", {}).headers.get("x-amzn-RequestId"))
        self.assertEqual(len(ids), 4)

    def test_keep_alive(self):
        parts = urllib.parse.urlsplit(self.url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        self.addCleanup(conn.close)
        headers = {"Content-Type": "application/x-amz-json-1.1",
                   "X-Amz-Target": "SWBExternalService.ListInstances"}
        sockets = []
        for _ in range(3):
            conn.request("POST", "/", body=b"{}", headers=headers)
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 200)
            self.assertNotEqual((resp.getheader("Connection") or "").lower(), "close")
            sockets.append(conn.sock)
        self.assertIsNotNone(sockets[0])
        self.assertTrue(all(s is sockets[0] for s in sockets), "connection was not reused")


class TestBodyLimit(JunctionTestCase):
    server_args = ["--max-body-bytes", "4096"]

    def test_oversized_body_is_rejected(self):
        small = self.raw_json("SWBExternalService.ListInstances", {})
        self.assertEqual(small.status, 200)
        try:
            big = self.raw_json("SWBExternalService.ListInstances",
                                {"NextToken": "a" * 8192})
        except ConnectionError as e:
            self.fail(f"connection dropped instead of a 413 response: {e!r}")
        self.assertEqual(big.status, 413, big)


# --------------------------------------------------------------------------- timing

class TestDelayedStatus(SsoTestCase):
    server_args = ["--sso-delay-ms", "1500"]

    def wait_status(self, describe, request_id, timeout=6.0):
        return wait_for(lambda: describe(request_id)["Status"] == "SUCCEEDED", timeout)

    def test_deletion_in_progress_then_succeeded(self):
        ps_arn, p = self.create_ps()["PermissionSetArn"], self.principal()
        created = self.assign(ps_arn, p)
        self.assertTrue(self.wait_status(self.describe_creation, created["RequestId"]))
        start = time.monotonic()
        deletion = self.unassign(ps_arn, p)
        request_id = deletion["RequestId"]
        self.assertEqual(deletion["Status"], "IN_PROGRESS")
        self.assertEqual(self.list_assignments(ps_arn), [], "gone at once, even while IN_PROGRESS")
        self.assert_status(self.describe_deletion(request_id), ps_arn, p, "IN_PROGRESS")
        self.assertIn(request_id, self.list_status_ids("Deletion", "IN_PROGRESS"))
        self.assertNotIn(request_id, self.list_status_ids("Deletion", "SUCCEEDED"))
        self.assertTrue(self.wait_status(self.describe_deletion, request_id),
                        "deletion never reached SUCCEEDED")
        self.assertGreaterEqual(time.monotonic() - start, 1.4, "SUCCEEDED before the delay")
        self.assert_status(self.describe_deletion(request_id), ps_arn, p, "SUCCEEDED")
        self.assertIn(request_id, self.list_status_ids("Deletion", "SUCCEEDED"))
        self.assertNotIn(request_id, self.list_status_ids("Deletion", "IN_PROGRESS"))

    def test_creation_in_progress_then_succeeded(self):
        ps_arn, p = self.create_ps()["PermissionSetArn"], self.principal()
        start = time.monotonic()
        request_id = self.assign(ps_arn, p)["RequestId"]
        self.assert_status(self.describe_creation(request_id), ps_arn, p, "IN_PROGRESS")
        self.assertEqual(self.list_status_ids("Creation", "IN_PROGRESS"), [request_id])
        self.assertTrue(self.wait_status(self.describe_creation, request_id),
                        "creation never reached SUCCEEDED")
        self.assertGreaterEqual(time.monotonic() - start, 1.4, "SUCCEEDED before the delay")
        self.assertEqual(self.list_status_ids("Creation", "SUCCEEDED"), [request_id])
        self.assertEqual(len(self.list_assignments(ps_arn)), 1)


# --------------------------------------------------------------------------- AWS CLI

class TestAwsCli(SsoTestCase):
    def aws(self, *args):
        code, out, err = self.cli("sso-admin", *args, access_key=self.account)
        self.assertEqual(code, 0, f"aws sso-admin {' '.join(args)} failed: {err}")
        return out

    def test_list_instances(self):
        out = self.aws("list-instances")
        self.assertEqual([i["InstanceArn"] for i in out["Instances"]], [self.instance_arn])
        self.assertEqual(out["Instances"][0]["Status"], "ACTIVE")

    def test_assignment_lifecycle(self):
        name, p = unique_name(), self.principal()
        ps = self.aws("create-permission-set", "--instance-arn", self.instance_arn,
                      "--name", name)["PermissionSet"]
        self.assertEqual(ps["Name"], name)
        self.assertRegex(ps["PermissionSetArn"], PS_ARN_RE)
        common = ["--instance-arn", self.instance_arn, "--target-id", TARGET,
                  "--target-type", "AWS_ACCOUNT", "--permission-set-arn", ps["PermissionSetArn"],
                  "--principal-type", "USER", "--principal-id", p]
        created = self.aws("create-account-assignment", *common)
        self.assertEqual(created["AccountAssignmentCreationStatus"]["Status"], "IN_PROGRESS")
        self.assertEqual(len(self.list_assignments(ps["PermissionSetArn"])), 1)
        deleted = self.aws("delete-account-assignment", *common)["AccountAssignmentDeletionStatus"]
        self.assertEqual(deleted["Status"], "IN_PROGRESS")
        self.assertRegex(deleted["RequestId"], UUID_RE)
        self.assertEqual(self.list_assignments(ps["PermissionSetArn"]), [])
        described = self.aws("describe-account-assignment-deletion-status",
                             "--instance-arn", self.instance_arn,
                             "--account-assignment-deletion-request-id", deleted["RequestId"])
        status = described["AccountAssignmentDeletionStatus"]
        self.assertEqual(status["Status"], "SUCCEEDED")
        self.assertEqual(status["RequestId"], deleted["RequestId"])

    def test_error_exit_code(self):
        code, out, err = self.cli("sso-admin", "describe-account-assignment-deletion-status",
                                  "--instance-arn", self.instance_arn,
                                  "--account-assignment-deletion-request-id", str(uuid.uuid4()),
                                  access_key=self.account)
        self.assertNotEqual(code, 0)
        self.assertIn("ResourceNotFoundException", err)


# --------------------------------------------------------------------------- persistence

class TestPersistence(JunctionTestCase):
    manages_own_server = True

    def start_server(self, data_dir):
        server = JunctionServer(["--data-dir", data_dir, "--log-level", "warn"])
        self.addCleanup(server.cleanup)
        server.start()
        self.url = server.url
        return server

    def test_state_survives_restart(self):
        data_dir = tempfile.mkdtemp(prefix="junction-e2e-data-")
        self.addCleanup(shutil.rmtree, data_dir, ignore_errors=True)
        account = fresh_account()

        server = self.start_server(data_dir)
        sso = self.client(SVC, access_key=account)
        ids = self.client("identitystore", access_key=account)
        kept, dropped = new_principal(sso, ids), new_principal(sso, ids)
        instance = sso.list_instances()["Instances"][0]
        ps = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="persisted",
                                       SessionDuration="PT2H")["PermissionSet"]
        assignment = dict(InstanceArn=instance["InstanceArn"], TargetId=TARGET,
                          TargetType="AWS_ACCOUNT", PermissionSetArn=ps["PermissionSetArn"],
                          PrincipalType="USER")
        sso.create_account_assignment(PrincipalId=kept, **assignment)
        sso.create_account_assignment(PrincipalId=dropped, **assignment)
        deletion = sso.delete_account_assignment(PrincipalId=dropped, **assignment)
        request_id = deletion["AccountAssignmentDeletionStatus"]["RequestId"]
        self.assertEqual(server.stop(), 0, "SIGTERM should stop junction cleanly:\n"
                         + server.output())
        self.assertTrue(os.listdir(data_dir), "nothing was written to --data-dir")

        self.start_server(data_dir)
        sso = self.client(SVC, access_key=account)
        again = sso.list_instances()["Instances"]
        self.assertEqual([(i["InstanceArn"], i["IdentityStoreId"]) for i in again],
                         [(instance["InstanceArn"], instance["IdentityStoreId"])])
        described = sso.describe_permission_set(
            InstanceArn=instance["InstanceArn"], PermissionSetArn=ps["PermissionSetArn"])
        self.assert_output_shape(SVC, "DescribePermissionSet", described)
        self.assertEqual(described["PermissionSet"]["Name"], "persisted")
        self.assertEqual(described["PermissionSet"]["SessionDuration"], "PT2H")
        listed = sso.list_account_assignments(
            InstanceArn=instance["InstanceArn"], AccountId=TARGET,
            PermissionSetArn=ps["PermissionSetArn"])["AccountAssignments"]
        self.assertEqual([a["PrincipalId"] for a in listed], [kept])
        status = sso.describe_account_assignment_deletion_status(
            InstanceArn=instance["InstanceArn"], AccountAssignmentDeletionRequestId=request_id)
        self.assertEqual(status["AccountAssignmentDeletionStatus"]["Status"], "SUCCEEDED")


if __name__ == "__main__":
    unittest.main(verbosity=2)
