// Junction dashboard: reads only the control-plane endpoints (/_junction/health, state, requests,
// faults, reset). Plain DOM, no framework; every value from the server is written as text.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "junction.adminToken";
  const POLL_MS = 1000;

  // --- services and how their tables are shown -------------------------------------------------
  const SERVICES = [
    { name: "sso-admin", prefix: "sso_", title: "IAM Identity Center" },
    { name: "appstream", prefix: "appstream_", title: "AppStream 2.0" },
    { name: "finspace-data", prefix: "finspace_", title: "FinSpace Data" },
    { name: "license-manager-user-subscriptions", prefix: "lmus_", title: "License Manager User Subscriptions" },
    { name: "identitystore", prefix: "identitystore_", title: "Identity Store" },
  ];
  const key3 = (r, id) => r.account + "|" + r.region + "|" + id;
  // Lookups between tables (names for ids), built per render from the filtered state.
  const lookup = (table, idCol, labelCol) => (ctx, r, id) => {
    const name = "idx:" + table;
    if (!ctx[name]) {
      ctx[name] = new Map();
      for (const row of ctx.tables[table] || []) ctx[name].set(key3(row, row[idCol]), row[labelCol]);
    }
    return ctx[name].get(key3(r, id)) ?? id;
  };
  const permissionSetName = lookup("sso_permission_sets", "arn", "name");
  const applicationName = lookup("sso_applications", "arn", "name");
  const groupName = lookup("finspace_permission_groups", "permission_group_id", "name");
  const userEmail = lookup("finspace_users", "user_id", "email_address");
  // Identity Store: names for ids within the row's identity store.
  const storeLookup = (table, idCol, labelCol) => (ctx, r, id) => {
    const name = "idx:" + table;
    if (!ctx[name]) {
      ctx[name] = new Map();
      for (const row of ctx.tables[table] || [])
        ctx[name].set(key3(row, row.identity_store_id + "|" + row[idCol]), row[labelCol]);
    }
    return ctx[name].get(key3(r, r.identity_store_id + "|" + id)) ?? id;
  };
  const storeUserName = storeLookup("identitystore_users", "user_id", "user_name");
  const storeGroupName = storeLookup("identitystore_groups", "group_id", "display_name");
  const tagsOf = (ctx, r) => {
    if (!ctx.tags) {
      ctx.tags = new Map();
      for (const t of ctx.tables.shared_tags || []) {
        const k = key3(t, t.arn);
        ctx.tags.set(k, (ctx.tags.has(k) ? ctx.tags.get(k) + ", " : "") + t.key + "=" + t.value);
      }
    }
    return ctx.tags.get(key3(r, r.arn)) ?? null;
  };
  // A request is pending until it settles, as the API reports it.
  const requestStatus = (ctx, r) => (Date.now() / 1000 >= r.settles_at ? r.final_status : r.pending_status);
  // AppStream fleets, images and builders: STARTING until RUNNING (and the like), derived as of
  // now too; so is the status of the software of builders and images.
  const resourceState = (ctx, r) => (Date.now() / 1000 >= r.state_settles_at ? r.state_settled : r.state_pending);
  const softwareStatus = (ctx, r) => (Date.now() / 1000 >= r.status_settles_at ? r.status_settled : r.status_pending);
  const jsonMember = (column, member) => (ctx, r) => {
    try { return JSON.parse(r[column] || "{}")[member] ?? null; } catch { return null; }
  };
  // What a request is about: its subject's members, permission sets by name.
  const subjectText = (ctx, r) => {
    let subject;
    try { subject = JSON.parse(r.subject); } catch { return r.subject; }
    return Object.entries(subject).map(([k, v]) =>
      k + "=" + (k === "PermissionSetArn" ? permissionSetName(ctx, r, v) : v)).join(" ");
  };
  // Datasets, changesets and data views settle by themselves (epoch ms), as the API reports them.
  const settling = (pending) => (ctx, r) =>
    (Date.now() >= r.settles_at ? "SUCCESS" : Date.now() >= r.running_at ? "RUNNING" : pending);
  const datasetTitle = lookup("finspace_datasets", "dataset_id", "dataset_title");
  const endpointStatus = (ctx, r) => (Date.now() / 1000 >= r.provisioned_at ? "PROVISIONED" : "PROVISIONING");
  const fullName = (ctx, r) => [r.first_name, r.last_name].filter(Boolean).join(" ") || null;
  // A permission set's policies in one cell: inline, AWS managed by name, customer managed by
  // path and name, and the permissions boundary.
  const policiesOf = (ctx, r) => {
    if (!ctx.policies) {
      ctx.policies = new Map();
      for (const p of ctx.tables.sso_permission_set_policies || []) {
        const k = key3(p, p.permission_set_arn);
        const label = p.kind === "CUSTOMER_MANAGED" ? p.path + p.name : p.name;
        ctx.policies.set(k, [...(ctx.policies.get(k) || []), label]);
      }
    }
    const parts = [...(r.inline_policy ? ["inline"] : []), ...(ctx.policies.get(key3(r, r.arn)) || [])];
    if (r.permissions_boundary) {
      try {
        const b = JSON.parse(r.permissions_boundary);
        const ref = b.CustomerManagedPolicyReference;
        parts.push("boundary " + (ref ? ref.Path + ref.Name : String(b.ManagedPolicyArn).split("/").pop()));
      } catch { parts.push("boundary"); }
    }
    return parts.join(", ") || null;
  };
  const permissionSetVersion = lookup("sso_permission_sets", "arn", "version");
  // An account has the set's latest version, or an older one (the set changed since).
  const provisioningStatus = (ctx, r) =>
    (permissionSetVersion(ctx, r, r.permission_set_arn) === r.version ? "LATEST" : "NOT LATEST");
  // A transition stored as pending, final and the time it settles (Regions).
  const settledStatus = (ctx, r) => (Date.now() / 1000 >= r.settles_at ? r.final_status : r.pending_status);
  const attributeKeys = (ctx, r) => {
    try { return JSON.parse(r.attributes).map((a) => a.Key).join(", "); } catch { return r.attributes; }
  };

  // Columns: [label, column name or function(ctx, row), format]
  const TABLES = {
    sso_instances: ["Instances", [["Instance ARN", "instance_arn", "mono"], ["Kind", "kind"],
      ["Identity store", "identity_store_id", "mono"], ["Name", "name"], ["Created", "created_at", "sec"]]],
    sso_permission_sets: ["Permission sets", [["Name", "name"], ["Description", "description"],
      ["Session", "session_duration"], ["Policies", policiesOf], ["Tags", tagsOf], ["ARN", "arn", "mono"],
      ["Created", "created_at", "sec"]]],
    sso_permission_set_provisioning: ["Provisioned accounts", [["AWS account", "target_id", "mono"],
      ["Permission set", (c, r) => permissionSetName(c, r, r.permission_set_arn)],
      ["Version", provisioningStatus, "status"], ["Provisioned", "provisioned_at", "sec"]]],
    sso_account_assignments: ["Account assignments", [["AWS account", "target_id", "mono"],
      ["Permission set", (c, r) => permissionSetName(c, r, r.permission_set_arn)], ["Principal type", "principal_type"],
      ["Principal id", "principal_id", "mono"], ["Created", "created_at", "sec"]]],
    sso_permission_set_policies: ["Permission set policies", [["Permission set", (c, r) =>
      permissionSetName(c, r, r.permission_set_arn)], ["Kind", "kind"], ["Name", "name"], ["Path", "path"],
      ["Policy", "policy", "mono"], ["Attached", "attached_at", "sec"]], true],
    sso_instance_access_control_attributes: ["Access control attributes", [["Instance", "instance_arn", "mono"],
      ["Keys", attributeKeys], ["Created", "created_at", "sec"]]],
    sso_instance_regions: ["Instance Regions", [["Instance", "instance_arn", "mono"], ["Region", "region_name"],
      ["Status", settledStatus, "status"], ["Added", "added_at", "sec"]]],
    sso_applications: ["Applications", [["Name", "name"], ["Status", "status", "status"],
      ["Provider", (c, r) => r.provider_arn.replace(/^.*:applicationProvider\//, ""), "mono"],
      ["Assignment required", "assignment_required", "bool"], ["Tags", tagsOf], ["ARN", "arn", "mono"],
      ["Created", "created_at", "sec"]]],
    sso_application_assignments: ["Application assignments", [
      ["Application", (c, r) => applicationName(c, r, r.application_arn)], ["Principal type", "principal_type"],
      ["Principal id", "principal_id", "mono"], ["Created", "created_at", "sec"]]],
    sso_trusted_token_issuers: ["Trusted token issuers", [["Name", "name"], ["Issuer URL", "issuer_url", "mono"],
      ["Claim", "claim_attribute_path"], ["Identity store attribute", "identity_store_attribute_path"],
      ["Tags", tagsOf], ["ARN", "arn", "mono"], ["Created", "created_at", "sec"]]],
    appstream_stacks: ["Stacks", [["Name", "name"], ["Display name", "display_name"], ["Description", "description"],
      ["ARN", "arn", "mono"], ["Created", "created_at", "sec"]]],
    appstream_users: ["Users", [["User name", "user_name"], ["Name", fullName], ["Enabled", "enabled", "bool"],
      ["Status", "status", "status"], ["Created", "created_at", "sec"]]],
    appstream_user_stack_associations: ["User–stack associations", [["Stack", "stack_name"], ["User", "user_name"],
      ["Authentication", "authentication_type"], ["Notified", "send_email_notification", "bool"], ["Created", "created_at", "sec"]]],
    appstream_fleets: ["Fleets", [["Name", "name"], ["State", resourceState, "status"], ["Type", "fleet_type"],
      ["Instance type", "instance_type"], ["Image", "image_name"], ["Platform", "platform"],
      ["Desired", jsonMember("attributes", "ComputeCapacity"), "json"], ["Errors", "state_errors", "json"], ["Tags", tagsOf],
      ["Created", "created_at", "sec"]]],
    appstream_stack_fleets: ["Stack–fleet associations", [["Stack", "stack_name"], ["Fleet", "fleet_name"],
      ["Associated", "created_at", "sec"]]],
    appstream_sessions: ["Streaming sessions", [["User", "user_id"], ["Stack", "stack_name"], ["Fleet", "fleet_name"],
      ["Authentication", "authentication_type"], ["Instance", "instance_id", "mono"], ["Draining", "draining", "bool"],
      ["Started", "started_at", "sec"], ["Expires", "max_expires_at", "sec"]]],
    appstream_images: ["Private images", [["Name", "name"], ["State", resourceState, "status"], ["Platform", "platform"],
      ["Visibility", "visibility"], ["Base image", "base_image_arn", "mono"], ["Tags", tagsOf], ["Created", "created_at", "sec"]]],
    appstream_entitlements: ["Entitlements", [["Stack", "stack_name"], ["Name", "name"], ["Apps", "app_visibility"],
      ["Attributes", "attributes", "json"], ["Modified", "modified_at", "sec"]]],
    appstream_entitled_applications: ["Entitled applications", [["Stack", "stack_name"], ["Entitlement", "entitlement_name"],
      ["Application", "application_identifier", "mono"], ["Added", "created_at", "sec"]]],
    appstream_app_blocks: ["App blocks", [["Name", "name"], ["State", "state", "status"], ["Packaging", "packaging_type"],
      ["Source", "source_s3_location", "json"], ["Tags", tagsOf], ["Created", "created_at", "sec"]]],
    appstream_applications: ["Applications", [["Name", "name"], ["Display name", "display_name"], ["App block", "app_block_name"],
      ["Launch path", "launch_path", "mono"], ["Platforms", "platforms", "json"], ["Tags", tagsOf], ["Created", "created_at", "sec"]]],
    appstream_application_fleets: ["Application–fleet associations", [["Application", "application_name"],
      ["Fleet", "fleet_name"], ["Associated", "created_at", "sec"]]],
    appstream_image_permissions: ["Image shares", [["Image", "image_name"], ["Shared with", "shared_account_id", "mono"],
      ["Permissions", "image_permissions", "json"], ["Shared", "created_at", "sec"]]],
    appstream_image_builders: ["Image builders", [["Name", "name"], ["State", resourceState, "status"],
      ["Image", "image_name"], ["Instance type", "instance_type"], ["Platform", "platform"], ["Tags", tagsOf],
      ["Created", "created_at", "sec"]]],
    appstream_software_associations: ["License-included software", [["Resource", "resource_arn", "mono"],
      ["Software", "software_name"], ["Status", softwareStatus, "status"], ["Added", "created_at", "sec"]]],
    appstream_app_block_builders: ["App block builders", [["Name", "name"], ["State", resourceState, "status"],
      ["Instance type", "instance_type"], ["Platform", "platform"], ["Tags", tagsOf], ["Created", "created_at", "sec"]]],
    appstream_app_block_builder_app_blocks: ["App block builder–app block associations", [
      ["App block builder", "app_block_builder_name"], ["App block", "app_block_name"], ["Associated", "created_at", "sec"]]],
    appstream_directory_configs: ["Directory configs", [["Directory", "directory_name"],
      ["Organizational units", "organizational_unit_distinguished_names", "json"], ["Service account", "account_name"],
      ["Certificate auth", jsonMember("certificate_based_auth_properties", "Status")], ["Created", "created_at", "sec"]]],
    appstream_themes: ["Stack themes", [["Stack", "stack_name"], ["State", "state", "status"], ["Title", "title_text"],
      ["Styling", "theme_styling"], ["Created", "created_at", "sec"]]],
    appstream_usage_report_subscriptions: ["Usage report subscriptions", [["Bucket", "s3_bucket_name", "mono"],
      ["Schedule", "schedule"], ["Subscribed", "created_at", "sec"]]],
    finspace_users: ["Users", [["Email", "email_address"], ["Name", fullName], ["Type", "type"], ["Status", "status", "status"],
      ["API access", "api_access"], ["User id", "user_id", "mono"], ["Created", "create_time", "ms"]]],
    finspace_permission_groups: ["Permission groups", [["Name", "name"], ["Description", "description"],
      ["Permissions", "application_permissions"], ["Group id", "permission_group_id", "mono"], ["Created", "create_time", "ms"]]],
    finspace_memberships: ["Group memberships", [["Group", (c, r) => groupName(c, r, r.permission_group_id)],
      ["User", (c, r) => userEmail(c, r, r.user_id)], ["Added", "create_time", "ms"]]],
    finspace_datasets: ["Datasets", [["Title", "dataset_title"], ["Kind", "kind"], ["Alias", "alias"],
      ["Status", settling("PENDING"), "status"], ["Group", (c, r) => groupName(c, r, r.permission_group_id)],
      ["Permissions", "dataset_permissions", "json"], ["Dataset id", "dataset_id", "mono"], ["Created", "create_time", "ms"]]],
    finspace_changesets: ["Changesets", [["Dataset", (c, r) => datasetTitle(c, r, r.dataset_id)], ["Change", "change_type"],
      ["Status", settling("PENDING"), "status"], ["Source", "source_params", "json"], ["Changeset id", "changeset_id", "mono"],
      ["Created", "create_time", "ms"], ["Replaced", "active_until", "ms"]]],
    finspace_data_views: ["Data views", [["Dataset", (c, r) => datasetTitle(c, r, r.dataset_id)],
      ["Destination", "destination_type_params", "json"], ["Status", settling("STARTING"), "status"],
      ["Data view id", "data_view_id", "mono"], ["Created", "create_time", "ms"]]],
    finspace_idempotency_tokens: ["Client tokens", [["Operation", "operation"], ["Token", "client_token", "mono"],
      ["Outcome", "outcome"], ["Created", "create_time", "ms"]], true],
    lmus_identity_providers: ["Identity providers", [["Product", "product"], ["Directory", "directory_id", "mono"],
      ["Status", "status", "status"], ["Settings", "settings", "json"], ["ARN", "identity_provider_arn", "mono"],
      ["Registered", "registration_date", "date"]]],
    lmus_instances: ["Instances", [["Instance id", "instance_id", "mono"], ["Status", "status", "status"],
      ["Products", "products", "json"], ["Directory", "directory_id", "mono"], ["Checked", "last_status_check_date", "date"]]],
    lmus_user_associations: ["User associations", [["User", "username"], ["Domain", "domain"], ["Instance", "instance_id", "mono"],
      ["Directory", "directory_id", "mono"], ["Status", "status", "status"], ["Associated", "association_date", "date"]]],
    lmus_product_subscriptions: ["Product subscriptions", [["User", "username"], ["Domain", "domain"], ["Product", "product"],
      ["Directory", "directory_id", "mono"], ["Status", "status", "status"], ["Started", "subscription_start_date", "date"]]],
    identitystore_users: ["Users", [["Store", "identity_store_id", "mono"], ["User name", "user_name"],
      ["Display name", "display_name"], ["User id", "user_id", "mono"], ["Created", "created_at", "sec"]]],
    identitystore_groups: ["Groups", [["Store", "identity_store_id", "mono"], ["Display name", "display_name"],
      ["Description", "description"], ["Group id", "group_id", "mono"], ["Created", "created_at", "sec"]]],
    identitystore_group_memberships: ["Group members", [["Store", "identity_store_id", "mono"],
      ["Group", (c, r) => storeGroupName(c, r, r.group_id)], ["Member", (c, r) => storeUserName(c, r, r.member_user_id)],
      ["Added", "created_at", "sec"]]],
    identitystore_external_ids: ["External ids", [["Store", "identity_store_id", "mono"], ["Type", "resource_type"],
      ["Resource", (c, r) => (r.resource_type === "USER" ? storeUserName : storeGroupName)(c, r, r.resource_id)],
      ["Issuer", "issuer"], ["External id", "external_id", "mono"]], true],
    lmus_license_server_endpoints: ["License server endpoints", [["Type", "server_type"], ["Status", endpointStatus, "status"],
      ["Address", "endpoint_address", "mono"], ["Identity provider", "identity_provider_arn", "mono"],
      ["ARN", "license_server_endpoint_arn", "mono"], ["Created", "creation_time", "sec"]]],
    // Shared tables: each service's section shows its own rows.
    shared_tags: ["Tags", [["Resource", "arn", "mono"], ["Key", "key"], ["Value", "value"]]],
    shared_async_requests: ["Requests", [["Kind", "kind"], ["Status", requestStatus, "status"],
      ["About", subjectText, "mono"], ["Failure", "failure_reason"], ["Request id", "request_id", "mono"],
      ["Created", "created_at", "sec"]]],
  };
  // Rows the API lists; the others are not shown. What an API call ends is deleted, but a state
  // document of an older version can still import ended rows, which the API treats as absent.
  const LISTED = {
    lmus_identity_providers: (r) => r.status !== "DEREGISTERED",
    lmus_user_associations: (r) => r.status !== "DISASSOCIATED",
    lmus_product_subscriptions: (r) => r.status !== "INACTIVE",
    appstream_software_associations: (r) => softwareStatus(null, r) !== "UNINSTALLED",
  };
  // Columns whose values the dashboard never shows (a directory config's service account password).
  const SECRET_COLUMNS = new Set(["account_password"]);
  // Where the times at which statuses change are: [table, columns, units per second].
  const SETTLING = [["shared_async_requests", ["settles_at"], 1], ["lmus_license_server_endpoints", ["provisioned_at"], 1],
    ["appstream_fleets", ["state_settles_at"], 1], ["appstream_images", ["state_settles_at"], 1],
    ["appstream_image_builders", ["state_settles_at"], 1], ["appstream_app_block_builders", ["state_settles_at"], 1],
    ["appstream_software_associations", ["status_settles_at"], 1],
    ["finspace_datasets", ["running_at", "settles_at"], 1000], ["finspace_changesets", ["running_at", "settles_at"], 1000],
    ["finspace_data_views", ["running_at", "settles_at"], 1000]];
  const OK = /^(SUCCEEDED|SUCCESS|ACTIVE|ENABLED|ASSOCIATED|REGISTERED|AVAILABLE|CONFIRMED|PROVISIONED|LATEST|INSTALLED|COMPLETED)$/;
  const BAD = /^(FAILED|DISABLED|INACTIVE|DISASSOCIATED|DEREGISTERED|SUSPENDED|FAILURE|REMOVED)$/;

  // --- small DOM helpers -----------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
    return el;
  }
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  function stamp(d, withMs) {
    if (isNaN(d)) return "";
    const t = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    if (withMs) return t + "." + pad(d.getMilliseconds(), 3);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${t}`;
  }
  function badge(text, kind) {
    return h("span", { class: "badge " + kind }, text);
  }
  function statusBadge(v) {
    return badge(v, OK.test(v) ? "ok" : BAD.test(v) ? "err" : /PROGRESS|PENDING|STARTING|STOPPING|PROVISIONING|ADDING|REMOVING|UPDATING|NOT LATEST/.test(v) ? "warn" : "plain");
  }
  // A cell: [node, text for search and tooltip]
  function cell(value, format) {
    if (value === null || value === undefined || value === "") return [h("span", { class: "null" }, "—"), ""];
    let text = typeof value === "object" ? JSON.stringify(value) : String(value);
    switch (format) {
      case "sec": text = stamp(new Date(value * 1000)); break;
      case "ms": text = stamp(new Date(value)); break;
      case "date": text = stamp(new Date(value)) || text; break;
      case "bool": text = value ? "yes" : "no"; break;
      case "status": return [statusBadge(text), text];
      case "json": try { text = JSON.stringify(JSON.parse(text)); } catch (e) { /* as stored */ } break;
    }
    return [text, text];
  }
  function toast(message) {
    const t = $("toast");
    t.textContent = message;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (t.hidden = true), 3500);
  }

  // --- talking to the control plane ------------------------------------------------------------
  class Unauthorized extends Error {}
  async function api(method, path, body, raw) {
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(path, { method, headers, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401) {
      askToken(token ? "That token was refused." : "");
      throw new Unauthorized("unauthorized");
    }
    if (raw && res.ok) return res.text();
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) throw new Error((data && data.message) || `${method} ${path}: HTTP ${res.status}`);
    return data;
  }
  function askToken(message) {
    const dialog = $("token-dialog");
    $("token-error").textContent = message;
    if (!dialog.open) dialog.showModal();
  }
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    $("token-dialog").close();
    sessionStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
    $("token-input").value = "";
    refreshAll();
  });
  $("token-change").addEventListener("click", () => askToken(""));
  function setStatus(kind, text) {
    const s = $("status");
    s.className = "status " + kind;
    s.textContent = text;
  }
  function failed(e) {
    if (e instanceof Unauthorized) return setStatus("down", "token needed");
    setStatus("down", e instanceof TypeError ? "unreachable" : "error");
    console.warn(e);
  }

  // --- state ------------------------------------------------------------------------------------
  let health = null;
  let state = null; // the last export
  let stateDirty = true;
  let stateAge = 0;
  function option(value, label) { return h("option", { value }, label ?? value); }
  function fillSelect(sel, values, allLabel) {
    const current = sel.value;
    sel.replaceChildren(option("", allLabel), ...values.map((v) => option(v)));
    sel.value = values.includes(current) ? current : "";
  }
  let stateText = "", nextSettle = Infinity;
  async function loadState() {
    const doc = await api("GET", "/_junction/state");
    stateDirty = false;
    stateAge = 0;
    // Re-rendering an unchanged view would only lose the reader's text selection and scrolling.
    const text = JSON.stringify(doc.tables);
    if (text === stateText && Date.now() / 1000 < nextSettle) return;
    stateText = text;
    state = doc;
    const accounts = new Set(), regions = new Set();
    for (const rows of Object.values(state.tables))
      for (const r of rows) { accounts.add(r.account); regions.add(r.region); }
    fillSelect($("account"), [...accounts].sort(), "All accounts");
    fillSelect($("region"), [...regions].sort(), "All regions");
    renderResources();
  }
  function renderResources() {
    if (!state) return;
    const account = $("account").value, region = $("region").value, only = $("service").value;
    const query = $("search").value.trim().toLowerCase();
    const showEmpty = $("show-empty").checked;
    const ctx = { tables: {} };
    for (const [t, rows] of Object.entries(state.tables))
      ctx.tables[t] = rows.filter((r) => (!account || r.account === account) && (!region || r.region === region));
    // The next moment a status changes by itself (epoch seconds), when the view is drawn again.
    nextSettle = Infinity;
    const now = Date.now() / 1000;
    for (const [table, columns, scale] of SETTLING)
      for (const r of state.tables[table] || [])
        for (const c of columns) {
          const at = r[c] / scale;
          if (at > now) nextSettle = Math.min(nextSettle, at);
        }
    const multiAccount = !account, multiRegion = !region;
    const out = [];
    let total = 0;
    for (const svc of SERVICES) {
      if (only && only !== svc.name) continue;
      const names = Object.keys(ctx.tables).filter((t) => t.startsWith(svc.prefix) || t.startsWith("shared_"));
      names.sort((a, b) => order(a) - order(b));
      const cards = [], internal = [];
      let svcRows = 0;
      for (const t of names) {
        const [title, cols, hidden] = TABLES[t] || [humanize(t.slice(svc.prefix.length)), genericColumns(ctx.tables[t], t)];
        const columns = [...(multiAccount ? [["Account", "account", "mono"]] : []),
          ...(multiRegion ? [["Region", "region"]] : []), ...cols];
        const rows = [];
        const own = (t.startsWith("shared_") ? ctx.tables[t].filter((r) => r.service === svc.name) : ctx.tables[t])
          .filter(LISTED[t] || (() => true));
        for (const r of own) {
          const cells = columns.map(([, c, f]) => cell(typeof c === "function" ? c(ctx, r) : r[c], f));
          if (query && !cells.some(([, s]) => s.toLowerCase().includes(query)) &&
              !Object.values(r).some((v) => v !== null && String(v).toLowerCase().includes(query))) continue;
          rows.push(h("tr", { onclick: () => showRow(title, t, r) },
            cells.map(([node, s], i) => h("td", { class: columns[i][2] === "mono" ? "mono" : null, title: s || null }, node))));
        }
        svcRows += rows.length;
        if (!rows.length && (!showEmpty || query)) continue;
        const card = h("div", { class: "card table-card", "data-table": t },
          h("h3", null, title, h("span", { class: "count" }, String(rows.length))),
          rows.length
            ? h("div", { class: "scroll" }, h("table", { class: "grid" },
                h("thead", null, h("tr", null, columns.map(([label]) => h("th", null, label)))), h("tbody", null, rows)))
            : h("div", { class: "empty-note" }, "No rows."));
        (hidden ? internal : cards).push(card);
      }
      total += svcRows;
      if (!cards.length && !internal.length && (query || !showEmpty)) {
        if (!query) out.push(h("section", { class: "service", "data-service": svc.name },
          h("h2", null, svc.title, h("small", null, svc.name)), h("div", { class: "empty-note card" }, "Nothing yet.")));
        continue;
      }
      out.push(h("section", { class: "service", "data-service": svc.name },
        h("h2", null, svc.title, h("small", null, svc.name)), cards,
        internal.length ? h("details", { class: "internal" }, h("summary", null, "Internal tables"), internal) : null));
    }
    if (query && !total) out.push(h("p", { class: "empty-note" }, `Nothing matches “${$("search").value}”.`));
    $("resources").replaceChildren(...out);
    $("count-resources").textContent = String(total);
  }
  function order(table) {
    const i = Object.keys(TABLES).indexOf(table);
    return i < 0 ? 1000 : i;
  }
  function humanize(name) {
    const s = name.replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  function genericColumns(rows, t) {
    const cols = rows.length ? Object.keys(rows[0]) : [];
    return cols.filter((c) => c !== "account" && c !== "region").map((c) => [humanize(c), c]);
  }
  function showRow(title, table, row) {
    drawer(title, Object.entries(row).map(([k, v]) => {
      let text = v === null ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v);
      if (SECRET_COLUMNS.has(k) && v !== null) return [k, "(not shown)"];
      if (typeof v === "string" && /^[[{]/.test(v)) try { text = JSON.stringify(JSON.parse(v), null, 2); } catch (e) { /* text */ }
      if (/(_at|_time)$/.test(k) && typeof v === "number") text += `  (${stamp(new Date(k.endsWith("_time") ? v : v * 1000))})`;
      return [k, text];
    }), table);
  }
  function drawer(title, pairs, subtitle) {
    $("drawer").dataset.request = "";
    $("drawer-title").textContent = title;
    $("drawer-body").replaceChildren(...(subtitle ? [h("dt", null, "table"), h("dd", null, subtitle)] : []),
      ...pairs.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
    $("drawer").hidden = false;
  }
  $("drawer-close").addEventListener("click", () => ($("drawer").hidden = true));
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("drawer").hidden = true; });
  for (const id of ["account", "region", "service", "show-empty"]) $(id).addEventListener("change", renderResources);
  $("search").addEventListener("input", renderResources);

  // --- the request journal ----------------------------------------------------------------------
  let journalTotal = -1, shownCount = 0, shownKey = "", lastSeq = 0;
  function journalQuery(limit) {
    const p = new URLSearchParams({ limit: String(limit) });
    const svc = $("req-service").value, st = $("req-status").value;
    if (svc) p.set("service", svc);
    if (st === "4xx" || st === "5xx") p.set("status", st);
    if (st === "faulted") p.set("faulted", "true");
    return "/_junction/requests?" + p;
  }
  async function pollJournal(force) {
    const head = await api("GET", "/_junction/requests?limit=1");
    const changed = head.total !== journalTotal || (head.count === 0 && shownCount > 0);
    if (changed && journalTotal >= 0) stateDirty = true;
    journalTotal = head.total;
    const key = journalQuery(1);
    if (!force && !changed && key === shownKey) return;
    if (!$("req-live").checked && !force) return;
    const data = await api("GET", journalQuery(500));
    shownKey = key;
    renderJournal(data);
  }
  let journal = null;
  function renderJournal(data) {
    if (data) journal = data;
    if (!journal) return;
    const errorsOnly = $("req-status").value === "errors";
    const query = $("req-search").value.trim().toLowerCase();
    const fresh = lastSeq;
    const rows = [];
    let maxSeq = lastSeq;
    for (let i = journal.entries.length - 1; i >= 0; i--) {
      const e = journal.entries[i];
      maxSeq = Math.max(maxSeq, e.sequence);
      if (errorsOnly && e.status < 400) continue;
      if (query && ![e.operation, e.service, e.errorType, e.errorMessage, e.requestId, e.asyncRequestId, e.account, e.region, e.path, String(e.status)]
        .some((v) => v && v.toLowerCase().includes(query))) continue;
      const cls = [e.status >= 500 ? "e5" : e.status >= 400 ? "e4" : "", fresh && e.sequence > fresh ? "fresh" : ""].join(" ").trim();
      rows.push(h("tr", { class: cls || null, "data-seq": e.sequence, onclick: () => showRequest(e) },
        h("td", { class: "mono", title: e.time }, stamp(new Date(e.time), true)),
        h("td", null, e.service ?? h("span", { class: "null" }, "—")),
        h("td", null, e.operation ?? e.method + " " + e.path),
        h("td", { class: "mono" }, e.account),
        h("td", null, e.region),
        h("td", null, badge(String(e.status), e.status >= 500 ? "err" : e.status >= 400 ? "warn" : "ok")),
        h("td", null, e.errorType ? h("span", { class: "errtype" }, e.errorType) : "",
          e.faulted ? [" ", badge("injected", "fault")] : e.injectedLatencyMs ? [" ", badge("delayed", "fault")] : null,
          e.outcomeInjected ? [" ", badge("outcome injected", "fault")] : null),
        h("td", { class: "num" }, e.latencyMs.toFixed(1))));
    }
    lastSeq = maxSeq;
    shownCount = journal.entries.length;
    $("requests").tBodies[0].replaceChildren(...rows);
    $("count-requests").textContent = String(journal.entries.length);
    $("req-summary").textContent = journal.entries.length
      ? `Newest first: showing ${rows.length} of the last ${journal.entries.length} calls` +
        ` (journal keeps ${journal.capacity}; ${journal.total} since start-up). Click a call for its details.`
      : journal.capacity ? "No API calls yet. Point an SDK at this endpoint and they appear here."
        : "The journal is off (--journal-size 0).";
  }
  const REQUEST_NAMES = { sequence: "Sequence", time: "Time", requestId: "Request id", method: "Method", path: "Path",
    service: "Service", operation: "Operation", account: "Account", region: "Region", status: "HTTP status",
    errorType: "Error type", errorMessage: "Error message", latencyMs: "Latency (ms)", faulted: "Injected error",
    faultId: "Fault rule", injectedLatencyMs: "Injected latency (ms)", outcomeInjected: "Outcome injected",
    asyncRequestId: "Async request" };
  // A call's details: its journal entry at once, then what it carried (GET /_junction/requests/<id>).
  function showRequest(e) {
    const title = (e.operation || e.method + " " + e.path) + (e.errorType ? " → " + e.errorType : "");
    const summary = () => Object.entries(e).map(([k, v]) => [REQUEST_NAMES[k] || k, k === "asyncRequestId"
      ? h("span", null, String(v), " ", h("button", { type: "button", class: "small", onclick: () => {
        $("req-search").value = v;
        renderJournal();
      } }, "Its calls")) : v === null ? "—" : String(v)]);
    drawer(title, summary());
    $("drawer").dataset.request = e.requestId;
    api("GET", "/_junction/requests/" + encodeURIComponent(e.requestId)).then((d) => {
      if ($("drawer").hidden || $("drawer").dataset.request !== e.requestId) return;
      drawer(title, [...summary(), ...carried(d)]);
      $("drawer").dataset.request = e.requestId;
    }).catch((err) => {
      if ($("drawer").dataset.request !== e.requestId) return;
      drawer(title, [...summary(), ["Carried", err.message]]);
    });
  }
  function bodyText(m) {
    if (m.bodyWithheld) return "(withheld: it could not be read to redact its sensitive values)";
    if (m.body === null) return "(empty)";
    const text = typeof m.body === "string" ? m.body : JSON.stringify(m.body, null, 2);
    const notes = [m.decodedFrom ? "decoded from CBOR" : "", m.redacted ? "sensitive values redacted" : "",
      m.bodyTruncated ? `first ${text.length} of ${m.bodyBytes} bytes` : ""].filter(Boolean);
    return text + (notes.length ? `\n(${notes.join("; ")})` : "");
  }
  function carried(d) {
    const pairs = [];
    if (d.query) pairs.push(["Query", d.query]);
    if (d.accessKeyId) pairs.push(["Access key id", d.accessKeyId]);
    for (const [side, m] of [["Request", d.request], ["Response", d.response]]) {
      const headers = Object.entries(m.headers).map(([k, v]) => k + ": " + v).join("\n");
      pairs.push([side + " headers", headers || "—"], [side + " body", h("div", { class: side.toLowerCase() + "-body" }, bodyText(m))]);
    }
    pairs.push(["curl", d.curl ? h("div", null, h("button", { type: "button", class: "small", id: "copy-curl",
      onclick: () => copyText(d.curl).then(() => toast("The curl command is copied."), failed) }, "Copy as curl"),
      h("div", { id: "curl" }, d.curl)) : "— (its body was cut or withheld)"]);
    return pairs;
  }
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = h("textarea", null, text);
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  for (const id of ["req-service", "req-status"]) $(id).addEventListener("change", () => pollJournal(true).catch(failed));
  $("req-search").addEventListener("input", () => renderJournal());
  $("req-clear").addEventListener("click", async () => {
    try {
      const r = await api("DELETE", "/_junction/requests");
      toast(`Journal cleared (${r.deleted} calls).`);
      await pollJournal(true);
    } catch (e) { failed(e); }
  });

  // --- fault rules --------------------------------------------------------------------------------
  const form = $("fault-form");
  function fillOperations() {
    const svc = health && health.services[form.service.value];
    fillSelect(form.operation, svc ? svc.operations.slice().sort() : [], "Every operation");
  }
  function showTrigger() {
    form.count.closest("label").hidden = form.trigger.value !== "count";
    form.probability.closest("label").hidden = form.trigger.value !== "probability";
  }
  form.service.addEventListener("change", fillOperations);
  form.trigger.addEventListener("change", showTrigger);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = form.elements, rule = { service: f.service.value };
    if (f.operation.value) rule.operation = f.operation.value;
    if (f.errorType.value.trim()) {
      rule.error = { type: f.errorType.value.trim() };
      if (f.message.value.trim()) rule.error.message = f.message.value.trim();
      if (f.status.value) rule.error.status = Number(f.status.value);
    }
    if (f.trigger.value === "count") rule.count = Number(f.count.value);
    if (f.trigger.value === "probability") rule.probability = Number(f.probability.value);
    if (f.latencyMs.value) rule.latencyMs = Number(f.latencyMs.value);
    if (f.account.value.trim()) rule.account = f.account.value.trim();
    if (f.region.value.trim()) rule.region = f.region.value.trim();
    $("fault-error").textContent = "";
    try {
      const added = await api("POST", "/_junction/faults", rule);
      toast(`Fault rule ${added.id} added.`);
      await loadFaults();
    } catch (e) {
      if (!(e instanceof Unauthorized)) $("fault-error").textContent = e.message;
    }
  });
  let faultsText = "";
  async function loadFaults() {
    const { rules } = await api("GET", "/_junction/faults");
    const text = JSON.stringify(rules);
    if (text === faultsText) return;
    faultsText = text;
    $("count-faults").textContent = rules.length ? String(rules.length) : "";
    const rows = rules.map((r) => h("tr", { "data-id": r.id, onclick: () => drawer("Fault rule " + r.id,
      Object.entries(r).map(([k, v]) => [k, v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v)])) },
      h("td", { class: "mono" }, r.id),
      h("td", null, r.service + (r.account ? ` · ${r.account}` : "") + (r.region ? ` · ${r.region}` : "")),
      h("td", null, r.operation ?? h("span", { class: "null" }, "every operation")),
      h("td", null, r.error ? [h("span", { class: "errtype" }, r.error.type), r.error.status ? ` (${r.error.status})` : ""]
        : r.outcome ? [badge("outcome", "fault"), " " + r.outcome.kind + ": " +
          [r.outcome.status, r.outcome.errorCode].filter(Boolean).join(" ")]
        : h("span", { class: "null" }, "none")),
      h("td", null, r.count !== null ? `next ${r.count} calls, ${r.remaining} left`
        : r.probability !== undefined ? `with probability ${r.probability}` : "every call"),
      h("td", { class: "num" }, r.latencyMs ? r.latencyMs + " ms" : ""),
      h("td", { class: "num" }, String(r.fired)),
      h("td", null, h("button", { type: "button", class: "small", onclick: async (ev) => {
        ev.stopPropagation();
        try { await api("DELETE", "/_junction/faults/" + encodeURIComponent(r.id)); await loadFaults(); } catch (e) { failed(e); }
      } }, "Remove"))));
    if (!rows.length) rows.push(h("tr", null, h("td", { colspan: 8, class: "null" }, "No fault rules: every call runs normally.")));
    $("faults").tBodies[0].replaceChildren(...rows);
  }
  $("faults-clear").addEventListener("click", async () => {
    try {
      const r = await api("DELETE", "/_junction/faults");
      toast(`${r.deleted} fault rules removed.`);
      await loadFaults();
    } catch (e) { failed(e); }
  });

  // --- reset and download ---------------------------------------------------------------------
  $("reset").addEventListener("click", async () => {
    if (!confirm("Reset Junction? This deletes all state in every account and region, empties the request journal and removes every fault rule.")) return;
    try {
      const r = await api("POST", "/_junction/reset");
      toast(`Reset: ${r.rows} rows deleted.`);
      $("drawer").hidden = true;
      await refreshAll();
    } catch (e) { failed(e); }
  });
  $("download").addEventListener("click", async () => {
    const p = new URLSearchParams();
    for (const id of ["account", "region", "service"]) if ($(id).value) p.set(id, $(id).value);
    try {
      const text = await api("GET", "/_junction/state" + (String(p) ? "?" + p : ""), undefined, true);
      const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
        download: `junction-state-${new Date().toISOString().replace(/[:.]/g, "-")}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) { failed(e); }
  });

  // --- tabs and the polling loop --------------------------------------------------------------
  function currentTab() {
    const t = location.hash.slice(1);
    return ["resources", "requests", "faults"].includes(t) ? t : "resources";
  }
  function showTab() {
    const tab = currentTab();
    for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.dataset.tab === tab);
    for (const s of document.querySelectorAll("main > .tab")) s.hidden = s.id !== "tab-" + tab;
    tick(true);
  }
  window.addEventListener("hashchange", showTab);

  let ticks = 0, busy = false;
  async function tick(force) {
    if (busy || $("token-dialog").open) return;
    busy = true;
    try {
      const tab = currentTab();
      await pollJournal(force === true);
      if (tab === "resources" && (stateDirty || force === true || ++stateAge >= 5)) await loadState();
      else if (tab === "resources" && Date.now() / 1000 >= nextSettle) renderResources();
      if (tab === "faults" || force === true || ticks % 5 === 0) await loadFaults();
      setStatus("live", "live");
    } catch (e) {
      failed(e);
    } finally {
      busy = false;
      ticks++;
    }
  }
  async function refreshAll() {
    stateDirty = true;
    lastSeq = 0;
    await tick(true);
  }

  async function start() {
    try {
      health = await (await fetch("/_junction/health", { cache: "no-store" })).json();
    } catch (e) {
      return failed(e);
    }
    $("version").textContent = "v" + health.version;
    const names = Object.keys(health.services);
    const titled = (n) => option(n, (SERVICES.find((s) => s.name === n) || { title: n }).title);
    for (const sel of [$("service"), $("req-service")]) sel.append(...names.map(titled));
    form.service.replaceChildren(...names.map(titled));
    fillOperations();
    showTrigger();
    if (health.controlPlane.tokenRequired) {
      $("token-change").hidden = false;
      if (!sessionStorage.getItem(TOKEN_KEY)) askToken("");
    }
    showTab();
    setInterval(tick, POLL_MS);
  }
  start();
})();
