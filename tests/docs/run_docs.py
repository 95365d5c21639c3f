#!/usr/bin/env python3
"""Runs every code block of README.md and docs/*.md against a fresh Junction, so the docs cannot
drift from the product.

    python3 tests/docs/run_docs.py                 # every block of every file
    python3 tests/docs/run_docs.py README.md -k cli  # one file; blocks whose text has "cli"
    JUNCTION_BIN=/path/to/junction python3 tests/docs/run_docs.py

What runs, by the block's language:
  python  python3 (with boto3), as a script;
  sh      bash -e, with the AWS CLI on the PATH;
  js      node, as an ES module, beside tests/docs/node_modules (the AWS SDK for JavaScript
          v3 and clients/js, installed by `npm ci` when missing);
  other languages (json, yaml, text, ...) are text and never run. A block without a language
  is an error: give it one (`text` for a listing).

Every block runs twice in a row, and all of them one after another, against one server started
for the whole run (in memory, the defaults): an example must not collide with itself or with
another. `http://localhost:4566` and `http://127.0.0.1:4566` in a block are pointed at that
server's port. Blocks run in a scratch directory per Markdown file, where `./build/junction`,
`examples/`, `clients/` and `docker/` are the repository's.

A block can say how it runs with an HTML comment on the line before its opening fence
(invisible on the rendered page, plain in the source):
  <!-- doc-test: skip: REASON -->     not run (e.g. it starts a server, or builds an image);
  <!-- doc-test: save NAME -->        saved as NAME in the scratch directory for later blocks,
                                      not run (a credentials file, a test module's helpers);
  <!-- doc-test: pytest NAME -->      saved as NAME and run by pytest, under Debian's python3
                                      with clients/python installed in a virtual environment as
                                      a user would (`pip install ./clients/python`);
  <!-- doc-test: node-test NAME -->   saved as NAME and run by `node --test`;
  <!-- doc-test: server FLAGS -->     run against a server of its own, started with FLAGS.
Test modules (pytest, node-test) use JUNCTION_ENDPOINT, which the run sets to its server.

It then checks what the docs state about the product: the README's configuration table lists
every flag `--help` prints; the operation counts of the README match the server's health;
the schema version shown in docs/control-plane.md is the server's; and every relative link and
every repository path named in backquotes exists.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.environ.get("JUNCTION_BIN", os.path.join(ROOT, "build", "junction"))
RUNNABLE = {"python", "sh", "js"}
TEXT = {"json", "yaml", "text", "console", "toml", "ini", "diff", "http", "html", "css", "xml"}
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)```(.*)$")
TIMEOUT = 180


class Block:
    def __init__(self, path, line, lang, text, directives):
        self.path, self.line, self.lang, self.text = path, line, lang, text
        self.directives = directives  # [(verb, argument)]

    def directive(self, verb):
        for v, arg in self.directives:
            if v == verb:
                return arg
        return None

    @property
    def where(self):
        return f"{os.path.relpath(self.path, ROOT)}:{self.line}"


def parse_blocks(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang = m.group(1), m.group(2).strip()
        start = i
        body = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line)
            i += 1
        directives, j = [], start - 1
        while j >= 0 and DIRECTIVE.match(lines[j]):
            text = DIRECTIVE.match(lines[j]).group(1)
            verb, _, arg = text.partition(" ")
            verb = verb.rstrip(":")
            directives.insert(0, (verb, arg.strip()))
            j -= 1
        blocks.append(Block(path, start + 1, lang, "\n".join(body) + "\n", directives))
        i += 1
    return blocks


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, args=(), cwd=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUNCTION_")}
        self.proc = subprocess.Popen([BIN, "--port", str(self.port), *args], cwd=cwd, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/_junction/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"junction {' '.join(args)} did not start:\n{self.output()}")

    def health(self):
        with urllib.request.urlopen(self.url + "/_junction/health") as r:
            return json.load(r)

    def output(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Environment:
    """What blocks run with: scratch directories, a python venv for pytest, node_modules."""

    def __init__(self):
        self.top = tempfile.mkdtemp(prefix="junction-docs-")
        self.home = os.path.join(self.top, "home")
        os.makedirs(self.home)
        self._venv = None
        self._node = None
        self.unavailable = []  # (what, why) that made blocks be skipped

    def scratch(self, markdown):
        name = os.path.relpath(markdown, ROOT).replace("/", "_")
        d = os.path.join(self.top, name)
        if not os.path.isdir(d):
            os.makedirs(os.path.join(d, "build"))
            os.symlink(os.path.abspath(BIN), os.path.join(d, "build", "junction"))
            for sub in ("examples", "clients", "docker"):
                os.symlink(os.path.join(ROOT, sub), os.path.join(d, sub))
        return d

    def env(self, url, extra_path=()):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "JUNCTION_")) and k != "PYTHONPATH"}
        env.update(HOME=self.home, JUNCTION_ENDPOINT=url, AWS_EC2_METADATA_DISABLED="true",
                   PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
        env["PATH"] = os.pathsep.join([*extra_path, env.get("PATH", "")])
        return env

    def venv_python(self):
        """Debian's python3 with pytest and boto3, and clients/python pip-installed."""
        if self._venv is None:
            self._venv = ""
            need = "import pytest, boto3"
            if subprocess.run(["/usr/bin/python3", "-c", need], capture_output=True).returncode:
                install_debian("python3-pytest", "python3-boto3", "python3-venv")
            if subprocess.run(["/usr/bin/python3", "-c", need], capture_output=True).returncode:
                self.unavailable.append(("pytest blocks", "Debian's python3-pytest or "
                                         "python3-boto3 could not be installed"))
                return None
            venv = os.path.join(self.top, "venv")
            # From a copy, so that the build leaves nothing in the source tree.
            source = os.path.join(self.top, "python-src")
            shutil.copytree(os.path.join(ROOT, "clients", "python"), source)
            steps = [["/usr/bin/python3", "-m", "venv", "--system-site-packages", venv],
                     [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "-q",
                      "--no-build-isolation", "--no-deps", source]]
            for step in steps:
                r = subprocess.run(step, capture_output=True, text=True)
                if r.returncode:
                    raise RuntimeError(f"{' '.join(step)} failed:\n{r.stdout}{r.stderr}")
            self._venv = os.path.join(venv, "bin", "python")
        return self._venv or None

    def node_modules(self):
        """tests/docs/node_modules, from package-lock.json."""
        if self._node is None:
            self._node = ""
            if not shutil.which("node") or not shutil.which("npm"):
                self.unavailable.append(("js blocks", "node or npm is not installed"))
                return None
            modules = os.path.join(HERE, "node_modules")
            if not os.path.isfile(os.path.join(modules, "@aws-sdk", "client-sso-admin",
                                               "package.json")):
                sys.stderr.write("installing the AWS SDK for JavaScript (npm ci in tests/docs)\n")
                r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                                   cwd=HERE, capture_output=True, text=True)
                if r.returncode:
                    self.unavailable.append(("js blocks", "npm ci failed (is the npm registry "
                                             "reachable?): " + r.stderr.strip()[-300:]))
                    return None
            self._node = modules
        return self._node or None


def install_debian(*packages):
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    sys.stderr.write(f"installing {' '.join(packages)} (apt-get)\n")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, capture_output=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                           *packages], env=env, capture_output=True)


def point_at(text, port):
    return re.sub(r"(https?://(?:localhost|127\.0\.0\.1)):4566\b", rf"\1:{port}", text)


def run_block(block, server, environment):
    """Runs the block twice in a row; returns None when it passed, else the failure's text."""
    cwd = environment.scratch(block.path)
    text = point_at(block.text, server.port)
    env = environment.env(server.url)
    save = block.directive("save") or block.directive("pytest") or block.directive("node-test")
    if block.lang == "js":
        modules = environment.node_modules()
        if modules is None:
            return "SKIP"
        link = os.path.join(cwd, "node_modules")
        if not os.path.lexists(link):
            os.symlink(modules, link)
    name = save or {"python": "block.py", "sh": "block.sh", "js": "block.mjs"}[block.lang]
    with open(os.path.join(cwd, name), "w", encoding="utf-8") as f:
        f.write(text)
    if block.directive("save") is not None:
        return None
    if block.directive("pytest") is not None:
        python = environment.venv_python()
        if python is None:
            return "SKIP"
        command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", name]
    elif block.directive("node-test") is not None:
        command = ["node", "--test", "--test-concurrency=1", name]
    else:
        command = {"python": [sys.executable, name], "sh": ["bash", "-e", "-o", "pipefail", name],
                   "js": ["node", name]}[block.lang]
    for attempt in (1, 2):
        try:
            r = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                               timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return f"run {attempt}: timed out after {TIMEOUT}s"
        if r.returncode:
            return (f"run {attempt} of {' '.join(command)} exited {r.returncode}\n"
                    f"--- stdout\n{r.stdout[-3000:]}--- stderr\n{r.stderr[-3000:]}")
    return None


# --------------------------------------------------------------------------- the docs' claims

def help_flags():
    out = subprocess.run([BIN, "--help"], capture_output=True, text=True).stdout
    return {m.group(1) for m in re.finditer(r"^\s+(--[a-z0-9-]+)", out, re.M)} - {"--help",
                                                                                    "--version"}


def check_claims(health):
    problems = []
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    table = set(re.findall(r"^\| `(--[a-z0-9-]+)` \|", readme, re.M))
    for flag in sorted(help_flags() - table):
        problems.append(f"README.md: the configuration table lacks {flag} (--help prints it)")
    for flag in sorted(table - help_flags()):
        problems.append(f"README.md: the configuration table lists {flag}, which --help lacks")
    for name, done, total in re.findall(r"^- \*\*([a-z-]+)\*\* \((\d+) of (\d+)", readme, re.M):
        service = health["services"].get(name)
        if not service:
            problems.append(f"README.md: no service {name} in health")
            continue
        real = (len(service["operations"]), service["modelOperations"])
        if (int(done), int(total)) != real:
            problems.append(f"README.md: {name} says {done} of {total}; the server has "
                            f"{real[0]} of {real[1]}")
    control = open(os.path.join(ROOT, "docs", "control-plane.md"), encoding="utf-8").read()
    schema = health["storage"]["schemaVersion"]
    for shown in re.findall(r'"schemaVersion": (\d+)', control):
        if int(shown) != schema:
            problems.append(f"docs/control-plane.md: shows schemaVersion {shown}; the server's "
                            f"is {schema}")
    problems += check_paths()
    return problems


def check_paths():
    problems = []
    top = {n for n in os.listdir(ROOT) if not n.startswith(".")} | {".ci", ".github"}
    for md in [os.path.join(ROOT, "README.md")] + sorted(
            os.path.join(ROOT, "docs", n) for n in os.listdir(os.path.join(ROOT, "docs"))
            if n.endswith(".md")):
        text = open(md, encoding="utf-8").read()
        base = os.path.dirname(md)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = target.split("#")[0]
            if path and not os.path.exists(os.path.normpath(os.path.join(base, path))):
                problems.append(f"{os.path.relpath(md, ROOT)}: link to {target}, which does "
                                "not exist")
        # Paths in the text of a link elsewhere (`[repo path](https://...)`) are not ours.
        own = re.sub(r"\[[^\]]*\]\(https?://[^)]*\)", "", text)
        for quoted in re.findall(r"`([A-Za-z0-9_.][A-Za-z0-9_./-]*/[A-Za-z0-9_.-]+)`", own):
            first = quoted.split("/")[0]
            # build/ is made by the build, wherever it is; <...> and * are placeholders.
            if first not in top or first == "build" or any(c in quoted for c in "*<>"):
                continue
            if not os.path.exists(os.path.join(ROOT, quoted.rstrip("/"))):
                problems.append(f"{os.path.relpath(md, ROOT)}: names `{quoted}`, which the "
                                "repository does not have")
    return problems


# --------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="Markdown files (default: README.md, docs/*.md)")
    parser.add_argument("-k", dest="pattern", help="only blocks whose text contains this")
    args = parser.parse_args()
    if not os.access(BIN, os.X_OK):
        sys.exit(f"no junction binary at {BIN}: build first, or set JUNCTION_BIN")
    files = [os.path.abspath(f) for f in args.files] or [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "docs", n) for n in os.listdir(os.path.join(ROOT, "docs"))
        if n.endswith(".md"))

    environment = Environment()
    shared = Server()
    failures, passed, skipped, skipped_for_tools = [], 0, [], 0
    try:
        for path in files:
            for block in parse_blocks(path):
                if not block.lang:
                    failures.append((block.where, "a block without a language: give it one "
                                     "(`text` for a listing)"))
                    continue
                if block.lang not in RUNNABLE:
                    if block.lang not in TEXT:
                        failures.append((block.where, f"unknown language '{block.lang}': "
                                         f"run one of {sorted(RUNNABLE)} or mark it text"))
                    continue
                reason = block.directive("skip")
                if reason is not None:
                    skipped.append((block.where, reason))
                    continue
                if args.pattern and args.pattern not in block.text:
                    continue
                flags = block.directive("server")
                own = Server(flags.split(), cwd=environment.scratch(path)) if flags else None
                started = time.monotonic()
                try:
                    failure = run_block(block, own or shared, environment)
                finally:
                    if own:
                        own.stop()
                took = time.monotonic() - started
                if failure == "SKIP":
                    skipped_for_tools += 1
                    print(f"skip {block.where} [{block.lang}] (tools unavailable)", flush=True)
                elif failure:
                    failures.append((block.where, failure))
                    print(f"FAIL {block.where} [{block.lang}] {took:.1f}s", flush=True)
                else:
                    passed += 1
                    print(f"ok   {block.where} [{block.lang}] {took:.1f}s", flush=True)
        if not args.files and not args.pattern:
            for problem in check_claims(shared.health()):
                failures.append(("claims", problem))
    finally:
        shared.stop()
        if not failures:
            shutil.rmtree(environment.top, ignore_errors=True)

    for where, reason in skipped:
        print(f"not run by design: {where}: {reason}")
    for where, text in failures:
        print(f"\n=== FAILED {where}\n{text}")
    if failures:
        print(f"\nscratch directories kept in {environment.top}")
        print(f"server output:\n{shared.output()[-2000:]}")
    print(f"\n{passed} passed, {len(failures)} failed, {len(skipped) + skipped_for_tools} skipped")
    if failures:
        return 1
    if environment.unavailable:
        print("#" * 78)
        for what, why in environment.unavailable:
            print(f"## SKIPPED {what}: {why}")
        print("#" * 78)
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
