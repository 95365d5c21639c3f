"""SSO Admin permission-set policies through boto3: the inline policy, AWS managed policies,
customer managed policy references and the permissions boundary, with AWS's quotas and the
errors each operation documents."""

import json
import unittest

from test_sso_admin import SVC, SsoTestCase, unknown_instance_arn, unknown_ps_arn

POLICY = json.dumps({"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
                                    "Resource": "*"}]})
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"


class PolicyTestCase(SsoTestCase):
    def setUp(self):
        super().setUp()
        self.ps_arn = self.create_ps()["PermissionSetArn"]

    def ps(self, **extra):
        return dict(InstanceArn=self.instance_arn, PermissionSetArn=self.ps_arn, **extra)

    def call(self, operation, **params):
        resp = getattr(self.sso, operation)(**params)
        self.assert_output_shape(SVC, operation, resp)
        return resp

    def assert_not_found_for_unknowns(self, method, **params):
        """The documented ResourceNotFoundException for an unknown permission set, and for an
        unknown instance."""
        call = getattr(self.sso, method)
        with self.assert_client_error("ResourceNotFoundException",
                                      message_contains="PermissionSet"):
            call(InstanceArn=self.instance_arn,
                 PermissionSetArn=unknown_ps_arn(self.instance_arn), **params)
        with self.assert_client_error("ResourceNotFoundException", message_contains="instance"):
            call(InstanceArn=unknown_instance_arn(), PermissionSetArn=self.ps_arn, **params)


class TestInlinePolicy(PolicyTestCase):
    def test_put_get_delete(self):
        self.assertNotIn("InlinePolicy", self.call("get_inline_policy_for_permission_set",
                                                   **self.ps()))
        self.call("put_inline_policy_to_permission_set", **self.ps(InlinePolicy=POLICY))
        got = self.call("get_inline_policy_for_permission_set", **self.ps())
        self.assertEqual(got["InlinePolicy"], POLICY, "the document as given")
        replaced = json.dumps({"Version": "2012-10-17", "Statement": []}, indent=2)
        self.call("put_inline_policy_to_permission_set", **self.ps(InlinePolicy=replaced))
        self.assertEqual(self.call("get_inline_policy_for_permission_set",
                                   **self.ps())["InlinePolicy"], replaced)
        self.call("delete_inline_policy_from_permission_set", **self.ps())
        self.assertNotIn("InlinePolicy", self.call("get_inline_policy_for_permission_set",
                                                   **self.ps()))
        # Deleting what is not there changes nothing and is not an error.
        self.call("delete_inline_policy_from_permission_set", **self.ps())

    def test_document_must_be_a_policy(self):
        for bad in ("not json", "[1, 2]", '{"Version": "2012-10-17"}', '{"Statement": [}'):
            with self.subTest(bad), self.assert_client_error(
                    "ValidationException", message_contains="Invalid PermissionsPolicy Document"):
                self.sso.put_inline_policy_to_permission_set(**self.ps(InlinePolicy=bad))
        self.assertNotIn("InlinePolicy", self.call("get_inline_policy_for_permission_set",
                                                   **self.ps()))

    def test_size_quota(self):
        def document(actions):
            return json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": actions, "Resource": "*"}]})
        # Whitespace does not count towards AWS's 10,240 bytes.
        padded = document(["s3:Get" + "x" * 40] * 200).replace(",", ",      ")
        self.assertGreater(len(padded), 10240)
        self.call("put_inline_policy_to_permission_set", **self.ps(InlinePolicy=padded))
        too_big = document(["s3:Get" + "x" * 60] * 200)
        self.assertGreater(len(too_big), 10240)
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.put_inline_policy_to_permission_set(**self.ps(InlinePolicy=too_big))
        kept = self.call("get_inline_policy_for_permission_set", **self.ps())["InlinePolicy"]
        self.assertEqual(kept, padded, "the refused one was not kept")

    def test_unknown_permission_set_or_instance(self):
        self.assert_not_found_for_unknowns("put_inline_policy_to_permission_set",
                                           InlinePolicy=POLICY)
        self.assert_not_found_for_unknowns("get_inline_policy_for_permission_set")
        self.assert_not_found_for_unknowns("delete_inline_policy_from_permission_set")


class TestManagedPolicies(PolicyTestCase):
    def listed(self, **extra):
        return self.call("list_managed_policies_in_permission_set",
                         **self.ps(**extra))["AttachedManagedPolicies"]

    def test_attach_list_detach(self):
        self.assertEqual(self.listed(), [])
        self.call("attach_managed_policy_to_permission_set", **self.ps(ManagedPolicyArn=READ_ONLY))
        self.call("attach_managed_policy_to_permission_set", **self.ps(ManagedPolicyArn=VIEW_ONLY))
        # The Name AWS shows is the last part of the ARN.
        self.assertEqual(self.listed(), [{"Name": "ReadOnlyAccess", "Arn": READ_ONLY},
                                         {"Name": "ViewOnlyAccess", "Arn": VIEW_ONLY}])
        self.call("detach_managed_policy_from_permission_set",
                  **self.ps(ManagedPolicyArn=READ_ONLY))
        self.assertEqual(self.listed(), [{"Name": "ViewOnlyAccess", "Arn": VIEW_ONLY}])

    def test_attach_twice_conflicts(self):
        self.call("attach_managed_policy_to_permission_set", **self.ps(ManagedPolicyArn=READ_ONLY))
        with self.assert_client_error("ConflictException"):
            self.sso.attach_managed_policy_to_permission_set(**self.ps(ManagedPolicyArn=READ_ONLY))
        self.assertEqual(len(self.listed()), 1)

    def test_detach_not_attached(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.detach_managed_policy_from_permission_set(
                **self.ps(ManagedPolicyArn=READ_ONLY))
        self.call("attach_managed_policy_to_permission_set", **self.ps(ManagedPolicyArn=READ_ONLY))
        self.call("detach_managed_policy_from_permission_set",
                  **self.ps(ManagedPolicyArn=READ_ONLY))
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.detach_managed_policy_from_permission_set(
                **self.ps(ManagedPolicyArn=READ_ONLY))

    def test_pagination(self):
        arns = [f"arn:aws:iam::aws:policy/Policy{i:02}" for i in range(7)]
        for arn in arns:
            self.sso.attach_managed_policy_to_permission_set(**self.ps(ManagedPolicyArn=arn))
        items, pages = self.paginate(self.sso, "list_managed_policies_in_permission_set",
                                     "AttachedManagedPolicies", 3, SVC, **self.ps())
        self.assertEqual([p["Arn"] for p in items], arns)
        self.assertEqual(pages, 3)

    def test_quota_shared_with_customer_managed(self):
        # AWS: 20 AWS managed and customer managed policies per permission set, together.
        for i in range(12):
            self.sso.attach_managed_policy_to_permission_set(
                **self.ps(ManagedPolicyArn=f"arn:aws:iam::aws:policy/Managed{i:02}"))
        for i in range(8):
            self.sso.attach_customer_managed_policy_reference_to_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Name": f"Customer{i}"}))
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.attach_managed_policy_to_permission_set(
                **self.ps(ManagedPolicyArn="arn:aws:iam::aws:policy/OneMore"))
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.attach_customer_managed_policy_reference_to_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Name": "OneMore"}))
        self.assertEqual(len(self.listed()), 12, "the refused attachment was not kept")
        self.sso.detach_managed_policy_from_permission_set(
            **self.ps(ManagedPolicyArn="arn:aws:iam::aws:policy/Managed00"))
        self.call("attach_managed_policy_to_permission_set",
                  **self.ps(ManagedPolicyArn="arn:aws:iam::aws:policy/OneMore"))

    def test_unknown_permission_set_or_instance(self):
        for method in ("attach_managed_policy_to_permission_set",
                       "detach_managed_policy_from_permission_set"):
            self.assert_not_found_for_unknowns(method, ManagedPolicyArn=READ_ONLY)
        self.assert_not_found_for_unknowns("list_managed_policies_in_permission_set")

    def test_only_aws_managed_arns(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="managedPolicyArn"):
            loose.attach_managed_policy_to_permission_set(
                **self.ps(ManagedPolicyArn="arn:aws:iam::123456789012:policy/Mine"))


class TestCustomerManagedPolicyReferences(PolicyTestCase):
    def listed(self):
        return self.call("list_customer_managed_policy_references_in_permission_set",
                         **self.ps())["CustomerManagedPolicyReferences"]

    def test_attach_list_detach_with_default_path(self):
        self.assertEqual(self.listed(), [])
        self.call("attach_customer_managed_policy_reference_to_permission_set",
                  **self.ps(CustomerManagedPolicyReference={"Name": "Deploy"}))
        self.call("attach_customer_managed_policy_reference_to_permission_set",
                  **self.ps(CustomerManagedPolicyReference={"Name": "Deploy",
                                                            "Path": "/teams/ops/"}))
        self.assertEqual(self.listed(), [{"Name": "Deploy", "Path": "/"},
                                         {"Name": "Deploy", "Path": "/teams/ops/"}])
        # Path "/" is the default, so the reference without a Path is the one at "/".
        self.call("detach_customer_managed_policy_reference_from_permission_set",
                  **self.ps(CustomerManagedPolicyReference={"Name": "Deploy"}))
        self.assertEqual(self.listed(), [{"Name": "Deploy", "Path": "/teams/ops/"}])
        # Customer managed references are not AWS managed policies.
        self.assertEqual(self.sso.list_managed_policies_in_permission_set(
            **self.ps())["AttachedManagedPolicies"], [])

    def test_attach_twice_conflicts(self):
        ref = {"Name": "Deploy", "Path": "/"}
        self.call("attach_customer_managed_policy_reference_to_permission_set",
                  **self.ps(CustomerManagedPolicyReference=ref))
        with self.assert_client_error("ConflictException"):
            self.sso.attach_customer_managed_policy_reference_to_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Name": "Deploy"}))

    def test_detach_not_attached(self):
        self.call("attach_customer_managed_policy_reference_to_permission_set",
                  **self.ps(CustomerManagedPolicyReference={"Name": "Deploy", "Path": "/a/"}))
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.detach_customer_managed_policy_reference_from_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Name": "Deploy"}))

    def test_pagination(self):
        names = [f"Policy{i}" for i in range(5)]
        for name in names:
            self.sso.attach_customer_managed_policy_reference_to_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Name": name}))
        items, pages = self.paginate(
            self.sso, "list_customer_managed_policy_references_in_permission_set",
            "CustomerManagedPolicyReferences", 2, SVC, **self.ps())
        self.assertEqual([p["Name"] for p in items], names)
        self.assertEqual(pages, 3)

    def test_unknown_permission_set_or_instance(self):
        ref = {"Name": "Deploy"}
        for method in ("attach_customer_managed_policy_reference_to_permission_set",
                       "detach_customer_managed_policy_reference_from_permission_set"):
            self.assert_not_found_for_unknowns(method, CustomerManagedPolicyReference=ref)
        self.assert_not_found_for_unknowns(
            "list_customer_managed_policy_references_in_permission_set")


class TestPermissionsBoundary(PolicyTestCase):
    def boundary(self):
        return self.call("get_permissions_boundary_for_permission_set",
                         **self.ps())["PermissionsBoundary"]

    def test_put_get_replace_delete(self):
        self.call("put_permissions_boundary_to_permission_set",
                  **self.ps(PermissionsBoundary={"ManagedPolicyArn": READ_ONLY}))
        self.assertEqual(self.boundary(), {"ManagedPolicyArn": READ_ONLY})
        self.call("put_permissions_boundary_to_permission_set",
                  **self.ps(PermissionsBoundary={"CustomerManagedPolicyReference":
                                                 {"Name": "Boundary"}}))
        self.assertEqual(self.boundary(),
                         {"CustomerManagedPolicyReference": {"Name": "Boundary", "Path": "/"}})
        self.call("delete_permissions_boundary_from_permission_set", **self.ps())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.get_permissions_boundary_for_permission_set(**self.ps())

    def test_none(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.get_permissions_boundary_for_permission_set(**self.ps())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_permissions_boundary_from_permission_set(**self.ps())

    def test_exactly_one_kind(self):
        both = {"ManagedPolicyArn": READ_ONLY, "CustomerManagedPolicyReference": {"Name": "B"}}
        for boundary in (both, {}):
            with self.subTest(boundary), self.assert_client_error("ValidationException"):
                self.sso.put_permissions_boundary_to_permission_set(
                    **self.ps(PermissionsBoundary=boundary))

    def test_unknown_permission_set_or_instance(self):
        self.assert_not_found_for_unknowns("put_permissions_boundary_to_permission_set",
                                           PermissionsBoundary={"ManagedPolicyArn": READ_ONLY})
        self.assert_not_found_for_unknowns("get_permissions_boundary_for_permission_set")
        self.assert_not_found_for_unknowns("delete_permissions_boundary_from_permission_set")


class TestPoliciesGoWithThePermissionSet(PolicyTestCase):
    def test_deleted_with_its_permission_set(self):
        name = "WithPolicies"
        ps = self.create_ps(name=name)["PermissionSetArn"]
        params = dict(InstanceArn=self.instance_arn, PermissionSetArn=ps)
        self.sso.put_inline_policy_to_permission_set(InlinePolicy=POLICY, **params)
        self.sso.attach_managed_policy_to_permission_set(ManagedPolicyArn=READ_ONLY, **params)
        self.sso.attach_customer_managed_policy_reference_to_permission_set(
            CustomerManagedPolicyReference={"Name": "Deploy"}, **params)
        self.sso.put_permissions_boundary_to_permission_set(
            PermissionsBoundary={"ManagedPolicyArn": READ_ONLY}, **params)
        self.sso.delete_permission_set(**params)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_managed_policies_in_permission_set(**params)
        again = dict(params, PermissionSetArn=self.create_ps(name=name)["PermissionSetArn"])
        self.assertNotIn("InlinePolicy", self.sso.get_inline_policy_for_permission_set(**again))
        self.assertEqual(self.sso.list_managed_policies_in_permission_set(
            **again)["AttachedManagedPolicies"], [])
        self.assertEqual(self.sso.list_customer_managed_policy_references_in_permission_set(
            **again)["CustomerManagedPolicyReferences"], [])

    def test_other_accounts_do_not_see_them(self):
        self.sso.attach_managed_policy_to_permission_set(**self.ps(ManagedPolicyArn=READ_ONLY))
        other = self.client(SVC, access_key="999999999990")
        with self.assert_client_error("ResourceNotFoundException"):
            other.list_managed_policies_in_permission_set(**self.ps())


class TestServerSideValidation(PolicyTestCase):
    def setUp(self):
        super().setUp()
        self.loose = self.client(SVC, access_key=self.account, validate=False)

    def test_policy_document_pattern_and_length(self):
        with self.assert_client_error("ValidationException", message_contains="'inlinePolicy'"):
            self.loose.put_inline_policy_to_permission_set(**self.ps(InlinePolicy=""))
        with self.assert_client_error("ValidationException",
                                      message_contains="Member must have length less than"):
            self.loose.put_inline_policy_to_permission_set(**self.ps(InlinePolicy="x" * 32769))

    def test_customer_managed_reference_members(self):
        with self.assert_client_error("ValidationException",
                                      message_contains="customerManagedPolicyReference.name"):
            self.loose.attach_customer_managed_policy_reference_to_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Path": "/"}))
        with self.assert_client_error("ValidationException",
                                      message_contains="customerManagedPolicyReference.path"):
            self.loose.attach_customer_managed_policy_reference_to_permission_set(
                **self.ps(CustomerManagedPolicyReference={"Name": "N", "Path": "no-slash"}))


if __name__ == "__main__":
    unittest.main()
