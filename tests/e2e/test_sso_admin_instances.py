"""SSO Admin instances through boto3: DescribeInstance, CreateInstance (an account instance beside
the organization instance), UpdateInstance, DeleteInstance, access-control attribute
configurations and an instance's Regions."""

import time
import unittest
import uuid

from junction_harness import fresh_account, wait_for
from test_sso_admin import (IDENTITY_STORE_RE, INSTANCE_ARN_RE, SVC, SsoTestCase, assert_recent,
                            unique_name, unknown_instance_arn)

KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ATTRIBUTES = [{"Key": "department", "Value": {"Source": ["${path:enterprise.department}"]}},
              {"Key": "costCenter", "Value": {"Source": ["${path:enterprise.costCenter}"]}}]


class InstanceTestCase(SsoTestCase):
    def call(self, operation, **params):
        resp = getattr(self.sso, operation)(**params)
        self.assert_output_shape(SVC, operation, resp)
        return resp

    def instances(self):
        return self.call("list_instances")["Instances"]

    def create_account_instance(self, **params):
        return self.call("create_instance", **params)["InstanceArn"]


class TestDescribeInstance(InstanceTestCase):
    def test_every_member(self):
        described = self.call("describe_instance", InstanceArn=self.instance_arn)
        self.assertEqual(described["InstanceArn"], self.instance_arn)
        self.assertRegex(described["IdentityStoreId"], IDENTITY_STORE_RE)
        self.assertEqual(described["OwnerAccountId"], self.account)
        self.assertEqual(described["Status"], "ACTIVE")
        assert_recent(self, described["CreatedDate"])
        self.assertNotIn("StatusReason", described, "only when the instance is not ACTIVE")
        self.assertEqual(described["EncryptionConfigurationDetails"],
                         {"KeyType": "AWS_OWNED_KMS_KEY", "EncryptionStatus": "ENABLED"})

    def test_unknown_instance(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_instance(InstanceArn=unknown_instance_arn())


class TestCreateInstance(InstanceTestCase):
    def test_an_account_instance_beside_the_organization_instance(self):
        arn = self.create_account_instance(Name="team-apps")
        self.assertRegex(arn, INSTANCE_ARN_RE)
        listed = self.instances()
        self.assertEqual([i["InstanceArn"] for i in listed], [self.instance_arn, arn],
                         "the organization instance first")
        mine = listed[1]
        self.assertEqual(mine["Name"], "team-apps")
        self.assertEqual(mine["Status"], "ACTIVE")
        self.assertEqual(mine["OwnerAccountId"], self.account)
        self.assertRegex(mine["IdentityStoreId"], IDENTITY_STORE_RE)
        self.assertNotEqual(mine["IdentityStoreId"], listed[0]["IdentityStoreId"],
                            "each instance has its own identity store")
        described = self.call("describe_instance", InstanceArn=arn)
        self.assertEqual(described["Name"], "team-apps")
        items, pages = self.paginate(self.sso, "list_instances", "Instances", 1, SVC)
        self.assertEqual(([i["InstanceArn"] for i in items], pages), ([self.instance_arn, arn], 2))

    def test_tags_through_the_shared_mechanism(self):
        arn = self.create_account_instance(Tags=[{"Key": "env", "Value": "ci"}])
        self.assertEqual(self.sso.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "env", "Value": "ci"}])
        self.sso.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "a"}])
        self.assertEqual(len(self.sso.list_tags_for_resource(InstanceArn=arn,
                                                             ResourceArn=arn)["Tags"]), 2)

    def test_tag_quota(self):
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.create_instance(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
        self.assertEqual(len(self.instances()), 1, "nothing was created")

    def test_one_per_account_across_regions(self):
        arn = self.create_account_instance()
        with self.assert_client_error("ConflictException", message_contains="one instance"):
            self.sso.create_instance(Name="second")
        west = self.client(SVC, region="us-west-2", access_key=self.account)
        with self.assert_client_error("ConflictException"):
            west.create_instance()
        other = self.client(SVC, access_key=fresh_account())
        self.assertRegex(other.create_instance()["InstanceArn"], INSTANCE_ARN_RE)
        self.assertEqual(len(self.instances()), 2)
        self.sso.delete_instance(InstanceArn=arn)
        self.assertRegex(west.create_instance()["InstanceArn"], INSTANCE_ARN_RE)

    def test_client_token_retry(self):
        token = str(uuid.uuid4())
        first = self.create_account_instance(Name="apps", ClientToken=token)
        self.assertEqual(self.create_account_instance(Name="apps", ClientToken=token), first)
        with self.assert_client_error("ConflictException",
                                      message_contains="IdempotentParameterMismatch"):
            self.sso.create_instance(Name="other", ClientToken=token)
        self.assertEqual(len(self.instances()), 2)

    def test_no_permission_sets_in_an_account_instance(self):
        arn = self.create_account_instance()
        with self.assert_client_error("ValidationException", message_contains="account instance"):
            self.sso.create_permission_set(InstanceArn=arn, Name=unique_name())
        self.assertEqual(self.sso.list_permission_sets(InstanceArn=arn)["PermissionSets"], [])

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="'name'"):
            loose.create_instance(Name="no spaces allowed")
        with self.assert_client_error("ValidationException", message_contains="'tags'"):
            loose.create_instance(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(76)])


class TestUpdateInstance(InstanceTestCase):
    def test_name(self):
        self.call("update_instance", InstanceArn=self.instance_arn, Name="org")
        self.assertEqual(self.call("describe_instance", InstanceArn=self.instance_arn)["Name"],
                         "org")
        self.assertEqual(self.instances()[0]["Name"], "org")
        # Only the members given change.
        self.call("update_instance", InstanceArn=self.instance_arn,
                  EncryptionConfiguration={"KeyType": "AWS_OWNED_KMS_KEY"})
        self.assertEqual(self.call("describe_instance", InstanceArn=self.instance_arn)["Name"],
                         "org")

    def test_encryption_configuration(self):
        self.call("update_instance", InstanceArn=self.instance_arn,
                  EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": KMS_KEY})
        details = self.call("describe_instance",
                            InstanceArn=self.instance_arn)["EncryptionConfigurationDetails"]
        self.assertEqual(details, {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": KMS_KEY,
                                   "EncryptionStatus": "ENABLED"})
        self.call("update_instance", InstanceArn=self.instance_arn,
                  EncryptionConfiguration={"KeyType": "AWS_OWNED_KMS_KEY"})
        details = self.call("describe_instance",
                            InstanceArn=self.instance_arn)["EncryptionConfigurationDetails"]
        self.assertNotIn("KmsKeyArn", details)

    def test_key_arn_goes_with_customer_managed_keys(self):
        with self.assert_client_error("ValidationException", message_contains="KmsKeyArn"):
            self.sso.update_instance(InstanceArn=self.instance_arn,
                                     EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY"})
        with self.assert_client_error("ValidationException", message_contains="KmsKeyArn"):
            self.sso.update_instance(InstanceArn=self.instance_arn,
                                     EncryptionConfiguration={"KeyType": "AWS_OWNED_KMS_KEY",
                                                              "KmsKeyArn": KMS_KEY})

    def test_account_instance(self):
        arn = self.create_account_instance(Name="before")
        self.call("update_instance", InstanceArn=arn, Name="after")
        self.assertEqual(self.call("describe_instance", InstanceArn=arn)["Name"], "after")

    def test_unknown_instance(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.update_instance(InstanceArn=unknown_instance_arn(), Name="x")


class TestDeleteInstance(InstanceTestCase):
    def test_account_instance_and_what_it_holds(self):
        arn = self.create_account_instance(Tags=[{"Key": "a", "Value": "1"}])
        self.sso.create_instance_access_control_attribute_configuration(
            InstanceArn=arn,
            InstanceAccessControlAttributeConfiguration={"AccessControlAttributes": ATTRIBUTES})
        self.call("delete_instance", InstanceArn=arn)
        self.assertEqual([i["InstanceArn"] for i in self.instances()], [self.instance_arn])
        for call in (lambda: self.sso.describe_instance(InstanceArn=arn),
                     lambda: self.sso.list_tags_for_resource(ResourceArn=arn),
                     lambda: self.sso.delete_instance(InstanceArn=arn)):
            with self.assert_client_error("ResourceNotFoundException"):
                call()
        # A new account instance starts with no tags nor configuration.
        again = self.create_account_instance()
        self.assertEqual(self.sso.list_tags_for_resource(ResourceArn=again)["Tags"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_instance_access_control_attribute_configuration(InstanceArn=again)

    def test_applications_and_trusted_token_issuers_go_with_it(self):
        arn = self.create_account_instance()
        app = self.sso.create_application(
            InstanceArn=arn, Name="portal", Tags=[{"Key": "a", "Value": "1"}],
            ApplicationProviderArn="arn:aws:sso::aws:applicationProvider/custom")["ApplicationArn"]
        tti = self.sso.create_trusted_token_issuer(
            InstanceArn=arn, Name="okta", TrustedTokenIssuerType="OIDC_JWT",
            TrustedTokenIssuerConfiguration={"OidcJwtConfiguration": {
                "IssuerUrl": "https://issuer.example.com", "ClaimAttributePath": "email",
                "IdentityStoreAttributePath": "emails.value",
                "JwksRetrievalOption": "OPEN_ID_DISCOVERY"}})["TrustedTokenIssuerArn"]
        self.call("delete_instance", InstanceArn=arn)
        for call in (lambda: self.sso.describe_application(ApplicationArn=app),
                     lambda: self.sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=tti)):
            with self.assert_client_error("ResourceNotFoundException"):
                call()
        state = self.raw("GET", f"/_junction/state?account={self.account}").json()["tables"]
        self.assertEqual(state["sso_applications"], [])
        self.assertEqual(state["sso_trusted_token_issuers"], [])
        self.assertEqual([t for t in state["shared_tags"] if t["arn"] == app], [])

    def test_not_the_organization_instance(self):
        with self.assert_client_error("AccessDeniedException",
                                      message_contains="organization instance"):
            self.sso.delete_instance(InstanceArn=self.instance_arn)
        self.assertEqual(self.instance()["Status"], "ACTIVE")

    def test_unknown_instance(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_instance(InstanceArn=unknown_instance_arn())


class TestAccessControlAttributes(InstanceTestCase):
    def configuration(self, attributes):
        return {"InstanceAccessControlAttributeConfiguration":
                {"AccessControlAttributes": attributes}}

    def describe(self):
        return self.call("describe_instance_access_control_attribute_configuration",
                         InstanceArn=self.instance_arn)

    def test_create_describe_update_delete(self):
        self.call("create_instance_access_control_attribute_configuration",
                  InstanceArn=self.instance_arn, **self.configuration(ATTRIBUTES))
        described = self.describe()
        self.assertEqual(described["Status"], "ENABLED")
        self.assertEqual(described["InstanceAccessControlAttributeConfiguration"],
                         {"AccessControlAttributes": ATTRIBUTES})
        self.call("update_instance_access_control_attribute_configuration",
                  InstanceArn=self.instance_arn, **self.configuration(ATTRIBUTES[:1]))
        self.assertEqual(self.describe()["InstanceAccessControlAttributeConfiguration"],
                         {"AccessControlAttributes": ATTRIBUTES[:1]})
        self.call("delete_instance_access_control_attribute_configuration",
                  InstanceArn=self.instance_arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.describe()

    def test_create_twice_conflicts(self):
        self.sso.create_instance_access_control_attribute_configuration(
            InstanceArn=self.instance_arn, **self.configuration(ATTRIBUTES))
        with self.assert_client_error("ConflictException"):
            self.sso.create_instance_access_control_attribute_configuration(
                InstanceArn=self.instance_arn, **self.configuration([]))
        self.assertEqual(len(self.describe()["InstanceAccessControlAttributeConfiguration"][
            "AccessControlAttributes"]), 2)

    def test_none_configured(self):
        for method, params in (
                ("describe_instance_access_control_attribute_configuration", {}),
                ("update_instance_access_control_attribute_configuration",
                 self.configuration(ATTRIBUTES)),
                ("delete_instance_access_control_attribute_configuration", {})):
            with self.subTest(method), self.assert_client_error("ResourceNotFoundException"):
                getattr(self.sso, method)(InstanceArn=self.instance_arn, **params)

    def test_keys_are_unique(self):
        with self.assert_client_error("ValidationException", message_contains="department"):
            self.sso.create_instance_access_control_attribute_configuration(
                InstanceArn=self.instance_arn, **self.configuration(ATTRIBUTES + ATTRIBUTES[:1]))

    def test_unknown_instance(self):
        for method, params in (
                ("create_instance_access_control_attribute_configuration",
                 self.configuration(ATTRIBUTES)),
                ("describe_instance_access_control_attribute_configuration", {}),
                ("update_instance_access_control_attribute_configuration",
                 self.configuration(ATTRIBUTES)),
                ("delete_instance_access_control_attribute_configuration", {})):
            with self.subTest(method), self.assert_client_error("ResourceNotFoundException",
                                                                message_contains="instance"):
                getattr(self.sso, method)(InstanceArn=unknown_instance_arn(), **params)

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        bad = [{"Key": "k", "Value": {"Source": ["a", "b"]}}]
        with self.assert_client_error(
                "ValidationException", message_contains=(
                    "instanceAccessControlAttributeConfiguration.accessControlAttributes"
                    ".1.member.value.source")):
            loose.create_instance_access_control_attribute_configuration(
                InstanceArn=self.instance_arn, **self.configuration(bad))


class TestRegions(InstanceTestCase):
    def regions(self):
        items, _ = self.paginate(self.sso, "list_regions", "Regions", 100, SVC,
                                 InstanceArn=self.instance_arn)
        return items

    def test_primary_region(self):
        regions = self.regions()
        self.assertEqual(len(regions), 1)
        primary = regions[0]
        self.assertEqual((primary["RegionName"], primary["Status"], primary["IsPrimaryRegion"]),
                         ("us-east-1", "ACTIVE", True))
        described = self.call("describe_region", InstanceArn=self.instance_arn,
                              RegionName="us-east-1")
        self.assertEqual(described["IsPrimaryRegion"], True)

    def test_add_describe_remove(self):
        added = self.call("add_region", InstanceArn=self.instance_arn, RegionName="eu-west-1")
        self.assertEqual(added["Status"], "ADDING")
        described = self.call("describe_region", InstanceArn=self.instance_arn,
                              RegionName="eu-west-1")
        self.assertEqual((described["Status"], described["IsPrimaryRegion"]), ("ACTIVE", False))
        assert_recent(self, described["AddedDate"])
        self.call("add_region", InstanceArn=self.instance_arn, RegionName="ap-southeast-2")
        self.assertEqual([r["RegionName"] for r in self.regions()],
                         ["us-east-1", "eu-west-1", "ap-southeast-2"])
        items, pages = self.paginate(self.sso, "list_regions", "Regions", 2, SVC,
                                     InstanceArn=self.instance_arn)
        self.assertEqual((len(items), pages), (3, 2))
        removed = self.call("remove_region", InstanceArn=self.instance_arn,
                            RegionName="eu-west-1")
        self.assertEqual(removed["Status"], "REMOVING")
        self.assertEqual([r["RegionName"] for r in self.regions()],
                         ["us-east-1", "ap-southeast-2"])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        self.call("add_region", InstanceArn=self.instance_arn, RegionName="eu-west-1")

    def test_add_errors(self):
        self.sso.add_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        for name in ("eu-west-1", "us-east-1"):  # already there; the primary Region
            with self.subTest(name), self.assert_client_error("ConflictException"):
                self.sso.add_region(InstanceArn=self.instance_arn, RegionName=name)
        with self.assert_client_error("ValidationException", message_contains="enabled by default"):
            self.sso.add_region(InstanceArn=self.instance_arn, RegionName="ap-east-1")
        for method in ("add_region", "remove_region", "describe_region"):
            with self.subTest(method), self.assert_client_error("ResourceNotFoundException",
                                                                message_contains="instance"):
                getattr(self.sso, method)(InstanceArn=unknown_instance_arn(),
                                          RegionName="eu-west-2")
        with self.assert_client_error("ResourceNotFoundException", message_contains="instance"):
            self.sso.list_regions(InstanceArn=unknown_instance_arn())

    def test_remove_errors(self):
        with self.assert_client_error("ValidationException", message_contains="primary"):
            self.sso.remove_region(InstanceArn=self.instance_arn, RegionName="us-east-1")
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.remove_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")

    def test_account_instances_have_their_primary_region_only(self):
        arn = self.create_account_instance()
        with self.assert_client_error("ValidationException", message_contains="account instance"):
            self.sso.add_region(InstanceArn=arn, RegionName="eu-west-1")
        listed = self.sso.list_regions(InstanceArn=arn)["Regions"]
        self.assertEqual([r["RegionName"] for r in listed], ["us-east-1"])

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="'regionName'"):
            loose.add_region(InstanceArn=self.instance_arn, RegionName="Mars")


class TestDelayedStates(InstanceTestCase):
    server_args = ["--sso-delay-ms", "1000"]

    def test_account_instance_is_created_then_active(self):
        arn = self.create_account_instance()
        self.assertEqual(self.call("describe_instance", InstanceArn=arn)["Status"],
                         "CREATE_IN_PROGRESS")
        self.assertTrue(wait_for(lambda: self.sso.describe_instance(
            InstanceArn=arn)["Status"] == "ACTIVE", timeout=5))

    def test_encryption_is_updating_then_enabled(self):
        self.sso.update_instance(InstanceArn=self.instance_arn, EncryptionConfiguration={
            "KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": KMS_KEY})
        def status():
            return self.sso.describe_instance(InstanceArn=self.instance_arn)[
                "EncryptionConfigurationDetails"]["EncryptionStatus"]
        self.assertEqual(status(), "UPDATING")
        self.assertTrue(wait_for(lambda: status() == "ENABLED", timeout=5))

    def test_attribute_configuration_in_progress_then_enabled(self):
        self.sso.create_instance_access_control_attribute_configuration(
            InstanceArn=self.instance_arn,
            InstanceAccessControlAttributeConfiguration={"AccessControlAttributes": ATTRIBUTES})
        def status():
            return self.sso.describe_instance_access_control_attribute_configuration(
                InstanceArn=self.instance_arn)["Status"]
        self.assertEqual(status(), "CREATION_IN_PROGRESS")
        self.assertTrue(wait_for(lambda: status() == "ENABLED", timeout=5))

    def test_one_region_workflow_at_a_time(self):
        start = time.monotonic()
        self.sso.add_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        described = self.sso.describe_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        self.assertEqual(described["Status"], "ADDING")
        with self.assert_client_error("ConflictException", message_contains="ADDING"):
            self.sso.add_region(InstanceArn=self.instance_arn, RegionName="eu-west-2")
        with self.assert_client_error("ConflictException"):
            self.sso.remove_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        self.assertTrue(wait_for(lambda: self.sso.describe_region(
            InstanceArn=self.instance_arn, RegionName="eu-west-1")["Status"] == "ACTIVE",
            timeout=5))
        self.assertGreaterEqual(time.monotonic() - start, 0.9)
        self.sso.remove_region(InstanceArn=self.instance_arn, RegionName="eu-west-1")
        listed = {r["RegionName"]: r["Status"] for r in self.sso.list_regions(
            InstanceArn=self.instance_arn)["Regions"]}
        self.assertEqual(listed, {"us-east-1": "ACTIVE", "eu-west-1": "REMOVING"})
        self.assertTrue(wait_for(lambda: len(self.sso.list_regions(
            InstanceArn=self.instance_arn)["Regions"]) == 1, timeout=5))


class TestIdentityStores(InstanceTestCase):
    def test_each_account_and_region_apart(self):
        arn = self.create_account_instance()
        west = self.client(SVC, region="us-west-2", access_key=self.account)
        self.assertEqual(len(west.list_instances()["Instances"]), 1)
        with self.assert_client_error("ResourceNotFoundException"):
            west.describe_instance(InstanceArn=arn)
        other = self.client(SVC, access_key=fresh_account())
        with self.assert_client_error("ResourceNotFoundException"):
            other.describe_instance(InstanceArn=arn)


if __name__ == "__main__":
    unittest.main()
