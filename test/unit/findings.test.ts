// Findings as data: rogue-party, expired-approval, stable ids, the registry's order.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { findingId } from "../../src/analyze/checks/fingerprint.js";
import { CHECKS, defineCheck, runChecks } from "../../src/analyze/checks/index.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { isFindingOf } from "../../src/model/report.js";
import { reportSchemaErrors } from "../helpers/report-schema.js";
import {
  byScript,
  makeCapture,
  makePage,
  makeRequest,
  parser,
  stack,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/";
const TAG = "https://tags.tagpilot.example/tag.js";
const img = { resourceType: "Image", image: { width: 1, height: 1 } };

function capture(startedAt = "2026-07-01T08:00:00.000Z", shift = 0): Capture {
  const page = makePage(PAGE);
  page.requests.push(
    makeRequest("tag", TAG, { initiator: parser(PAGE), startedMs: 100 + shift }),
    makeRequest("c", "https://cdn.vendor.example/c.js", {
      initiator: byScript(stack(TAG)),
      startedMs: 200 + shift,
    }),
    makeRequest("px", "https://px.rogue.example/p.gif", {
      ...img,
      initiator: byScript(stack("https://cdn.vendor.example/c.js")),
      startedMs: 300 + shift,
    }),
    makeRequest("m", "https://cdn.metricsly.example/m.js", {
      initiator: byScript(stack(TAG)),
      startedMs: 400 + shift,
    }),
  );
  return makeCapture([page], { startedAt });
}

const allowlist = parseAllowlist(
  `authorized:
  - tagpilot.example
  - vendor.example
  - domain: metricsly.example
    expires: 2026-06-30
    note: PRIV-12
`,
  "a.yaml",
).allowlist;

describe("rogue-party", () => {
  const report = buildReport(capture(), { allowlist });
  const f = report.findings.find((x) => x.code === "rogue-party" && x.party === "rogue.example");
  it("names the authorized tag that brought the rogue pixel in", () => {
    expect(f).toMatchObject({
      severity: "high",
      page: PAGE,
      evidence: {
        hosts: ["px.rogue.example"],
        pages: [PAGE],
        loadedBy: [PAGE, TAG, "https://cdn.vendor.example/c.js", "https://px.rogue.example/p.gif"],
        rule: "no authorized entry",
      },
    });
  });
  it("names the denying entry when one decided", () => {
    const denied = parseAllowlist(
      "authorized:\n  - tagpilot.example\ndenied:\n  - rogue.example\n",
      "d.yaml",
    ).allowlist;
    const r = buildReport(capture(), { allowlist: denied });
    const rogue = r.findings
      .filter(isFindingOf("rogue-party"))
      .find((x) => x.party === "rogue.example");
    expect(rogue?.evidence.rule).toBe("denied:domain:rogue.example");
  });
});

describe("expired-approval", () => {
  it("reports an entry that expired before the scan day and still had work", () => {
    const report = buildReport(capture("2026-07-01T08:00:00.000Z"), { allowlist });
    expect(reportSchemaErrors(report)).toEqual([]);
    const f = report.findings.find((x) => x.code === "expired-approval");
    expect(f).toMatchObject({
      severity: "low",
      party: "metricsly.example",
      evidence: {
        rule: "domain:metricsly.example",
        expires: "2026-06-30",
        day: "2026-07-01",
        hosts: ["cdn.metricsly.example"],
        note: "PRIV-12",
        line: 4,
      },
    });
    expect(report.parties.find((p) => p.domain === "metricsly.example")?.status).toBe("rogue");
    expect(
      report.warnings.some(
        (w) => w.includes("domain:metricsly.example") && w.includes("2026-06-30"),
      ),
    ).toBe(true);
  });
  it("is silent on the expiry day itself: replaying an old capture keeps its verdicts", () => {
    const report = buildReport(capture("2026-06-30T23:59:00.000Z"), { allowlist });
    expect(report.findings.some((x) => x.code === "expired-approval")).toBe(false);
    expect(report.parties.find((p) => p.domain === "metricsly.example")?.status).toBe("authorized");
  });
});

describe("finding ids", () => {
  it("are stable across runs, times and request timings", () => {
    const a = buildReport(capture("2026-07-01T08:00:00.000Z", 0), { allowlist }).findings;
    const b = buildReport(capture("2026-07-05T23:00:00.000Z", 5000), { allowlist }).findings;
    expect(b.map((f) => f.id)).toEqual(a.map((f) => f.id));
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
  });
  it("depend on code, parties and key, and not on party order", () => {
    const id = findingId("rogue-party", ["rogue.example"], "rogue.example");
    expect(id).toMatch(/^rogue-party:[0-9a-f]{16}$/);
    expect(findingId("rogue-party", ["b.example", "a.example"], "k")).toBe(
      findingId("rogue-party", ["a.example", "b.example"], "k"),
    );
    expect(findingId("rogue-party", ["other.example"], "rogue.example")).not.toBe(id);
    expect(findingId("rogue-cookie", ["rogue.example"], "rogue.example")).not.toBe(id);
  });
  it("sort high before low", () => {
    const sev = buildReport(capture(), { allowlist }).findings.map((f) => f.severity);
    expect(sev).toEqual(
      [...sev].sort(
        (x, y) =>
          ["high", "medium", "low", "info"].indexOf(x) -
          ["high", "medium", "low", "info"].indexOf(y),
      ),
    );
    expect(sev[0]).toBe("high");
    expect(sev[sev.length - 1]).toBe("low");
  });
});

describe("the check registry", () => {
  it("has unique codes, one per check", () => {
    const codes = CHECKS.map((c) => c.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(
      expect.arrayContaining(["rogue-party", "rogue-cookie", "expired-approval"]),
    );
  });
  it("runs a custom check list with ids computed centrally", () => {
    const report = buildReport(capture(), { allowlist });
    const ctx = {
      capture: capture(),
      day: "2026-07-01",
      pages: [],
      requests: [],
      parties: report.parties,
      partyByDomain: new Map(report.parties.map((p) => [p.domain, p])),
      cookies: [],
      reportCookies: [],
      storage: [],
    };
    const evidence = { rule: "domain:x.example", list: "authorized" as const, pagesScanned: 1 };
    const demo = defineCheck({
      meta: {
        code: "stale-allowlist-entry",
        title: "Demo",
        description: "A demo.",
        severity: "info",
      },
      requires: [],
      run: () => [{ severity: "info", key: "k", party: "x.example", evidence }],
    });
    expect(runChecks(ctx, [demo])).toEqual([
      {
        id: findingId("stale-allowlist-entry", ["x.example"], "k"),
        code: "stale-allowlist-entry",
        severity: "info",
        party: "x.example",
        evidence,
      },
    ]);
  });
  it("skips a check whose required input the scan lacks (no allowlist, no --consent, …)", () => {
    const ran: string[] = [];
    const probe = (requires: ("allowlist" | "consent" | "requests")[]) =>
      defineCheck({
        meta: { code: "rogue-party", title: "Probe", description: "A probe.", severity: "info" },
        requires,
        run: () => {
          ran.push(requires.join("+"));
          return [];
        },
      });
    const report = buildReport(capture(), {});
    const scan = {
      capture: capture(),
      day: "2026-07-01",
      pages: [],
      requests: [],
      parties: report.parties,
      partyByDomain: new Map(report.parties.map((p) => [p.domain, p])),
      cookies: [],
      reportCookies: [],
      storage: [],
    };
    runChecks(scan, [probe(["requests"]), probe(["allowlist"]), probe(["consent"])]);
    expect(ran).toEqual(["requests"]);
    runChecks({ ...scan, allowlist }, [probe(["allowlist", "requests"])]);
    expect(ran).toEqual(["requests", "allowlist+requests"]);
  });
  it("gives every check a title, a description and severity rules the README can show", () => {
    for (const { meta } of CHECKS) {
      expect(meta.title.length, meta.code).toBeGreaterThan(5);
      expect(meta.description, meta.code).toMatch(/^[A-Z].{30,}\.$/s);
      for (const r of meta.severityRules ?? []) expect(r.severity).not.toBe(meta.severity);
    }
  });
});
