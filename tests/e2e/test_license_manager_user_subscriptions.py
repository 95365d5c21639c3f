"""License Manager User Subscriptions (SPEC §5) through boto3 and the AWS CLI.

EC2 instances cannot be created through this API. Tests that need them seed rows of the
`lmus_instances` table through the control plane's state import (POST /_junction/state); when
the server has no such endpoint (404) those tests are skipped, saying so.
"""

import json
import re
import uuid

import boto3
from botocore.config import Config

from junction_harness import (DUMMY_SECRET, JunctionTestCase, _stash_raw_response,
                              fresh_account)

SERVICE = "license-manager-user-subscriptions"
REGION = "us-west-2"
VS = "VISUAL_STUDIO_ENTERPRISE"
OFFICE = "OFFICE_PROFESSIONAL_PLUS"
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
STATE_PATH = "/_junction/state"


def ad(directory_id):
    return {"ActiveDirectoryIdentityProvider": {"DirectoryId": directory_id}}


def new_directory():
    return "d-" + uuid.uuid4().hex[:10]


def new_instance_id():
    return "i-" + uuid.uuid4().hex[:17]


class LmusTestCase(JunctionTestCase):
    def setUp(self):
        super().setUp()
        self.account = fresh_account()  # a 12-digit access key id is the account
        self.lm = self.client(SERVICE, region=REGION, access_key=self.account)
        self.directory = new_directory()
        self.provider = ad(self.directory)

    # -- helpers
    def arn_re(self, kind):
        return re.compile(rf"^arn:aws:license-manager-user-subscriptions:{REGION}:"
                          rf"{self.account}:{kind}/[A-Za-z0-9.-]+$")

    def ok(self, operation, **params):
        resp = getattr(self.lm, operation)(**params)
        self.assert_output_shape(SERVICE, operation, resp)
        return resp

    def register(self, directory=None, product=VS, **extra):
        resp = self.ok("register_identity_provider",
                       IdentityProvider=ad(directory or self.directory), Product=product, **extra)
        return resp["IdentityProviderSummary"]

    def seed_instances(self, *instance_ids, products=(VS,), **columns):
        """Seeds instances of this test's account+region via the state import; skips the test
        when the server has none."""
        rows = [dict({"account": self.account, "region": REGION, "instance_id": i,
                      "products": json.dumps(list(products))}, **columns)
                for i in instance_ids]
        body = json.dumps({"version": 1, "tables": {"lmus_instances": rows}})
        resp = self.raw("POST", STATE_PATH, body=body,
                        headers={"Content-Type": "application/json"})
        if resp.status in (404, 405, 501):
            self.skipTest(f"needs seeded EC2 instances, but POST {STATE_PATH} (the control "
                          f"plane's state import) answered {resp.status}: not available in this "
                          "build")
        self.assertIn(resp.status, (200, 201, 204), f"state import failed: {resp!r}")
        return list(instance_ids)

    def associate(self, username, instance_id, directory=None, **extra):
        resp = self.ok("associate_user", Username=username, InstanceId=instance_id,
                       IdentityProvider=ad(directory or self.directory), **extra)
        return resp["InstanceUserSummary"]

    def associated_users(self, instance_id, directory=None, **extra):
        resp = self.ok("list_user_associations", InstanceId=instance_id,
                       IdentityProvider=ad(directory or self.directory), **extra)
        return sorted(s["Username"] for s in resp["InstanceUserSummaries"])

    def retrying_client(self):
        """A client as users have one: botocore's standard retries on (HTTP 500 included)."""
        client = boto3.session.Session().client(
            SERVICE, region_name=REGION, endpoint_url=self.url,
            aws_access_key_id=self.account, aws_secret_access_key=DUMMY_SECRET,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}))
        client.meta.events.register("after-call", _stash_raw_response)
        return client


class IdentityProviderTests(LmusTestCase):
    def test_register_returns_every_required_member(self):
        s = self.register()
        self.assertEqual(s["Status"], "REGISTERED")
        self.assertEqual(s["Product"], VS)
        self.assertEqual(s["IdentityProvider"], self.provider)
        self.assertEqual(s["OwnerAccountId"], self.account)
        self.assertRegex(s["IdentityProviderArn"], self.arn_re("identity-provider"))
        self.assertTrue(s["Settings"]["Subnets"])
        self.assertTrue(s["Settings"]["SecurityGroupId"].startswith("sg-"))

    def test_register_keeps_settings_and_is_idempotent(self):
        settings = {"Subnets": ["subnet-0123456789abcdef0"], "SecurityGroupId": "sg-0123456789abcdef0"}
        first = self.register(product=OFFICE, Settings=settings, Tags={"team": "a"})
        self.assertEqual(first["Settings"], settings)
        again = self.register(product=OFFICE, Settings=settings)
        self.assertEqual(again, first)
        # The same directory with extra details is still the same identity provider.
        detailed = {"ActiveDirectoryIdentityProvider": {"DirectoryId": self.directory,
                                                        "ActiveDirectoryType": "AWS_MANAGED"}}
        resp = self.ok("register_identity_provider", IdentityProvider=detailed, Product=OFFICE)
        self.assertEqual(resp["IdentityProviderSummary"]["IdentityProviderArn"],
                         first["IdentityProviderArn"])
        # Another product is another registration.
        self.assertNotEqual(self.register(product=VS)["IdentityProviderArn"],
                            first["IdentityProviderArn"])

    def test_register_with_other_settings_conflicts_with_500(self):
        self.register(product=OFFICE, Settings={"Subnets": ["subnet-aaaaaaaa"],
                                                "SecurityGroupId": "sg-11111111"})
        with self.assert_client_error("ConflictException", status=500):
            self.lm.register_identity_provider(
                IdentityProvider=self.provider, Product=OFFICE,
                Settings={"Subnets": ["subnet-bbbbbbbb"], "SecurityGroupId": "sg-11111111"})

    def test_register_unknown_product(self):
        with self.assert_client_error("ValidationException", message_contains="enum value set"):
            self.lm.register_identity_provider(IdentityProvider=self.provider, Product="WORD")

    def test_list_filters_and_pages(self):
        directories = [new_directory() for _ in range(3)]
        for d in directories:
            self.register(d, VS)
            self.register(d, OFFICE)
        items, pages = self.paginate(self.lm, "list_identity_providers",
                                     "IdentityProviderSummaries", 4, SERVICE)
        self.assertEqual(len(items), 6)
        self.assertEqual(pages, 2)
        self.assertEqual(len({s["IdentityProviderArn"] for s in items}), 6)
        resp = self.ok("list_identity_providers",
                       Filters=[{"Attribute": "DirectoryId", "Operation": "eq",
                                 "Value": directories[1]},
                                {"Attribute": "Product", "Operation": "eq", "Value": OFFICE}])
        self.assertEqual([(s["IdentityProvider"]["ActiveDirectoryIdentityProvider"]["DirectoryId"],
                           s["Product"]) for s in resp["IdentityProviderSummaries"]],
                         [(directories[1], OFFICE)])
        # The boto3 paginator follows NextToken too.
        paginator = self.lm.get_paginator("list_identity_providers")
        total = sum(len(p["IdentityProviderSummaries"])
                    for p in paginator.paginate(PaginationConfig={"PageSize": 5}))
        self.assertEqual(total, 6)
        with self.assert_client_error("ValidationException"):
            self.lm.list_identity_providers(Filters=[{"Attribute": "Colour", "Value": "x"}])
        with self.assert_client_error("ValidationException"):
            self.lm.list_identity_providers(NextToken="not-a-token")

    def test_deregister_by_arn_then_it_is_gone(self):
        s = self.register()
        resp = self.ok("deregister_identity_provider", IdentityProviderArn=s["IdentityProviderArn"])
        gone = resp["IdentityProviderSummary"]
        self.assertEqual(gone["Status"], "DEREGISTERED")
        self.assertEqual(gone["IdentityProviderArn"], s["IdentityProviderArn"])
        self.assertEqual(self.ok("list_identity_providers")["IdentityProviderSummaries"], [])
        # Deregistering again is an error at once, by either form, as for one never registered.
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.deregister_identity_provider(IdentityProviderArn=s["IdentityProviderArn"])
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.deregister_identity_provider(IdentityProvider=self.provider, Product=VS)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.list_tags_for_resource(ResourceArn=s["IdentityProviderArn"])

    def test_deregister_by_identity_provider_and_product(self):
        self.register(product=VS)
        office = self.register(product=OFFICE)
        resp = self.ok("deregister_identity_provider", IdentityProvider=self.provider, Product=VS)
        self.assertEqual(resp["IdentityProviderSummary"]["Product"], VS)
        left = self.ok("list_identity_providers")["IdentityProviderSummaries"]
        self.assertEqual([p["IdentityProviderArn"] for p in left], [office["IdentityProviderArn"]])

    def test_deregister_errors(self):
        s = self.register()
        with self.assert_client_error("ValidationException"):
            self.lm.deregister_identity_provider()
        with self.assert_client_error("ValidationException"):
            self.lm.deregister_identity_provider(IdentityProvider=self.provider)
        with self.assert_client_error("ValidationException"):
            self.lm.deregister_identity_provider(IdentityProviderArn=s["IdentityProviderArn"],
                                                 Product=OFFICE)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.deregister_identity_provider(IdentityProvider=ad(new_directory()), Product=VS)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.deregister_identity_provider(
                IdentityProviderArn=s["IdentityProviderArn"][:-4] + "0000")

    def test_update_identity_provider_settings(self):
        s = self.register(product=OFFICE, Settings={"Subnets": ["subnet-aaaaaaaa", "subnet-bbbbbbbb"],
                                                    "SecurityGroupId": "sg-11111111"})
        resp = self.ok("update_identity_provider_settings",
                       IdentityProviderArn=s["IdentityProviderArn"],
                       UpdateSettings={"AddSubnets": ["subnet-cccccccc"],
                                       "RemoveSubnets": ["subnet-aaaaaaaa"],
                                       "SecurityGroupId": "sg-22222222"})
        self.assertEqual(resp["IdentityProviderSummary"]["Settings"],
                         {"Subnets": ["subnet-bbbbbbbb", "subnet-cccccccc"],
                          "SecurityGroupId": "sg-22222222"})
        with self.assert_client_error("ValidationException"):
            self.lm.update_identity_provider_settings(
                IdentityProvider=ad(new_directory()), Product=OFFICE,
                UpdateSettings={"AddSubnets": [], "RemoveSubnets": []})

    def test_tags(self):
        s = self.register(Tags={"team": "a"})
        arn = s["IdentityProviderArn"]
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"], {"team": "a"})
        self.ok("tag_resource", ResourceArn=arn, Tags={"env": "dev"})
        self.ok("untag_resource", ResourceArn=arn, TagKeys=["team"])
        self.assertEqual(self.ok("list_tags_for_resource", ResourceArn=arn)["Tags"], {"env": "dev"})
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.list_tags_for_resource(ResourceArn=arn[:-4] + "0000")

    def test_state_is_partitioned_by_account_and_region(self):
        self.register()
        other_region = self.client(SERVICE, region="eu-west-1", access_key=self.account)
        self.assertEqual(other_region.list_identity_providers()["IdentityProviderSummaries"], [])
        other_account = self.client(SERVICE, region=REGION, access_key=fresh_account())
        self.assertEqual(other_account.list_identity_providers()["IdentityProviderSummaries"], [])


class InstanceTests(LmusTestCase):
    def test_list_instances_empty_without_seed(self):
        resp = self.ok("list_instances")
        self.assertEqual(resp.get("InstanceSummaries", []), [])

    def test_list_seeded_instances_filtered_and_paged(self):
        ids = sorted(new_instance_id() for _ in range(5))
        self.seed_instances(*ids[:4], products=(VS, OFFICE),
                            last_status_check_date="2026-01-01T00:00:00.000Z")
        self.seed_instances(ids[4], status="UNHEALTHY", status_message="SSM agent offline")
        items, pages = self.paginate(self.lm, "list_instances", "InstanceSummaries", 2, SERVICE)
        self.assertEqual([i["InstanceId"] for i in items], ids)
        self.assertEqual(pages, 3)
        first = items[0]
        self.assertEqual(first["Products"], [VS, OFFICE])
        self.assertEqual(first["Status"], "AVAILABLE")
        self.assertEqual(first["LastStatusCheckDate"], "2026-01-01T00:00:00.000Z")
        self.assertEqual(first["OwnerAccountId"], self.account)
        resp = self.ok("list_instances",
                       Filters=[{"Attribute": "Status", "Operation": "eq", "Value": "UNHEALTHY"}])
        self.assertEqual([(i["InstanceId"], i["StatusMessage"]) for i in resp["InstanceSummaries"]],
                         [(ids[4], "SSM agent offline")])
        resp = self.ok("list_instances",
                       Filters=[{"Attribute": "InstanceId", "Operation": "eq", "Value": ids[2]}])
        self.assertEqual([i["InstanceId"] for i in resp["InstanceSummaries"]], [ids[2]])


class UserAssociationTests(LmusTestCase):
    def test_associate_user(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        s = self.associate("alice", instance, Domain="corp.example.com", Tags={"k": "v"})
        self.assertEqual(s["Username"], "alice")
        self.assertEqual(s["InstanceId"], instance)
        self.assertEqual(s["IdentityProvider"], self.provider)
        self.assertEqual(s["Status"], "ASSOCIATED")
        self.assertEqual(s["Domain"], "corp.example.com")
        self.assertRegex(s["AssociationDate"], ISO_RE)
        self.assertRegex(s["InstanceUserArn"], self.arn_re("instance-user"))
        self.assertNotIn("DisassociationDate", s)
        self.assertEqual(self.ok("list_tags_for_resource",
                                 ResourceArn=s["InstanceUserArn"])["Tags"], {"k": "v"})

    def test_associate_unknown_instance(self):
        self.register()
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.associate_user(Username="alice", InstanceId=new_instance_id(),
                                   IdentityProvider=self.provider)

    def test_associate_unknown_identity_provider(self):
        [instance] = self.seed_instances(new_instance_id())
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.associate_user(Username="alice", InstanceId=instance,
                                   IdentityProvider=self.provider)

    def test_associate_again_returns_the_association(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        first = self.associate("alice", instance, Domain="corp.example.com")
        self.assertEqual(self.associate("alice", instance, Domain="corp.example.com"), first)
        self.assertEqual(self.associated_users(instance), ["alice"])
        # Associated as a user of another domain: a conflict (HTTP 500, as AWS documents).
        with self.assert_client_error("ConflictException", status=500):
            self.lm.associate_user(Username="alice", InstanceId=instance,
                                   IdentityProvider=self.provider, Domain="other.example.com")

    def test_disassociate_by_instance_user_arn(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        a = self.associate("alice", instance)
        self.associate("bob", instance)
        resp = self.ok("disassociate_user", InstanceUserArn=a["InstanceUserArn"])
        d = resp["InstanceUserSummary"]
        self.assertEqual(d["Status"], "DISASSOCIATED")
        self.assertRegex(d["DisassociationDate"], ISO_RE)
        for member in ("Username", "InstanceId", "IdentityProvider", "InstanceUserArn",
                       "AssociationDate"):
            self.assertEqual(d[member], a[member], member)
        self.assertEqual(self.associated_users(instance), ["bob"])
        # Disassociating again is an error at once, by either form.
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.disassociate_user(InstanceUserArn=a["InstanceUserArn"])
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.disassociate_user(Username="alice", InstanceId=instance,
                                      IdentityProvider=self.provider)

    def test_disassociate_by_username_instance_and_identity_provider(self):
        instance, other = self.seed_instances(new_instance_id(), new_instance_id())
        self.register()
        self.associate("alice", instance)
        self.associate("alice", other)
        resp = self.ok("disassociate_user", Username="alice", InstanceId=instance,
                       IdentityProvider=self.provider)
        self.assertEqual(resp["InstanceUserSummary"]["Status"], "DISASSOCIATED")
        self.assertIn("DisassociationDate", resp["InstanceUserSummary"])
        self.assertEqual(self.associated_users(instance), [])
        self.assertEqual(self.associated_users(other), ["alice"])

    def test_disassociate_errors(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        a = self.associate("alice", instance)
        with self.assert_client_error("ValidationException"):
            self.lm.disassociate_user()  # neither form
        with self.assert_client_error("ValidationException"):
            self.lm.disassociate_user(Username="alice", IdentityProvider=self.provider)
        with self.assert_client_error("ValidationException"):  # both forms, disagreeing
            self.lm.disassociate_user(InstanceUserArn=a["InstanceUserArn"], Username="bob",
                                      InstanceId=instance, IdentityProvider=self.provider)
        with self.assert_client_error("ValidationException"):  # an unknown ARN, alice's names
            self.lm.disassociate_user(InstanceUserArn=a["InstanceUserArn"][:-4] + "0000",
                                      Username="alice", InstanceId=instance,
                                      IdentityProvider=self.provider)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.disassociate_user(Username="bob", InstanceId=instance,
                                      IdentityProvider=self.provider)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.disassociate_user(InstanceUserArn=a["InstanceUserArn"][:-4] + "0000")
        self.assertEqual(self.associated_users(instance), ["alice"])

    def test_disassociate_unknown_without_seeded_instances(self):
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.disassociate_user(Username="alice", InstanceId=new_instance_id(),
                                      IdentityProvider=self.provider)
        arn = (f"arn:aws:license-manager-user-subscriptions:{REGION}:{self.account}:"
               f"instance-user/{uuid.uuid4().hex}")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.disassociate_user(InstanceUserArn=arn)

    def test_repeats_of_creating_calls_succeed_and_of_ending_calls_fail(self):
        [instance] = self.seed_instances(new_instance_id())
        client = self.retrying_client()
        for _ in range(2):
            client.register_identity_provider(IdentityProvider=self.provider, Product=VS)
        first = client.associate_user(Username="alice", InstanceId=instance,
                                      IdentityProvider=self.provider)
        second = client.associate_user(Username="alice", InstanceId=instance,
                                       IdentityProvider=self.provider)
        self.assertEqual(first["InstanceUserSummary"], second["InstanceUserSummary"])
        arn = first["InstanceUserSummary"]["InstanceUserArn"]
        done = client.disassociate_user(InstanceUserArn=arn)
        self.assert_output_shape(SERVICE, "DisassociateUser", done)
        for resp in (first, second, done):
            self.assertEqual(resp["ResponseMetadata"]["RetryAttempts"], 0)
        # A second revoke is the caller's bug: it is answered as such (404, not retried).
        with self.assertRaises(client.exceptions.ResourceNotFoundException) as cm:
            client.disassociate_user(InstanceUserArn=arn)
        self.assertEqual(cm.exception.response["ResponseMetadata"]["RetryAttempts"], 0)

    def test_a_retry_after_an_injected_fault_is_not_a_repeat(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        arn = self.associate("alice", instance)["InstanceUserArn"]
        rule = {"service": SERVICE, "operation": "DisassociateUser", "account": self.account,
                "error": {"type": "InternalServerException"}, "count": 1}
        resp = self.raw("POST", "/_junction/faults", body=json.dumps(rule),
                        headers={"Content-Type": "application/json"})
        self.assertIn(resp.status, (200, 201), resp)
        # The faulted attempt changed nothing (the rule is this account's, and fires once), so
        # the SDK's retry disassociates.
        done = self.retrying_client().disassociate_user(InstanceUserArn=arn)
        self.assertEqual(done["ResponseMetadata"]["RetryAttempts"], 1)
        self.assertEqual(done["InstanceUserSummary"]["Status"], "DISASSOCIATED")
        self.assertEqual(self.associated_users(instance), [])

    def test_list_user_associations_filters_and_pages(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        names = ["erin", "alice", "dave", "bob", "carol"]
        for n in names:
            self.associate(n, instance, Domain="corp.example.com" if n < "c" else "lab.example.com")
        items, pages = self.paginate(self.lm, "list_user_associations", "InstanceUserSummaries",
                                     2, SERVICE, InstanceId=instance,
                                     IdentityProvider=self.provider)
        self.assertEqual([i["Username"] for i in items], sorted(names))
        self.assertEqual(pages, 3)
        self.assertEqual(self.associated_users(instance, Filters=[
            {"Attribute": "Domain", "Operation": "eq", "Value": "corp.example.com"}]),
            ["alice", "bob"])
        self.assertEqual(self.associated_users(instance, Filters=[
            {"Attribute": "Username", "Operation": "eq", "Value": "dave"}]), ["dave"])
        self.assertEqual(len(self.associated_users(instance, Filters=[
            {"Attribute": "Status", "Operation": "eq", "Value": "ASSOCIATED"}])), 5)
        with self.assert_client_error("ValidationException"):
            self.lm.list_user_associations(InstanceId=instance, IdentityProvider=self.provider,
                                           Filters=[{"Attribute": "Product", "Value": VS}])
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.list_user_associations(InstanceId=new_instance_id(),
                                           IdentityProvider=self.provider)

    def test_deregister_with_associated_users_conflicts(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        a = self.associate("alice", instance)
        with self.assert_client_error("ConflictException", status=500):
            self.lm.deregister_identity_provider(IdentityProvider=self.provider, Product=VS)
        self.ok("disassociate_user", InstanceUserArn=a["InstanceUserArn"])
        self.ok("deregister_identity_provider", IdentityProvider=self.provider, Product=VS)


class ProductSubscriptionTests(LmusTestCase):
    def test_start_list_stop(self):
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.start_product_subscription(Username="alice", IdentityProvider=self.provider,
                                               Product=VS)
        self.register()
        s = self.ok("start_product_subscription", Username="alice",
                    IdentityProvider=self.provider, Product=VS)["ProductUserSummary"]
        self.assertEqual(s["Status"], "ACTIVE")
        self.assertRegex(s["SubscriptionStartDate"], ISO_RE)
        self.assertRegex(s["ProductUserArn"], self.arn_re("product-user"))
        self.ok("start_product_subscription", Username="bob", IdentityProvider=self.provider,
                Product=VS)
        items, _ = self.paginate(self.lm, "list_product_subscriptions", "ProductUserSummaries", 1,
                                 SERVICE, IdentityProvider=self.provider, Product=VS)
        self.assertEqual(sorted(i["Username"] for i in items), ["alice", "bob"])
        stopped = self.ok("stop_product_subscription",
                          ProductUserArn=s["ProductUserArn"])["ProductUserSummary"]
        self.assertEqual(stopped["Status"], "INACTIVE")
        self.assertRegex(stopped["SubscriptionEndDate"], ISO_RE)
        # Stopping again is an error at once, by either form.
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.stop_product_subscription(ProductUserArn=s["ProductUserArn"])
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.stop_product_subscription(Username="alice", IdentityProvider=self.provider,
                                              Product=VS)
        resp = self.ok("list_product_subscriptions", IdentityProvider=self.provider)
        self.assertEqual([i["Username"] for i in resp["ProductUserSummaries"]], ["bob"])
        with self.assert_client_error("ValidationException"):
            self.lm.stop_product_subscription(Username="bob")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.lm.stop_product_subscription(Username="carol", IdentityProvider=self.provider,
                                              Product=VS)


class ServerSideValidationTests(LmusTestCase):
    """With botocore's parameter validation off, the server validates against the model."""

    def setUp(self):
        super().setUp()
        self.raw_lm = self.client(SERVICE, region=REGION, access_key=self.account, validate=False)

    def test_missing_required_member(self):
        with self.assert_client_error("ValidationException",
                                      message_contains="at 'username' failed to satisfy "
                                                       "constraint: Member must not be null"):
            self.raw_lm.associate_user(InstanceId="i-1", IdentityProvider=self.provider)

    def test_directory_id_pattern(self):
        with self.assert_client_error("ValidationException",
                                      message_contains="regular expression pattern"):
            self.raw_lm.register_identity_provider(IdentityProvider=ad("directory-1"), Product=VS)

    def test_union_with_no_member(self):
        with self.assert_client_error("ValidationException",
                                      message_contains="exactly one of its members"):
            self.raw_lm.list_user_associations(InstanceId="i-1", IdentityProvider={})

    def test_security_group_and_subnets(self):
        with self.assert_client_error("ValidationException",
                                      message_contains=("3 validation errors detected",
                                                        "'settings.subnets'",
                                                        "'settings.securityGroupId'")):
            self.raw_lm.register_identity_provider(
                IdentityProvider=self.provider, Product=VS,
                Settings={"Subnets": [], "SecurityGroupId": "sg-1"})

    def test_instance_user_arn_pattern(self):
        with self.assert_client_error("ValidationException", message_contains="instanceUserArn"):
            self.raw_lm.disassociate_user(InstanceUserArn="not-an-arn")

    def test_max_results_below_one(self):
        with self.assert_client_error("ValidationException", message_contains="maxResults"):
            self.raw_lm.list_instances(MaxResults=0)

    def test_malformed_json_body(self):
        resp = self.raw("POST", "/user/AssociateUser", body=b"{not json",
                        headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.headers.get("x-amzn-ErrorType", "").split(":")[0],
                         "SerializationException")


class CliTests(LmusTestCase):
    def cli_lm(self, *args):
        return self.cli("license-manager-user-subscriptions", *args, access_key=self.account,
                        region=REGION)

    def test_register_list_deregister(self):
        rc, out, err = self.cli_lm("register-identity-provider", "--identity-provider",
                                   json.dumps(self.provider), "--product", VS)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["IdentityProviderSummary"]["Status"], "REGISTERED")
        rc, out, err = self.cli_lm("list-identity-providers")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out["IdentityProviderSummaries"]), 1)
        rc, out, err = self.cli_lm("deregister-identity-provider", "--identity-provider",
                                   json.dumps(self.provider), "--product", VS)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["IdentityProviderSummary"]["Status"], "DEREGISTERED")

    def test_associate_list_disassociate(self):
        [instance] = self.seed_instances(new_instance_id())
        self.register()
        rc, out, err = self.cli_lm("list-instances")
        self.assertEqual(rc, 0, err)
        self.assertEqual([i["InstanceId"] for i in out["InstanceSummaries"]], [instance])
        rc, out, err = self.cli_lm("associate-user", "--username", "alice", "--instance-id",
                                   instance, "--identity-provider", json.dumps(self.provider))
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["InstanceUserSummary"]["Status"], "ASSOCIATED")
        rc, out, err = self.cli_lm("list-user-associations", "--instance-id", instance,
                                   "--identity-provider", json.dumps(self.provider))
        self.assertEqual(rc, 0, err)
        self.assertEqual([u["Username"] for u in out["InstanceUserSummaries"]], ["alice"])
        rc, out, err = self.cli_lm("disassociate-user", "--username", "alice", "--instance-id",
                                   instance, "--identity-provider", json.dumps(self.provider))
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["InstanceUserSummary"]["Status"], "DISASSOCIATED")

    def test_disassociate_unknown_user_fails(self):
        rc, out, err = self.cli_lm("disassociate-user", "--username", "alice", "--instance-id",
                                   new_instance_id(), "--identity-provider",
                                   json.dumps(self.provider))
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)


if __name__ == "__main__":
    import unittest
    unittest.main()
