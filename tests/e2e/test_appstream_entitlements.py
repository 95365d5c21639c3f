"""AppStream entitlements through boto3: Create/Describe/Update/DeleteEntitlement and the
applications they entitle."""

import unittest

from appstream_case import AppStreamCase

ATTRIBUTES = [{"Name": "department", "Value": "finance"}, {"Name": "roles", "Value": "analyst"}]


class TestEntitlements(AppStreamCase):
    def setUp(self):
        super().setUp()
        self.create_stack("stack")

    def create(self, name, **params):
        params.setdefault("AppVisibility", "ASSOCIATED")
        params.setdefault("Attributes", ATTRIBUTES)
        return self.ok("create_entitlement", Name=name, StackName="stack", **params)["Entitlement"]

    def test_create_and_describe(self):
        e = self.create("finance", Description="Finance apps")
        self.assertEqual((e["Name"], e["StackName"], e["AppVisibility"], e["Description"]),
                         ("finance", "stack", "ASSOCIATED", "Finance apps"))
        self.assertEqual(e["Attributes"], ATTRIBUTES)
        self.assertEqual(e["CreatedTime"], e["LastModifiedTime"])
        self.create("all", AppVisibility="ALL")
        listed = self.ok("describe_entitlements", StackName="stack")["Entitlements"]
        self.assertEqual([x["Name"] for x in listed], ["all", "finance"])
        one = self.ok("describe_entitlements", StackName="stack", Name="finance")["Entitlements"]
        self.assertEqual(one, [e])

    def test_pages(self):
        for i in range(5):
            self.create(f"e{i}")
        first = self.ok("describe_entitlements", StackName="stack", MaxResults=2)
        self.assertEqual(len(first["Entitlements"]), 2)
        rest = self.ok("describe_entitlements", StackName="stack", NextToken=first["NextToken"])
        self.assertEqual(len(rest["Entitlements"]), 3)

    def test_errors(self):
        self.create("dup")
        with self.assert_client_error("EntitlementAlreadyExistsException"):
            self.create("dup")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.create_entitlement(Name="x", StackName="nope", AppVisibility="ALL",
                                      Attributes=ATTRIBUTES)
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.describe_entitlements(StackName="nope")
        with self.assert_client_error("EntitlementNotFoundException"):
            self.c.describe_entitlements(StackName="stack", Name="nope")
        with self.assert_client_error("EntitlementNotFoundException"):
            self.c.update_entitlement(StackName="stack", Name="nope", AppVisibility="ALL")
        with self.assert_client_error("EntitlementNotFoundException"):
            self.c.delete_entitlement(StackName="stack", Name="nope")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.delete_entitlement(StackName="nope", Name="dup")

    def test_update_only_the_members_given(self):
        self.create("e", Description="Before")
        e = self.ok("update_entitlement", StackName="stack", Name="e",
                    AppVisibility="ALL")["Entitlement"]
        self.assertEqual((e["AppVisibility"], e["Description"], e["Attributes"]),
                         ("ALL", "Before", ATTRIBUTES))
        e = self.ok("update_entitlement", StackName="stack", Name="e",
                    Attributes=[{"Name": "groups", "Value": "ops"}])["Entitlement"]
        self.assertEqual(e["Attributes"], [{"Name": "groups", "Value": "ops"}])
        self.assertGreaterEqual(e["LastModifiedTime"], e["CreatedTime"])

    def test_entitled_applications(self):
        self.create("e")
        block = self.create_app_block("tools")
        app = self.create_application("calc", block["Arn"])
        for identifier in ("notepad", app["Arn"], "notepad"):
            self.ok("associate_application_to_entitlement", StackName="stack",
                    EntitlementName="e", ApplicationIdentifier=identifier)
        listed = self.ok("list_entitled_applications", StackName="stack", EntitlementName="e")
        self.assertEqual(sorted(a["ApplicationIdentifier"] for a in listed["EntitledApplications"]),
                         sorted(["notepad", app["Arn"]]))
        page = self.ok("list_entitled_applications", StackName="stack", EntitlementName="e",
                       MaxResults=1)
        self.assertEqual(len(page["EntitledApplications"]), 1)
        self.assertIn("NextToken", page)
        self.ok("disassociate_application_from_entitlement", StackName="stack",
                EntitlementName="e", ApplicationIdentifier="notepad")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.disassociate_application_from_entitlement(
                StackName="stack", EntitlementName="e", ApplicationIdentifier="notepad")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.associate_application_to_entitlement(
                StackName="stack", EntitlementName="e",
                ApplicationIdentifier=self.arn("application", "missing"))
        with self.assert_client_error("EntitlementNotFoundException"):
            self.c.list_entitled_applications(StackName="stack", EntitlementName="nope")
        with self.assert_client_error("EntitlementNotFoundException"):
            self.c.associate_application_to_entitlement(
                StackName="stack", EntitlementName="nope", ApplicationIdentifier="notepad")
        with self.assert_client_error("ResourceNotFoundException"):
            self.c.list_entitled_applications(StackName="nope", EntitlementName="e")
        # Deleting the entitlement forgets what it entitled.
        self.ok("delete_entitlement", StackName="stack", Name="e")
        self.create("e")
        self.assertEqual(self.ok("list_entitled_applications", StackName="stack",
                                 EntitlementName="e")["EntitledApplications"], [])

    def test_deleting_the_stack_deletes_its_entitlements(self):
        self.create("e")
        self.ok("delete_stack", Name="stack")
        self.create_stack("stack")
        self.assertEqual(self.ok("describe_entitlements", StackName="stack")["Entitlements"], [])


if __name__ == "__main__":
    unittest.main()
