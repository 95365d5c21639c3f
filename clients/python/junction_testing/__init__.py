"""Test-suite helpers for Junction: its control plane (/_junction/*) as plain Python calls.

    from junction_testing import Junction, start_junction

    with start_junction() as junction:          # starts the binary on a free port
        junction.reset()
        rule = junction.faults.add("sso-admin", "ListInstances", error="ThrottlingException",
                                   count=1)
        sso = junction.client("sso-admin")      # a boto3 client pointed at the server
        ...
        assert junction.journal.operations() == ["ListInstances", "ListInstances"]

Every helper returns what the control plane answers, decoded: dicts, lists, numbers. A control
plane error raises JunctionError with its status, type and message. With pytest, the `junction`
fixture (junction_testing.pytest_plugin, registered when the package is installed) does the
starting and the resetting.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Junction", "JunctionError", "JunctionServer", "start_junction", "find_binary"]
__version__ = "0.1.0"

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


class JunctionError(Exception):
    """The control plane refused a call: `status` (HTTP), `type` (e.g. InvalidFault), message."""

    def __init__(self, status, type_, message):
        super().__init__(f"{status} {type_}: {message}")
        self.status, self.type, self.message = status, type_, message


class Junction:
    """A running Junction at `endpoint` (e.g. http://127.0.0.1:4566)."""

    def __init__(self, endpoint=None, admin_token=None, timeout=10.0):
        endpoint = endpoint or os.environ.get("JUNCTION_ENDPOINT") or "http://127.0.0.1:4566"
        self.endpoint = endpoint.rstrip("/")
        self.admin_token = admin_token if admin_token is not None else os.environ.get(
            "JUNCTION_ADMIN_TOKEN") or None
        self.timeout = timeout
        self.faults = Faults(self)
        self.journal = Journal(self)
        self.state = State(self)

    def __repr__(self):
        return f"Junction({self.endpoint!r})"

    # -- the HTTP call every helper makes
    def call(self, method, path, body=None, **params):
        """One control-plane call; returns the decoded JSON answer."""
        query = {k: _param(v) for k, v in params.items() if v is not None}
        url = self.endpoint + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if self.admin_token:
            headers["Authorization"] = "Bearer " + self.admin_token
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            try:
                answer = json.loads(text)
                raise JunctionError(e.code, answer.get("error"), answer.get("message")) from None
            except ValueError:
                raise JunctionError(e.code, "HttpError", text or str(e)) from None

    # -- the server as a whole
    def health(self):
        """GET /_junction/health: status, version, storage, the operations of each service."""
        return self.call("GET", "/_junction/health")

    def reset(self, service=None, account=None, region=None):
        """Empties all state (and, with no filter, the journal and fault rules: a fresh start),
        or one service's, account's or region's state. Returns what was deleted."""
        return self.call("POST", "/_junction/reset", service=service, account=account,
                         region=region)

    def wait_until_healthy(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.health()
            except (OSError, JunctionError):
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    # -- SDK clients pointed at this server
    def client_config(self, account=DEFAULT_ACCOUNT, region=DEFAULT_REGION):
        """The keyword arguments of boto3.client that point it at Junction as `account`."""
        return dict(endpoint_url=self.endpoint, region_name=region, aws_access_key_id=account,
                    aws_secret_access_key="test")

    def client(self, service, account=DEFAULT_ACCOUNT, region=DEFAULT_REGION, **kwargs):
        """A boto3 client of `service` (e.g. "sso-admin") acting as `account` in `region`."""
        import boto3  # optional: only this helper needs it

        return boto3.client(service, **{**self.client_config(account, region), **kwargs})


class Faults:
    """Fault rules: POST/GET/DELETE /_junction/faults."""

    def __init__(self, junction):
        self._j = junction

    def add(self, service, operation=None, error=None, *, message=None, status=None, count=None,
            probability=None, latency_ms=None, account=None, region=None):
        """Adds a rule; returns it (with its `id`). `error` is the error type to answer with
        (e.g. "ThrottlingException"); `latency_ms` delays the call; `count` fires it for the
        next N matching calls, `probability` by chance, neither on every call."""
        rule = {"service": service}
        if operation is not None:
            rule["operation"] = operation
        if error is not None:
            rule["error"] = {"type": error}
            if message is not None:
                rule["error"]["message"] = message
            if status is not None:
                rule["error"]["status"] = status
        for key, value in (("count", count), ("probability", probability),
                           ("latencyMs", latency_ms), ("account", account), ("region", region)):
            if value is not None:
                rule[key] = value
        return self._j.call("POST", "/_junction/faults", rule)

    def list(self):
        """Every rule, with `remaining` and `fired`."""
        return self._j.call("GET", "/_junction/faults")["rules"]

    def get(self, rule_id):
        return self._j.call("GET", "/_junction/faults/" + urllib.parse.quote(rule_id, safe=""))

    def remove(self, rule_id):
        self._j.call("DELETE", "/_junction/faults/" + urllib.parse.quote(rule_id, safe=""))

    def clear(self):
        """Removes every rule; returns how many there were."""
        return self._j.call("DELETE", "/_junction/faults")["deleted"]


class Journal:
    """The request journal: GET/DELETE /_junction/requests."""

    def __init__(self, junction):
        self._j = junction

    def entries(self, service=None, operation=None, status=None, account=None, region=None,
                error_type=None, faulted=None, limit=None):
        """The recorded API calls that match, oldest first (each a dict: sequence, time,
        requestId, service, operation, account, region, status, errorType, faulted, ...).
        `status` is a code (400) or a class ("4xx"); `limit` keeps the newest N."""
        return self._j.call("GET", "/_junction/requests", service=service, operation=operation,
                            status=status, account=account, region=region, errorType=error_type,
                            faulted=faulted, limit=limit)["entries"]

    def operations(self, **filters):
        """The operation names of entries(**filters), in order."""
        return [e["operation"] for e in self.entries(**filters)]

    def total(self):
        """API calls since start-up, including those the journal no longer holds."""
        return self._j.call("GET", "/_junction/requests", limit=1)["total"]

    def clear(self):
        """Empties the journal; returns how many entries it held."""
        return self._j.call("DELETE", "/_junction/requests")["deleted"]


class State:
    """State documents: GET/POST /_junction/state (the format of --seed)."""

    def __init__(self, junction):
        self._j = junction

    def export(self, service=None, account=None, region=None):
        """The state as one document: {"format", "version", "tables": {table: [row, ...]}}."""
        return self._j.call("GET", "/_junction/state", service=service, account=account,
                            region=region)

    def load(self, document):
        """Imports (merges) a document, a dict with at least "tables"; returns the summary."""
        return self._j.call("POST", "/_junction/state", document)

    def load_file(self, path):
        with open(path, encoding="utf-8") as f:
            return self.load(json.load(f))

    def rows(self, table, **filters):
        """The rows of one table (e.g. "sso_permission_sets"), filtered like export()."""
        return self.export(**filters)["tables"].get(table, [])


def _param(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(value)
    return str(value)


# --------------------------------------------------------------------------- starting the binary

def find_binary(binary=None):
    """The junction binary: `binary`, else $JUNCTION_BIN, else `junction` on the PATH, else
    ./build/junction (a build in the current directory)."""
    for candidate in (binary, os.environ.get("JUNCTION_BIN"), shutil.which("junction"),
                      os.path.join(os.getcwd(), "build", "junction")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError(
        "no junction binary: set JUNCTION_BIN to it (a build makes build/junction), put it on "
        "the PATH, or set JUNCTION_ENDPOINT to a running server")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JunctionServer:
    """The binary on a free loopback port, state in memory; a context manager that yields a
    Junction and stops the server (SIGTERM) on exit."""

    def __init__(self, binary=None, args=(), port=None, start_timeout=10.0):
        self.binary = find_binary(binary)
        self.args = list(args)
        self.port = port or _free_port()
        self.start_timeout = start_timeout
        self.process = None
        self._log = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._log = tempfile.TemporaryFile()
        command = [self.binary, "--host", "127.0.0.1", "--port", str(self.port), *self.args]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        junction = Junction(self.endpoint)
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"junction exited with code {self.process.returncode}:\n"
                                   + self.output())
            try:
                junction.health()
                return junction
            except OSError:
                if time.monotonic() >= deadline:
                    self.stop()
                    raise RuntimeError("junction did not answer its health check within "
                                       f"{self.start_timeout:.0f}s:\n" + self.output())
                time.sleep(0.05)

    def output(self):
        """What the server logged (stderr and stdout)."""
        if not self._log:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def start_junction(binary=None, args=(), port=None):
    """`with start_junction() as junction:` -- see JunctionServer."""
    return JunctionServer(binary, args, port)
