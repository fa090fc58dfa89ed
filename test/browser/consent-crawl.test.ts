// A privacy scan that crawls: `scan URL --consent reject --depth 1` in real Chromium on the News
// Consent Herald. Every new visitor (a lane's browser context, or each page with --session fresh)
// answers the banner on its first page, which is then loaded again; the article is found by the
// crawl, and the vendor that ignores "reject" is reported on every page loaded after the answer.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { type FindingCode, isFindingOf, type Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import type { CompareReport } from "../../src/signals/compare.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const HOME = "https://www.news-consent.example/";
const ARTICLE = "https://www.news-consent.example/article.html";

let server: FixtureServer;
let shared: { code: number; report: Report; stderr: string };
let fresh: { code: number; report: Report; stderr: string };
let compare: { code: number; report: CompareReport; stderr: string };

async function run<T>(args: string[]): Promise<{ code: number; report: T; stderr: string }> {
  const { code, stdout, stderr } = await runCliInProcess([
    ...args,
    "--format",
    "json",
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "300",
    "--timeout",
    "15000",
  ]);
  return { code, report: JSON.parse(stdout) as T, stderr };
}

const scan = (args: string[]) =>
  run<Report>(["scan", HOME, "--consent", "reject", "--depth", "1", ...args]);

beforeAll(async () => {
  server = await startFixtureServer();
  shared = await scan(["--concurrency", "2"]);
  fresh = await scan(["--concurrency", "1", "--session", "fresh"]);
  compare = await run<CompareReport>([
    "compare",
    HOME,
    "--modes",
    "none,reject",
    "--depth",
    "1",
    "--concurrency",
    "1",
  ]);
}, 180_000);
afterAll(() => server?.close());

const roles = (r: Report) =>
  r.scan.pages.map((p) => {
    const page = p as { url: string; outcome: string };
    return `${page.outcome} ${page.url}`;
  });

const findingsOf = <C extends FindingCode>(r: Report, code: C) =>
  r.findings.filter(isFindingOf(code));

describe("scan --consent reject with the crawl", () => {
  it("crawls: the article is found, every page loads, the answer was given and read back", () => {
    // No allowlist: nothing is rogue, so the privacy findings alone do not fail the scan.
    expect(shared.code, shared.stderr).toBe(0);
    const pages = shared.report.scan.pages as Array<{ url: string; outcome: string }>;
    expect(
      pages.every((p) => p.outcome === "ok"),
      roles(shared.report).join("\n"),
    ).toBe(true);
    expect(new Set(pages.map((p) => p.url))).toEqual(new Set([HOME, ARTICLE]));
    const consent = shared.report.scan.privacy?.consent;
    expect(consent).toMatchObject({
      action: "reject",
      cmp: "Cybotcookiebot",
      choiceMade: true,
      stateReadBack: true,
      bannerShownAgain: [],
    });
    // Each page the crawl visited was also seen after an answer, in the answering visitor's context.
    expect([...(consent?.afterPages ?? [])].sort()).toEqual([ARTICLE, HOME].sort());
    expect(shared.report.scan.options).toMatchObject({
      consent: "reject",
      depth: 1,
      concurrency: 2,
    });
  });

  it("validates against schema/report.schema.json, each page with its consent role", () => {
    const schema = JSON.parse(
      readFileSync(path.join(PACKAGE_ROOT, "schema/report.schema.json"), "utf8"),
    ) as Record<string, unknown>;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile(schema);
    for (const r of [shared.report, fresh.report])
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    const roles = shared.report.scan.pages.map((p) => p.consent?.role);
    expect(roles.filter((r) => r === "choice").length).toBeGreaterThanOrEqual(1);
    expect(roles.filter((r) => r === "after").length).toBe(2);
  });

  it("reports the vendor that ignores reject on the pages after the answer, not the gated one", () => {
    const ignored = findingsOf(shared.report, "ignores-reject");
    expect(ignored.map((f) => f.party).sort()).toEqual([
      "polite-metrics.example",
      "pushy-ads.example",
    ]);
    const pushy = ignored.find((f) => f.party === "pushy-ads.example");
    expect([...(pushy?.evidence.pages ?? [])].sort()).toEqual([ARTICLE, HOME].sort());
    expect(shared.report.parties.map((p) => p.domain)).not.toContain("fair-ads.example");
    // Before consent means before each visitor's click, on the page where it answered.
    for (const f of findingsOf(shared.report, "tracks-before-consent"))
      expect(f.evidence.window, f.party).toBe("before-click");
  });

  it("--session fresh: every page is a new visitor who answers first, then sees the page again", () => {
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(roles(fresh.report)).toEqual([
      `ok ${HOME}`,
      `ok ${HOME}`,
      `ok ${ARTICLE}`,
      `ok ${ARTICLE}`,
    ]);
    const consent = fresh.report.scan.privacy?.consent;
    expect(consent?.choiceMade).toBe(true);
    expect(consent?.afterPages).toEqual([HOME, ARTICLE]);
    const pushy = findingsOf(fresh.report, "ignores-reject").find(
      (f) => f.party === "pushy-ads.example",
    );
    expect(pushy?.evidence.pages).toEqual([HOME, ARTICLE]);
    // Each fresh visitor's page before its click: both choice pages.
    const before = findingsOf(fresh.report, "tracks-before-consent").find(
      (f) => f.party === "pushy-ads.example",
    );
    expect(before?.evidence.pages).toEqual([HOME, ARTICLE]);
  });
});

describe("compare with the crawl flags", () => {
  it("crawls in the first mode, then visits exactly those pages in every other mode", () => {
    expect(compare.code, compare.stderr).toBe(1);
    const urls = (i: number) => compare.report.modes[i]?.pages.map((p) => p.url) ?? [];
    expect(urls(0)).toEqual([HOME, ARTICLE]);
    // reject: the visitor answers on the front page, then sees both pages after the answer.
    expect(urls(1)).toEqual([HOME, HOME, ARTICLE]);
    expect(compare.report.modes[1]?.privacy?.consent).toMatchObject({
      choiceMade: true,
      afterPages: [HOME, ARTICLE],
    });
    const pushy = compare.report.findings.find(
      (f) => f.code === "ignores-reject" && f.party === "pushy-ads.example",
    );
    expect(pushy?.modes).toEqual(["reject"]);
  });
});
