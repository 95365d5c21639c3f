"""Security: strict mode (--verify-signatures --credentials), account isolation, the control
plane's guard, the loopback default, secrets kept out of state and logs, and hostile strings
stored and read back intact (docs/security.md).

Requests are signed by the real SDKs: boto3, the AWS CLI, and botocore's SigV4Auth /
SigV4QueryAuth for requests that are then altered and sent with http.client.
"""

import contextlib
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import uuid
from unittest import mock

import boto3
import botocore
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from junction_harness import (HEALTH_PATH, JunctionServer, JunctionTestCase, _stash_raw_response,
                              free_port, http_request, junction_bin, wait_for)

ADMIN_TOKEN = "admin-" + uuid.uuid4().hex
REGION = "us-east-1"

# Each access key acts in the account the file gives it, whatever its digits say.
KEY_A = ("AKIDACCOUNTA00001", "secret/A+" + uuid.uuid4().hex, "111111111111")
KEY_B = ("AKIDACCOUNTB00001", "secret/B+" + uuid.uuid4().hex, "222222222222")
KEY_DIGITS = ("333333333333", "secret-digits-" + uuid.uuid4().hex, "444444444444")
KEY_EXAMPLE = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "555555555555")
ALL_KEYS = (KEY_A, KEY_B, KEY_DIGITS, KEY_EXAMPLE)

SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.")
UNKNOWN_KEY = "The security token included in the request is invalid."
EXPIRED_RE = re.compile(r"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z "
                        r"\(\d{8}T\d{6}Z - 15 min\.\)$")
NOT_YET_RE = re.compile(r"^Signature not yet current: \d{8}T\d{6}Z is still later than "
                        r"\d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$")

# Strings that would break SQL built by concatenation, or a careless encoder.
HOSTILE = [
    "'; DROP TABLE sso_permission_sets; --",
    "Robert'); DELETE FROM appstream_stacks WHERE ('1'='1",
    "100% \\ back\\slash \"double\" 'single' `tick` %s %d %n _ %%",
    "unicode: é ß ø ¿ ¡",
]
WIDE_UNICODE = "名前 ✓ 🙂 Ω ‮ \u00a0end"  # NUL-free, beyond Latin-1


def write_credentials(directory, keys=ALL_KEYS):
    path = os.path.join(directory, "credentials.json")
    with open(path, "w") as f:
        json.dump([{"accessKeyId": k, "secretAccessKey": s, "accountId": a} for k, s, a in keys],
                  f)
    os.chmod(path, 0o600)
    return path


def shifted_clock(minutes):
    """Patch botocore's clock (the time it signs with) by `minutes`."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return mock.patch("botocore.auth.get_current_datetime",
                      return_value=now + datetime.timedelta(minutes=minutes))


def sign(url, method, path, key, service, body=b"", headers=None, region=REGION, presign=None):
    """A request signed by botocore, ready to be altered: (path with query, headers, body)."""
    request = AWSRequest(method=method, url=url + path, data=body, headers=dict(headers or {}))
    credentials = Credentials(key[0], key[1])
    if presign is None:
        SigV4Auth(credentials, service, region).add_auth(request)
    else:
        SigV4QueryAuth(credentials, service, region, expires=presign).add_auth(request)
    parts = urllib.parse.urlsplit(request.url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    return target, dict(request.headers.items()), request.body or b""


class StrictTestCase(JunctionTestCase):
    """One server in strict mode for the class, its control plane behind ADMIN_TOKEN."""

    @classmethod
    def setUpClass(cls):
        cls._dir = tempfile.mkdtemp(prefix="junction-security-")
        cls.credentials_file = write_credentials(cls._dir)
        cls.server_args = ["--verify-signatures", "--credentials", cls.credentials_file,
                           "--admin-token", ADMIN_TOKEN, "--log-level", "debug"]
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls._dir, ignore_errors=True)

    def signed_client(self, service, key, secret=None, region=REGION, **config):
        client = boto3.session.Session().client(
            service, region_name=region, endpoint_url=self.url, aws_access_key_id=key[0],
            aws_secret_access_key=key[1] if secret is None else secret,
            config=Config(retries={"max_attempts": 1}, **config))
        client.meta.events.register("after-call", _stash_raw_response)
        return client

    def admin(self, method, path, body=b""):
        return self.raw(method, path, body=body,
                        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    def send(self, method, target, headers, body=b""):
        return self.raw(method, target, body=body, headers=headers)

    def assert_denied(self, response, code, protocol, message=None):
        """A raw 403/400 answer in the protocol's error format."""
        self.assertEqual(response.status, 400 if code == "IncompleteSignatureException" else 403,
                         response)
        self.assertEqual(response.headers.get("x-amzn-ErrorType"), code)
        self.assert_request_id(response.headers)
        body = response.json()
        if protocol == "json":
            self.assertTrue(response.headers.get("content-type").startswith(
                "application/x-amz-json-1.1"))
            self.assertEqual(body["__type"], code)
            text = body["Message"]
        else:
            self.assertTrue(response.headers.get("content-type").startswith("application/json"))
            text = body["message"]
        if message is not None:
            self.assertEqual(text, message)
        return text

    def cli_as(self, key, secret, *args):
        aws = shutil.which("aws")
        if aws is None:
            self.skipTest("AWS CLI (aws) not installed")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "JUNCTION_"))}
        env.update(AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
                   AWS_PAGER="", AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard")
        proc = subprocess.run([aws, "--endpoint-url", self.url, "--region", REGION, "--output",
                               "json", *args], env=env, capture_output=True, text=True,
                              timeout=60)
        return proc.returncode, proc.stdout, proc.stderr


# One call per service that needs no prior state.
PROBES = [
    ("sso-admin", "ListInstances", lambda c: c.list_instances()),
    ("appstream", "DescribeStacks", lambda c: c.describe_stacks()),
    ("finspace-data", "ListUsers", lambda c: c.list_users(maxResults=10)),
    ("license-manager-user-subscriptions", "ListIdentityProviders",
     lambda c: c.list_identity_providers()),
]


class SignatureTest(StrictTestCase):
    def test_right_secret_is_accepted_by_every_service(self):
        for service, operation, call in PROBES:
            with self.subTest(service=service):
                resp = call(self.signed_client(service, KEY_A))
                self.assert_output_shape(service, operation, resp)

    def test_wrong_secret_is_invalid_signature(self):
        for service, _, call in PROBES:
            with self.subTest(service=service):
                with self.assert_client_error("InvalidSignatureException", status=403,
                                              message_contains=SIGNATURE_MISMATCH):
                    call(self.signed_client(service, KEY_A, secret=KEY_B[1]))

    def test_unknown_key_is_unrecognized_client(self):
        for service, _, call in PROBES:
            with self.subTest(service=service):
                with self.assert_client_error("UnrecognizedClientException", status=403,
                                              message_contains=UNKNOWN_KEY):
                    call(self.signed_client(service, ("AKIDNOTLISTED0001", "x")))

    def test_unsigned_requests_are_missing_a_token(self):
        for service, _, call in PROBES:
            with self.subTest(service=service):
                client = self.signed_client(service, KEY_A, signature_version=botocore.UNSIGNED)
                with self.assert_client_error("MissingAuthenticationTokenException", status=403,
                                              message_contains="Request is missing "
                                                               "Authentication Token"):
                    call(client)
        raw = self.raw_json("SWBExternalService.ListInstances", {})
        self.assert_denied(raw, "MissingAuthenticationTokenException", "json",
                           "Request is missing Authentication Token")
        raw = self.raw("GET", "/user")
        self.assert_denied(raw, "MissingAuthenticationTokenException", "rest-json")

    def test_other_schemes_are_incomplete_signatures(self):
        raw = self.raw_json("SWBExternalService.ListInstances", {},
                            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        text = self.assert_denied(raw, "IncompleteSignatureException", "json")
        self.assertNotIn(ADMIN_TOKEN, text)

    def test_the_account_is_the_credentials_files_not_the_keys_digits(self):
        for key in (KEY_A, KEY_DIGITS):
            resp = self.signed_client("sso-admin", key).list_instances()
            self.assertEqual(resp["Instances"][0]["OwnerAccountId"], key[2])
        lm = self.signed_client("license-manager-user-subscriptions", KEY_DIGITS)
        summary = lm.register_identity_provider(
            IdentityProvider={"ActiveDirectoryIdentityProvider": {
                "DirectoryId": "d-" + uuid.uuid4().hex[:10]}},
            Product="VISUAL_STUDIO_ENTERPRISE")["IdentityProviderSummary"]
        self.assertIn(":444444444444:", summary["IdentityProviderArn"])
        # The journal records the account the call acted in.
        entries = self.admin("GET", "/_junction/requests?operation=RegisterIdentityProvider").json()
        self.assertIn("444444444444", {e["account"] for e in entries["entries"]})
        self.assertNotIn("333333333333", {e["account"] for e in entries["entries"]})

    def test_other_regions_sign_and_are_partitioned(self):
        west = self.signed_client("appstream", KEY_A, region="eu-west-1")
        name = "west-" + uuid.uuid4().hex[:8]
        west.create_stack(Name=name)
        names = {s["Name"] for s in self.signed_client("appstream", KEY_A).describe_stacks()
                 ["Stacks"]}
        self.assertNotIn(name, names)

    def test_clock_skew_of_more_than_15_minutes(self):
        for service, _, call in PROBES:
            with self.subTest(service=service):
                client = self.signed_client(service, KEY_A)
                with shifted_clock(-20):
                    with self.assert_client_error("InvalidSignatureException",
                                                  status=403) as cm:
                        call(client)
                self.assertRegex(cm.exception.response["Error"]["Message"], EXPIRED_RE)
                with shifted_clock(+20):
                    with self.assert_client_error("InvalidSignatureException",
                                                  status=403) as cm:
                        call(client)
                self.assertRegex(cm.exception.response["Error"]["Message"], NOT_YET_RE)
                with shifted_clock(-10):
                    call(client)
                with shifted_clock(+10):
                    call(client)

    def test_aws_cli_signs_with_the_right_secret_only(self):
        key, secret, account = KEY_EXAMPLE
        code, out, err = self.cli_as(key, secret, "sso-admin", "list-instances")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["Instances"][0]["OwnerAccountId"], account)
        code, out, err = self.cli_as(key, secret, "finspace-data", "list-users",
                                     "--max-results", "5")
        self.assertEqual(code, 0, err)
        code, out, err = self.cli_as(key, "wrong-secret", "appstream", "describe-stacks")
        self.assertNotEqual(code, 0)
        self.assertIn("InvalidSignatureException", err)
        code, out, err = self.cli_as("AKIDNOTLISTED0001", secret, "license-manager-user-subscriptions",
                                     "list-identity-providers")
        self.assertNotEqual(code, 0)
        self.assertIn("UnrecognizedClientException", err)
        # A label that needs encoding, in a DELETE with a query string: the signature verifies and
        # the operation runs (the group does not exist).
        code, out, err = self.cli_as(key, secret, "finspace-data", "delete-permission-group",
                                     "--permission-group-id", "a b/c%d?e&f=g'h")
        self.assertNotEqual(code, 0)
        self.assertIn("ResourceNotFoundException", err)
        self.assertNotIn("Signature", err)


class RestJsonEncodingTest(StrictTestCase):
    """restJson1 paths and query strings: the SDK encodes labels, then signs the encoded path
    once more; Junction must build the same canonical request."""

    def test_finspace_delete_with_query_and_labels_needing_encoding(self):
        fs = self.signed_client("finspace-data", KEY_A)
        for group_id in ["a b/c%d?e&f=g'h", "~!@#$^*()+=[]{}|;:,<>", "é ü 名", "x/../y", "%2F%25"]:
            with self.subTest(group_id=group_id):
                with self.assert_client_error("ResourceNotFoundException", status=404):
                    fs.delete_permission_group(permissionGroupId=group_id,
                                               clientToken="t " + uuid.uuid4().hex + " %+&=")
                with self.assert_client_error("ResourceNotFoundException", status=404):
                    fs.get_user(userId=group_id)
        gid = fs.create_permission_group(name="g", applicationPermissions=[])["permissionGroupId"]
        resp = fs.delete_permission_group(permissionGroupId=gid, clientToken="tok en/+%")
        self.assert_output_shape("finspace-data", "DeletePermissionGroup", resp)

    def test_lmus_tags_with_arn_labels_and_query_keys(self):
        lm = self.signed_client("license-manager-user-subscriptions", KEY_A)
        arn = lm.register_identity_provider(
            IdentityProvider={"ActiveDirectoryIdentityProvider": {
                "DirectoryId": "d-" + uuid.uuid4().hex[:10]}},
            Product="VISUAL_STUDIO_ENTERPRISE")["IdentityProviderSummary"]["IdentityProviderArn"]
        tags = {h: h[::-1] for h in HOSTILE + [WIDE_UNICODE, "a=b&c=d", "k/with/slashes"]}
        self.assert_output_shape("license-manager-user-subscriptions", "TagResource",
                                 lm.tag_resource(ResourceArn=arn, Tags=tags))
        self.assertEqual(lm.list_tags_for_resource(ResourceArn=arn)["Tags"], tags)
        remove = [HOSTILE[0], WIDE_UNICODE, "a=b&c=d"]
        resp = lm.untag_resource(ResourceArn=arn, TagKeys=remove)  # DELETE ?tagKeys=...
        self.assert_output_shape("license-manager-user-subscriptions", "UntagResource", resp)
        left = {k: v for k, v in tags.items() if k not in remove}
        self.assertEqual(lm.list_tags_for_resource(ResourceArn=arn)["Tags"], left)

    def test_presigned_query_string(self):
        fs = self.signed_client("finspace-data", KEY_A)
        uid = fs.create_user(emailAddress=uuid.uuid4().hex[:10] + "@example.com",
                             type="APP_USER")["userId"]
        target, headers, _ = sign(self.url, "GET", f"/user/{uid}", KEY_A, "finspace-api",
                                  presign=300)
        self.assertIn("X-Amz-Signature=", target)
        response = self.send("GET", target, headers)
        self.assertEqual(response.status, 200, response)
        self.assertEqual(response.json()["userId"], uid)
        self.assert_wire_shape("finspace-data", "GetUser", response.body)
        # The query is covered: change a parameter and the signature no longer matches.
        altered = target.replace("X-Amz-Expires=300", "X-Amz-Expires=600")
        self.assert_denied(self.send("GET", altered, headers), "InvalidSignatureException",
                           "rest-json", SIGNATURE_MISMATCH)
        # Expired: signed 10 minutes ago for 60 seconds.
        with shifted_clock(-10):
            old, headers, _ = sign(self.url, "GET", f"/user/{uid}", KEY_A, "finspace-api",
                                   presign=60)
        text = self.assert_denied(self.send("GET", old, headers), "InvalidSignatureException",
                                  "rest-json")
        self.assertTrue(text.startswith("Signature expired:"), text)
        self.assertTrue(text.endswith("- 1 min.)"), text)


class TamperingTest(StrictTestCase):
    """Requests signed by botocore, altered afterwards, sent with http.client."""

    def sso_call(self, target, body):
        return sign(self.url, "POST", "/", KEY_A, "sso", body=json.dumps(body).encode(),
                    headers={"Content-Type": "application/x-amz-json-1.1",
                             "X-Amz-Target": f"SWBExternalService.{target}"})

    def instance_arn(self):
        return self.signed_client("sso-admin", KEY_A).list_instances()["Instances"][0][
            "InstanceArn"]

    def test_untouched_request_is_accepted(self):
        target, headers, body = self.sso_call("ListInstances", {})
        response = self.send("POST", target, headers, body)
        self.assertEqual(response.status, 200, response)
        self.assert_wire_shape("sso-admin", "ListInstances", response.body)
        # Headers that were not signed may change (as with AWS).
        response = self.send("POST", target, dict(headers, **{"X-Unsigned": "anything"}), body)
        self.assertEqual(response.status, 200, response)

    def test_altered_body(self):
        arn = self.instance_arn()
        target, headers, body = self.sso_call("ListPermissionSets", {"InstanceArn": arn})
        self.assertEqual(self.send("POST", target, headers, body).status, 200)
        altered = json.dumps({"InstanceArn": arn, "MaxResults": 1}).encode()
        self.assert_denied(self.send("POST", target, headers, altered),
                           "InvalidSignatureException", "json", SIGNATURE_MISMATCH)

    def test_altered_headers(self):
        target, headers, body = self.sso_call("ListInstances", {})
        for name, value in [("X-Amz-Target", "SWBExternalService.ListPermissionSets"),
                            ("Content-Type", "application/json"),
                            ("X-Amz-Date", "20300101T000000Z")]:
            with self.subTest(header=name):
                response = self.send("POST", target, dict(headers, **{name: value}), body)
                self.assertIn(response.status, (400, 403), response)
                self.assertEqual(response.headers.get("x-amzn-ErrorType"),
                                 "InvalidSignatureException")
        # Dropping X-Amz-Target from SignedHeaders is refused: it chooses the operation.
        auth = headers["Authorization"].replace("x-amz-target", "").replace(";;", ";")
        auth = auth.replace(";,", ",")
        self.assert_denied(self.send("POST", target, dict(headers, Authorization=auth), body),
                           "InvalidSignatureException", "json",
                           "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.")

    def test_altered_signature_or_scope(self):
        target, headers, body = self.sso_call("ListInstances", {})
        auth = headers["Authorization"]
        flipped = auth[:-1] + ("0" if auth[-1] != "0" else "1")
        self.assert_denied(self.send("POST", target, dict(headers, Authorization=flipped), body),
                           "InvalidSignatureException", "json", SIGNATURE_MISMATCH)
        other_account = auth.replace(KEY_A[0], KEY_B[0])
        self.assert_denied(
            self.send("POST", target, dict(headers, Authorization=other_account), body),
            "InvalidSignatureException", "json", SIGNATURE_MISMATCH)
        other_region = auth.replace(f"/{REGION}/", "/eu-west-1/")
        self.assert_denied(
            self.send("POST", target, dict(headers, Authorization=other_region), body),
            "InvalidSignatureException", "json", SIGNATURE_MISMATCH)

    def test_declared_payload_hash(self):
        body = b"{}"
        target, headers, _ = sign(self.url, "POST", "/", KEY_A, "appstream", body=body,
                                  headers={"Content-Type": "application/x-amz-json-1.1",
                                           "X-Amz-Target":
                                               "PhotonAdminProxyService.DescribeStacks",
                                           "X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
        # UNSIGNED-PAYLOAD: the signer chose not to cover the body.
        self.assertEqual(self.send("POST", target, headers, body).status, 200)
        import hashlib
        target, headers, _ = sign(self.url, "POST", "/", KEY_A, "appstream", body=body,
                                  headers={"Content-Type": "application/x-amz-json-1.1",
                                           "X-Amz-Target":
                                               "PhotonAdminProxyService.DescribeStacks",
                                           "X-Amz-Content-SHA256":
                                               hashlib.sha256(body).hexdigest()})
        self.assertEqual(self.send("POST", target, headers, body).status, 200)
        self.assert_denied(self.send("POST", target, headers, b'{"Names": ["x"]}'),
                           "InvalidSignatureException", "json",
                           "The provided 'x-amz-content-sha256' header does not match what was "
                           "computed.")

    def test_altered_rest_path_query_and_method(self):
        fs = self.signed_client("finspace-data", KEY_A)
        gid = fs.create_permission_group(name="tamper", applicationPermissions=[])[
            "permissionGroupId"]
        target, headers, body = sign(self.url, "DELETE", f"/permission-group/{gid}?clientToken=abc",
                                     KEY_A, "finspace-api")
        for method, altered in [("DELETE", target.replace("clientToken=abc", "clientToken=abd")),
                                ("DELETE", target + "&extra=1"),
                                ("DELETE", target.replace(gid, gid[:-1] + "X")),
                                ("GET", target)]:
            with self.subTest(method=method, target=altered):
                self.assert_denied(self.send(method, altered, headers, body),
                                   "InvalidSignatureException", "rest-json", SIGNATURE_MISMATCH)
        self.assertEqual(fs.get_permission_group(permissionGroupId=gid)["permissionGroup"]
                         ["permissionGroupId"], gid)
        response = self.send("DELETE", target, headers, body)
        self.assertEqual(response.status, 200, response)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            fs.get_permission_group(permissionGroupId=gid)


class IsolationTest(StrictTestCase):
    """One account can neither see nor change another's state, whatever ids it names."""

    def test_sso_admin(self):
        a, b = self.signed_client("sso-admin", KEY_A), self.signed_client("sso-admin", KEY_B)
        instance_a = a.list_instances()["Instances"][0]["InstanceArn"]
        instance_b = b.list_instances()["Instances"][0]["InstanceArn"]
        self.assertNotEqual(instance_a, instance_b)
        ps = a.create_permission_set(InstanceArn=instance_a, Name="iso-" + uuid.uuid4().hex[:8])[
            "PermissionSet"]["PermissionSetArn"]
        for call in [lambda: b.describe_permission_set(InstanceArn=instance_a, PermissionSetArn=ps),
                     lambda: b.describe_permission_set(InstanceArn=instance_b, PermissionSetArn=ps),
                     lambda: b.list_permission_sets(InstanceArn=instance_a),
                     lambda: b.delete_permission_set(InstanceArn=instance_a, PermissionSetArn=ps),
                     lambda: b.delete_permission_set(InstanceArn=instance_b, PermissionSetArn=ps)]:
            with self.assert_client_error("ResourceNotFoundException"):
                call()
        self.assertNotIn(ps, b.list_permission_sets(InstanceArn=instance_b)["PermissionSets"])
        self.assertEqual(a.describe_permission_set(InstanceArn=instance_a, PermissionSetArn=ps)
                         ["PermissionSet"]["PermissionSetArn"], ps)

    def test_appstream(self):
        a, b = self.signed_client("appstream", KEY_A), self.signed_client("appstream", KEY_B)
        name = "iso-" + uuid.uuid4().hex[:8]
        a.create_stack(Name=name)
        a.create_user(UserName=f"{name}@example.com", AuthenticationType="USERPOOL")
        with self.assert_client_error("ResourceNotFoundException"):
            b.describe_stacks(Names=[name])
        with self.assert_client_error("ResourceNotFoundException"):
            b.delete_stack(Name=name)
        with self.assert_client_error("ResourceNotFoundException"):
            b.disable_user(UserName=f"{name}@example.com", AuthenticationType="USERPOOL")
        result = b.batch_associate_user_stack(UserStackAssociations=[{
            "StackName": name, "UserName": f"{name}@example.com",
            "AuthenticationType": "USERPOOL"}])
        self.assertEqual(result["errors"][0]["ErrorCode"], "STACK_NOT_FOUND")
        b.create_stack(Name=name)  # the same name is free in another account
        self.assertEqual(a.describe_stacks(Names=[name])["Stacks"][0]["Name"], name)
        users = a.describe_users(AuthenticationType="USERPOOL")["Users"]
        self.assertTrue(any(u["UserName"] == f"{name}@example.com" and u["Enabled"]
                            for u in users))
        self.assertEqual(a.describe_user_stack_associations(StackName=name)
                         .get("UserStackAssociations", []), [])

    def test_finspace_data(self):
        a, b = self.signed_client("finspace-data", KEY_A), self.signed_client("finspace-data", KEY_B)
        uid = a.create_user(emailAddress=uuid.uuid4().hex[:10] + "@example.com",
                            type="APP_USER")["userId"]
        gid = a.create_permission_group(name="iso", applicationPermissions=[])["permissionGroupId"]
        for call in [lambda: b.get_user(userId=uid),
                     lambda: b.disable_user(userId=uid),
                     lambda: b.update_user(userId=uid, firstName="Mallory"),
                     lambda: b.get_permission_group(permissionGroupId=gid),
                     lambda: b.delete_permission_group(permissionGroupId=gid),
                     lambda: b.associate_user_to_permission_group(permissionGroupId=gid,
                                                                  userId=uid)]:
            with self.assert_client_error("ResourceNotFoundException", status=404):
                call()
        self.assertNotIn(uid, [u["userId"] for u in b.list_users(maxResults=100)["users"]])
        user = a.get_user(userId=uid)
        self.assertEqual(user["status"], "ENABLED")
        self.assertNotIn("firstName", user)
        self.assertEqual(a.get_permission_group(permissionGroupId=gid)["permissionGroup"]
                         ["permissionGroupId"], gid)

    def test_license_manager_user_subscriptions(self):
        a = self.signed_client("license-manager-user-subscriptions", KEY_A)
        b = self.signed_client("license-manager-user-subscriptions", KEY_B)
        provider = {"ActiveDirectoryIdentityProvider": {"DirectoryId":
                                                        "d-" + uuid.uuid4().hex[:10]}}
        arn = a.register_identity_provider(IdentityProvider=provider,
                                           Product="VISUAL_STUDIO_ENTERPRISE",
                                           Tags={"owner": "a"})[
            "IdentityProviderSummary"]["IdentityProviderArn"]
        for call in [lambda: b.list_tags_for_resource(ResourceArn=arn),
                     lambda: b.tag_resource(ResourceArn=arn, Tags={"owner": "b"}),
                     lambda: b.untag_resource(ResourceArn=arn, TagKeys=["owner"]),
                     lambda: b.deregister_identity_provider(IdentityProviderArn=arn)]:
            with self.assert_client_error("ResourceNotFoundException", status=404):
                call()
        self.assertEqual(b.list_identity_providers()["IdentityProviderSummaries"], [])
        self.assertEqual(a.list_tags_for_resource(ResourceArn=arn)["Tags"], {"owner": "a"})
        statuses = [s["Status"] for s in a.list_identity_providers()["IdentityProviderSummaries"]
                    if s["IdentityProviderArn"] == arn]
        self.assertEqual(statuses, ["REGISTERED"])


class ControlPlaneGuardTest(StrictTestCase):
    """The control plane is the administrator's: token required; no secrets anywhere."""

    def test_control_plane_needs_the_admin_token(self):
        for method, path in [("GET", "/_junction/state"), ("POST", "/_junction/reset"),
                             ("GET", "/_junction/requests"), ("GET", "/_junction/faults"),
                             ("POST", "/moto-api/reset")]:
            with self.subTest(path=path):
                self.assertEqual(self.raw(method, path).status, 401)
                wrong = self.raw(method, path, headers={"Authorization": "Bearer nope"})
                self.assertEqual(wrong.status, 401)
        self.assertEqual(self.raw("GET", HEALTH_PATH).status, 200)
        # A SigV4 signature is not an admin token.
        target, headers, _ = sign(self.url, "GET", "/_junction/state", KEY_A, "sso")
        self.assertEqual(self.send("GET", target, headers).status, 401)

    def test_no_secret_in_state_journal_health_or_log(self):
        # Some state in every service, and some failures.
        fs = self.signed_client("finspace-data", KEY_A)
        fs.create_user(emailAddress=uuid.uuid4().hex[:10] + "@example.com", type="SUPER_USER")
        self.signed_client("appstream", KEY_B).create_stack(Name="s-" + uuid.uuid4().hex[:8])
        with self.assertRaises(botocore.exceptions.ClientError):
            self.signed_client("sso-admin", KEY_A, secret="not-the-secret").list_instances()
        target, headers, body = sign(self.url, "GET", "/user?maxResults=3", KEY_A, "finspace-api")
        self.assertEqual(self.send("GET", target, headers, body).status, 200)
        signature = headers["Authorization"].rsplit("Signature=", 1)[1]

        state = self.admin("GET", "/_junction/state")
        self.assertEqual(state.status, 200)
        journal = self.admin("GET", "/_junction/requests?limit=1000")
        self.assertEqual(journal.status, 200)
        health = self.raw("GET", HEALTH_PATH)
        log = self.server.output()
        for name, text in [("state", state.body.decode()), ("journal", journal.body.decode()),
                           ("health", health.body.decode()), ("log", log)]:
            with self.subTest(where=name):
                for _, secret, _ in ALL_KEYS:
                    self.assertNotIn(secret, text)
                self.assertNotIn("not-the-secret", text)
                self.assertNotIn(signature, text)
                self.assertNotIn("Signature=", text)
                self.assertNotIn(ADMIN_TOKEN, text)
        # The journal still tells who did what.
        accounts = {e["account"] for e in journal.json()["entries"]}
        self.assertTrue({"111111111111", "222222222222"} <= accounts, accounts)


    def test_request_log_holds_ids_and_names_not_request_data(self):
        logged_before = self.server.output().count(" request id=")
        fs = self.signed_client("finspace-data", KEY_A)
        marker = "marker-" + uuid.uuid4().hex
        gid = fs.create_permission_group(name=marker, description=marker,
                                         applicationPermissions=[])["permissionGroupId"]
        fs.update_permission_group(permissionGroupId=gid, description=marker + "2")
        with self.assertRaises(botocore.exceptions.ClientError):  # a validation error
            self.signed_client("appstream", KEY_A).create_user(
                UserName=marker + "@example.com", AuthenticationType="API", FirstName="a;b")
        target, headers, _ = sign(self.url, "GET", f"/user?maxResults=2&nextToken={marker}",
                                  KEY_A, "finspace-api")
        self.send("GET", target, headers)
        # Request lines are written by the log's own thread, up to 50 ms after the answer.
        deadline = time.monotonic() + 5
        output = self.server.output()
        while output.count(" request id=") < logged_before + 4 and time.monotonic() < deadline:
            time.sleep(0.05)
            output = self.server.output()
        self.assertIn(gid, output)  # ids are logged: the path names the resource
        self.assertNotIn(marker, output)  # request data is not: bodies, query strings


class StartupTest(unittest.TestCase):
    """How the binary starts: loopback by default, strict mode's preconditions."""

    @classmethod
    def setUpClass(cls):
        if os.environ.get("JUNCTION_URL"):
            raise unittest.SkipTest("starts its own servers; JUNCTION_URL is set")
        if not os.access(junction_bin(), os.X_OK):
            raise unittest.SkipTest(f"no junction binary at {junction_bin()}")

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="junction-security-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def run_binary(self, *args, timeout=10):
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
        return subprocess.run([junction_bin(), "--port", "0", "--ephemeral", *args], env=env,
                              capture_output=True, text=True, timeout=timeout)

    def test_strict_mode_refuses_an_open_control_plane(self):
        proc = self.run_binary("--verify-signatures", "--credentials",
                               write_credentials(self.dir))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--admin-token", proc.stderr)
        self.assertIn("--no-control-plane", proc.stderr)

    def test_strict_mode_needs_credentials_and_the_reverse(self):
        proc = self.run_binary("--verify-signatures", "--admin-token", "t")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--credentials", proc.stderr)
        proc = self.run_binary("--credentials", write_credentials(self.dir))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--verify-signatures", proc.stderr)

    def test_bad_credentials_files_stop_the_start_without_echoing_secrets(self):
        bad = os.path.join(self.dir, "bad.json")
        for text in ['[{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "TOPSECRET-1" ',
                     '[{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "TOPSECRET-1", '
                     '"accountId": "12"}]',
                     '[{"accessKeyId": "AKIDEXAMPLE", "secretKey": "TOPSECRET-1", '
                     '"accountId": "111111111111"}]']:
            with self.subTest(text=text):
                with open(bad, "w") as f:
                    f.write(text)
                proc = self.run_binary("--verify-signatures", "--credentials", bad,
                                       "--no-control-plane")
                self.assertEqual(proc.returncode, 1, proc.stderr)
                self.assertIn("credentials file", proc.stderr)
                self.assertNotIn("TOPSECRET", proc.stderr + proc.stdout)
        proc = self.run_binary("--verify-signatures", "--credentials",
                               os.path.join(self.dir, "missing.json"), "--no-control-plane")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("--credentials " + os.path.join(self.dir, "missing.json") + ": no such file",
                      proc.stderr)

    def test_strict_mode_without_control_plane(self):
        server = JunctionServer(["--ephemeral", "--verify-signatures", "--credentials",
                                 write_credentials(self.dir), "--no-control-plane"]).start()
        self.addCleanup(server.cleanup)
        self.assertEqual(http_request(server.url, "GET", "/_junction/state").status, 404)
        self.assertEqual(http_request(server.url, "GET", HEALTH_PATH).status, 200)
        target, headers, body = sign(server.url, "GET", "/user?maxResults=5", KEY_A,
                                     "finspace-api")
        self.assertEqual(http_request(server.url, "GET", target, headers=headers).status, 200)
        self.assertEqual(http_request(server.url, "GET", "/user?maxResults=5").status, 403)

    def test_default_bind_is_loopback_only(self):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
        log = open(os.path.join(self.dir, "out.log"), "w+")
        proc = subprocess.Popen([junction_bin(), "--port", str(port), "--ephemeral"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)

        def stop():
            proc.terminate()
            proc.wait(timeout=10)
            log.close()
        self.addCleanup(stop)

        def healthy():
            try:
                return http_request(f"http://127.0.0.1:{port}", "GET", HEALTH_PATH,
                                    timeout=1).status == 200
            except OSError:
                return False
        self.assertTrue(wait_for(healthy, timeout=10), "junction did not start")
        log.seek(0)
        self.assertIn(f"listening on http://127.0.0.1:{port}", log.read())
        # The kernel's view: one listening socket on the port, bound to 127.0.0.1.
        if os.path.exists("/proc/net/tcp"):
            listening = []
            for table in ("/proc/net/tcp", "/proc/net/tcp6"):
                if not os.path.exists(table):
                    continue
                with open(table) as f:
                    for line in f.readlines()[1:]:
                        local, state = line.split()[1], line.split()[3]
                        address, hex_port = local.rsplit(":", 1)
                        if state == "0A" and int(hex_port, 16) == port:
                            listening.append(address)
            self.assertEqual(listening, ["0100007F"])
        # And from another address of this machine, nothing answers.
        other = None
        with contextlib.suppress(OSError):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))  # no packet is sent
                other = s.getsockname()[0]
        if other and not other.startswith("127."):
            with self.assertRaises(OSError):
                socket.create_connection((other, port), timeout=2).close()


class HostileStringsTest(JunctionTestCase):
    """Every value reaches SQLite as a bound parameter: quotes, SQL, percent signs, backslashes
    and unicode are stored and read back unchanged, and the tables are all still there."""

    def test_sso_admin(self):
        sso = self.client("sso-admin")
        instance = sso.list_instances()["Instances"][0]["InstanceArn"]
        for text in HOSTILE:
            name = "h-" + uuid.uuid4().hex[:8]
            ps = sso.create_permission_set(InstanceArn=instance, Name=name, Description=text,
                                           RelayState="https://x/?q=%27;--&a=\\\"b\"")[
                "PermissionSet"]
            got = sso.describe_permission_set(InstanceArn=instance,
                                              PermissionSetArn=ps["PermissionSetArn"])
            self.assert_output_shape("sso-admin", "DescribePermissionSet", got)
            self.assertEqual(got["PermissionSet"]["Description"], text)
            self.assertEqual(got["PermissionSet"]["Name"], name)
            self.assertEqual(got["PermissionSet"]["RelayState"], "https://x/?q=%27;--&a=\\\"b\"")
        self.assertTrue(sso.list_permission_sets(InstanceArn=instance)["PermissionSets"])

    def test_appstream(self):
        app = self.client("appstream")
        for text in HOSTILE + [WIDE_UNICODE]:
            name = "h-" + uuid.uuid4().hex[:8]
            app.create_stack(Name=name, Description=text, DisplayName=text[:100])
            stack = app.describe_stacks(Names=[name])["Stacks"][0]
            self.assertEqual(stack["Description"], text)
            self.assertEqual(stack["DisplayName"], text[:100])
            user = f"o'brien;--%\\{uuid.uuid4().hex[:6]}@example.com"
            app.create_user(UserName=user, AuthenticationType="USERPOOL")
            result = app.batch_associate_user_stack(UserStackAssociations=[{
                "StackName": name, "UserName": user, "AuthenticationType": "USERPOOL"}])
            self.assertEqual(result["errors"], [])
            assoc = app.describe_user_stack_associations(UserName=user,
                                                         AuthenticationType="USERPOOL")
            self.assertEqual(assoc["UserStackAssociations"][0]["StackName"], name)
            users = [u["UserName"] for u in app.describe_users(AuthenticationType="USERPOOL")
                     ["Users"]]
            self.assertIn(user, users)

    def test_finspace_data(self):
        fs = self.client("finspace-data")
        for text in HOSTILE + [WIDE_UNICODE]:
            gid = fs.create_permission_group(name=text, description=text + "\n" + text,
                                             applicationPermissions=[])["permissionGroupId"]
            group = fs.get_permission_group(permissionGroupId=gid)["permissionGroup"]
            self.assertEqual(group["name"], text)
            self.assertEqual(group["description"], text + "\n" + text)
            uid = fs.create_user(emailAddress=f"o.n%_+{uuid.uuid4().hex[:6]}@example.com",
                                 type="APP_USER", firstName=text[:50],
                                 lastName=text[-50:])["userId"]
            user = fs.get_user(userId=uid)
            self.assertEqual(user["firstName"], text[:50])
            self.assertEqual(user["lastName"], text[-50:])
            fs.update_permission_group(permissionGroupId=gid, name=text[::-1])
            self.assertEqual(fs.get_permission_group(permissionGroupId=gid)["permissionGroup"]
                             ["name"], text[::-1])
        self.assertTrue(fs.list_users(maxResults=100)["users"])

    def test_license_manager_user_subscriptions(self):
        lm = self.client("license-manager-user-subscriptions")
        tags = {text: text[::-1] for text in HOSTILE + [WIDE_UNICODE]}
        arn = lm.register_identity_provider(
            IdentityProvider={"ActiveDirectoryIdentityProvider": {
                "DirectoryId": "d-" + uuid.uuid4().hex[:10]}},
            Product="VISUAL_STUDIO_ENTERPRISE", Tags=tags)[
            "IdentityProviderSummary"]["IdentityProviderArn"]
        self.assertEqual(lm.list_tags_for_resource(ResourceArn=arn)["Tags"], tags)
        lm.untag_resource(ResourceArn=arn, TagKeys=[HOSTILE[0]])
        tags.pop(HOSTILE[0])
        self.assertEqual(lm.list_tags_for_resource(ResourceArn=arn)["Tags"], tags)
        self.assertTrue(lm.list_identity_providers()["IdentityProviderSummaries"])


if __name__ == "__main__":
    unittest.main()
