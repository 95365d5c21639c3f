// AppStream 2.0 through @aws-sdk/client-appstream: create a fleet and a stack, start the fleet,
// wait for it (waitUntilFleetStarted), associate them and get a streaming URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  AppStreamClient,
  CreateFleetCommand,
  CreateStackCommand,
  StartFleetCommand,
  StopFleetCommand,
  DescribeFleetsCommand,
  DescribeImagesCommand,
  AssociateFleetCommand,
  CreateStreamingURLCommand,
  DeleteStackCommand,
  ResourceInUseException,
  waitUntilFleetStarted,
  waitUntilFleetStopped,
} from "@aws-sdk/client-appstream";
import { startJunction } from "./junction.mjs";

let junction, appstream;
before(async () => {
  // Fleets take 300 ms to start and stop, so the waiters poll at least once.
  junction = await startJunction(["--appstream-delay-ms", "300"]);
  appstream = new AppStreamClient(junction.clientConfig());
});
after(() => junction.stop());

test("fleet, stack, start, wait, associate, streaming URL", async () => {
  const images = await appstream.send(new DescribeImagesCommand({ Type: "PUBLIC" }));
  const image = images.Images.find((i) => i.Platform === "WINDOWS_SERVER_2022") ?? images.Images[0];
  const { Fleet } = await appstream.send(
    new CreateFleetCommand({
      Name: "analysts", ImageName: image.Name, InstanceType: "stream.standard.medium",
      FleetType: "ON_DEMAND", ComputeCapacity: { DesiredInstances: 2 },
    }),
  );
  assert.equal(Fleet.State, "STOPPED");
  await appstream.send(new CreateStackCommand({ Name: "analytics" }));
  await appstream.send(new StartFleetCommand({ Name: "analysts" }));
  const starting = await appstream.send(new DescribeFleetsCommand({ Names: ["analysts"] }));
  assert.equal(starting.Fleets[0].State, "STARTING");

  const waited = await waitUntilFleetStarted({ client: appstream, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { Names: ["analysts"] });
  assert.equal(waited.state, "SUCCESS");

  await appstream.send(new AssociateFleetCommand({ FleetName: "analysts", StackName: "analytics" }));
  const url = await appstream.send(
    new CreateStreamingURLCommand({ StackName: "analytics", FleetName: "analysts", UserId: "ana", Validity: 600 }),
  );
  assert.match(url.StreamingURL, /^https:\/\//);
  assert.ok(url.Expires instanceof Date);
  const seconds = (url.Expires.getTime() - Date.now()) / 1000;
  assert.ok(seconds > 590 && seconds <= 601, `expires in ${seconds} s`);

  await assert.rejects(appstream.send(new DeleteStackCommand({ Name: "analytics" })), ResourceInUseException);

  await appstream.send(new StopFleetCommand({ Name: "analysts" }));
  const stopped = await waitUntilFleetStopped({ client: appstream, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { Names: ["analysts"] });
  assert.equal(stopped.state, "SUCCESS");
});
