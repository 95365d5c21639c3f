#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/) and the JSON and CBOR
dictionaries (tests/fuzz/json.dict, cbor.dict) from the botocore models: for every operation of
the four services, a request with every member of its input filled with a value of the right
type (and the first enum value, the minimum of a range), plus a few hand-written requests that
reach the interesting corners (URI labels, query lists, unions, percent-encoding; for CBOR,
indefinite lengths, tags, every float width). The CBOR seeds are the implemented operations only:
a few dozen files. Run it again after a
model update; the fuzzers then start from the new shapes. It adds and overwrites its own files
only: the corpus also holds inputs the fuzzers found (named by their SHA-1), merged in with
`<target> -merge=1 -use_counters=0 tests/fuzz/corpus/<target> build-fuzz/corpus/<target>`.

  python3 tests/fuzz/make_corpus.py
"""

import base64
import gzip
import hashlib
import json
import os
import struct

import botocore

HERE = os.path.dirname(os.path.abspath(__file__))
# The order of Model::instance(): the validator target picks an operation by index in it.
SERVICES = ["sso-admin", "appstream", "finspace-data", "license-manager-user-subscriptions"]
SIGNING = {"sso-admin": "sso", "appstream": "appstream", "finspace-data": "finspace-api",
           "license-manager-user-subscriptions": "license-manager-user-subscriptions"}


# The operations Junction implements (`junction model`), whose handlers fuzz_dispatch reaches.
IMPLEMENTED = {
    "sso-admin": {"CreateAccountAssignment", "CreatePermissionSet", "DeleteAccountAssignment",
                  "DeletePermissionSet", "DescribeAccountAssignmentCreationStatus",
                  "DescribeAccountAssignmentDeletionStatus", "DescribeInstance",
                  "DescribePermissionSet", "ListAccountAssignmentCreationStatus",
                  "ListAccountAssignmentDeletionStatus", "ListAccountAssignments",
                  "ListAccountAssignmentsForPrincipal", "ListInstances", "ListPermissionSets",
                  "ListTagsForResource", "UpdatePermissionSet"},
    "appstream": {"BatchAssociateUserStack", "BatchDisassociateUserStack", "CreateStack",
                  "CreateUser", "DeleteStack", "DeleteUser", "DescribeStacks",
                  "DescribeUserStackAssociations", "DescribeUsers", "DisableUser", "EnableUser"},
    "finspace-data": {"AssociateUserToPermissionGroup", "CreatePermissionGroup", "CreateUser",
                      "DeletePermissionGroup", "DisableUser",
                      "DisassociateUserFromPermissionGroup", "EnableUser", "GetPermissionGroup",
                      "GetUser", "ListPermissionGroups", "ListPermissionGroupsByUser",
                      "ListUsers", "ListUsersByPermissionGroup", "ResetUserPassword",
                      "UpdatePermissionGroup", "UpdateUser"},
    "license-manager-user-subscriptions": {
        "AssociateUser", "DeregisterIdentityProvider", "DisassociateUser",
        "ListIdentityProviders", "ListInstances", "ListProductSubscriptions",
        "ListTagsForResource", "ListUserAssociations", "RegisterIdentityProvider",
        "StartProductSubscription", "StopProductSubscription", "TagResource", "UntagResource",
        "UpdateIdentityProviderSettings"},
}

# The SSO Admin instance of account 111111111111 in us-east-1 (derived from them).
SSO_INSTANCE = "arn:aws:sso:::instance/ssoins-fd325efa13d660ca"
AS = "A PhotonAdminProxyService."
SSO = "A SWBExternalService."
FS = "R {} {}\nauthorization: AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/finspace-api/aws4_request\n\n{}"
LM = "R POST /{}\nauthorization: AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/license-manager-user-subscriptions/aws4_request\n\n{}"
IDP = '{"ActiveDirectoryIdentityProvider":{"DirectoryId":"d-0123456789"}}'
FLOWS = {
    "flow-appstream": [
        AS + 'CreateStack\n{"Name":"s1","Description":"d"}',
        AS + 'CreateUser\n{"UserName":"u@example.com","AuthenticationType":"USERPOOL"}',
        AS + 'BatchAssociateUserStack\n{"UserStackAssociations":[{"StackName":"s1",'
             '"UserName":"u@example.com","AuthenticationType":"USERPOOL"},{"StackName":"s2",'
             '"UserName":"v@example.com","AuthenticationType":"SAML"}]}',
        AS + 'DescribeUserStackAssociations\n{"StackName":"s1","MaxResults":1}',
        AS + 'DisableUser\n{"UserName":"u@example.com","AuthenticationType":"USERPOOL"}',
        AS + 'DescribeUsers\n{"AuthenticationType":"USERPOOL","MaxResults":1}',
        AS + 'DeleteStack\n{"Name":"s1"}',
    ],
    "flow-sso": [
        SSO + 'ListInstances\n{}',
        SSO + 'CreatePermissionSet\n{"InstanceArn":"%s","Name":"Admin","Tags":[{"Key":"k",'
              '"Value":"v"}]}' % SSO_INSTANCE,
        SSO + 'ListPermissionSets\n{"InstanceArn":"%s","MaxResults":1}' % SSO_INSTANCE,
        SSO + 'ListAccountAssignmentCreationStatus\n{"InstanceArn":"%s","Filter":{"Status":'
              '"SUCCEEDED"}}' % SSO_INSTANCE,
    ],
    "flow-finspace": [
        FS.format("POST", "/user", '{"emailAddress":"a@example.com","type":"APP_USER",'
                                   '"clientToken":"t1"}'),
        FS.format("POST", "/user", '{"emailAddress":"a@example.com","type":"APP_USER",'
                                   '"clientToken":"t1"}'),
        FS.format("GET", "/user?maxResults=1", ""),
        FS.format("POST", "/permission-group", '{"name":"g","applicationPermissions":'
                                               '["CreateDataset"],"clientToken":"t2"}'),
        FS.format("GET", "/permission-group?maxResults=1&nextToken=anVuY3Rpb246MQ==", ""),
    ],
    "flow-lmus": [
        LM.format("identity-provider/RegisterIdentityProvider",
                  '{"IdentityProvider":%s,"Product":"VISUAL_STUDIO_ENTERPRISE"}' % IDP),
        LM.format("identity-provider/ListIdentityProviders", '{"MaxResults":1}'),
        LM.format("user/StartProductSubscription",
                  '{"Username":"u","IdentityProvider":%s,"Product":"VISUAL_STUDIO_ENTERPRISE"}'
                  % IDP),
        LM.format("user/ListProductSubscriptions",
                  '{"IdentityProvider":%s,"Product":"VISUAL_STUDIO_ENTERPRISE"}' % IDP),
        LM.format("identity-provider/DeregisterIdentityProvider",
                  '{"IdentityProvider":%s,"Product":"VISUAL_STUDIO_ENTERPRISE"}' % IDP),
    ],
}


def load(service):
    root = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(root))[-1]
    path = os.path.join(root, version, "service-2.json.gz")
    opener = gzip.open if os.path.exists(path) else open
    with opener(path if os.path.exists(path) else path[:-3], "rt") as f:
        return json.load(f)


def example(model, shape_name, depth=0):
    shape = model["shapes"][shape_name]
    kind = shape["type"]
    if kind == "structure":
        if depth > 4:
            return {}
        members = shape["members"]
        if shape.get("union"):
            name = next(iter(members))
            return {name: example(model, members[name]["shape"], depth + 1)}
        return {name: example(model, m["shape"], depth + 1) for name, m in members.items()
                if m.get("location") not in ("header", "querystring", "uri", "statusCode")}
    if kind == "list":
        return [example(model, shape["member"]["shape"], depth + 1)]
    if kind == "map":
        return {"key": example(model, shape["value"]["shape"], depth + 1)}
    if kind == "string":
        if "enum" in shape:
            return shape["enum"][0]
        return "x" * max(1, shape.get("min", 1))
    if kind in ("integer", "long"):
        return shape.get("min", 1)
    if kind in ("double", "float"):
        return 1.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return 1767225600
    if kind == "blob":
        return "eA=="
    return None


def cbor(value, shape=None, model=None):
    """`value` as CBOR, along the botocore shape `shape` (timestamps as tag 1, blobs as bytes)."""
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * width):
                return bytes([major << 5 | info]) + n.to_bytes(width, "big")
        raise ValueError(n)

    kind = shape["type"] if shape else None
    if kind == "timestamp":
        return b"\xc1" + cbor(value)
    if kind == "blob":
        raw = base64.b64decode(value)
        return head(2, len(raw)) + raw
    if isinstance(value, bool):
        return b"\xf5" if value else b"\xf4"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode()
        return head(3, len(data)) + data
    if isinstance(value, list):
        element = model["shapes"][shape["member"]["shape"]] if kind == "list" else None
        return head(4, len(value)) + b"".join(cbor(v, element, model) for v in value)
    out = head(5, len(value))
    for k, v in value.items():
        member = None
        if kind == "structure" and k in shape["members"]:
            member = model["shapes"][shape["members"][k]["shape"]]
        elif kind == "map":
            member = model["shapes"][shape["value"]["shape"]]
        out += cbor(k) + cbor(v, member, model)
    return out


def uri_for(model, op):
    uri = op["http"]["requestUri"]
    input_shape = model["shapes"].get(op.get("input", {}).get("shape", ""), {})
    query = []
    for name, m in input_shape.get("members", {}).items():
        if m.get("location") == "uri":
            label = m.get("locationName", name)
            uri = uri.replace("{%s}" % label, "x1").replace("{%s+}" % label, "x1/y2")
        elif m.get("location") == "querystring":
            query.append(f"{m.get('locationName', name)}=1")
    if query:
        uri += ("&" if "?" in uri else "?") + "&".join(query)
    return uri


def write(target, name, data):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    digest = hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(directory, f"{name}-{digest}"), "wb") as f:
        f.write(data)


def main():
    words = set()
    cbor_words = set()
    index = 0
    for service in SERVICES:
        model = load(service)
        meta = model["metadata"]
        for op_name, op in model["operations"].items():
            if "input" not in op:
                continue
            body = example(model, op["input"]["shape"])
            words.update(_words(body))
            if meta["protocol"] == "json":
                cbor_words.update(_words(body))
            text = json.dumps(body)
            write("fuzz_validator", f"{service}-{op_name}",
                  bytes([index >> 8, index & 255]) + text.encode())
            index += 1
            if meta["protocol"] == "json":
                target = f"{meta['targetPrefix']}.{op_name}"
                write("fuzz_aws_json", f"{service}-{op_name}",
                      f"@{SIGNING[service]} {target}\n{text}")
                if op_name in IMPLEMENTED[service]:
                    write("fuzz_dispatch", f"{service}-{op_name}", f"A {target}\n{text}")
                    input_shape = model["shapes"][op["input"]["shape"]]
                    write("fuzz_rpc_v2_cbor", f"{service}-{op_name}",
                          f"@{SIGNING[service]} {target}\n".encode()
                          + cbor(body, input_shape, model))
            else:
                method = op["http"]["method"]
                request = (f"{method} {uri_for(model, op)}\nauthorization: AWS4-HMAC-SHA256 "
                           f"Credential=AKID/20260101/us-east-1/{SIGNING[service]}/aws4_request"
                           f"\ncontent-type: application/json\n\n{text}")
                write("fuzz_rest_json", f"{service}-{op_name}", request)
                if op_name in IMPLEMENTED[service]:
                    write("fuzz_dispatch", f"{service}-{op_name}", "R " + request)
    # Corners by hand.
    write("fuzz_aws_json", "unsigned", "SWBExternalService.ListInstances\n{}")
    write("fuzz_aws_json", "nested", "SWBExternalService.CreatePermissionSet\n"
          '{"InstanceArn":"arn:aws:sso:::instance/ssoins-0123456789abcdef","Name":"n",'
          '"Tags":[{"Key":"k","Value":"v"}],"SessionDuration":"PT2H"}')
    write("fuzz_aws_json", "batch", "PhotonAdminProxyService.BatchAssociateUserStack\n"
          '{"UserStackAssociations":[{"StackName":"s","UserName":"u@x.com",'
          '"AuthenticationType":"USERPOOL","SendEmailNotification":true}]}')
    write("fuzz_aws_json", "numbers", "SWBExternalService.ListPermissionSets\n"
          '{"InstanceArn":"a","MaxResults":2147483648,"NextToken":"\\u00e9\\ud83d\\ude00"}')
    write("fuzz_rest_json", "labels", "DELETE /permission-group/a%2Fb/users/%00?clientToken=t\n"
          "authorization: AWS4-HMAC-SHA256 Credential=123456789012/20260101/eu-west-1/"
          "finspace-api/aws4_request\n\n")
    write("fuzz_rest_json", "query-list", "GET /user?maxResults=5&nextToken=abc&nextToken=d\n\n")
    write("fuzz_rest_json", "unsigned-path", "POST /user/AssociateUser\n\n"
          '{"Username":"u","InstanceId":"i-1","IdentityProvider":{"ActiveDirectoryIdentityProvider"'
          ':{"DirectoryId":"d-0123456789"}},"Domain":"d"}')
    write("fuzz_rest_json", "greedy", "GET /tags/arn%3Aaws%3Alicense-manager-user-subscriptions"
          "%3Aus-east-1%3A111111111111%3Aidentity-provider%2Fx\n\n")
    # CBOR's own forms: indefinite lengths, tags, floats of every width, undefined, bytes.
    for name, body in {
        "indefinite": "bf 75 55736572537461636b4173736f63696174696f6e73 9f bf 69 537461636b4e616d65"
                      " 7f 61 73 61 31 ff 68 557365724e616d65 61 75 72 41757468656e7469636174696f"
                      "6e54797065 68 55534552504f4f4c ff ff ff",
        "floats": "a3 61 61 f9 3c00 61 62 fa 47c35000 61 63 fb 3ff199999999999a",
        "specials": "a4 61 61 f9 7c00 61 62 f9 7e00 61 63 f9 0001 61 64 f7",
        "tags": "a3 61 61 c1 1a 69559800 61 62 c1 fb 41da5566 00000000 61 63 c2 41 01",
        "bytes": "a2 61 61 5f 41 01 42 0203 ff 61 62 43 010203",
        "empty": "",
    }.items():
        target = "PhotonAdminProxyService.BatchAssociateUserStack" if name == "indefinite" \
            else "PhotonAdminProxyService.CreateStack"
        write("fuzz_rpc_v2_cbor", name, f"{target}\n".encode() + bytes.fromhex(body.replace(" ", "")))
    write("fuzz_rpc_v2_cbor", "absolute-id",
          b"com.amazonaws.ssoadmin.SWBExternalService.ListInstances\n\xa0")
    write("fuzz_validator", "deep", bytes([0, 3]) + b'{"Tags":[[[[[[{"Key":1}]]]]]]}')
    # Whole flows for the dispatcher: create, use, list, delete.
    for name, steps in FLOWS.items():
        write("fuzz_dispatch", name, "\n----\n".join(steps))
    with open(os.path.join(HERE, "json.dict"), "w") as f:
        f.write("# JSON tokens and the member names and enum values of the four services' inputs\n")
        for token in ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"true"', '"false"',
                      '"null"', '"\\\\u0000"', '"\\\\ud800"', '"1e400"', '"-0"', '"%2F"', '"%00"',
                      '"\\x0d\\x0a"', '"x-amz-target: "', '"authorization: "']:
            f.write(token + "\n")
        for w in sorted(words):
            if w and len(w) < 64 and all(32 <= ord(ch) < 127 and ch not in '"\\' for ch in w):
                f.write(f'"{w}"\n')
    with open(os.path.join(HERE, "cbor.dict"), "w") as f:
        f.write("# CBOR heads (indefinite lengths, break, tags, floats) and the member names and enum\n"
                "# values of the awsJson1.1 services' inputs as CBOR text strings\n")
        for token in ["bf", "9f", "5f", "7f", "ff", "c1", "c2", "d8", "f4", "f5", "f6", "f7",
                      "f9", "fa", "fb", "18", "19", "1a", "1b", "3b", "a0", "80", "40", "60"]:
            f.write(f'"\\x{token}"\n')
        for w in sorted(cbor_words):
            data = cbor(w)
            if w and len(w) < 64 and all(32 <= ord(ch) < 127 for ch in w):
                f.write('"' + "".join(f"\\x{b:02x}" for b in data) + '"\n')


def _words(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _words(v)
    elif isinstance(value, list):
        for v in value:
            yield from _words(v)
    elif isinstance(value, str):
        yield value


if __name__ == "__main__":
    main()
