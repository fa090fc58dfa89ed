// `skimscan compare` in real Chromium on the News Consent Herald (a Cookiebot-compatible banner that
// autoconsent recognises, one ad vendor gated by the banner, one that ignores it, one analytics
// vendor that honours DNT/GPC): each mode a fresh visitor, every finding asserted per mode.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { type Finding, isFindingOf, type Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { type CompareReport, PRIVACY_CODES } from "../../src/signals/compare.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const HOME = "https://www.news-consent.example/";
const ARTICLE = "https://www.news-consent.example/article.html";
const MODES = ["none", "reject", "accept", "dnt", "gpc", "reject+gpc"];

let server: FixtureServer;
let tmp: string;
let code: number;
let compare: CompareReport;
let stderr = "";
const reports: Record<string, Report> = {};

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), "skimscan-compare-"));
  const run = await runCliInProcess([
    "compare",
    HOME,
    ARTICLE,
    "--modes",
    MODES.join(","),
    "--format",
    "json",
    "--reports-dir",
    tmp,
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "300",
    "--timeout",
    "15000",
  ]);
  code = run.code;
  stderr = run.stderr;
  compare = JSON.parse(run.stdout) as CompareReport;
  for (const m of MODES)
    reports[m] = JSON.parse(readFileSync(path.join(tmp, `${m}.json`), "utf8")) as Report;
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const codesFor = (mode: string, party: string): string[] =>
  (reports[mode]?.findings ?? [])
    .filter(
      (f: Finding) => f.party === party && (PRIVACY_CODES as readonly string[]).includes(f.code),
    )
    .map((f) => f.code)
    .sort();

describe("skimscan compare across consent and signal modes", () => {
  it("exits 1 (privacy findings), versioned, one entry per mode in the given order", () => {
    expect(code, stderr).toBe(1);
    expect(compare.compareVersion).toBe(1);
    expect(compare.modes.map((m) => m.name)).toEqual(MODES);
    for (const m of compare.modes) expect(m.pages.every((p) => p.outcome === "ok")).toBe(true);
  });

  it("validates against schema/compare.schema.json", () => {
    const schema = JSON.parse(
      readFileSync(path.join(PACKAGE_ROOT, "schema/compare.schema.json"), "utf8"),
    ) as Record<string, unknown>;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(compare), JSON.stringify(validate.errors)).toBe(true);
  });

  it("handles the banner: reject and accept are made on the first page, state read back on reject", () => {
    const reject = compare.modes.find((m) => m.name === "reject")?.privacy?.consent;
    expect(reject).toMatchObject({
      action: "reject",
      cmp: "Cybotcookiebot",
      choicePage: HOME,
      choiceMade: true,
      stateReadBack: true,
      // The front page is loaded again after the answer, then the article.
      afterPages: [HOME, ARTICLE],
      bannerShownAgain: [],
    });
    const accept = compare.modes.find((m) => m.name === "accept")?.privacy?.consent;
    expect(accept).toMatchObject({
      action: "accept",
      choiceMade: true,
      afterPages: [HOME, ARTICLE],
    });
    const none = compare.modes.find((m) => m.name === "none")?.privacy?.consent;
    expect(none).toMatchObject({ action: "none", cmp: "Cybotcookiebot", choiceMade: false });
  });

  it("proves the signals were sent: every request carried them in their modes, none in others", () => {
    for (const m of compare.modes) {
      const p = m.privacy;
      expect(p, m.name).not.toBeNull();
      if (!p) continue;
      expect(p.requests).toBeGreaterThan(5);
      expect(p.gpcRequests).toBe(m.signals.includes("gpc") ? p.requests : 0);
      expect(p.dntRequests).toBe(m.signals.includes("dnt") ? p.requests : 0);
      const nav = p.navigator;
      expect(nav.length).toBe(1);
      // Without the feature Chromium has no such property at all (null), not false.
      expect(nav[0]?.globalPrivacyControl).toBe(m.signals.includes("gpc") ? true : null);
      expect(nav[0]?.doNotTrack).toBe(m.signals.includes("dnt") ? "1" : null);
    }
  });

  it("shows per party in which modes it appeared", () => {
    const modesOf = (domain: string) => compare.parties.find((p) => p.domain === domain)?.modes;
    // The CMP and the ad tag pasted in directly load for every visitor.
    expect(modesOf("consentbot.example")).toEqual(MODES);
    expect(modesOf("pushy-ads.example")).toEqual(MODES);
    // The gated ad tag only after "accept".
    expect(modesOf("fair-ads.example")).toEqual(["accept"]);
    // The polite analytics script loads in every mode, but only counts visitors without a signal.
    const polite = compare.parties.find((p) => p.domain === "polite-metrics.example");
    expect(polite?.modes).toEqual(MODES);
    for (const m of ["none", "reject", "accept"]) {
      expect(polite?.byMode[m]?.tracking, m).toBeGreaterThan(0);
      expect(polite?.byMode[m]?.cookies, m).toBe(1);
    }
    // One script request per page: two pages, three with a consent answer (the front page twice).
    for (const [m, requests] of [
      ["dnt", 2],
      ["gpc", 2],
      ["reject+gpc", 3],
    ] as const) {
      expect(polite?.byMode[m], m).toMatchObject({ requests, tracking: 0, cookies: 0 });
    }
    const fair = compare.parties.find((p) => p.domain === "fair-ads.example");
    expect(fair?.byMode.accept?.tracking).toBeGreaterThanOrEqual(2);
  });

  it("shows per cookie in which modes it appeared", () => {
    const modesOf = (name: string) => compare.cookies.find((c) => c.name === name)?.modes;
    expect(modesOf("pa_uid")).toEqual(MODES);
    expect(modesOf("fa_uid")).toEqual(["accept"]);
    expect(modesOf("pm_id")).toEqual(["none", "reject", "accept"]);
    // The CMP's own record of the choice exists only where a choice was made.
    expect(modesOf("CookieConsent")).toEqual(["reject", "accept", "reject+gpc"]);
  });

  it("none: both unconditional vendors track before any consent; nothing is judged as ignored", () => {
    expect(codesFor("none", "pushy-ads.example")).toEqual(["tracks-before-consent"]);
    expect(codesFor("none", "polite-metrics.example")).toEqual(["tracks-before-consent"]);
    expect(codesFor("none", "fair-ads.example")).toEqual([]);
    const f = reports.none?.findings.find((x) => x.code === "tracks-before-consent");
    expect(f?.evidence).toMatchObject({ action: "none", window: "no-interaction" });
  });

  it("reject: the vendor that ignores the banner is reported with its cookie, the gated one is not", () => {
    expect(codesFor("reject", "pushy-ads.example")).toEqual([
      "ignores-reject",
      "tracks-before-consent",
    ]);
    // Polite Metrics honours signals, not the banner: it too tracks after "reject".
    expect(codesFor("reject", "polite-metrics.example")).toEqual([
      "ignores-reject",
      "tracks-before-consent",
    ]);
    expect(codesFor("reject", "fair-ads.example")).toEqual([]);
    const f = reports.reject?.findings
      .filter(isFindingOf("ignores-reject"))
      .find((x) => x.party === "pushy-ads.example");
    expect(f?.severity).toBe("high");
    expect(f?.evidence).toMatchObject({
      rejectedStateReadBack: true,
      choicePage: HOME,
      afterPages: [HOME, ARTICLE],
      pages: [HOME, ARTICLE],
    });
    const cookies = f?.evidence.cookies ?? [];
    // Set again on the first page loaded after the answer (each cookie is shown once).
    expect(cookies.map((c) => `${c.name}@${c.page}`)).toEqual([`pa_uid@${HOME}`]);
    // Before the click only: the tracks-before-consent window ends at the click on the first page.
    const before = reports.reject?.findings
      .filter(isFindingOf("tracks-before-consent"))
      .find((x) => x.party === "pushy-ads.example");
    expect(before?.evidence).toMatchObject({ window: "before-click", choicePage: HOME });
    expect(before?.evidence.pages).toEqual([HOME]);
  });

  it("accept: no ignores-reject, the gated vendor loads after the click and is not 'before consent'", () => {
    for (const p of ["pushy-ads.example", "polite-metrics.example", "fair-ads.example"])
      expect(codesFor("accept", p)).not.toContain("ignores-reject");
    expect(codesFor("accept", "fair-ads.example")).toEqual([]);
    expect(codesFor("accept", "pushy-ads.example")).toEqual(["tracks-before-consent"]);
  });

  it("dnt / gpc: the vendor that keeps setting its id is reported with the proof, the polite one is not", () => {
    expect(codesFor("gpc", "pushy-ads.example")).toEqual(["ignores-gpc"]);
    expect(codesFor("dnt", "pushy-ads.example")).toEqual(["ignores-dnt"]);
    expect(codesFor("gpc", "polite-metrics.example")).toEqual([]);
    expect(codesFor("dnt", "polite-metrics.example")).toEqual([]);
    const f = reports.gpc?.findings.find((x) => x.code === "ignores-gpc");
    expect(f?.evidence).toMatchObject({ signal: "gpc", header: "Sec-GPC: 1" });
    expect(f?.evidence.requestsWithSignal).toBe(f?.evidence.requests);
    expect(f?.evidence.navigatorValues).toEqual(["true"]);
  });

  it("reject+gpc combines both: ignores-reject and ignores-gpc for the pushy vendor", () => {
    expect(codesFor("reject+gpc", "pushy-ads.example")).toEqual([
      "ignores-gpc",
      "ignores-reject",
      "tracks-before-consent",
    ]);
    expect(codesFor("reject+gpc", "polite-metrics.example")).toEqual([]);
  });

  it("lists each privacy finding with the modes it appeared in", () => {
    const modesOf = (code: string, party: string) =>
      compare.findings.find((f) => f.code === code && f.party === party)?.modes;
    expect(modesOf("ignores-reject", "pushy-ads.example")).toEqual(["reject", "reject+gpc"]);
    expect(modesOf("ignores-gpc", "pushy-ads.example")).toEqual(["gpc", "reject+gpc"]);
    expect(modesOf("ignores-dnt", "pushy-ads.example")).toEqual(["dnt"]);
    expect(modesOf("tracks-before-consent", "polite-metrics.example")).toEqual([
      "none",
      "reject",
      "accept",
    ]);
  });

  it("the polite vendor's collector never heard from a visitor who sent a signal", () => {
    // Visits run in mode order; requests to the collector all belong to the first three modes.
    const hits = server.received.filter((r) => r.host.startsWith("collect.polite-metrics.example"));
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.headers["sec-gpc"]).toBeUndefined();
      expect(h.headers.dnt).toBeUndefined();
    }
  });
});
