"""Shared harness for Junction's end-to-end tests (python3 unittest, boto3, AWS CLI).

Each test class derived from JunctionTestCase gets one server for its whole life:
  * JUNCTION_URL set  -> use that running server (classes that need their own server
                         flags, `server_args`, are skipped);
  * otherwise         -> start JUNCTION_BIN (default <repo>/build/junction) on a free
                         loopback port with --ephemeral, stop it with SIGTERM afterwards.

Responses are checked against the botocore service models, which are Junction's contract
(SPEC.md): `assert_output_shape` for results, `assert_client_error` for errors.
"""

import contextlib
import datetime
import functools
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

try:
    import boto3
    import botocore
    import botocore.session
    from botocore.config import Config
    from botocore.exceptions import ClientError
    HAVE_BOTO3 = True
except ImportError:  # every test is skipped, loudly
    HAVE_BOTO3 = False

    class ClientError(Exception):
        """Placeholder so test modules still import without botocore."""

    sys.stderr.write(
        "\n" + "!" * 72 + "\n"
        "SKIPPED: boto3 missing -- the Junction end-to-end tests need boto3/botocore.\n"
        "Install them (pip install boto3) to run tests/e2e.\n"
        + "!" * 72 + "\n\n")

try:  # Java-style patterns (\p{L}, ...) need the third-party `regex` module
    import regex as _pattern_re
except ImportError:
    _pattern_re = re

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_BIN = os.path.join(REPO_ROOT, "build", "junction")
HEALTH_PATH = "/_junction/health"
START_TIMEOUT = 10.0

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
CONTENT_TYPES = {"json": "application/x-amz-json-1.1", "rest-json": "application/json"}
DUMMY_SECRET = "junction-dummy-secret-key"


def junction_bin():
    return os.environ.get("JUNCTION_BIN", DEFAULT_BIN)


def external_url():
    url = os.environ.get("JUNCTION_URL", "").strip()
    return url.rstrip("/") or None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_account():
    """A random 12-digit account id: a test using it starts from empty state."""
    return str(random.randint(300000000000, 999999999999))


def wait_for(predicate, timeout=5.0, interval=0.05):
    """Poll predicate() until it returns a truthy value (returned) or timeout (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# --------------------------------------------------------------------------- raw HTTP

class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # http.client.HTTPMessage: case-insensitive .get()
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"<RawResponse {self.status} {self.body[:200]!r}>"


def http_request(url, method, path, body=b"", headers=None, timeout=10.0):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.request(method, path, body=body, headers=dict(headers or {}))
        resp = conn.getresponse()
        return RawResponse(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


# --------------------------------------------------------------------------- server process

class JunctionServer:
    """One Junction process on a loopback port; output goes to a temp file."""

    def __init__(self, args=(), binary=None, port=None):
        self.binary = binary or junction_bin()
        self.args = list(args)
        self.port = port
        self.proc = None
        self.log = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=START_TIMEOUT):
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            raise RuntimeError(
                f"Junction binary not found at {self.binary}: build it, or set "
                "JUNCTION_BIN to the binary or JUNCTION_URL to a running server")
        self.port = self.port or free_port()
        cmd = [self.binary, "--host", "127.0.0.1", "--port", str(self.port)] + self.args
        self.log = tempfile.NamedTemporaryFile(prefix="junction-e2e-", suffix=".log", delete=False)
        # the server reads JUNCTION_* settings from its environment: only flags count here
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if http_request(self.url, "GET", HEALTH_PATH, timeout=1.0).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        why = (f"exited with code {self.proc.returncode}" if self.proc.poll() is not None
               else f"not healthy after {timeout:.0f}s")
        self.stop()
        output = self.output()
        self.cleanup()
        sys.stderr.write(f"\n--- junction failed to start ({why}): {' '.join(cmd)}\n"
                         f"{output}\n--- end of junction output\n")
        raise RuntimeError(f"junction failed to start ({why}); output:\n{output[-2000:]}")

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=10.0):
        """SIGTERM, wait (SIGKILL after timeout); returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log and not self.log.closed:
            self.log.close()
        return self.proc.returncode

    def output(self):
        if not self.log:
            return ""
        if not self.log.closed:
            self.log.flush()
        with open(self.log.name, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def cleanup(self):
        self.stop()
        if self.log:
            with contextlib.suppress(OSError):
                os.unlink(self.log.name)


# --------------------------------------------------------------------------- model checks

@functools.lru_cache(maxsize=None)
def service_model(service):
    return _botocore_session().get_service_model(service)


@functools.lru_cache(maxsize=None)
def _botocore_session():
    return botocore.session.get_session()


@functools.lru_cache(maxsize=None)
def _boto3_session():
    return boto3.session.Session()


def operation_model(service, operation):
    """Accepts 'DeleteAccountAssignment' or 'delete_account_assignment'."""
    model = service_model(service)
    if operation not in model.operation_names:
        by_snake = {botocore.xform_name(n): n for n in model.operation_names}
        operation = by_snake.get(operation, operation)
    return model.operation_model(operation)


@functools.lru_cache(maxsize=None)
def _compiled(pattern):
    try:
        return _pattern_re.compile(pattern)
    except Exception:  # a Java-only construct: the pattern is not checked
        return None


def expected_error_status(service, code):
    """SPEC §1: the model's httpStatusCode, else 400 (500 for server faults)."""
    shape = _error_shape(service, code)
    if shape is not None and shape.metadata.get("error", {}).get("httpStatusCode"):
        return shape.metadata["error"]["httpStatusCode"]
    if code == "InternalServerException":
        return 500
    if code == "ConflictException" and service == "license-manager-user-subscriptions":
        return 500
    if code == "NotImplemented":
        return 501
    return 400


def _error_shape(service, code):
    model = service_model(service)
    return model.shape_for(code) if code in model.shape_names else None


class ShapeChecker:
    """Validates a value against a botocore shape, collecting every problem found.

    wire=False: a parsed boto3 value (timestamps are datetimes, blobs bytes).
    wire=True:  the decoded JSON body as sent (wire names, timestamps as numbers or
                strings per timestampFormat, members bound to headers excluded).
    """

    def __init__(self, wire=False, extra_keys=()):
        self.wire = wire
        self.extra_keys = set(extra_keys)  # tolerated at the top level only
        self.errors = []

    def check(self, shape, value, path="$"):
        self._check(shape, value, path, top=True)
        return self.errors

    def _err(self, path, msg):
        self.errors.append(f"{path}: {msg}")

    def _check(self, shape, value, path, top=False):
        if value is None:
            return self._err(path, f"null where a {shape.type_name} is expected")
        kind = shape.type_name
        handler = getattr(self, "_check_" + kind, None)
        if handler is None:
            return self._err(path, f"unsupported shape type {kind}")
        handler(shape, value, path, top)

    def _check_structure(self, shape, value, path, top):
        if shape.metadata.get("document"):
            return
        if not isinstance(value, dict):
            return self._err(path, f"expected an object, got {type(value).__name__}")
        members = {}  # key as it appears in `value` -> (member name, shape)
        for name, member in shape.members.items():
            if self.wire:
                if member.serialization.get("location"):
                    continue  # header / status code, not in the body
                members[member.serialization.get("name", name)] = (name, member)
            else:
                members[name] = (name, member)
        for key in value:
            if key not in members and not (top and key in self.extra_keys):
                self._err(path, f"undeclared member {key!r} (declared: {sorted(members)})")
        present = {members[k][0] for k in value if k in members}
        for required in shape.required_members:
            if required not in present and (not self.wire or any(
                    n == required for n, _ in members.values())):
                self._err(path, f"required member {required!r} missing")
        if shape.metadata.get("union") and len(present) != 1:
            self._err(path, f"union must set exactly one member, has {sorted(present)}")
        for key, item in value.items():
            if key in members:
                self._check(members[key][1], item, f"{path}.{key}")

    def _check_list(self, shape, value, path, top):
        if not isinstance(value, list):
            return self._err(path, f"expected a list, got {type(value).__name__}")
        self._check_range(shape, len(value), path, "length")
        for i, item in enumerate(value):
            self._check(shape.member, item, f"{path}[{i}]")

    def _check_map(self, shape, value, path, top):
        if not isinstance(value, dict):
            return self._err(path, f"expected a map, got {type(value).__name__}")
        self._check_range(shape, len(value), path, "size")
        for key, item in value.items():
            self._check(shape.key, key, f"{path}<key {key!r}>")
            self._check(shape.value, item, f"{path}[{key!r}]")

    def _check_string(self, shape, value, path, top):
        if not isinstance(value, str):
            return self._err(path, f"expected a string, got {type(value).__name__} {value!r}")
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            self._err(path, f"{value!r} is not one of the enum {enum}")
        self._check_range(shape, len(value), path, "length")
        pattern = shape.metadata.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and not compiled.fullmatch(value):
            self._err(path, f"{value!r} does not match pattern {pattern}")

    def _check_integer(self, shape, value, path, top):
        if not isinstance(value, int) or isinstance(value, bool):
            return self._err(path, f"expected an integer, got {type(value).__name__} {value!r}")
        self._check_range(shape, value, path, "value")

    _check_long = _check_integer

    def _check_float(self, shape, value, path, top):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return self._err(path, f"expected a number, got {type(value).__name__} {value!r}")
        self._check_range(shape, value, path, "value")

    _check_double = _check_float

    def _check_boolean(self, shape, value, path, top):
        if not isinstance(value, bool):
            self._err(path, f"expected a boolean, got {type(value).__name__} {value!r}")

    def _check_timestamp(self, shape, value, path, top):
        if not self.wire:
            if not isinstance(value, datetime.datetime):
                self._err(path, f"expected a datetime, got {type(value).__name__} {value!r}")
            return
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        if fmt == "unixTimestamp":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                self._err(path, f"expected epoch seconds, got {value!r}")
        elif not isinstance(value, str):
            self._err(path, f"expected a {fmt} string, got {value!r}")

    def _check_blob(self, shape, value, path, top):
        if self.wire:
            if not isinstance(value, str):
                self._err(path, f"expected base64 text, got {type(value).__name__}")
        elif not isinstance(value, (bytes, bytearray)) and not hasattr(value, "read"):
            self._err(path, f"expected bytes, got {type(value).__name__}")

    def _check_range(self, shape, n, path, what):
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if lo is not None and n < lo:
            self._err(path, f"{what} {n} below min {lo}")
        if hi is not None and n > hi:
            self._err(path, f"{what} {n} above max {hi}")


def _wire_body_shape(op):
    """The shape of the JSON body of `op`'s output (None for an empty output)."""
    shape = op.output_shape
    if shape is None:
        return None
    payload = shape.serialization.get("payload")
    if payload:
        member = shape.members[payload]
        return member if member.type_name == "structure" else None
    return shape


def _wire_problems(service, op, body):
    """Problems of a raw JSON response body against the wire form of op's output."""
    wire_shape = _wire_body_shape(op)
    if not body.strip():
        if wire_shape is not None and service_model(service).protocol == "json":
            return ["wire: empty body where a JSON object is expected"]
        return []
    try:
        decoded = json.loads(body)
    except ValueError as e:
        return [f"wire: body is not JSON ({e}): {body[:200]!r}"]
    if wire_shape is None:
        return [] if decoded in ({}, None) else [f"wire: body should be empty: {body[:200]!r}"]
    return ["wire " + p for p in ShapeChecker(wire=True).check(wire_shape, decoded)]


# --------------------------------------------------------------------------- base test case

def _stash_raw_response(http_response, parsed, model, **_):
    """botocore after-call hook: keep what botocore's parser drops (unknown keys...)."""
    parsed.setdefault("ResponseMetadata", {})["Junction"] = {
        "service": model.service_model.service_name,
        "protocol": model.service_model.protocol,
        "operation": model.name,
        "body": http_response.content,
    }


class JunctionTestCase(unittest.TestCase):
    server_args = []            # extra flags for this class's server
    manages_own_server = False  # True: the tests start JunctionServer themselves
    maxDiff = None

    server = None         # JunctionServer, or None when JUNCTION_URL is used
    url = None

    # -- lifecycle
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not HAVE_BOTO3:
            raise unittest.SkipTest("SKIPPED: boto3 missing")
        url = external_url()
        if cls.manages_own_server:
            if url:
                raise unittest.SkipTest("starts its own servers; JUNCTION_URL is set")
            return
        if url:
            if cls.server_args:
                raise unittest.SkipTest(
                    f"needs its own server ({' '.join(cls.server_args)}); JUNCTION_URL is set")
            cls.server, cls.url = None, url
            return
        cls.server = JunctionServer(["--ephemeral", "--log-level", "warn"] + list(cls.server_args))
        cls.server.start()
        cls.url = cls.server.url

    @classmethod
    def tearDownClass(cls):
        server, cls.server = cls.server, None
        if server is not None:
            crashed = not server.running()
            code = server.stop()
            if crashed:
                sys.stderr.write(f"\n--- junction exited during {cls.__name__} (code {code}):\n"
                                 f"{server.output()}\n--- end of junction output\n")
            server.cleanup()
            if crashed:
                raise RuntimeError(f"junction exited during the tests (code {code})")
        super().tearDownClass()

    # -- clients
    def client(self, service, region="us-east-1", access_key="AKIDEXAMPLE", validate=True):
        client = _boto3_session().client(
            service, region_name=region, endpoint_url=self.url,
            aws_access_key_id=access_key, aws_secret_access_key=DUMMY_SECRET,
            config=Config(retries={"max_attempts": 1}, parameter_validation=validate))
        client.meta.events.register("after-call", _stash_raw_response)
        return client

    def cli(self, *args, access_key="AKIDEXAMPLE", region="us-east-1", timeout=60):
        """Run the AWS CLI against the server: (returncode, parsed JSON or None, stderr)."""
        aws = shutil.which("aws")
        if aws is None:
            self.skipTest("AWS CLI (aws) not installed")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                                    "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE"))}
        env.update(AWS_ACCESS_KEY_ID=access_key, AWS_SECRET_ACCESS_KEY=DUMMY_SECRET,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
                   AWS_PAGER="", AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard")
        cmd = [aws, "--endpoint-url", self.url, "--region", region, "--output", "json", *args]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        out = proc.stdout.strip()
        try:
            parsed = json.loads(out) if out else None
        except ValueError:
            parsed = None
        return proc.returncode, parsed, proc.stderr

    def raw(self, method, path, body=b"", headers={}):
        """Raw HTTP (for malformed input): a RawResponse with .status, .headers, .body."""
        return http_request(self.url, method, path, body=body, headers=headers)

    def raw_json(self, target, body, headers={}):
        """POST an awsJson1.1 request (`body` as-is if bytes/str, else JSON-encoded)."""
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        hdrs = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}
        hdrs.update(headers)
        return self.raw("POST", "/", body=body, headers=hdrs)

    # -- assertions
    def assert_request_id(self, headers):
        rid = headers.get("x-amzn-requestid")
        self.assertTrue(rid and UUID_RE.match(rid), f"x-amzn-RequestId is not a UUID: {rid!r}")

    def assert_output_shape(self, service, operation, response):
        """The boto3 `response` (and, when captured, its wire body) matches the model's
        output shape of `operation`; the response headers are Junction's usual ones."""
        op = operation_model(service, operation)
        data = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        problems = []
        if op.output_shape is None:
            if data:
                problems.append(f"$: output should be empty, got {sorted(data)}")
        else:
            problems += ShapeChecker().check(op.output_shape, data)

        meta = response.get("ResponseMetadata", {})
        junction = meta.get("Junction")
        if junction is not None:
            problems += _wire_problems(service, op, junction["body"])
        headers = meta.get("HTTPHeaders", {})
        if headers:
            self.assert_request_id(headers)
            expected_ct = CONTENT_TYPES.get(service_model(service).protocol)
            ctype = headers.get("content-type", "")
            if expected_ct and not ctype.startswith(expected_ct):
                problems.append(f"content-type {ctype!r}, expected {expected_ct!r}")
        if problems:
            self.fail(f"{service} {op.name} response does not match the model:\n  "
                      + "\n  ".join(problems) + f"\nresponse: {data!r}")

    def assert_wire_shape(self, service, operation, body):
        """A raw response body (bytes) matches the wire form of the output shape."""
        op = operation_model(service, operation)
        problems = _wire_problems(service, op, body)
        if problems:
            self.fail(f"{service} {op.name} body does not match the model:\n  "
                      + "\n  ".join(problems) + f"\nbody: {body[:500]!r}")

    @contextlib.contextmanager
    def assert_client_error(self, code, status=None, message_contains=()):
        """`with self.assert_client_error('ConflictException'): ...` — the call fails with
        `code`, the right HTTP status (SPEC §1 unless given), a message, and the protocol's
        error headers and body. Yields the assertRaises context (`.exception`)."""
        with self.assertRaises(ClientError) as cm:
            yield cm
        resp = cm.exception.response
        err, meta = resp.get("Error", {}), resp.get("ResponseMetadata", {})
        self.assertEqual(err.get("Code"), code, f"wrong error: {resp!r}")
        junction = meta.get("Junction", {})
        service = junction.get("service")
        if status is None and service:
            status = expected_error_status(service, code)
        if status is not None:
            self.assertEqual(meta.get("HTTPStatusCode"), status, f"wrong HTTP status: {resp!r}")
        message = err.get("Message", "")
        self.assertTrue(message, f"{code} without a message: {resp!r}")
        for fragment in ([message_contains] if isinstance(message_contains, str)
                         else message_contains):
            self.assertIn(fragment, message)
        headers = meta.get("HTTPHeaders", {})
        self.assert_request_id(headers)
        self.assertEqual(headers.get("x-amzn-errortype", "").split(":")[0], code,
                         f"x-amzn-ErrorType header: {headers!r}")
        protocol = junction.get("protocol")
        if protocol in CONTENT_TYPES:
            self.assertTrue(headers.get("content-type", "").startswith(CONTENT_TYPES[protocol]),
                            f"error content-type: {headers.get('content-type')!r}")
        if junction.get("body") is not None:
            self._check_error_body(service, protocol, code, junction["body"])

    def _check_error_body(self, service, protocol, code, body):
        try:
            decoded = json.loads(body)
        except ValueError:
            self.fail(f"{code} body is not JSON: {body[:200]!r}")
        self.assertIsInstance(decoded, dict, f"{code} body: {decoded!r}")
        if protocol == "json":
            self.assertEqual(str(decoded.get("__type", "")).split("#")[-1], code,
                             f"__type in error body: {decoded!r}")
        self.assertTrue(decoded.get("Message") or decoded.get("message"),
                        f"{code} body has no message: {decoded!r}")
        shape = _error_shape(service, code)
        if shape is not None:
            problems = ShapeChecker(wire=True, extra_keys={"__type", "message", "Message"}) \
                .check(shape, decoded)
            self.assertFalse(problems, f"{code} body vs its model shape: {problems}")

    def paginate(self, client, method, result_key, page_size, service, **params):
        """Follow NextToken through `method` with MaxResults=page_size; check each page's
        shape and size; return (all items, number of pages)."""
        items, pages, token, seen_tokens = [], 0, None, set()
        while True:
            kwargs = dict(params, MaxResults=page_size)
            if token:
                kwargs["NextToken"] = token
            resp = getattr(client, method)(**kwargs)
            self.assert_output_shape(service, method, resp)
            page = resp.get(result_key, [])
            self.assertLessEqual(len(page), page_size, f"{method} page larger than MaxResults")
            items.extend(page)
            pages += 1
            token = resp.get("NextToken")
            if not token:
                return items, pages
            self.assertNotIn(token, seen_tokens, f"{method} repeated a NextToken")
            seen_tokens.add(token)
            self.assertLess(pages, 1000, f"{method} pagination does not end")
