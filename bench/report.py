#!/usr/bin/env python3
"""Turns the benchmark's measurements (JSON lines written by bench/run.sh) into the results
table, checks the targets, prints it all and writes bench/RESULTS.md."""
import argparse
import datetime
import json
import sys

WORKLOADS = [
    ("ping", "GET /_junction/ping (ceiling)", "ceiling"),
    ("sso-list", "SSO Admin ListAccountAssignments", "read"),
    ("sso-cycle", "SSO Admin Create+DeleteAccountAssignment", "write"),
    ("finspace-cycle", "FinSpace associate+disassociate", "write"),
    ("appstream-batch", "AppStream batch associate+disassociate (25)", "write"),
    ("lmus-cycle", "LMUS AssociateUser+DisassociateUser", "write"),
]
SERVERS = [("junction-ephemeral", "Junction in memory"), ("junction-file", "Junction file DB"),
           ("moto", "moto_server")]
TARGETS = {"read": 0.60, "write": 0.30, "moto": 100.0, "p99_us": 2000.0, "startup_ms": 50.0,
           "idle_rss_mb": 15.0, "list_ratio": 2.0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--command", default="bench/run.sh")
    parser.add_argument("--output")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--date", help="when the measurements were taken (default: now)")
    args = parser.parse_args()

    runs, idle, scaling, startup, machine = {}, {}, {}, {}, {}
    errors = []
    with open(args.results) as f:
        for line in f:
            d = json.loads(line)
            kind = d.get("kind")
            if kind is None:
                runs[(d["server"], d["workload"], d["connections"])] = d
                if d["errors"]:
                    errors.append("%s %s c=%d: %d errors, first: %s" % (
                        d["server"], d["workload"], d["connections"], d["errors"],
                        d["first_error"]))
            elif kind == "idle_rss":
                idle[d["server"]] = d["rss_kb"]
            elif kind == "list_scaling":
                scaling[d["server"]] = d
            elif kind == "startup":
                startup[d["server"]] = d
            else:
                machine.update(d)

    connections = sorted({c for (_, _, c) in runs})
    servers = [(s, label) for s, label in SERVERS if any(k[0] == s for k in runs)]
    out = []
    w = out.append

    def cell(server, workload, c):
        r = runs.get((server, workload, c))
        if not r:
            return ["", "", ""]
        return ["%.0f" % r["rps"], "%.0f" % r["p50_us"], "%.0f" % r["p99_us"]]

    header = ["workload", "conns"]
    for s, label in servers:
        header += ["%s req/s" % label, "p50 µs", "p99 µs"]
        if s != "moto":
            header += ["% of ceiling"]
    junction_servers = [s for s, _ in servers if s != "moto"]
    if "moto" in dict(servers):
        header += ["× moto (%s)" % ", ".join(dict(SERVERS)[s].replace("Junction ", "")
                                             for s in junction_servers)]
    w("| " + " | ".join(header) + " |")
    w("|" + "---|" * len(header))
    for workload, label, _ in WORKLOADS:
        for c in connections:
            if not any((s, workload, c) in runs for s, _ in servers):
                continue
            row = [label, str(c)]
            for s, _ in servers:
                row += cell(s, workload, c)
                if s != "moto":
                    r, ceil = runs.get((s, workload, c)), runs.get((s, "ping", c))
                    row.append("%.0f%%" % (100 * r["rps"] / ceil["rps"]) if r and ceil else "")
            if "moto" in dict(servers):
                m = runs.get(("moto", workload, c))
                row.append(" / ".join("%.0f×" % (runs[(s, workload, c)]["rps"] / m["rps"])
                                      for s in junction_servers if (s, workload, c) in runs)
                           if m and m["rps"] > 0 else "")
            w("| " + " | ".join(row) + " |")
    table = "\n".join(out)

    # Footprint and scaling.
    fp = ["| measure | " + " | ".join(label for s, label in servers) + " |",
          "|---|" + "---|" * len(servers)]

    def fp_row(name, fn):
        fp.append("| %s | %s |" % (name, " | ".join(fn(s) for s, _ in servers)))

    fp_row("start-up to first healthy response (median of %s)" %
           next((str(d["runs"]) for d in startup.values()), "10"),
           lambda s: "%.1f ms" % startup[s]["median_ms"] if s in startup else "")
    fp_row("idle RSS", lambda s: "%.1f MB" % (idle[s] / 1024) if s in idle else "")
    count = next((d["count"] for d in scaling.values()), 0)
    fp_row("import of %d account assignments (POST /_junction/state)" % count,
           lambda s: "%.2f s" % scaling[s]["import"]["seconds"] if s in scaling else "")
    fp_row("RSS with %d assignments" % count,
           lambda s: "%.1f MB" % (scaling[s]["rss_kb"] / 1024) if s in scaling else "")
    fp_row("database size with %d assignments" % count,
           lambda s: "%.1f MB" % (scaling[s]["db_bytes"] / 1e6)
           if s in scaling and scaling[s]["db_bytes"] else "")

    def list_cell(s, which, c, key):
        if s not in scaling:
            return ""
        r = next((x for x in scaling[s][which] if x["connections"] == c), None)
        return "%.0f" % r[key] if r else ""

    for c in connections:
        for key, name in (("p50_us", "p50"), ("p99_us", "p99"), ("rps", "req/s")):
            fp_row("ListAccountAssignments %s, c=%d: empty → %d stored" % (name, c, count),
                   lambda s: "%s → %s %s" % (list_cell(s, "empty", c, key),
                                             list_cell(s, "loaded", c, key),
                                             "µs" if key != "rps" else "")
                   if s in scaling else "")
    for workload in ("sso-list", "sso-cycle"):
        for c in connections:
            quiet = runs.get(("junction-ephemeral-warn", workload, c))
            loud = runs.get(("junction-ephemeral", workload, c))
            if quiet and loud:
                fp.append("| %s c=%d in memory: req/s at log level info (default) → warn | %s |"
                          % (dict((w, l) for w, l, _ in WORKLOADS)[workload], c,
                             " | ".join(("%.0f → %.0f (%+.0f%%)" % (
                                 loud["rps"], quiet["rps"], 100 * (quiet["rps"] / loud["rps"] - 1)))
                                 if s == "junction-ephemeral" else "" for s, _ in servers)))
    footprint = "\n".join(fp)

    # Targets (at the highest connection count).
    top = max(connections) if connections else 0
    checks = []

    def check(name, ok, detail):
        checks.append("| %s | %s | %s |" % (name, "met" if ok else "**not met**", detail))

    for s in junction_servers:
        label = dict(SERVERS)[s]
        ceil = runs.get((s, "ping", top))
        for workload, wl_label, kind in WORKLOADS:
            r = runs.get((s, workload, top))
            if not r or not ceil or kind == "ceiling":
                continue
            share = r["rps"] / ceil["rps"]
            goal = TARGETS[kind]
            check("%s: %s ≥ %.0f%% of ceiling (c=%d)" % (label, wl_label, goal * 100, top),
                  share >= goal, "%.0f%%" % (share * 100))
        for workload, wl_label, kind in WORKLOADS:
            r = runs.get((s, workload, top))
            if r and kind != "ceiling":
                check("%s: %s p99 ≤ 2 ms (c=%d)" % (label, wl_label, top),
                      r["p99_us"] <= TARGETS["p99_us"], "%.2f ms" % (r["p99_us"] / 1000))
        for workload, wl_label, kind in WORKLOADS:
            r, m = runs.get((s, workload, top)), runs.get(("moto", workload, top))
            if r and m and m["rps"] > 0:
                ratio = r["rps"] / m["rps"]
                check("%s: %s ≥ 100× moto (c=%d)" % (label, wl_label, top),
                      ratio >= TARGETS["moto"], "%.0f×" % ratio)
        if s in startup:
            check("%s: start-up ≤ 50 ms" % label, startup[s]["median_ms"] <= TARGETS["startup_ms"],
                  "%.1f ms" % startup[s]["median_ms"])
        if s in idle:
            check("%s: idle RSS ≤ 15 MB" % label, idle[s] / 1024 <= TARGETS["idle_rss_mb"],
                  "%.1f MB" % (idle[s] / 1024))
        if s in scaling:
            for c in connections:
                e = next(x for x in scaling[s]["empty"] if x["connections"] == c)
                l = next(x for x in scaling[s]["loaded"] if x["connections"] == c)
                ratio = l["p50_us"] / e["p50_us"] if e["p50_us"] else 0
                check("%s: list p50 with %d stored ≤ 2× empty (c=%d)" % (label, count, c),
                      ratio <= TARGETS["list_ratio"], "%.2f×" % ratio)
    targets = "\n".join(["| target | status | measured |", "|---|---|---|"] + checks)

    now = args.date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    doc = []
    doc.append("# Benchmark results\n")
    doc.append("Date: %s  \nCommand: `%s`  \nMachine: %s CPU(s), %s  \nLoad before: `%s`  \n"
               "Load after: `%s`\n" % (now, args.command, machine.get("nproc", "?"),
                                       machine.get("cpu", "?"),
                                       machine.get("uptime_before", "").strip(),
                                       machine.get("uptime_after", "").strip()))
    doc.append("Load generator, Junction and moto_server share the same machine. Throughput is "
               "HTTP requests per second (a cycle is two requests; an AppStream batch request "
               "carries 25 entries); every response's status was checked. Junction runs with its "
               "default flags (log level info: one request line per call to stderr, here a "
               "file). Each Junction row is the median-throughput window of three (see "
               "RESULTS.jsonl for all). A load average above zero before the run means other "
               "processes were competing for the cores: on a shared machine, runs differ by up "
               "to about 30%, which is also the size of the log-level comparison below. "
               "bench/README.md explains the workloads and where the time goes.\n")
    steals = [(r.get("steal_pct"), s, w, c) for (s, w, c), r in runs.items()
              if r.get("steal_pct") is not None]
    if steals:
        worst = max(steals)
        doc.append("CPU time taken by the hypervisor for other guests (steal) while the workloads "
                   "ran: %.1f%% on average, at most %.1f%% (%s, %s, %d connections). Numbers taken "
                   "under steal are low by about that share; RESULTS.jsonl has it per workload.\n"
                   % (sum(x[0] for x in steals) / len(steals), worst[0], worst[1], worst[2],
                      worst[3]))
    doc.append(table + "\n")
    doc.append(footprint + "\n")
    if not args.smoke:  # a smoke run is too short for its numbers to mean anything
        doc.append("## Targets\n")
        doc.append(targets + "\n")
    if errors:
        doc.append("## Errors\n")
        doc.extend("- " + e for e in errors)
        doc.append("")
    text = "\n".join(doc)
    print(text)
    if args.output and not args.smoke:
        with open(args.output, "w") as f:
            f.write(text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
