"""Smithy RPC v2 CBOR (SPEC §1) through botocore's `smithy-rpc-v2-cbor` client, and raw HTTP.

botocore picks awsJson1.1 when a model lists both protocols, so the clients here load copies of
the AppStream and SSO Admin models whose metadata names only `smithy-rpc-v2-cbor`, from a data
directory put first in the loader's search paths. The same server state is then seen over both
protocols. Raw requests use the small CBOR codec below (cbor2 is not a dependency).
"""

import atexit
import base64
import contextlib
import datetime
import functools
import gzip
import json
import os
import shutil
import struct
import subprocess
import tempfile
import unittest
import uuid

from junction_harness import (HAVE_BOTO3, ClientError, Config, JunctionTestCase, ShapeChecker,
                              _stash_raw_response, expected_error_status, fresh_account,
                              junction_bin, operation_model, service_model)

if HAVE_BOTO3:
    import boto3
    import botocore
    import botocore.session
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

CBOR_MODELS = {"appstream": "2016-12-01", "sso-admin": "2020-07-20"}
NAMESPACES = {"appstream": "com.amazonaws.appstream", "sso-admin": "com.amazonaws.ssoadmin"}
APPSTREAM_PATH = "/service/PhotonAdminProxyService/operation/"
SSO_PATH = "/service/SWBExternalService/operation/"
CONTENT_TYPE = "application/cbor"
USERPOOL = "USERPOOL"
TARGET = "111111111111"


# --------------------------------------------------------------------------- a small CBOR codec

class Tag:
    """A tagged CBOR item (RFC 8949 §3.4)."""

    def __init__(self, number, value):
        self.number, self.value = number, value

    def __eq__(self, other):
        return isinstance(other, Tag) and (self.number, self.value) == (other.number, other.value)

    def __repr__(self):
        return f"Tag({self.number}, {self.value!r})"


def _head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * width):
            return bytes([major << 5 | info]) + n.to_bytes(width, "big")
    raise ValueError(n)


def cbor_encode(value):
    if isinstance(value, Tag):
        return _head(6, value.number) + cbor_encode(value.value)
    if value is True or value is False:
        return b"\xf5" if value else b"\xf4"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, (bytes, bytearray)):
        return _head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v)
                                               for k, v in value.items())
    raise TypeError(type(value))


def cbor_decode(data):
    """The one item of `data` (tags as Tag objects); ValueError for anything else."""
    value, end = _item(memoryview(bytes(data)), 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the item")
    return value


def _item(buf, i):
    initial = buf[i]
    major, info = initial >> 5, initial & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        width = 1 << (info - 24)
        arg = int.from_bytes(buf[i:i + width], "big")
        if i + width > len(buf):
            raise ValueError("truncated")
        i += width
    elif info == 31:
        arg = None
    else:
        raise ValueError(f"reserved additional information {info}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        if arg is None:
            chunks = []
            while buf[i] != 0xFF:
                chunk, i = _item(buf, i)
                chunks.append(chunk)
            i += 1
            return (b"" if major == 2 else "").join(chunks), i
        raw = bytes(buf[i:i + arg])
        if len(raw) != arg:
            raise ValueError("truncated")
        return (raw if major == 2 else raw.decode("utf-8")), i + arg
    if major == 4:
        items = []
        while (arg is None and buf[i] != 0xFF) or (arg is not None and len(items) < arg):
            item, i = _item(buf, i)
            items.append(item)
        return items, i + (1 if arg is None else 0)
    if major == 5:
        out, count = {}, 0
        while (arg is None and buf[i] != 0xFF) or (arg is not None and count < arg):
            key, i = _item(buf, i)
            out[key], i = _item(buf, i)
            count += 1
        return out, i + (1 if arg is None else 0)
    if major == 6:
        value, i = _item(buf, i)
        return Tag(arg, value), i
    simple = {20: False, 21: True, 22: None, 23: None}
    if info in simple:
        return simple[info], i
    if info == 25:
        return struct.unpack(">e", bytes(buf[i - 2:i]))[0], i
    if info == 26:
        return struct.unpack(">f", bytes(buf[i - 4:i]))[0], i
    if info == 27:
        return struct.unpack(">d", bytes(buf[i - 8:i]))[0], i
    raise ValueError(f"simple value {info}")


def untag(value):
    """Tag 1 as its epoch seconds, bytes as base64 text: the awsJson1.1 form of a value."""
    if isinstance(value, Tag):
        return untag(value.value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value


def timestamp_problems(shape, value, path="$"):
    """Timestamps of `shape` not sent as tag 1 around a number, and tags anywhere else."""
    kind = shape.type_name
    if kind == "timestamp":
        if not (isinstance(value, Tag) and value.number == 1 and
                isinstance(value.value, (int, float)) and not isinstance(value.value, bool)):
            return [f"{path}: timestamp {value!r} is not tag 1 around epoch seconds"]
        return []
    if isinstance(value, Tag):
        return [f"{path}: tag {value.number} where a {kind} is expected"]
    if kind == "structure" and isinstance(value, dict):
        return [p for name, member in shape.members.items() if name in value
                for p in timestamp_problems(member, value[name], f"{path}.{name}")]
    if kind == "list" and isinstance(value, list):
        return [p for i, item in enumerate(value)
                for p in timestamp_problems(shape.member, item, f"{path}[{i}]")]
    if kind == "map" and isinstance(value, dict):
        return [p for k, item in value.items()
                for p in timestamp_problems(shape.value, item, f"{path}[{k!r}]")]
    return []


# --------------------------------------------------------------------------- CBOR clients

@functools.lru_cache(maxsize=None)
def cbor_data_dir():
    """A botocore data directory holding the models above, speaking only smithy-rpc-v2-cbor."""
    root = tempfile.mkdtemp(prefix="junction-cbor-models-")
    atexit.register(shutil.rmtree, root, True)
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    for service, version in CBOR_MODELS.items():
        with gzip.open(os.path.join(data, service, version, "service-2.json.gz"), "rt") as f:
            model = json.load(f)
        model["metadata"]["protocol"] = "smithy-rpc-v2-cbor"
        model["metadata"]["protocols"] = ["smithy-rpc-v2-cbor"]
        os.makedirs(os.path.join(root, service, version))
        with open(os.path.join(root, service, version, "service-2.json"), "w") as f:
            json.dump(model, f)
    return root


@functools.lru_cache(maxsize=None)
def cbor_session():
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, cbor_data_dir())
    return boto3.session.Session(botocore_session=session)


class CborCase(JunctionTestCase):
    """Clients of both protocols on one server, and the checks of a CBOR answer."""

    def cbor_client(self, service, access_key, secret="junction-dummy-secret-key", validate=True,
                    **config):
        config.setdefault("retries", {"mode": "standard", "total_max_attempts": 1})
        client = cbor_session().client(
            service, region_name="us-east-1", endpoint_url=self.url,
            aws_access_key_id=access_key, aws_secret_access_key=secret,
            config=Config(parameter_validation=validate, **config))
        assert client.meta.service_model.protocol == "smithy-rpc-v2-cbor"
        client.meta.events.register("after-call", _stash_raw_response)
        return client

    def assert_cbor_headers(self, headers):
        self.assert_request_id(headers)
        self.assertEqual(headers.get("smithy-protocol"), "rpc-v2-cbor", headers)
        self.assertIsNone(headers.get("x-amzn-errortype"), headers)

    def assert_cbor_output(self, service, operation, response):
        """The parsed response matches the output shape (timestamps are datetimes), and its
        wire body is CBOR with every timestamp as tag 1 and the awsJson1.1 wire shape."""
        op = operation_model(service, operation)
        data = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        problems = ShapeChecker().check(op.output_shape, data)
        meta = response["ResponseMetadata"]
        self.assertEqual(meta["Junction"]["protocol"], "smithy-rpc-v2-cbor")
        wire = cbor_decode(meta["Junction"]["body"])
        problems += timestamp_problems(op.output_shape, wire)
        problems += ["wire " + p for p in ShapeChecker(wire=True).check(op.output_shape,
                                                                          untag(wire))]
        headers = meta["HTTPHeaders"]
        self.assert_cbor_headers(headers)
        self.assertEqual(headers.get("content-type"), CONTENT_TYPE)
        if problems:
            self.fail(f"{service} {operation} over CBOR does not match the model:\n  "
                      + "\n  ".join(problems) + f"\nresponse: {data!r}")
        return response

    @contextlib.contextmanager
    def assert_cbor_error(self, code, status=None, message=None):
        """The call fails with `code` (the body's `__type` its shape id or bare name), the
        status SPEC §1 gives it, a message, and the CBOR answer's headers."""
        with self.assertRaises(ClientError) as cm:
            yield cm
        resp = cm.exception.response
        meta = resp["ResponseMetadata"]
        self.assertEqual(resp["Error"]["Code"], code, resp)
        service = meta["Junction"]["service"]
        self.assertEqual(meta["HTTPStatusCode"],
                         status if status is not None else expected_error_status(service, code))
        self.assertTrue(resp["Error"]["Message"], resp)
        if message is not None:
            self.assertEqual(resp["Error"]["Message"], message)
        self.assert_cbor_headers(meta["HTTPHeaders"])
        self.assertEqual(meta["HTTPHeaders"].get("content-type"), CONTENT_TYPE)
        body = cbor_decode(meta["Junction"]["body"])
        # The error's absolute shape id when the model declares it, else its bare name.
        modeled = code in service_model(service).shape_names
        self.assertEqual(body["__type"], f"{NAMESPACES[service]}#{code}" if modeled else code)
        self.assertEqual(body["message"], resp["Error"]["Message"])

    def raw_cbor(self, path, body, headers=None, method="POST"):
        hdrs = {"smithy-protocol": "rpc-v2-cbor", "Accept": CONTENT_TYPE}
        if body:
            hdrs["Content-Type"] = CONTENT_TYPE
        hdrs.update(headers or {})
        if not isinstance(body, bytes):
            body = cbor_encode(body)
        return self.raw(method, path, body=body, headers=hdrs)

    def assert_raw_cbor_error(self, resp, status, type_):
        self.assertEqual(resp.status, status, resp)
        self.assertEqual(resp.headers.get("content-type"), CONTENT_TYPE)
        self.assertEqual(resp.headers.get("smithy-protocol"), "rpc-v2-cbor")
        self.assertIsNone(resp.headers.get("x-amzn-errortype"))
        self.assert_request_id(resp.headers)
        body = cbor_decode(resp.body)
        self.assertEqual(body["__type"], type_, body)
        self.assertTrue(body["message"], body)
        return body["message"]


def entry(stack, user, auth=USERPOOL):
    return dict(StackName=stack, UserName=user, AuthenticationType=auth)


# --------------------------------------------------------------------------- AppStream

class TestAppStreamOverCbor(CborCase):
    def setUp(self):
        self.account = fresh_account()
        self.c = self.cbor_client("appstream", self.account)
        self.json = self.client("appstream", access_key=self.account)

    def ok(self, operation, **params):
        return self.assert_cbor_output("appstream", operation,
                                       getattr(self.c, operation)(**params))

    def test_stack_life_cycle(self):
        stack = self.ok("create_stack", Name="cbor-docs", DisplayName="Docs",
                        Description="over CBOR",
                        StorageConnectors=[{"ConnectorType": "HOMEFOLDERS"}])["Stack"]
        self.assertEqual(stack["Name"], "cbor-docs")
        self.assertIsInstance(stack["CreatedTime"], datetime.datetime)
        self.assertLess(abs(stack["CreatedTime"].timestamp() -
                            datetime.datetime.now().timestamp()), 300)
        described = self.ok("describe_stacks", Names=["cbor-docs"])["Stacks"]
        self.assertEqual(described, [stack])
        with self.assert_cbor_error("ResourceAlreadyExistsException"):
            self.c.create_stack(Name="cbor-docs")
        self.ok("delete_stack", Name="cbor-docs")
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.describe_stacks(Names=["cbor-docs"])
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.delete_stack(Name="cbor-docs")

    def test_users_and_batch_associations(self):
        self.ok("create_stack", Name="s1")
        self.ok("create_user", UserName="u@example.com", AuthenticationType=USERPOOL,
                FirstName="U")
        users = self.ok("describe_users", AuthenticationType=USERPOOL)["Users"]
        self.assertEqual([u["UserName"] for u in users], ["u@example.com"])
        self.assertIsInstance(users[0]["CreatedTime"], datetime.datetime)
        with self.assert_cbor_error("ResourceAlreadyExistsException"):
            self.c.create_user(UserName="u@example.com", AuthenticationType=USERPOOL)

        result = self.ok("batch_associate_user_stack", UserStackAssociations=[
            entry("s1", "u@example.com"), entry("nope", "u@example.com"),
            entry("s1", "ghost@example.com"), entry("s1", "saml-user", "SAML")])
        self.assertEqual(sorted(e["ErrorCode"] for e in result["errors"]),
                         ["STACK_NOT_FOUND", "USER_NAME_NOT_FOUND"])
        pairs = sorted((a["StackName"], a["UserName"]) for a in self.ok(
            "describe_user_stack_associations", StackName="s1")["UserStackAssociations"])
        self.assertEqual(pairs, [("s1", "saml-user"), ("s1", "u@example.com")])
        with self.assert_cbor_error("InvalidParameterCombinationException"):
            self.c.describe_user_stack_associations()

        self.ok("disable_user", UserName="u@example.com", AuthenticationType=USERPOOL)
        self.assertFalse(self.ok("describe_users", AuthenticationType=USERPOOL)
                         ["Users"][0]["Enabled"])
        self.ok("enable_user", UserName="u@example.com", AuthenticationType=USERPOOL)
        self.assertEqual(self.ok("batch_disassociate_user_stack", UserStackAssociations=[
            entry("s1", "u@example.com"), entry("s1", "saml-user", "SAML")])["errors"], [])
        self.assertEqual(self.ok("describe_user_stack_associations", StackName="s1")
                         .get("UserStackAssociations", []), [])
        self.ok("delete_user", UserName="u@example.com", AuthenticationType=USERPOOL)
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.delete_user(UserName="u@example.com", AuthenticationType=USERPOOL)

    def test_one_state_seen_over_both_protocols(self):
        over_cbor = self.ok("create_stack", Name="made-over-cbor", Description="c")["Stack"]
        seen = self.json.describe_stacks(Names=["made-over-cbor"])["Stacks"][0]
        self.assertEqual(seen, over_cbor)
        over_json = self.json.create_stack(Name="made-over-json", Description="j")["Stack"]
        seen = self.ok("describe_stacks", Names=["made-over-json"])["Stacks"][0]
        self.assertEqual(seen, over_json)
        self.json.create_user(UserName="j@example.com", AuthenticationType=USERPOOL)
        self.ok("batch_associate_user_stack",
                UserStackAssociations=[entry("made-over-cbor", "j@example.com")])
        pairs = self.json.describe_user_stack_associations(StackName="made-over-cbor")
        self.assertEqual([a["UserName"] for a in pairs["UserStackAssociations"]],
                         ["j@example.com"])
        # A stack one protocol made, the other cannot make again.
        with self.assertRaises(ClientError) as cm:
            self.json.create_stack(Name="made-over-cbor")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceAlreadyExistsException")

    def test_validation_errors_are_worded_as_over_json(self):
        loose_cbor = self.cbor_client("appstream", self.account, validate=False)
        loose_json = self.client("appstream", access_key=self.account, validate=False)
        for operation, params in (
                ("create_stack", dict(Name="not a name!", Description="x" * 300)),
                ("create_user", dict(UserName="", AuthenticationType="NOPE")),
                ("batch_associate_user_stack",
                 dict(UserStackAssociations=[entry(f"s{i}", "u@example.com")
                                             for i in range(26)])),
                ("describe_users", dict(AuthenticationType="NOPE", MaxResults=0))):
            with self.subTest(operation=operation):
                with self.assertRaises(ClientError) as over_json:
                    getattr(loose_json, operation)(**params)
                with self.assert_cbor_error(over_json.exception.response["Error"]["Code"]) as cm:
                    getattr(loose_cbor, operation)(**params)
                self.assertEqual(cm.exception.response["Error"]["Message"],
                                 over_json.exception.response["Error"]["Message"])
        with self.assert_cbor_error("ValidationException",
                                    message="1 validation error detected: Value null at 'name' "
                                            "failed to satisfy constraint: Member must not be "
                                            "null"):
            loose_cbor.create_stack()
        with self.assert_cbor_error("InvalidParameterValueException"):
            self.c.create_user(UserName="x@example.com", AuthenticationType="SAML")

    def test_journal_and_fault_rules_over_cbor(self):
        self.ok("create_stack", Name="journaled")
        entries = json.loads(self.raw("GET", "/_junction/requests?operation=CreateStack&account="
                                      + self.account).body)["entries"]
        self.assertEqual(len(entries), 1)
        self.assertEqual((entries[0]["service"], entries[0]["operation"], entries[0]["status"],
                          entries[0]["path"]),
                         ("appstream", "CreateStack", 200, APPSTREAM_PATH + "CreateStack"))

        def rule(count):
            resp = self.raw("POST", "/_junction/faults", body=json.dumps({
                "service": "appstream", "operation": "DescribeStacks", "account": self.account,
                "error": {"type": "ThrottlingException", "message": "Rate exceeded"},
                "count": count}))
            self.assertEqual(resp.status, 201, resp)
            return resp.json()["id"]

        first = rule(1)
        with self.assert_cbor_error("ThrottlingException", status=400, message="Rate exceeded"):
            self.c.describe_stacks()
        self.ok("describe_stacks")  # the rule fired once
        # The SDK knows it for a throttling error: it retries it, and then succeeds.
        second = rule(2)
        retrying = self.cbor_client("appstream", self.account,
                                    retries={"mode": "standard", "total_max_attempts": 3})
        resp = self.assert_cbor_output("appstream", "DescribeStacks", retrying.describe_stacks())
        self.assertEqual(resp["ResponseMetadata"]["RetryAttempts"], 2)
        for rule_id in (first, second):
            self.raw("DELETE", f"/_junction/faults/{rule_id}")
        entries = json.loads(self.raw("GET", "/_junction/requests?operation=DescribeStacks&"
                                      "account=" + self.account).body)["entries"]
        self.assertEqual([(e["faulted"], e["status"]) for e in entries],
                         [(True, 400), (False, 200), (True, 400), (True, 400), (False, 200)])
        self.assertEqual(entries[0]["errorType"], "ThrottlingException")


class TestRawCbor(CborCase):
    """What an SDK never sends, and the headers and bytes of every answer."""

    def test_answers_carry_the_protocol_headers_and_tag_1(self):
        name = "raw-" + uuid.uuid4().hex[:8]
        resp = self.raw_cbor(APPSTREAM_PATH + "CreateStack", {"Name": name})
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(resp.headers.get("content-type"), CONTENT_TYPE)
        self.assertEqual(resp.headers.get("smithy-protocol"), "rpc-v2-cbor")
        self.assertIsNone(resp.headers.get("x-amzn-errortype"))
        self.assert_request_id(resp.headers)
        stack = cbor_decode(resp.body)["Stack"]
        self.assertEqual(stack["CreatedTime"].number, 1)
        self.assertIsInstance(stack["CreatedTime"].value, (int, float))
        self.assertIn(b"\xc1", resp.body)

        missing = self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", {"Names": ["no-such-stack"]})
        self.assert_raw_cbor_error(missing, 400,
                                   "com.amazonaws.appstream#ResourceNotFoundException")
        body = cbor_decode(missing.body)
        self.assertEqual(body["Message"], body["message"])  # the modeled member, spelled as such

    def test_empty_bodies_are_empty_inputs(self):
        for body in (b"", b"\xa0", b"\xbf\xff"):
            with self.subTest(body=body):
                resp = self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", body)
                self.assertEqual(resp.status, 200, resp)
                self.assertIsInstance(cbor_decode(resp.body), dict)
        # An empty body for an operation with required members: validation names them.
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "CreateStack", b""), 400,
                                   "ValidationException")

    def test_inputs_may_use_every_cbor_form(self):
        name = "forms-" + uuid.uuid4().hex[:8]
        # An indefinite-length map with a chunked name, undefined for an absent member, a
        # half-precision float where none is declared (ignored).
        body = (b"\xbf" + cbor_encode("Name") + b"\x7f" + cbor_encode(name[:3]) +
                cbor_encode(name[3:]) + b"\xff" + cbor_encode("Description") + b"\xf7" +
                cbor_encode("Extra") + b"\xf9\x3c\x00" + b"\xff")
        resp = self.raw_cbor(APPSTREAM_PATH + "CreateStack", body)
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(cbor_decode(resp.body)["Stack"]["Name"], name)
        self.assertNotIn("Description", cbor_decode(resp.body)["Stack"])

    def test_malformed_cbor_is_a_serialization_exception(self):
        head = cbor_encode({"Name": "x"})[:-2]  # a map of one pair, its value cut off
        for body in (b"\xa1", b"\xa1\x64Na", head, b"\xa0\x00", b"\x80", b"{}",
                     b'{"Name":"x"}', b"\xa1\x64Name\x62\xc0\x80",
                     b"\xa2\x64Name\x61x\x64Name\x61y", b"\xa1\x01\x02",
                     b"\xa1\x64Name\xc2\x41\x01", b"\xa1\x64Name\x41x",
                     b"\xa1\x64Name" + b"\x81" * 100000, b"\xa1\x64Name\xf8\x20", b"\xff"):
            with self.subTest(body=body[:16]):
                self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "CreateStack", body),
                                           400, "SerializationException")
        message = self.assert_raw_cbor_error(
            self.raw_cbor(APPSTREAM_PATH + "CreateStack", b"\xa1\x64Name\x41x"), 400,
            "SerializationException")
        self.assertEqual(message, "Expected a string at 'name' but found a byte string.")

    def test_unknown_operations_services_and_forms(self):
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "Nope", {}), 400,
                                   "UnknownOperationException")
        message = self.assert_raw_cbor_error(self.raw_cbor(SSO_PATH + "CreateStack", {}), 400,
                                             "UnknownOperationException")
        self.assertEqual(message, "Operation CreateStack is not part of sso-admin.")
        self.assert_raw_cbor_error(
            self.raw_cbor("/service/DynamoDB_20120810/operation/ListTables", {}), 501,
            "NotImplemented")
        self.assert_raw_cbor_error(self.raw_cbor("/service/PhotonAdminProxyService", {}), 400,
                                   "UnknownOperationException")
        self.assert_raw_cbor_error(
            self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", {},
                          headers={"X-Amz-Target": "PhotonAdminProxyService.DescribeStacks"}),
            400, "SerializationException")
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", b"",
                                                 method="GET"), 400, "UnknownOperationException")
        # Signed for one service, the path names another.
        auth = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sso/aws4_request, "
                "SignedHeaders=host, Signature=" + "0" * 64)
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", {},
                                                 headers={"Authorization": auth}),
                                   400, "UnknownOperationException")
        # A prefix before /service/ and the service's absolute shape id route the same.
        for path in ("/v1/service/PhotonAdminProxyService/operation/DescribeStacks",
                     "/service/com.amazonaws.appstream.PhotonAdminProxyService/operation/"
                     "DescribeStacks"):
            with self.subTest(path=path):
                self.assertEqual(self.raw_cbor(path, {}).status, 200)


# --------------------------------------------------------------------------- SSO Admin

def strict_server_flags():
    """--lenient-principals where the binary has it: the assignments here name no real user."""
    try:
        out = subprocess.run([junction_bin(), "--help"], capture_output=True, text=True,
                             timeout=10).stdout
    except OSError:
        return []
    return ["--lenient-principals"] if "--lenient-principals" in out else []


class TestSsoAdminOverCbor(CborCase):
    server_args = strict_server_flags()

    def setUp(self):
        self.account = fresh_account()
        self.c = self.cbor_client("sso-admin", self.account)
        self.json = self.client("sso-admin", access_key=self.account)

    def ok(self, operation, **params):
        return self.assert_cbor_output("sso-admin", operation,
                                       getattr(self.c, operation)(**params))

    def test_permission_sets_and_assignments(self):
        instances = self.ok("list_instances")["Instances"]
        self.assertEqual(len(instances), 1)
        self.assertIsInstance(instances[0]["CreatedDate"], datetime.datetime)
        instance = instances[0]["InstanceArn"]
        ps = self.ok("create_permission_set", InstanceArn=instance, Name="CborAdmin",
                     SessionDuration="PT2H")["PermissionSet"]
        self.assertIsInstance(ps["CreatedDate"], datetime.datetime)
        self.assertEqual(self.json.describe_permission_set(
            InstanceArn=instance, PermissionSetArn=ps["PermissionSetArn"])["PermissionSet"], ps)
        with self.assert_cbor_error("ConflictException"):
            self.c.create_permission_set(InstanceArn=instance, Name="CborAdmin")

        user = str(uuid.uuid4())
        args = dict(InstanceArn=instance, TargetId=TARGET, TargetType="AWS_ACCOUNT",
                    PermissionSetArn=ps["PermissionSetArn"], PrincipalType="USER",
                    PrincipalId=user)
        created = self.ok("create_account_assignment", **args)["AccountAssignmentCreationStatus"]
        self.assertIsInstance(created["CreatedDate"], datetime.datetime)
        listed = self.ok("list_account_assignments", InstanceArn=instance, AccountId=TARGET,
                         PermissionSetArn=ps["PermissionSetArn"])["AccountAssignments"]
        self.assertEqual([a["PrincipalId"] for a in listed], [user])
        deleted = self.ok("delete_account_assignment", **args)["AccountAssignmentDeletionStatus"]
        self.assertEqual(deleted["Status"], "IN_PROGRESS")
        self.assertIsInstance(deleted["CreatedDate"], datetime.datetime)
        status = self.ok("describe_account_assignment_deletion_status", InstanceArn=instance,
                         AccountAssignmentDeletionRequestId=deleted["RequestId"])
        status = status["AccountAssignmentDeletionStatus"]
        self.assertEqual(status["RequestId"], deleted["RequestId"])
        self.assertEqual(status["CreatedDate"], deleted["CreatedDate"])
        self.assertIsInstance(status["CreatedDate"], datetime.datetime)
        over_json = self.json.describe_account_assignment_deletion_status(
            InstanceArn=instance, AccountAssignmentDeletionRequestId=deleted["RequestId"])
        self.assertEqual(over_json["AccountAssignmentDeletionStatus"]["CreatedDate"],
                         status["CreatedDate"])
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.delete_account_assignment(**args)
        with self.assert_cbor_error("ResourceNotFoundException"):
            self.c.describe_account_assignment_deletion_status(
                InstanceArn=instance, AccountAssignmentDeletionRequestId=str(uuid.uuid4()))

    def test_validation_error_as_over_json(self):
        loose_cbor = self.cbor_client("sso-admin", self.account, validate=False)
        loose_json = self.client("sso-admin", access_key=self.account, validate=False)
        params = dict(InstanceArn="arn:aws:sso:::instance/ssoins-1", TargetId="12",
                      TargetType="AWS_ACCOUNT", PermissionSetArn="nope", PrincipalType="USER",
                      PrincipalId="p")
        with self.assertRaises(ClientError) as over_json:
            loose_json.delete_account_assignment(**params)
        with self.assert_cbor_error("ValidationException") as cm:
            loose_cbor.delete_account_assignment(**params)
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         over_json.exception.response["Error"]["Message"])
        self.assertIn("at 'targetId' failed to satisfy constraint",
                      cm.exception.response["Error"]["Message"])


# --------------------------------------------------------------------------- strict mode

class TestStrictModeOverCbor(CborCase):
    KEY = ("AKIDCBORSTRICT001", "secret/C+" + uuid.uuid4().hex, "666666666666")

    @classmethod
    def setUpClass(cls):
        cls._dir = tempfile.mkdtemp(prefix="junction-cbor-strict-")
        path = os.path.join(cls._dir, "credentials.json")
        with open(path, "w") as f:
            json.dump([{"accessKeyId": cls.KEY[0], "secretAccessKey": cls.KEY[1],
                        "accountId": cls.KEY[2]}], f)
        os.chmod(path, 0o600)
        cls.server_args = ["--verify-signatures", "--credentials", path, "--admin-token",
                           "admin-" + uuid.uuid4().hex]
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls._dir, ignore_errors=True)

    def test_signed_cbor_requests_are_verified(self):
        appstream = self.cbor_client("appstream", self.KEY[0], secret=self.KEY[1])
        stack = self.assert_cbor_output("appstream", "CreateStack",
                                        appstream.create_stack(Name="strict"))["Stack"]
        self.assertIn(":666666666666:", stack["Arn"])  # the key's account, not its digits
        sso = self.cbor_client("sso-admin", self.KEY[0], secret=self.KEY[1])
        instances = self.assert_cbor_output("sso-admin", "ListInstances", sso.list_instances())
        self.assertEqual(instances["Instances"][0]["OwnerAccountId"], "666666666666")

        with self.assert_cbor_error("InvalidSignatureException", status=403):
            self.cbor_client("appstream", self.KEY[0], secret="wrong").describe_stacks()
        with self.assert_cbor_error("UnrecognizedClientException", status=403):
            self.cbor_client("sso-admin", "AKIDNOTLISTED0001", secret="x").list_instances()
        unsigned = self.cbor_client("appstream", self.KEY[0], secret=self.KEY[1],
                                    signature_version=botocore.UNSIGNED)
        with self.assert_cbor_error("MissingAuthenticationTokenException", status=403):
            unsigned.describe_stacks()

    def test_the_signature_covers_the_cbor_body_and_path(self):
        def signed(path, body):
            request = AWSRequest(method="POST", url=self.url + path, data=body, headers={
                "smithy-protocol": "rpc-v2-cbor", "Content-Type": CONTENT_TYPE,
                "Accept": CONTENT_TYPE})
            SigV4Auth(Credentials(*self.KEY[:2]), "appstream", "us-east-1").add_auth(request)
            return dict(request.headers.items())

        body = cbor_encode({"Names": ["strict-raw"]})
        headers = signed(APPSTREAM_PATH + "DescribeStacks", body)
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", body,
                                                 headers=headers),
                                   400, "com.amazonaws.appstream#ResourceNotFoundException")
        altered = cbor_encode({"Names": ["strict-raw2"]})
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "DescribeStacks", altered,
                                                 headers=headers),
                                   403, "InvalidSignatureException")
        self.assert_raw_cbor_error(self.raw_cbor(APPSTREAM_PATH + "DeleteStack", body,
                                                 headers=headers),
                                   403, "InvalidSignatureException")


if __name__ == "__main__":
    unittest.main()
