// Starts build/junction (JUNCTION_BIN) on a free loopback port for a test file, and gives the
// SDK clients' common configuration. The SDK reads AWS_REGION (not AWS_DEFAULT_REGION), so the
// region is given explicitly here.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export async function startJunction(args = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.env.JUNCTION_BIN, ["--port", String(port), "--ephemeral", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`junction exited: ${output}`);
    try {
      if ((await fetch(url + "/_junction/health")).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`junction not healthy: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    // The configuration every client of these tests shares: account 111111111111.
    clientConfig: (account = "111111111111") => ({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: account, secretAccessKey: "test" },
      maxAttempts: 1,
    }),
    control: async (method, path, body) => {
      const r = await fetch(url + path, { method, body: body && JSON.stringify(body) });
      return r.json();
    },
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}
