"""Shared pieces of the reliability tests: a Junction process that can be killed and restarted
on the same data directory, and a small keep-alive HTTP client that speaks the four services'
wire protocols directly (no SDK retries, so that every answer, and every missing answer, is
seen exactly as the server gave it).
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_BIN = os.path.join(REPO_ROOT, "build", "junction")
ACCOUNT = "111111111111"  # a 12-digit access key id is the account
REGION = "us-east-1"

SIGNING = {"sso-admin": "sso", "appstream": "appstream", "finspace-data": "finspace-api",
           "license-manager-user-subscriptions": "license-manager-user-subscriptions"}
TARGETS = {"sso-admin": "SWBExternalService", "appstream": "PhotonAdminProxyService"}


def junction_bin():
    return os.environ.get("JUNCTION_BIN", DEFAULT_BIN)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One junction process on a loopback port; its output goes to `log_path` (appended)."""

    def __init__(self, data_dir=None, args=(), binary=None, log_path=None, prefix=()):
        self.binary = binary or junction_bin()
        self.prefix = list(prefix)  # e.g. setpriv or nsenter, run in front of junction
        self.data_dir = data_dir
        self.args = list(args)
        self.port = None
        self.proc = None
        self.log_path = log_path or tempfile.mktemp(prefix="junction-reliability-", suffix=".log")

    @property
    def db_path(self):
        return os.path.join(self.data_dir, "junction.db")

    def start(self, timeout=30.0, healthy=True):
        """Starts and waits for health: 200, or with healthy=False any answer (a server that
        starts with a damaged database answers 503)."""
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(f"no junction binary at {self.binary} (set JUNCTION_BIN)")
        self.port = free_port()
        # The writers use made-up principal ids: SSO Admin's identity-store check is off.
        cmd = self.prefix + [self.binary, "--host", "127.0.0.1", "--port", str(self.port),
               "--log-level", "warn", "--lenient-principals"] + self.args
        cmd += ["--data-dir", self.data_dir] if self.data_dir else ["--ephemeral"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"junction exited with {self.proc.returncode}:\n{self.output()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/_junction/health")
                if conn.getresponse().status == 200 or not healthy:
                    conn.close()
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"junction not healthy after {timeout}s:\n{self.output()}")

    def kill(self):
        """SIGKILL: no chance to finish anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout=30.0):
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("junction did not stop within %ss of SIGTERM" % timeout)
        return self.proc.returncode

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


class RssPeak:
    """The largest resident set size a process reaches while the `with` block runs, in KiB
    (sampled every 20 ms on a thread of its own), from `start_kb`."""

    def __init__(self, pid, start_kb):
        self.pid, self.kb = pid, start_kb
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._done.is_set():
            self.kb = max(self.kb, rss_kb(self.pid))
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


def run_together(threads, timeout):
    """Starts the threads, waits for each (at most `timeout` seconds); returns the seconds taken."""
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return time.monotonic() - started


def rss_kb(pid):
    """The resident set size of a process, in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


SKIP = 77  # ctest's SKIP_RETURN_CODE for these tests


def skip(reason):
    """A capability the test needs is missing here: say so loudly, and exit 77 (skipped)."""
    bar = "!" * 78
    print(f"{bar}\nSKIPPED: {reason}\n{bar}", flush=True)
    sys.exit(SKIP)


def run_junction(args, prefix=(), timeout=30.0):
    """Runs junction to its end (a start that must fail): (exit code, output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
    cmd = list(prefix) + [junction_bin(), "--host", "127.0.0.1", "--port", str(free_port())] + list(args)
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def sanitizer_reports(output):
    """What a sanitizer build of junction (JUNCTION_TSAN, JUNCTION_SANITIZE) reported."""
    marks = ("WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
             "runtime error:")
    return [line.strip() for line in output.splitlines() if any(m in line for m in marks)]


class NoAnswer(Exception):
    """The request was (possibly) sent, but no complete answer came back."""


class Client:
    """One keep-alive connection. call() returns (status, body as JSON or None)."""

    def __init__(self, port, timeout=30.0):
        self.port = port
        self.timeout = timeout
        self.conn = None
        self.last_error_type = None  # x-amzn-ErrorType of the last answer

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None):
        data = b"" if body is None else (body if isinstance(body, bytes) else
                                         json.dumps(body).encode())
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=data, headers=headers or {})
            resp = self.conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise NoAnswer(f"{method} {path}: {e!r}") from e
        self.last_error_type = (resp.getheader("x-amzn-ErrorType") or "").split(":")[0] or None
        if resp.will_close:
            self.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return resp.status, parsed

    def _auth(self, service):
        return (f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20260101/{REGION}/{SIGNING[service]}"
                f"/aws4_request, SignedHeaders=host;x-amz-date, Signature={'0' * 64}")

    def aws_json(self, service, operation, params):
        return self.request("POST", "/", params, {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"{TARGETS[service]}.{operation}",
            "Authorization": self._auth(service)})

    def rest_json(self, service, method, path, params=None):
        headers = {"Authorization": self._auth(service)}
        if params is not None:
            headers["Content-Type"] = "application/json"
        return self.request(method, path, params, headers)

    # -- the control plane
    def state(self):
        status, body = self.request("GET", "/_junction/state")
        if status != 200:
            raise RuntimeError(f"GET /_junction/state answered {status}: {body}")
        return body["tables"]

    def import_state(self, tables):
        return self.request("POST", "/_junction/state", {"version": 1, "tables": tables},
                            {"Content-Type": "application/json"})


def error_type(body):
    if not isinstance(body, dict):
        return None
    t = body.get("__type") or body.get("code")
    return t.split("#")[-1] if t else None


def token():
    return uuid.uuid4().hex


# ----------------------------------------------------------------------- the four services

def sso_instance_arn(client):
    status, body = client.aws_json("sso-admin", "ListInstances", {})
    assert status == 200, (status, body)
    return body["Instances"][0]["InstanceArn"]


def sso_create_permission_set(client, instance, name):
    return client.aws_json("sso-admin", "CreatePermissionSet",
                           {"InstanceArn": instance, "Name": name})


def sso_delete_permission_set(client, instance, arn):
    return client.aws_json("sso-admin", "DeletePermissionSet",
                           {"InstanceArn": instance, "PermissionSetArn": arn})


def sso_assignment(instance, ps_arn, account_id, principal):
    return {"InstanceArn": instance, "TargetId": account_id, "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": ps_arn, "PrincipalType": "USER", "PrincipalId": principal}


def sso_principal(n):
    return "a1b2c3d4e5-%08x-1234-4234-8234-123456789012" % n


def appstream_create_stack(client, name):
    return client.aws_json("appstream", "CreateStack", {"Name": name})


def appstream_delete_stack(client, name):
    return client.aws_json("appstream", "DeleteStack", {"Name": name})


def appstream_create_user(client, name):
    return client.aws_json("appstream", "CreateUser",
                           {"UserName": name, "AuthenticationType": "USERPOOL",
                            "MessageAction": "SUPPRESS"})


def appstream_delete_user(client, name):
    return client.aws_json("appstream", "DeleteUser",
                           {"UserName": name, "AuthenticationType": "USERPOOL"})


def appstream_batch(client, operation, pairs):
    """operation: BatchAssociateUserStack or BatchDisassociateUserStack; pairs: (stack, user)."""
    return client.aws_json("appstream", operation, {"UserStackAssociations": [
        {"StackName": s, "UserName": u, "AuthenticationType": "USERPOOL"} for s, u in pairs]})


def finspace_create_user(client, email):
    return client.rest_json("finspace-data", "POST", "/user",
                            {"emailAddress": email, "type": "APP_USER", "clientToken": token()})


def finspace_create_group(client, name):
    return client.rest_json("finspace-data", "POST", "/permission-group",
                            {"name": name, "applicationPermissions": ["CreateDataset"],
                             "clientToken": token()})


def finspace_delete_group(client, group):
    return client.rest_json("finspace-data", "DELETE",
                            f"/permission-group/{group}?clientToken={token()}")


def finspace_associate(client, group, user):
    return client.rest_json("finspace-data", "POST", f"/permission-group/{group}/users/{user}",
                            {"clientToken": token()})


def finspace_disassociate(client, group, user):
    return client.rest_json("finspace-data", "DELETE",
                            f"/permission-group/{group}/users/{user}?clientToken={token()}")


def lmus_provider(directory):
    return {"ActiveDirectoryIdentityProvider": {"DirectoryId": directory}}


def lmus_register(client, directory, product="VISUAL_STUDIO_ENTERPRISE"):
    return client.rest_json("license-manager-user-subscriptions", "POST",
                            "/identity-provider/RegisterIdentityProvider",
                            {"IdentityProvider": lmus_provider(directory), "Product": product})


def lmus_deregister(client, directory, product="VISUAL_STUDIO_ENTERPRISE"):
    return client.rest_json("license-manager-user-subscriptions", "POST",
                            "/identity-provider/DeregisterIdentityProvider",
                            {"IdentityProvider": lmus_provider(directory), "Product": product})


def lmus_associate(client, instance, directory, username):
    return client.rest_json("license-manager-user-subscriptions", "POST", "/user/AssociateUser",
                            {"Username": username, "InstanceId": instance,
                             "IdentityProvider": lmus_provider(directory)})


def lmus_disassociate(client, instance, directory, username):
    return client.rest_json("license-manager-user-subscriptions", "POST",
                            "/user/DisassociateUser",
                            {"Username": username, "InstanceId": instance,
                             "IdentityProvider": lmus_provider(directory)})


def lmus_seed_instances(client, instance_ids):
    return client.import_state({"lmus_instances": [
        {"account": ACCOUNT, "region": REGION, "instance_id": i,
         "products": json.dumps(["VISUAL_STUDIO_ENTERPRISE"])} for i in instance_ids]})


# ----------------------------------------------------------------------- reading the state

def rows(tables, name):
    return [r for r in tables.get(name, []) if r["account"] == ACCOUNT and r["region"] == REGION]


def key_set(tables, name, columns, where=None):
    out = set()
    for r in rows(tables, name):
        if where and not where(r):
            continue
        out.add(tuple(r[c] for c in columns))
    return out


def duplicates(tables, name, columns, where=None):
    """Logical keys that occur more than once."""
    seen, dup = set(), set()
    for r in rows(tables, name):
        if where and not where(r):
            continue
        k = tuple(r[c] for c in columns)
        (dup if k in seen else seen).add(k)
    return dup
