"""License Manager User Subscriptions: license server endpoints of Remote Desktop Services
(CreateLicenseServerEndpoint, ListLicenseServerEndpoints, DeleteLicenseServerEndpoint) and their
tags, through boto3 and the AWS CLI."""

import json
import re
import time
import uuid

from junction_harness import service_model
from test_license_manager_user_subscriptions import (REGION, SERVICE, VS, LmusTestCase, ad,
                                                     new_directory)

RDS = "REMOTE_DESKTOP_SERVICES"
IPV4_RE = re.compile(r"^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$")


def rds_settings(secret="rds-sal-admin"):
    return {"ServerType": "RDS_SAL",
            "ServerSettings": {"RdsSalSettings": {"RdsSalCredentialsProvider": {
                "SecretsManagerCredentialsProvider": {"SecretId": secret}}}}}


class EndpointTestCase(LmusTestCase):
    def create(self, provider_arn, settings=None, **extra):
        resp = self.ok("create_license_server_endpoint", IdentityProviderArn=provider_arn,
                       LicenseServerSettings=settings or rds_settings(), **extra)
        self.assertEqual(resp["IdentityProviderArn"], provider_arn)
        return resp["LicenseServerEndpointArn"]

    def endpoints(self, **params):
        return self.ok("list_license_server_endpoints", **params)["LicenseServerEndpoints"]


class LicenseServerEndpointTests(EndpointTestCase):
    def test_create_then_list_provisioned(self):
        p = self.register(product=RDS, Settings={"Subnets": ["subnet-aaaaaaaa", "subnet-bbbbbbbb"],
                                                 "SecurityGroupId": "sg-11111111"})
        before = time.time()
        arn = self.create(p["IdentityProviderArn"])
        self.assertRegex(arn, self.arn_re("license-server-endpoint"))
        [e] = self.endpoints()
        self.assertEqual(e["LicenseServerEndpointArn"], arn)
        self.assertTrue(arn.endswith("/" + e["LicenseServerEndpointId"]))
        self.assertEqual(e["IdentityProviderArn"], p["IdentityProviderArn"])
        self.assertEqual(e["ServerType"], "RDS_SAL")
        self.assertEqual(e["LicenseServerEndpointProvisioningStatus"], "PROVISIONED")
        self.assertRegex(e["ServerEndpoint"]["Endpoint"], IPV4_RE)
        # One license server in each subnet of the registration.
        self.assertEqual(len(e["LicenseServers"]), 2)
        for server in e["LicenseServers"]:
            self.assertEqual(server["ProvisioningStatus"], "PROVISIONED")
            self.assertEqual(server["HealthStatus"], "HEALTHY")
            self.assertRegex(server["Ipv4Address"], IPV4_RE)
        self.assertAlmostEqual(e["CreationTime"].timestamp(), before, delta=5)

    def test_any_registered_product_may_have_one(self):
        p = self.register(product=VS)
        self.create(p["IdentityProviderArn"])
        self.assertEqual(len(self.endpoints()), 1)

    def test_create_is_idempotent_and_conflicts_on_other_settings(self):
        p = self.register(product=RDS)
        arn = self.create(p["IdentityProviderArn"], Tags={"team": "a"})
        self.assertEqual(self.create(p["IdentityProviderArn"], Tags={"env": "dev"}), arn)
        self.assertEqual(len(self.endpoints()), 1)
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"],
                         {"team": "a", "env": "dev"})
        with self.assert_client_error("ConflictException", status=500):
            self.lm.create_license_server_endpoint(IdentityProviderArn=p["IdentityProviderArn"],
                                                   LicenseServerSettings=rds_settings("other"))

    def test_create_needs_a_registered_identity_provider(self):
        p = self.register(product=RDS)
        unknown = p["IdentityProviderArn"][:-4] + "0000"
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.create_license_server_endpoint(IdentityProviderArn=unknown,
                                                   LicenseServerSettings=rds_settings())
        self.ok("deregister_identity_provider", IdentityProviderArn=p["IdentityProviderArn"])
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.create_license_server_endpoint(IdentityProviderArn=p["IdentityProviderArn"],
                                                   LicenseServerSettings=rds_settings())
        self.assertEqual(self.endpoints(), [])

    def test_create_needs_the_secret_of_the_license_server(self):
        p = self.register(product=RDS)
        settings = rds_settings()
        settings["ServerSettings"]["RdsSalSettings"]["RdsSalCredentialsProvider"] = {
            "SecretsManagerCredentialsProvider": {}}
        with self.assert_client_error("ValidationException", message_contains="SecretId"):
            self.lm.create_license_server_endpoint(IdentityProviderArn=p["IdentityProviderArn"],
                                                   LicenseServerSettings=settings)
        loose = self.client(SERVICE, region=REGION, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException"):
            loose.create_license_server_endpoint(IdentityProviderArn="not-an-arn",
                                                 LicenseServerSettings=rds_settings())
        with self.assert_client_error("ValidationException"):
            loose.create_license_server_endpoint(
                IdentityProviderArn=p["IdentityProviderArn"],
                LicenseServerSettings={"ServerType": "RDS_CAL", "ServerSettings": {}})

    def test_list_filters_and_pages(self):
        arns = {}
        for _ in range(3):
            p = self.register(directory=new_directory(), product=RDS)
            arns[p["IdentityProviderArn"]] = self.create(p["IdentityProviderArn"])
        items, pages = self.paginate(self.lm, "list_license_server_endpoints",
                                     "LicenseServerEndpoints", 2, SERVICE)
        self.assertEqual(pages, 2)
        self.assertEqual(sorted(i["LicenseServerEndpointArn"] for i in items),
                         sorted(arns.values()))
        provider, endpoint = next(iter(arns.items()))
        only = self.endpoints(Filters=[{"Attribute": "IdentityProviderArn", "Operation": "eq",
                                        "Value": provider}])
        self.assertEqual([e["LicenseServerEndpointArn"] for e in only], [endpoint])
        others = self.endpoints(Filters=[{"Attribute": "IdentityProviderArn", "Operation": "neq",
                                          "Value": provider}])
        self.assertEqual(len(others), 2)
        with self.assert_client_error("ValidationException"):
            self.lm.list_license_server_endpoints(
                Filters=[{"Attribute": "ServerType", "Operation": "eq", "Value": "RDS_SAL"}])
        with self.assert_client_error("ValidationException"):
            self.lm.list_license_server_endpoints(NextToken="not-a-token")
        with self.assert_client_error("ValidationException"):
            self.client(SERVICE, region=REGION, access_key=self.account,
                        validate=False).list_license_server_endpoints(MaxResults=101)

    def test_delete_answers_deleting_and_then_it_is_gone(self):
        p = self.register(product=RDS)
        arn = self.create(p["IdentityProviderArn"], Tags={"team": "a"})
        resp = self.ok("delete_license_server_endpoint", LicenseServerEndpointArn=arn,
                       ServerType="RDS_SAL")
        e = resp["LicenseServerEndpoint"]
        self.assertEqual(e["LicenseServerEndpointArn"], arn)
        self.assertEqual(e["LicenseServerEndpointProvisioningStatus"], "DELETING")
        self.assertEqual({s["ProvisioningStatus"] for s in e["LicenseServers"]}, {"DELETING"})
        self.assertEqual(self.endpoints(), [])
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.delete_license_server_endpoint(LicenseServerEndpointArn=arn,
                                                   ServerType="RDS_SAL")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.list_tags_for_resource(ResourceArn=arn)
        # A new endpoint for the same identity provider is another one.
        self.assertNotEqual(self.create(p["IdentityProviderArn"]), arn)

    def test_delete_unknown_endpoint(self):
        arn = (f"arn:aws:license-manager-user-subscriptions:{REGION}:{self.account}:"
               f"license-server-endpoint/{uuid.uuid4().hex}")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.delete_license_server_endpoint(LicenseServerEndpointArn=arn,
                                                   ServerType="RDS_SAL")

    def test_tags_by_the_endpoint_arn(self):
        p = self.register(product=RDS)
        arn = self.create(p["IdentityProviderArn"], Tags={"team": "a"})
        self.ok("tag_resource", ResourceArn=arn, Tags={"env": "dev", "team": "b"})
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"],
                         {"env": "dev", "team": "b"})
        self.ok("untag_resource", ResourceArn=arn, TagKeys=["team"])
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"],
                         {"env": "dev"})
        with self.assert_client_error("ValidationException"):
            self.lm.tag_resource(ResourceArn=arn, Tags={f"k{i}": "v" for i in range(50)})

    def test_deregistering_an_identity_provider_with_an_endpoint_conflicts(self):
        p = self.register(product=RDS)
        arn = self.create(p["IdentityProviderArn"])
        with self.assert_client_error("ConflictException", status=500):
            self.lm.deregister_identity_provider(IdentityProviderArn=p["IdentityProviderArn"])
        self.ok("delete_license_server_endpoint", LicenseServerEndpointArn=arn,
                ServerType="RDS_SAL")
        self.ok("deregister_identity_provider", IdentityProviderArn=p["IdentityProviderArn"])

    def test_state_is_partitioned_by_account_and_region(self):
        p = self.register(product=RDS)
        self.create(p["IdentityProviderArn"])
        other_region = self.client(SERVICE, region="eu-central-1", access_key=self.account)
        self.assertEqual(other_region.list_license_server_endpoints()["LicenseServerEndpoints"],
                         [])


class HealthTests(EndpointTestCase):
    def test_health_lists_every_operation_of_the_model(self):
        health = self.raw("GET", "/_junction/health").json()["services"][SERVICE]
        self.assertEqual(sorted(health["operations"]),
                         sorted(service_model(SERVICE).operation_names))
        self.assertEqual((len(health["operations"]), health["modelOperations"]), (17, 17))


class ProvisioningDelayTests(EndpointTestCase):
    server_args = ["--lmus-delay-ms", "600"]

    def test_provisioning_then_provisioned(self):
        p = self.register(product=RDS)
        arn = self.create(p["IdentityProviderArn"])
        [e] = self.endpoints()
        self.assertEqual(e["LicenseServerEndpointProvisioningStatus"], "PROVISIONING")
        self.assertNotIn("ServerEndpoint", e)
        self.assertEqual([(s["ProvisioningStatus"], s["HealthStatus"]) for s in
                          e["LicenseServers"]], [("PROVISIONING", "NOT_APPLICABLE")])
        time.sleep(0.7)
        [e] = self.endpoints()
        self.assertEqual(e["LicenseServerEndpointArn"], arn)
        self.assertEqual(e["LicenseServerEndpointProvisioningStatus"], "PROVISIONED")
        self.assertIn("ServerEndpoint", e)


class EndpointCliTests(EndpointTestCase):
    def cli_lm(self, *args):
        return self.cli("license-manager-user-subscriptions", *args, access_key=self.account,
                        region=REGION)

    def test_create_list_delete(self):
        p = self.register(product=RDS)
        rc, out, err = self.cli_lm("create-license-server-endpoint", "--identity-provider-arn",
                                   p["IdentityProviderArn"], "--license-server-settings",
                                   json.dumps(rds_settings()), "--tags", "team=a")
        self.assertEqual(rc, 0, err)
        arn = out["LicenseServerEndpointArn"]
        rc, out, err = self.cli_lm("list-license-server-endpoints", "--filters",
                                   f"Attribute=IdentityProviderArn,Operation=eq,"
                                   f"Value={p['IdentityProviderArn']}")
        self.assertEqual(rc, 0, err)
        self.assertEqual([e["LicenseServerEndpointArn"] for e in out["LicenseServerEndpoints"]],
                         [arn])
        rc, out, err = self.cli_lm("delete-license-server-endpoint",
                                   "--license-server-endpoint-arn", arn, "--server-type",
                                   "RDS_SAL")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["LicenseServerEndpoint"]["LicenseServerEndpointProvisioningStatus"],
                         "DELETING")
        rc, out, err = self.cli_lm("delete-license-server-endpoint",
                                   "--license-server-endpoint-arn", arn, "--server-type",
                                   "RDS_SAL")
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)

    def test_create_for_an_unknown_identity_provider_fails(self):
        arn = (f"arn:aws:license-manager-user-subscriptions:{REGION}:{self.account}:"
               f"identity-provider/{uuid.uuid4().hex}")
        rc, out, err = self.cli_lm("create-license-server-endpoint", "--identity-provider-arn",
                                   arn, "--license-server-settings", json.dumps(rds_settings()))
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)



if __name__ == "__main__":
    import unittest
    unittest.main()
