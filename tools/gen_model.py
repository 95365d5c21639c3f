#!/usr/bin/env python3
"""Generates server/shapes/models/<service>.cpp from the installed botocore service models.

The botocore model is the contract: every operation's HTTP binding, its input and output shapes
with their constraints, and its errors. This script turns one model into static tables of the
shape DSL (server/shapes/model_tables.hpp); the output is committed so a build needs no Python.

Usage: tools/gen_model.py [--check]   (--check: exit 1 when a committed file is stale)
"""
import gzip
import json
import os
import sys

SERVICES = {
    # sdk name -> C++ identifier
    "sso-admin": "sso_admin",
    "appstream": "appstream",
    "finspace-data": "finspace_data",
    "license-manager-user-subscriptions": "license_manager_user_subscriptions",
    "identitystore": "identitystore",
}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "server", "shapes", "models")


def load_model(service):
    import botocore

    base = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(base))[-1]
    with gzip.open(os.path.join(base, version, "service-2.json.gz")) as f:
        return json.load(f), botocore.__version__


def cstr(s):
    if s is None:
        return "nullptr"
    # A raw string keeps regular expressions readable; pick a delimiter the text lacks.
    if '"' in s or "\\" in s or "\n" in s:
        delim = "re"
        while ")" + delim + '"' in s:
            delim += "x"
        return 'R"' + delim + "(" + s + ")" + delim + '"'
    return '"' + s + '"'


KIND = {
    "string": "kString",
    "integer": "kInteger",
    "long": "kLong",
    "boolean": "kBoolean",
    "timestamp": "kTimestamp",
    "blob": "kBlob",
    "double": "kDouble",
    "float": "kDouble",
    "list": "kList",
    "map": "kMap",
    "structure": "kStructure",
}
LOCATION = {None: "kBody", "uri": "kUri", "querystring": "kQuery", "header": "kHeader",
            "statusCode": "kStatusCode", "headers": "kHeaders"}


def generate(service, ident):
    model, boto_version = load_model(service)
    meta = model["metadata"]
    names = sorted(model["shapes"])
    index = {n: i for i, n in enumerate(names)}
    shapes, members, enums = [], [], []
    for n in names:
        s = model["shapes"][n]
        kind = KIND[s["type"]]
        if s["type"] == "structure" and s.get("union"):
            kind = "kUnion"
        if s["type"] == "structure" and s.get("document"):
            kind = "kDocument"
        flags = []
        if s.get("sensitive"):
            flags.append("kSensitive")
        if s.get("exception"):
            flags.append("kError")
        if s.get("fault"):
            flags.append("kFault")
        first_member, member_count = len(members), 0
        if s["type"] == "structure":
            required = set(s.get("required", []))
            for mn, m in s.get("members", {}).items():
                mflags = []
                if mn in required:
                    mflags.append("kRequired")
                if m.get("idempotencyToken"):
                    mflags.append("kIdempotencyToken")
                members.append("  {%s, %d, %s, %s, %s}," % (
                    cstr(mn), index[m["shape"]], "|".join(mflags) or "0",
                    "Location::" + LOCATION[m.get("location")], cstr(m.get("locationName"))))
                member_count += 1
        first_enum, enum_count = len(enums), 0
        for v in s.get("enum", []):
            enums.append("  %s," % cstr(v))
            enum_count += 1
        target = -1
        if s["type"] == "list":
            target = index[s["member"]["shape"]]
        key = index[s["key"]["shape"]] if s["type"] == "map" else -1
        value = index[s["value"]["shape"]] if s["type"] == "map" else -1
        err = s.get("error", {})
        shapes.append(
            "  {%s, Kind::%s, %s, %s, %s, %s, %d, %d, %d, %d, %d, %d, %d, %d, %s, %s}," % (
                cstr(n), kind, "|".join(flags) or "0",
                "true" if "min" in s else "false", "true" if "max" in s else "false",
                cstr(s.get("pattern")), int(s.get("min", 0)), int(s.get("max", 0)),
                first_member, member_count, first_enum, enum_count,
                target if target >= 0 else key, value, str(err.get("httpStatusCode", 0)),
                cstr(err.get("code"))))
    ops, errors = [], []
    for on in sorted(model["operations"]):
        o = model["operations"][on]
        http = o.get("http", {})
        first_error = len(errors)
        for e in o.get("errors", []):
            errors.append("  %d," % index[e["shape"]])
        ops.append("  {%s, %s, %s, %d, %d, %d, %d, %d}," % (
            cstr(on), cstr(http.get("method", "POST")), cstr(http.get("requestUri", "/")),
            int(http.get("responseCode", 200)),
            index[o["input"]["shape"]] if "input" in o else -1,
            index[o["output"]["shape"]] if "output" in o else -1,
            first_error, len(errors) - first_error))
    protocol = "kAwsJson11" if meta["protocol"] == "json" else "kRestJson1"

    def table(ctype, name, rows):
        if not rows:
            return "constexpr const %s* %s = nullptr;\n" % (ctype, name)
        return "constexpr %s %s[] = {\n%s\n};\n" % (ctype, name, "\n".join(rows))

    out = []
    out.append("// Generated by tools/gen_model.py from botocore %s's %s %s. Do not edit.\n"
               % (boto_version, service, meta["apiVersion"]))
    out.append('#include "server/shapes/model_tables.hpp"\n')
    out.append("// clang-format off")
    out.append("namespace junction::shapes::models {\nnamespace {\n")
    out.append(table("MemberDef", "kMembers", members))
    out.append(table("const char*", "kEnums", enums))
    out.append(table("ShapeDef", "kShapes", shapes))
    out.append(table("int", "kErrors", errors))
    out.append(table("OperationDef", "kOperations", ops))
    out.append("}  // namespace\n")
    out.append(
        "extern const ServiceDef k_%s = {%s, %s, Protocol::%s, %s, %s, %s,\n"
        "    kShapes, sizeof(kShapes) / sizeof(kShapes[0]), kMembers, kEnums, kErrors,\n"
        "    kOperations, sizeof(kOperations) / sizeof(kOperations[0])};\n" % (
            ident, cstr(service), cstr(meta["apiVersion"]), protocol,
            cstr(meta.get("signingName", meta["endpointPrefix"])), cstr(meta.get("targetPrefix")),
            cstr(meta["endpointPrefix"])))
    out.append("}  // namespace junction::shapes::models")
    out.append("// clang-format on\n")
    return "\n".join(out)


def main():
    check = "--check" in sys.argv
    stale = False
    os.makedirs(OUT_DIR, exist_ok=True)
    for service, ident in SERVICES.items():
        text = generate(service, ident)
        path = os.path.join(OUT_DIR, ident + ".cpp")
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            stale = True
            if not check:
                with open(path, "w") as f:
                    f.write(text)
                print("wrote", os.path.relpath(path, ROOT))
    if check and stale:
        print("generated models are stale: run tools/gen_model.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
