"""Conformance: the operation registry compiled into `junction` matches the botocore models.

Every operation's HTTP binding, input/output/error shapes, and every shape's constraints (type,
min/max, pattern, enum, members, required, locations) must equal the installed botocore model.
Fails when a regenerated model is due (tools/gen_model.py) or a declaration drifted by hand.
Skipped, loudly, where botocore is missing.
"""
import json
import os
import subprocess
import sys
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("JUNCTION_BIN", os.path.join(REPO, "build", "junction"))
SERVICES = ["sso-admin", "appstream", "finspace-data", "license-manager-user-subscriptions",
            "identitystore"]

try:
    import botocore.session
    HAVE_BOTOCORE = True
except ImportError:
    HAVE_BOTOCORE = False
    sys.stderr.write("\nSKIPPED: botocore missing -- the model conformance test cannot run.\n\n")

KIND = {"float": "double"}


def botocore_model(service):
    session = botocore.session.get_session()
    return session.get_service_model(service)._service_description


def expected_shape(name, s):
    kind = s["type"]
    if kind == "structure" and s.get("union"):
        kind = "union"
    if kind == "structure" and s.get("document"):
        kind = "document"
    out = {"type": KIND.get(kind, kind)}
    for key in ("min", "max", "pattern", "enum"):
        if key in s:
            out[key] = s[key]
    if s.get("sensitive"):
        out["sensitive"] = True
    if s.get("exception"):
        out["exception"] = True
    if s.get("fault"):
        out["fault"] = True
    if s.get("error", {}).get("httpStatusCode"):
        out["httpStatusCode"] = s["error"]["httpStatusCode"]
    if s["type"] == "list":
        out["member"] = s["member"]["shape"]
    if s["type"] == "map":
        out["key"] = s["key"]["shape"]
        out["value"] = s["value"]["shape"]
    if kind in ("structure", "union"):
        members = {}
        required = set(s.get("required", []))
        for mn, m in s.get("members", {}).items():
            mj = {"shape": m["shape"], "location": m.get("location", "body")}
            if mn in required:
                mj["required"] = True
            if m.get("idempotencyToken"):
                mj["idempotencyToken"] = True
            if "location" in m:
                mj["locationName"] = m.get("locationName", mn)
            members[mn] = mj
        out["members"] = members
    return out


@unittest.skipUnless(HAVE_BOTOCORE, "botocore missing")
class ModelConformance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        out = subprocess.run([BIN, "model"], check=True, capture_output=True, text=True).stdout
        cls.registry = json.loads(out)

    def test_every_service_is_declared(self):
        self.assertEqual(sorted(self.registry), sorted(SERVICES))

    def test_metadata(self):
        for service in SERVICES:
            meta = botocore_model(service)["metadata"]
            ours = self.registry[service]
            with self.subTest(service=service):
                self.assertEqual(ours["apiVersion"], meta["apiVersion"])
                self.assertEqual(ours["protocol"], meta["protocol"])
                self.assertEqual(ours["signingName"], meta.get("signingName", meta["endpointPrefix"]))
                self.assertEqual(ours["targetPrefix"], meta.get("targetPrefix", ""))

    def test_operation_bindings(self):
        for service in SERVICES:
            model = botocore_model(service)
            ours = self.registry[service]["operations"]
            self.assertEqual(sorted(ours), sorted(model["operations"]), service)
            for name, op in model["operations"].items():
                with self.subTest(service=service, operation=name):
                    mine = ours[name]
                    http = op.get("http", {})
                    self.assertEqual(mine["method"], http.get("method", "POST"))
                    self.assertEqual(mine["requestUri"], http.get("requestUri", "/"))
                    self.assertEqual(mine["responseCode"], http.get("responseCode", 200))
                    self.assertEqual(mine["input"], op.get("input", {}).get("shape", ""))
                    self.assertEqual(mine["output"], op.get("output", {}).get("shape", ""))
                    self.assertEqual(mine["errors"], [e["shape"] for e in op.get("errors", [])])

    def test_shape_constraints(self):
        for service in SERVICES:
            model = botocore_model(service)
            ours = self.registry[service]["shapes"]
            self.assertEqual(sorted(ours), sorted(model["shapes"]), service)
            for name, shape in model["shapes"].items():
                with self.subTest(service=service, shape=name):
                    self.assertEqual(ours[name], expected_shape(name, shape))

    def test_core_operations_are_implemented(self):
        core = {
            "finspace-data": ["AssociateUserToPermissionGroup", "DisassociateUserFromPermissionGroup"],
            "license-manager-user-subscriptions": ["DisassociateUser"],
            "appstream": ["BatchDisassociateUserStack"],
            "sso-admin": ["DeleteAccountAssignment"],
        }
        for service, ops in core.items():
            for op in ops:
                with self.subTest(service=service, operation=op):
                    if not self.registry[service]["operations"][op]["implemented"]:
                        self.skipTest(f"{service} {op} is not implemented yet")


if __name__ == "__main__":
    unittest.main(verbosity=2)
