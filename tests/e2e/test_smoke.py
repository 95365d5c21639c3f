"""Smoke test: the health endpoint and each service's core operation once, through boto3.

Short on purpose: it is what docker/verify.sh runs against a container built from
docker/Dockerfile (JUNCTION_URL=http://127.0.0.1:PORT python3 -m unittest tests/e2e/test_smoke.py),
and it runs with every other e2e test against build/junction. Every test uses a fresh
account, so it can run against a server that already holds state.
"""

import json
import uuid

from junction_harness import HEALTH_PATH, JunctionTestCase, fresh_account

SERVICES = ("sso-admin", "appstream", "finspace-data", "license-manager-user-subscriptions")


class SmokeTest(JunctionTestCase):
    def setUp(self):
        super().setUp()
        self.account = fresh_account()

    def api(self, service, region="us-east-1"):
        client = self.client(service, region=region, access_key=self.account)

        def call(operation, **params):
            resp = getattr(client, operation)(**params)
            self.assert_output_shape(service, operation, resp)
            return resp

        return call

    def test_health(self):
        resp = self.raw("GET", HEALTH_PATH)
        self.assertEqual(resp.status, 200, resp)
        health = resp.json()
        self.assertEqual(health["status"], "ok")
        for service in SERVICES:
            self.assertTrue(health["services"][service]["operations"], service)

    def test_sso_admin_delete_account_assignment(self):
        sso = self.api("sso-admin")
        instance = sso("list_instances")["Instances"][0]["InstanceArn"]
        store = sso("list_instances")["Instances"][0]["IdentityStoreId"]
        user = self.api("identitystore")(
            "create_user", IdentityStoreId=store, UserName="smoke", DisplayName="Smoke Test",
            Name={"GivenName": "Smoke", "FamilyName": "Test"})["UserId"]
        ps = sso("create_permission_set", InstanceArn=instance, Name="Smoke")["PermissionSet"]
        assignment = dict(InstanceArn=instance, TargetId="111122223333", TargetType="AWS_ACCOUNT",
                          PermissionSetArn=ps["PermissionSetArn"], PrincipalType="USER",
                          PrincipalId=user)
        sso("create_account_assignment", **assignment)
        status = sso("delete_account_assignment",
                     **assignment)["AccountAssignmentDeletionStatus"]
        described = sso("describe_account_assignment_deletion_status", InstanceArn=instance,
                        AccountAssignmentDeletionRequestId=status["RequestId"])
        self.assertEqual(described["AccountAssignmentDeletionStatus"]["Status"], "SUCCEEDED")

    def test_appstream_batch_disassociate_user_stack(self):
        appstream = self.api("appstream")
        appstream("create_stack", Name="smoke")
        appstream("create_user", UserName="smoke@example.com", AuthenticationType="USERPOOL")
        association = {"StackName": "smoke", "UserName": "smoke@example.com",
                       "AuthenticationType": "USERPOOL"}
        self.assertEqual(appstream("batch_associate_user_stack",
                                   UserStackAssociations=[association])["errors"], [])
        self.assertEqual(appstream("batch_disassociate_user_stack",
                                   UserStackAssociations=[association])["errors"], [])
        listed = appstream("describe_user_stack_associations", StackName="smoke")
        self.assertEqual(listed.get("UserStackAssociations", []), [])

    def test_finspace_data_associate_and_disassociate(self):
        fs = self.api("finspace-data")
        user = fs("create_user", emailAddress="smoke@example.com", type="APP_USER")["userId"]
        group = fs("create_permission_group", name="smoke",
                   applicationPermissions=["AccessNotebooks"])["permissionGroupId"]
        self.assertEqual(fs("associate_user_to_permission_group", permissionGroupId=group,
                            userId=user)["statusCode"], 200)
        self.assertEqual(fs("disassociate_user_from_permission_group", permissionGroupId=group,
                            userId=user)["statusCode"], 200)

    def test_license_manager_user_subscriptions_disassociate_user(self):
        region = "us-west-2"
        instance = "i-" + uuid.uuid4().hex[:17]
        # EC2 instances have no API here: they are seeded through the control plane.
        state = {"version": 1, "tables": {"lmus_instances": [{
            "account": self.account, "region": region, "instance_id": instance,
            "products": json.dumps(["VISUAL_STUDIO_ENTERPRISE"])}]}}
        resp = self.raw("POST", "/_junction/state", body=json.dumps(state),
                        headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 200, resp)
        lm = self.api("license-manager-user-subscriptions", region=region)
        provider = {"ActiveDirectoryIdentityProvider": {"DirectoryId": "d-" + uuid.uuid4().hex[:10]}}
        lm("register_identity_provider", IdentityProvider=provider,
           Product="VISUAL_STUDIO_ENTERPRISE")
        user = lm("associate_user", Username="smoke", InstanceId=instance,
                  IdentityProvider=provider)["InstanceUserSummary"]
        done = lm("disassociate_user",
                  InstanceUserArn=user["InstanceUserArn"])["InstanceUserSummary"]
        self.assertEqual(done["Status"], "DISASSOCIATED")
