// The dashboard (/_junction/ui) in a real browser: Debian's Chromium, headless, driven by
// playwright-core. Starts the built server, makes API calls with boto3 (populate.py) and checks
// what the page shows. Run with tests/ui/run.sh (installs what is missing) or `node --test` here.
//
// JUNCTION_BIN      the server binary (default ../../build/junction)
// CHROMIUM          the browser (default /usr/bin/chromium)
// SCREENSHOT_DIR    when set, writes dashboard.png, dashboard-requests.png (1400 px wide) and
//                   dashboard-narrow.png (500 px) there
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { createServer } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.JUNCTION_BIN || path.resolve(here, "../../build/junction");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--headless"];
const WAIT = { timeout: 10000 };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Starts the binary on a free port; resolves once /_junction/health answers.
async function startJunction(...flags) {
  const port = await freePort();
  const proc = spawn(BIN, ["--host", "127.0.0.1", "--port", String(port),
    "--log-level", "warn", ...flags], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  proc.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`junction exited (${proc.exitCode}): ${log}`);
    try {
      if ((await fetch(url + "/_junction/health")).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error("junction did not start: " + log);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.on("exit", resolve);
      proc.kill("SIGTERM");
    }),
  };
}

// Runs populate.py SCENARIO against `url`; resolves with the JSON it prints.
function populate(url, scenario) {
  return new Promise((resolve, reject) => {
    execFile("python3", [path.join(here, "populate.py"), url, scenario], { timeout: 60000 },
      (err, stdout, stderr) => (err ? reject(new Error(`populate.py ${scenario}: ${stderr || err}`))
        : resolve(JSON.parse(stdout))));
  });
}

let browser, junction, page, created;
const pageErrors = []; // script errors and console errors (a CSP violation is one)

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  junction = await startJunction();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // (The bad fault rule's 400 is on purpose.)
  page.on("console", (m) => m.type() === "error" && !/status of 400/.test(m.text()) && pageErrors.push(m.text()));
  page.on("dialog", (d) => d.accept());
});

after(async () => {
  await browser?.close();
  await junction?.stop();
});

const card = (table) => page.locator(`[data-table="${table}"]`);
const firstRequest = () => page.locator("#requests tbody tr").first();

test("the page is served from the binary with its assets, without a token", async () => {
  const res = await fetch(junction.url + "/_junction/ui");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /^text\/html/);
  assert.match(res.headers.get("content-security-policy"), /default-src 'none'/);
  const html = await res.text();
  for (const asset of ["/_junction/ui/dashboard.js", "/_junction/ui/dashboard.css"]) {
    assert.ok(html.includes(asset));
    assert.equal((await fetch(junction.url + asset)).status, 200, asset);
  }
  assert.equal((await fetch(junction.url + "/_junction/ui/nope.js")).status, 404);
});

test("shows the resources created through the API, per account, region and service", async () => {
  created = await populate(junction.url, "resources");
  await page.goto(junction.url + "/_junction/ui");
  await card("sso_permission_sets").getByText(created.permissionSet).waitFor(WAIT);
  const expect = {
    sso_account_assignments: ["333333333333", created.permissionSet],
    sso_permission_set_provisioning: ["333333333333", created.permissionSet, "LATEST"],
    shared_async_requests: ["ACCOUNT_ASSIGNMENT_CREATION", created.permissionSet],
    appstream_stacks: [created.stack, "Analytics desktop"],
    appstream_users: [created.appstreamUser, "Ana Lopez"],
    appstream_user_stack_associations: [created.stack, created.appstreamUser],
    appstream_fleets: [created.fleet, "RUNNING", "stream.standard.small"],
    appstream_stack_fleets: [created.stack, created.fleet],
    appstream_image_builders: [created.imageBuilder, "RUNNING", "stream.standard.medium"],
    appstream_directory_configs: ["corp.example.com", "CORP\\svc"],
    finspace_users: [created.finspaceUser, "Quinn Quant"],
    finspace_permission_groups: [created.finspaceGroup],
    finspace_memberships: [created.finspaceGroup, created.finspaceUser],
    lmus_identity_providers: ["VISUAL_STUDIO_ENTERPRISE", "d-1234567890"],
    lmus_instances: [created.lmusInstance],
    lmus_user_associations: [created.lmusUser, "ASSOCIATED"],
    identitystore_users: [created.identityUser, "Ines Costa"],
    identitystore_groups: [created.identityGroup],
    identitystore_group_memberships: [created.identityGroup, created.identityUser],
    lmus_license_server_endpoints: ["RDS_SAL", "PROVISIONED"],
    finspace_datasets: ["Equities", "SUCCESS"],
    finspace_changesets: ["Equities", "REPLACE", "SUCCESS"],
    finspace_data_views: ["Equities", "SUCCESS"],
  };
  for (const [table, texts] of Object.entries(expect))
    for (const text of texts)
      assert.ok((await card(table).innerText()).includes(text), `${table} shows ${text}`);
  assert.ok(!(await card("lmus_user_associations").innerText()).includes("formeruser"));
  // A directory config's password is never shown, in its card or its row.
  assert.ok(!(await card("appstream_directory_configs").innerText()).includes("ui-s3cret"));
  assert.match(await card("sso_permission_sets").innerText(), /team=platform/);
  assert.match(await card("sso_permission_sets").innerText(), /AdministratorAccess/);

  // Account and region selectors.
  const accounts = await page.locator("#account option").allInnerTexts();
  assert.deepEqual(accounts, ["All accounts", "111111111111", "222222222222"]);
  await page.selectOption("#account", "222222222222");
  await card("sso_permission_sets").getByText(created.otherPermissionSet).waitFor(WAIT);
  assert.equal(await page.getByText(created.permissionSet).count(), 0);
  assert.equal(await card("appstream_stacks").count(), 0);
  await page.selectOption("#account", "");
  await page.selectOption("#region", "eu-west-1");
  assert.equal(await card("sso_permission_sets").locator("tbody tr").count(), 1);
  await page.selectOption("#region", "");

  // Search narrows every table.
  await page.fill("#search", "analytics");
  await card("appstream_stacks").waitFor(WAIT);
  assert.equal(await card("sso_permission_sets").count(), 0);
  assert.equal(await card("appstream_user_stack_associations").count(), 1);
  await page.fill("#search", "");

  // A row opens its details.
  await card("appstream_stacks").locator("tbody tr").first().click();
  assert.match(await page.locator("#drawer").innerText(), /arn:aws:appstream:us-east-1:111111111111:stack\/analytics-desktop/);
  await page.click("#drawer-close");
  await card("appstream_directory_configs").locator("tbody tr").first().click();
  const directory = await page.locator("#drawer").innerText();
  assert.match(directory, /account_password/);
  assert.ok(!directory.includes("ui-s3cret"), "the drawer hides the password");
  await page.click("#drawer-close");
});

test("the request journal updates live, newest first, errors highlighted, with details", async () => {
  await page.click("a[data-tab=requests]");
  await firstRequest().waitFor(WAIT);
  await populate(junction.url, "call");
  await page.waitForFunction(() => document.querySelector("#requests tbody tr")?.innerText.includes("ListPermissionSets"), null, WAIT);
  const failure = await populate(junction.url, "error");
  await page.waitForFunction(() => document.querySelector("#requests tbody tr")?.innerText.includes("DescribePermissionSet"), null, WAIT);
  const row = firstRequest();
  assert.match(await row.getAttribute("class"), /\be4\b/);
  assert.match(await row.innerText(), new RegExp(failure.errorType));
  await row.click();
  const details = await page.locator("#drawer").innerText();
  assert.match(details, /Request id/);
  assert.match(details, new RegExp(failure.errorType));
  assert.match(details, /Error message/);
  await page.click("#drawer-close");
  // The errors filter keeps only the failing calls.
  await page.selectOption("#req-status", "errors");
  await page.waitForFunction(() => document.querySelectorAll("#requests tbody tr").length === 1, null, WAIT);
  await page.selectOption("#req-status", "");
});

test("fault rules: added with the form, seen firing, removed", async () => {
  await page.click("a[data-tab=faults]");
  const form = page.locator("#fault-form");
  await form.locator("[name=service]").selectOption("sso-admin");
  await form.locator("[name=operation]").selectOption("ListPermissionSets");
  await form.locator("[name=errorType]").fill("ThrottlingException");
  await form.locator("[name=trigger]").selectOption("count");
  await form.locator("[name=count]").fill("1");
  await form.locator("[name=latencyMs]").fill("20");
  await form.locator("button[type=submit]").click();
  await page.locator("#faults tbody tr[data-id=fault-1]").waitFor(WAIT);
  const rules = await (await fetch(junction.url + "/_junction/faults")).json();
  assert.equal(rules.rules.length, 1);
  assert.deepEqual([rules.rules[0].operation, rules.rules[0].error.type, rules.rules[0].count, rules.rules[0].latencyMs],
    ["ListPermissionSets", "ThrottlingException", 1, 20]);

  const faulted = await populate(junction.url, "call");
  assert.equal(faulted.errorType, "ThrottlingException");
  await page.waitForFunction(() => /0 left/.test(document.querySelector("#faults tbody tr")?.innerText), null, WAIT);
  await page.click("a[data-tab=requests]");
  await page.waitForFunction(() => document.querySelector("#requests tbody tr")?.innerText.includes("injected"), null, WAIT);
  if (SCREENSHOT_DIR) {
    await page.evaluate(() => (document.getElementById("toast").hidden = true));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dashboard-requests.png") });
    await page.click("a[data-tab=resources]");
    await card("sso_permission_sets").waitFor(WAIT);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dashboard.png"), fullPage: true });
  }

  // A bad rule shows the server's message.
  await page.click("a[data-tab=faults]");
  await form.locator("[name=errorType]").fill("");
  await form.locator("[name=latencyMs]").fill("");
  await form.locator("button[type=submit]").click();
  await page.waitForFunction(() => document.querySelector("#fault-error").textContent.length > 0, null, WAIT);

  await page.click("#faults-clear");
  await page.getByText("No fault rules").waitFor(WAIT);
  assert.equal((await (await fetch(junction.url + "/_junction/faults")).json()).rules.length, 0);
});

// Whether the page scrolls sideways as a whole (tables may scroll inside their cards).
const pageScrollsSideways = (p) =>
  p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

test("on a narrow screen (500 px): header buttons in reach, the journal's status and error, no sideways scroll", async () => {
  const narrow = await browser.newPage({ viewport: { width: 500, height: 900 } });
  try {
    await narrow.goto(junction.url + "/_junction/ui#requests");
    await narrow.waitForFunction(() => document.querySelector("#requests tbody tr")?.innerText.includes("injected"), null, WAIT);
    // Every header control lies within the 500 px and answers a click.
    for (const selector of ["#download", "#reset", "a[data-tab=resources]", "a[data-tab=requests]", "a[data-tab=faults]"]) {
      const box = await narrow.locator(selector).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 500 && box.y >= 0 && box.y + box.height <= 900,
        `${selector} is out of reach: ${JSON.stringify(box)}`);
    }
    // The faulted call's row shows its status and its error, on screen.
    const row = narrow.locator("#requests tbody tr").first();
    const cells = await row.locator("td").evaluateAll((tds) => tds.map((td) => {
      const r = td.getBoundingClientRect();
      return { text: td.innerText, shown: r.width > 0 && r.left >= 0 && r.right <= window.innerWidth };
    }));
    const status = cells.find((c) => /^\s*400\b/.test(c.text));
    const error = cells.find((c) => /ThrottlingException/.test(c.text));
    assert.ok(status?.shown, `status not shown: ${JSON.stringify(cells)}`);
    assert.ok(error?.shown, `error not shown: ${JSON.stringify(cells)}`);
    assert.equal(await pageScrollsSideways(narrow), false, "the requests tab scrolls sideways");
    if (SCREENSHOT_DIR) {
      await narrow.evaluate(() => (document.getElementById("toast").hidden = true));
      await narrow.screenshot({ path: path.join(SCREENSHOT_DIR, "dashboard-narrow.png") });
    }
    for (const tab of ["resources", "faults"]) {
      await narrow.click(`a[data-tab=${tab}]`);
      await narrow.locator(`#tab-${tab}`).waitFor(WAIT);
      assert.equal(await pageScrollsSideways(narrow), false, `the ${tab} tab scrolls sideways`);
    }
  } finally {
    await narrow.close();
  }
});

test("a call opens whole: what it carried, its outcome, and a curl command that replays it", async () => {
  const made = await populate(junction.url, "outcome");
  await page.click("a[data-tab=requests]");
  await page.fill("#req-search", "CreateAccountAssignment");
  const row = page.locator("#requests tbody tr").first();
  await row.waitFor(WAIT);
  assert.match(await row.innerText(), /outcome injected/);
  await row.click();
  await page.locator("#drawer #copy-curl").waitFor(WAIT);
  const details = await page.locator("#drawer").innerText();
  for (const text of ["Outcome injected", made.asyncRequestId, "x-amz-target: SWBExternalService.CreateAccountAssignment",
    "amz-sdk-invocation-id", "Access key id", "111111111111"])
    assert.ok(details.includes(text), `the details show ${text}`);
  assert.ok(!/Signature=|aws4_request/.test(details), "no signature is shown");
  assert.match(await page.locator("#drawer .request-body").innerText(), new RegExp(`"PrincipalId": "${made.principal}"`));
  assert.match(await page.locator("#drawer .response-body").innerText(), /"Status": "IN_PROGRESS"/);

  // Copy as curl: the command on the clipboard replays the call (signed by curl with the same key).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: junction.url });
  await page.click("#copy-curl");
  await page.getByText("The curl command is copied.").waitFor(WAIT);
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(curl, await page.locator("#curl").innerText());
  assert.match(curl, /^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/'/);
  assert.match(curl, /--aws-sigv4 'aws:amz:us-east-1:sso'/);
  const replayed = await new Promise((resolve, reject) => execFile("bash", ["-c", curl], { timeout: 10000 },
    (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout)))));
  assert.equal(replayed.AccountAssignmentCreationStatus.Status, "IN_PROGRESS");
  assert.equal(replayed.AccountAssignmentCreationStatus.PrincipalId, made.principal);

  // "Its calls": the journal narrows to the calls about the same asynchronous request.
  await page.locator("#drawer button", { hasText: "Its calls" }).click();
  assert.equal(await page.inputValue("#req-search"), made.asyncRequestId);
  await page.click("#drawer-close");
  await page.fill("#req-search", "");
  await fetch(junction.url + "/_junction/faults", { method: "DELETE" });
});

test("downloads the state export", async () => {
  const [download] = await Promise.all([page.waitForEvent("download", WAIT), page.click("#download")]);
  assert.match(download.suggestedFilename(), /^junction-state-.*\.json$/);
  const doc = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(doc.format, "junction-state");
  assert.ok(doc.tables.appstream_stacks.some((s) => s.name === created.stack));
});

test("the reset button empties the view", async () => {
  await page.click("a[data-tab=resources]");
  await card("appstream_stacks").waitFor(WAIT);
  await page.click("#reset"); // the confirmation is accepted
  await page.waitForFunction(() => !document.querySelector('[data-table="appstream_stacks"]'), null, WAIT);
  for (const table of ["sso_permission_sets", "finspace_users", "lmus_user_associations"])
    assert.equal(await card(table).count(), 0, table);
  assert.equal(await page.locator("#count-resources").innerText(), "0");
  await page.click("a[data-tab=requests]");
  await page.getByText("No API calls yet").waitFor(WAIT);
  assert.equal(await page.locator("#requests tbody tr").count(), 0);
});

test("--admin-token: the page asks for the token once and sends it", async () => {
  const guarded = await startJunction("--admin-token", "s3cret");
  const context = await browser.newContext();
  try {
    assert.equal((await fetch(guarded.url + "/_junction/ui")).status, 200);
    assert.equal((await fetch(guarded.url + "/_junction/state")).status, 401);
    const p = await context.newPage();
    await p.goto(guarded.url + "/_junction/ui");
    await p.locator("#token-dialog").waitFor({ state: "visible", ...WAIT });
    await p.fill("#token-input", "wrong");
    await p.click("#token-form button[type=submit]");
    await p.getByText("That token was refused.").waitFor(WAIT);
    await p.fill("#token-input", "s3cret");
    await p.click("#token-form button[type=submit]");
    await p.locator("#status.live").waitFor(WAIT);
    assert.equal(await p.evaluate(() => sessionStorage.getItem("junction.adminToken")), "s3cret");
    await p.reload();
    await p.locator("#status.live").waitFor(WAIT);
    assert.equal(await p.locator("#token-dialog").isVisible(), false);
  } finally {
    await context.close();
    await guarded.stop();
  }
});

test("--no-control-plane: no dashboard either", async () => {
  const off = await startJunction("--no-control-plane");
  try {
    assert.equal((await fetch(off.url + "/_junction/ui")).status, 404);
    assert.equal((await fetch(off.url + "/_junction/ui/dashboard.js")).status, 404);
  } finally {
    await off.stop();
  }
});

test("the page logged no script or console errors", () => {
  assert.deepEqual(pageErrors, []);
});
