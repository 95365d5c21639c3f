"""SSO Admin's principals are the users and groups of the instance's identity store (SPEC §2):
an assignment to one that does not exist is accepted and its request ends FAILED, as IAM
Identity Center answers it; a user's access includes its groups'; --lenient-principals turns
the check off. Through boto3, SSO Admin and Identity Store together."""

import time
import unittest

from junction_harness import JunctionTestCase, fresh_account
from test_sso_admin import SVC, TARGET, SsoTestCase, new_principal, principal

NOT_FOUND = "Received a 404 status error: the {type} assignee {id} was not found in directory {store}"


class PrincipalsTestCase(SsoTestCase):
    def setUp(self):
        super().setUp()
        self.ids = self.client("identitystore", access_key=self.account)
        self.store = self.instance()["IdentityStoreId"]
        self.ps_arn = self.create_ps()["PermissionSetArn"]

    def creation(self, request_id):
        resp = self.sso.describe_account_assignment_creation_status(
            InstanceArn=self.instance_arn, AccountAssignmentCreationRequestId=request_id)
        self.assert_output_shape(SVC, "DescribeAccountAssignmentCreationStatus", resp)
        return resp["AccountAssignmentCreationStatus"]

    def deletion(self, request_id):
        resp = self.sso.describe_account_assignment_deletion_status(
            InstanceArn=self.instance_arn, AccountAssignmentDeletionRequestId=request_id)
        self.assert_output_shape(SVC, "DescribeAccountAssignmentDeletionStatus", resp)
        return resp["AccountAssignmentDeletionStatus"]

    def listed(self):
        return self.sso.list_account_assignments(InstanceArn=self.instance_arn, AccountId=TARGET,
                                                 PermissionSetArn=self.ps_arn)["AccountAssignments"]

    def provisioned(self):
        return self.sso.list_permission_sets_provisioned_to_account(
            InstanceArn=self.instance_arn, AccountId=TARGET).get("PermissionSets", [])


class TestMissingPrincipals(PrincipalsTestCase):
    def test_unknown_user_or_group_fails_later_and_takes_no_effect(self):
        for kind in ("USER", "GROUP"):
            nobody = principal()
            status = self.assign(self.ps_arn, nobody, principal_type=kind)
            self.assertEqual(status["Status"], "IN_PROGRESS")
            self.assertNotIn("FailureReason", status)
            settled = self.creation(status["RequestId"])
            self.assertEqual(settled["Status"], "FAILED")
            self.assertEqual(settled["FailureReason"],
                             NOT_FOUND.format(type=kind, id=nobody, store=self.store))
            self.assertEqual(settled["PrincipalId"], nobody)
        self.assertEqual(self.listed(), [])
        self.assertEqual(self.provisioned(), [])
        failed = self.sso.list_account_assignment_creation_status(
            InstanceArn=self.instance_arn, Filter={"Status": "FAILED"})
        self.assertEqual(len(failed["AccountAssignmentsCreationStatus"]), 2)

    def test_real_users_and_groups_are_assigned(self):
        user, group = self.principal(), self.principal("GROUP")
        for kind, pid in (("USER", user), ("GROUP", group)):
            status = self.assign(self.ps_arn, pid, principal_type=kind)
            self.assertEqual(self.creation(status["RequestId"])["Status"], "SUCCEEDED")
        self.assertEqual(sorted((a["PrincipalType"], a["PrincipalId"]) for a in self.listed()),
                         [("GROUP", group), ("USER", user)])
        self.assertEqual(self.provisioned(), [self.ps_arn])

    def test_a_user_of_another_account_is_not_a_principal_here(self):
        other = fresh_account()
        outsider = new_principal(self.client(SVC, access_key=other),
                                 self.client("identitystore", access_key=other))
        status = self.assign(self.ps_arn, outsider)
        self.assertEqual(self.creation(status["RequestId"])["Status"], "FAILED")
        self.assertEqual(self.listed(), [])

    def test_errors_of_the_call_come_before_the_principal(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_account_assignment(**self.assignment(
                self.ps_arn.replace(self.ps_arn[-16:], "0" * 16), principal()))

    def test_a_deleted_user_keeps_its_assignment_and_its_deletion_fails(self):
        user = self.principal()
        self.assign(self.ps_arn, user)
        self.ids.delete_user(IdentityStoreId=self.store, UserId=user)
        # Deleting a user does not delete its assignments, as in IAM Identity Center.
        self.assertEqual([a["PrincipalId"] for a in self.listed()], [user])
        status = self.unassign(self.ps_arn, user)
        self.assertEqual(status["Status"], "IN_PROGRESS")
        settled = self.deletion(status["RequestId"])
        self.assertEqual(settled["Status"], "FAILED")
        self.assertEqual(settled["FailureReason"],
                         NOT_FOUND.format(type="USER", id=user, store=self.store))
        self.assertEqual([a["PrincipalId"] for a in self.listed()], [user])
        # An assignment that was never made is still not found.
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_account_assignment(**self.assignment(self.ps_arn, principal()))


class TestUserAccess(PrincipalsTestCase):
    def test_a_user_has_the_access_of_its_groups(self):
        user, group, other_group = self.principal(), self.principal("GROUP"), self.principal("GROUP")
        self.ids.create_group_membership(IdentityStoreId=self.store, GroupId=group,
                                         MemberId={"UserId": user})
        second = self.create_ps()["PermissionSetArn"]
        self.assign(self.ps_arn, user)
        self.assign(self.ps_arn, group, principal_type="GROUP")
        self.assign(second, group, principal_type="GROUP", target="210987654321")
        self.assign(second, other_group, principal_type="GROUP")  # not the user's

        resp = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalType="USER", PrincipalId=user)
        self.assert_output_shape(SVC, "ListAccountAssignmentsForPrincipal", resp)
        got = sorted((a["AccountId"], a["PermissionSetArn"], a["PrincipalType"], a["PrincipalId"])
                     for a in resp["AccountAssignments"])
        self.assertEqual(got, sorted([(TARGET, self.ps_arn, "USER", user),
                                      (TARGET, self.ps_arn, "GROUP", group),
                                      ("210987654321", second, "GROUP", group)]))
        # Filtered by account, and paginated.
        only = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalType="USER", PrincipalId=user,
            Filter={"AccountId": "210987654321"})["AccountAssignments"]
        self.assertEqual([(a["PermissionSetArn"], a["PrincipalId"]) for a in only],
                         [(second, group)])
        first = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalType="USER", PrincipalId=user, MaxResults=2)
        rest = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalType="USER", PrincipalId=user,
            NextToken=first["NextToken"])
        self.assertEqual(len(first["AccountAssignments"]) + len(rest["AccountAssignments"]), 3)
        # A group's list holds its own assignments only.
        mine = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalType="GROUP", PrincipalId=other_group)
        self.assertEqual([a["PrincipalId"] for a in mine["AccountAssignments"]], [other_group])
        # Leaving the group takes its access away.
        membership = self.ids.get_group_membership_id(
            IdentityStoreId=self.store, GroupId=group, MemberId={"UserId": user})["MembershipId"]
        self.ids.delete_group_membership(IdentityStoreId=self.store, MembershipId=membership)
        left = self.sso.list_account_assignments_for_principal(
            InstanceArn=self.instance_arn, PrincipalType="USER", PrincipalId=user)
        self.assertEqual([a["PrincipalType"] for a in left["AccountAssignments"]], ["USER"])


class TestDelayedFailure(PrincipalsTestCase):
    server_args = ["--sso-delay-ms", "400"]

    def test_in_progress_until_the_delay_has_passed(self):
        status = self.assign(self.ps_arn, principal())
        self.assertEqual(self.creation(status["RequestId"])["Status"], "IN_PROGRESS")
        time.sleep(0.5)
        self.assertEqual(self.creation(status["RequestId"])["Status"], "FAILED")


class TestLenientPrincipals(SsoTestCase):
    server_args = ["--lenient-principals"]

    def test_any_principal_id_takes_effect(self):
        ps_arn = self.create_ps()["PermissionSetArn"]
        nobody = principal()
        status = self.assign(ps_arn, nobody)
        settled = self.sso.describe_account_assignment_creation_status(
            InstanceArn=self.instance_arn, AccountAssignmentCreationRequestId=status["RequestId"])
        self.assertEqual(settled["AccountAssignmentCreationStatus"]["Status"], "SUCCEEDED")
        deleted = self.unassign(ps_arn, nobody)
        settled = self.sso.describe_account_assignment_deletion_status(
            InstanceArn=self.instance_arn, AccountAssignmentDeletionRequestId=deleted["RequestId"])
        self.assertEqual(settled["AccountAssignmentDeletionStatus"]["Status"], "SUCCEEDED")

    def test_health_says_which_mode_runs(self):
        self.assertEqual(self.raw("GET", "/_junction/health").json()["settings"]["principals"],
                         "lenient")


class TestCheckedByDefault(JunctionTestCase):
    def test_health_says_principals_are_checked(self):
        self.assertEqual(self.raw("GET", "/_junction/health").json()["settings"],
                         {"ssoDelayMs": 0, "principals": "checked"})


if __name__ == "__main__":
    unittest.main()
