// The helpers against the real server (JUNCTION_BIN, default build/junction), with node:test.
// API calls are plain awsJson1.1 requests, so the test needs no SDK.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Junction, JunctionError, startJunction, useJunction } from "../index.mjs";

process.env.JUNCTION_BIN ??= join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "build", "junction");

// SSO Admin through awsJson1.1; the credential scope names the account and region.
async function sso(junction, operation, input = {}, account = "111111111111", region = "us-east-1") {
  const response = await fetch(junction.endpoint + "/", {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `SWBExternalService.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${account}/20260101/${region}/sso/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}

describe("useJunction", () => {
  const junction = useJunction({ before, after, beforeEach });

  test("starts a server and resets it before each test (1)", async () => {
    const { body } = await sso(junction, "ListInstances");
    await sso(junction, "CreatePermissionSet", { InstanceArn: body.Instances[0].InstanceArn, Name: "Left" });
    assert.deepEqual(await junction.journal.operations(), ["ListInstances", "CreatePermissionSet"]);
  });

  test("starts a server and resets it before each test (2)", async () => {
    const { body } = await sso(junction, "ListInstances");
    const sets = await sso(junction, "ListPermissionSets", { InstanceArn: body.Instances[0].InstanceArn });
    assert.deepEqual(sets.body.PermissionSets, []);
    assert.deepEqual(await junction.journal.operations(), ["ListInstances", "ListPermissionSets"]);
  });

  test("fault rules fail the next calls, and the journal says so", async () => {
    const rule = await junction.faults.add("sso-admin", {
      operation: "ListInstances",
      error: "ThrottlingException",
      message: "slow down",
      count: 1,
    });
    assert.equal(rule.id, "fault-1"); // a reset starts the ids again
    const faulted = await sso(junction, "ListInstances");
    assert.equal(faulted.status, 400);
    assert.equal(faulted.body.__type, "ThrottlingException");
    assert.equal((await sso(junction, "ListInstances")).status, 200);
    const entries = await junction.journal.entries({ operation: "ListInstances" });
    assert.deepEqual(entries.map((e) => e.faulted), [true, false]);
    assert.equal((await junction.journal.entries({ faulted: true, status: "4xx" }))[0].faultId, "fault-1");
    assert.equal((await junction.faults.get("fault-1")).fired, 1);
    await junction.faults.remove("fault-1");
    assert.deepEqual(await junction.faults.list(), []);
    await junction.faults.add("appstream", { latencyMs: 1 });
    assert.equal(await junction.faults.clear(), 1);
  });

  test("journal filters, total and clear", async () => {
    await sso(junction, "ListInstances", {}, "111111111111");
    await sso(junction, "ListInstances", {}, "222222222222", "eu-west-1");
    const west = await junction.journal.entries({ region: "eu-west-1" });
    assert.deepEqual(west.map((e) => e.account), ["222222222222"]);
    assert.equal((await junction.journal.entries({ limit: 1 })).length, 1);
    assert.ok((await junction.journal.total()) >= 2);
    assert.equal(await junction.journal.clear(), 2);
    assert.deepEqual(await junction.journal.entries(), []);
  });

  test("state exports and loads", async () => {
    const { body } = await sso(junction, "ListInstances");
    await sso(junction, "CreatePermissionSet", { InstanceArn: body.Instances[0].InstanceArn, Name: "Exported" });
    const document = await junction.state.export({ service: "sso-admin", account: "111111111111" });
    assert.deepEqual(document.tables.sso_permission_sets.map((r) => r.name), ["Exported"]);
    await junction.reset();
    assert.deepEqual(await junction.state.rows("sso_permission_sets"), []);
    assert.ok((await junction.state.load(document)).rows >= 1);
    assert.deepEqual((await junction.state.rows("sso_permission_sets")).map((r) => r.name), ["Exported"]);
  });

  test("control-plane errors reject with JunctionError", async () => {
    await assert.rejects(junction.faults.add("no-such-service", { error: "ThrottlingException" }), (e) => {
      assert.ok(e instanceof JunctionError);
      assert.equal(e.status, 400);
      assert.equal(e.type, "UnknownService");
      return true;
    });
  });

  test("clientConfig is an AWS SDK v3 client configuration", () => {
    assert.deepEqual(junction.clientConfig({ account: "111111111111", region: "eu-west-1", maxAttempts: 1 }), {
      endpoint: junction.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "111111111111", secretAccessKey: "test" },
      maxAttempts: 1,
    });
  });
});

describe("startJunction", () => {
  test("a server of its own, with flags; the helpers send the admin token", async () => {
    const server = await startJunction({ args: ["--admin-token", "s3cret", "--journal-size", "5"] });
    try {
      await assert.rejects(server.reset(), (e) => e.status === 401);
      const guarded = new Junction(server.endpoint, { adminToken: "s3cret" });
      assert.equal((await guarded.health()).controlPlane.journalSize, 5);
      assert.equal((await guarded.reset()).status, "ok");
    } finally {
      await server.stop();
    }
  });

  test("a binary that cannot start says why", async () => {
    await assert.rejects(startJunction({ args: ["--log-level", "loud"] }), /expected one of debug, info, warn, error/);
  });

  test("useJunction needs the runner's hooks", () => {
    assert.throws(() => useJunction({ before }), /before, after, beforeEach/);
  });
});
