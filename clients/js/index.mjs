// Test-suite helpers for Junction: its control plane (/_junction/*) as plain JavaScript calls,
// and a way to start the binary. No dependencies: Node's fetch and child_process.
//
//   import { before, after, beforeEach, test } from "node:test";      // or Vitest, or Jest
//   import { useJunction } from "junction-testing";
//   const junction = useJunction({ before, after, beforeEach });      // Vitest/Jest: beforeAll, afterAll
//   test("...", async () => {
//     const sso = new SSOAdminClient(junction.clientConfig());
//     ...
//     assert.deepEqual(await junction.journal.operations(), ["ListInstances"]);
//   });
import { spawn } from "node:child_process";
import { existsSync, accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

export const DEFAULT_ACCOUNT = "123456789012";
export const DEFAULT_REGION = "us-east-1";

// The control plane refused a call: `status` (HTTP), `type` (e.g. "InvalidFault"), message.
export class JunctionError extends Error {
  constructor(status, type, message) {
    super(`${status} ${type}: ${message}`);
    this.name = "JunctionError";
    this.status = status;
    this.type = type;
    this.detail = message;
  }
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {}))
    if (v !== undefined && v !== null) q.set(k, Array.isArray(v) ? v.join(",") : String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
};

// A running Junction at `endpoint` (default: JUNCTION_ENDPOINT, else http://127.0.0.1:4566).
export class Junction {
  constructor(endpoint, { adminToken } = {}) {
    this.endpoint = (endpoint ?? process.env.JUNCTION_ENDPOINT ?? "http://127.0.0.1:4566").replace(/\/$/, "");
    this.adminToken = adminToken ?? process.env.JUNCTION_ADMIN_TOKEN ?? undefined;
    const call = (...args) => this.call(...args);
    this.faults = {
      // Adds a rule; returns it with its `id`. `error` is the error type ("ThrottlingException").
      add: (service, { operation, error, message, status, count, probability, latencyMs, account, region } = {}) => {
        const rule = { service };
        if (operation !== undefined) rule.operation = operation;
        if (error !== undefined) {
          rule.error = { type: error };
          if (message !== undefined) rule.error.message = message;
          if (status !== undefined) rule.error.status = status;
        }
        for (const [k, v] of Object.entries({ count, probability, latencyMs, account, region }))
          if (v !== undefined) rule[k] = v;
        return call("POST", "/_junction/faults", rule);
      },
      list: async () => (await call("GET", "/_junction/faults")).rules,
      get: (id) => call("GET", `/_junction/faults/${encodeURIComponent(id)}`),
      remove: async (id) => void (await call("DELETE", `/_junction/faults/${encodeURIComponent(id)}`)),
      clear: async () => (await call("DELETE", "/_junction/faults")).deleted,
    };
    this.journal = {
      // The recorded API calls that match, oldest first. Filters: service, operation, status
      // (400 or "4xx"), account, region, errorType, faulted, limit (the newest N).
      entries: async (filters = {}) => (await call("GET", "/_junction/requests" + query(filters))).entries,
      operations: async (filters = {}) => (await this.journal.entries(filters)).map((e) => e.operation),
      total: async () => (await call("GET", "/_junction/requests?limit=1")).total,
      clear: async () => (await call("DELETE", "/_junction/requests")).deleted,
    };
    this.state = {
      export: (filters = {}) => call("GET", "/_junction/state" + query(filters)),
      load: (document) => call("POST", "/_junction/state", document),
      rows: async (table, filters = {}) => (await this.state.export(filters)).tables[table] ?? [],
    };
  }

  // One control-plane call; resolves to the decoded JSON answer.
  async call(method, path, body) {
    const headers = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.adminToken) headers.authorization = `Bearer ${this.adminToken}`;
    const response = await fetch(this.endpoint + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let answer;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    if (!response.ok) throw new JunctionError(response.status, answer?.error ?? "HttpError", answer?.message ?? text);
    return answer;
  }

  health() {
    return this.call("GET", "/_junction/health");
  }

  // Empties all state (with no filter also the journal and fault rules: a fresh start), or one
  // { service, account, region }'s state.
  reset(filter = {}) {
    return this.call("POST", "/_junction/reset" + query(filter));
  }

  async waitUntilHealthy(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.health();
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  // The configuration of an AWS SDK v3 client acting as `account` in `region`.
  clientConfig({ account = DEFAULT_ACCOUNT, region = DEFAULT_REGION, ...rest } = {}) {
    return {
      endpoint: this.endpoint,
      region,
      credentials: { accessKeyId: account, secretAccessKey: "test" },
      ...rest,
    };
  }
}

const executable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

// The junction binary: `bin`, else JUNCTION_BIN, else `junction` on the PATH, else ./build/junction.
export function findBinary(bin) {
  const onPath = (process.env.PATH ?? "").split(delimiter).map((d) => join(d, "junction"));
  for (const candidate of [bin, process.env.JUNCTION_BIN, ...onPath, join(process.cwd(), "build", "junction")])
    if (candidate && existsSync(candidate) && executable(candidate)) return candidate;
  throw new Error(
    "no junction binary: set JUNCTION_BIN to it (a build makes build/junction), put it on the PATH, " +
      "or set JUNCTION_ENDPOINT to a running server",
  );
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// Starts the binary on a free loopback port (state in memory) and waits for its health check.
// Resolves to a Junction with `stop()` (SIGTERM) and `output()` (what the server logged).
export async function startJunction({ bin, args = [], port, timeoutMs = 10000 } = {}) {
  const binary = findBinary(bin);
  port = port ?? (await freePort());
  const child = spawn(binary, ["--host", "127.0.0.1", "--port", String(port), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const junction = new Junction(`http://127.0.0.1:${port}`);
  junction.output = () => output;
  junction.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`junction exited with code ${child.exitCode}:\n${output}`);
    try {
      await junction.health();
      return junction;
    } catch {
      if (Date.now() > deadline) {
        await junction.stop();
        throw new Error(`junction did not answer its health check within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// Wires a Junction into a test runner's hooks: started (or JUNCTION_ENDPOINT's) once, reset
// before each test, stopped at the end. node:test: { before, after, beforeEach } from
// "node:test"; Vitest and Jest: { before: beforeAll, after: afterAll, beforeEach }. Returns the
// Junction at once; its endpoint is set when `before` has run.
export function useJunction({ before, after, beforeEach, bin, args, endpoint } = {}) {
  if (!before || !after || !beforeEach)
    throw new Error("useJunction needs the runner's hooks: { before, after, beforeEach } (Vitest/Jest: before: beforeAll, after: afterAll)");
  const junction = new Junction(endpoint ?? process.env.JUNCTION_ENDPOINT ?? "http://0.0.0.0:0");
  let started;
  before(async () => {
    const given = endpoint ?? process.env.JUNCTION_ENDPOINT;
    if (given) {
      junction.endpoint = given.replace(/\/$/, "");
      await junction.waitUntilHealthy();
    } else {
      started = await startJunction({ bin, args });
      junction.endpoint = started.endpoint;
    }
  });
  after(async () => {
    if (started) await started.stop();
  });
  beforeEach(async () => {
    await junction.reset();
  });
  return junction;
}
