// Outcome rules (docs/control-plane.md, "Outcome rules") through @aws-sdk/client-appstream: a
// fleet whose start a rule keeps STARTING, so that waitUntilFleetStarted times out, and one
// whose start falls back to STOPPED with FleetErrors, so that the waiter fails at once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  AppStreamClient,
  CreateFleetCommand,
  DescribeFleetsCommand,
  StartFleetCommand,
  waitUntilFleetStarted,
} from "@aws-sdk/client-appstream";
import { startJunction } from "./junction.mjs";

const IMAGE = "AppStream-WinServer2022-11-10-2025";
let junction, appstream;

before(async () => {
  // Fleets take 200 ms to start: a start the rule fails has settled by the waiter's second poll.
  junction = await startJunction(["--appstream-delay-ms", "200"]);
  appstream = new AppStreamClient(junction.clientConfig("222222222222"));
});
after(() => junction.stop());

async function addRule(outcome) {
  const r = await fetch(junction.url + "/_junction/faults", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ service: "appstream", operation: "StartFleet", count: 1, outcome }),
  });
  const body = await r.json();
  assert.equal(r.status, 201, JSON.stringify(body));
  return body;
}

async function startedFleet(name) {
  await appstream.send(
    new CreateFleetCommand({
      Name: name, ImageName: IMAGE, InstanceType: "stream.standard.small",
      ComputeCapacity: { DesiredInstances: 1 },
    }),
  );
  await appstream.send(new StartFleetCommand({ Name: name }));
}

const fleet = async (name) =>
  (await appstream.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets[0];

test("a fleet the rule keeps STARTING: waitUntilFleetStarted times out", async () => {
  const rule = await addRule({ status: "STARTING" });
  await startedFleet("stuck");
  await assert.rejects(
    waitUntilFleetStarted({ client: appstream, maxWaitTime: 3, minDelay: 1, maxDelay: 1 }, { Names: ["stuck"] }),
    (e) => e.name === "TimeoutError",
  );
  const f = await fleet("stuck");
  assert.equal(f.State, "STARTING");
  assert.equal(f.FleetErrors, undefined);
  const calls = await junction.control("GET", "/_junction/requests?operation=StartFleet");
  const entry = calls.entries.at(-1);
  assert.equal(entry.outcomeInjected, true);
  assert.equal(entry.faultId, rule.id);
});

test("a fleet that falls back to STOPPED: the waiter fails, FleetErrors say why", async () => {
  await addRule({ status: "STOPPED", errorCode: "IAM_SERVICE_ROLE_IS_MISSING", message: "The fleet has no role." });
  await startedFleet("short");
  const started = Date.now();
  await assert.rejects(
    waitUntilFleetStarted({ client: appstream, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { Names: ["short"] }),
    (e) => e.name !== "TimeoutError" && JSON.parse(e.message).state === "FAILURE",
  );
  assert.ok(Date.now() - started < 15000, "the waiter should stop at the failure, not time out");
  const f = await fleet("short");
  assert.equal(f.State, "STOPPED");
  assert.deepEqual(f.FleetErrors, [
    { ErrorCode: "IAM_SERVICE_ROLE_IS_MISSING", ErrorMessage: "The fleet has no role." },
  ]);
  // The rule is used up: the next start succeeds.
  await appstream.send(new StartFleetCommand({ Name: "short" }));
  const waited = await waitUntilFleetStarted({ client: appstream, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { Names: ["short"] });
  assert.equal(waited.state, "SUCCESS");
  assert.equal((await fleet("short")).FleetErrors, undefined);
});
