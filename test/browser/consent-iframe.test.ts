// A consent manager whose banner is a cross-site iframe (Sourcepoint's design, imitated by the
// Harbour Times' "Privacy Manager"): the banner lives in another renderer process, so autoconsent
// must run inside that frame's own target to find and click it. One browser per visit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { PrivacyVisitor } from "../../src/consent/privacy-visitor.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { crawl } from "./crawl-helpers.js";

const HOME = "https://www.harbour-times.example/index.html";
const ARTICLE = "https://www.harbour-times.example/article.html";

let server: FixtureServer;
const visits: Record<"reject" | "accept", Capture | undefined> = {
  reject: undefined,
  accept: undefined,
};

beforeAll(async () => {
  server = await startFixtureServer();
  for (const consent of ["reject", "accept"] as const)
    visits[consent] = await crawl(server, {
      startUrls: [HOME, ARTICLE],
      concurrency: 1,
      visitor: new PrivacyVisitor({ dnt: false, gpc: false, consent, optOutCookies: [] }),
      dwellMs: 300,
    });
}, 90_000);
afterAll(() => server?.close());

describe("a consent banner in a cross-site iframe", () => {
  it("is found and answered inside the frame; the answer holds on the pages after", () => {
    const capture = visits.reject as Capture;
    // The banner really is out of process: its frame is a target of its own.
    const choice = capture.pages[0];
    expect(choice?.targets.some((t) => t.type === "iframe" && t.url.includes("privacy-mgmt"))).toBe(
      true,
    );
    expect(choice?.privacy?.consent).toMatchObject({
      role: "choice",
      cmp: "Sourcepoint-frame",
      popupFound: true,
      actionResult: true,
    });
    expect(capture.pages.slice(1).map((p) => p.privacy?.consent?.popupFound)).toEqual([
      false,
      false,
    ]);
    expect(capture.warnings.filter((w) => /consent banner/.test(w))).toEqual([]);
    // The publisher's page kept the answer the frame posted.
    expect(capture.pages[2]?.jar.find((c) => c.name === "pm_consent")?.value).toBe("reject");
  });

  it("reject: the ungated vendor ignores it, the gated one never loads", () => {
    const report = buildReport(visits.reject as Capture, {});
    expect(report.scan.privacy?.consent).toMatchObject({
      choiceMade: true,
      cmp: "Sourcepoint-frame",
      afterPages: [HOME, ARTICLE],
    });
    expect(report.findings.filter((f) => f.code === "ignores-reject").map((f) => f.party)).toEqual([
      "pushy-ads.example",
    ]);
    expect(report.parties.map((p) => p.domain)).not.toContain("fair-ads.example");
  });

  it("accept: the gated vendor loads after the click, and only then", () => {
    const capture = visits.accept as Capture;
    expect(capture.pages[0]?.privacy?.consent).toMatchObject({
      popupFound: true,
      actionResult: true,
    });
    const fair = (p: Capture["pages"][number] | undefined) =>
      p?.requests.some((r) => r.url.startsWith("https://px.fair-ads.example/")) === true;
    expect(capture.pages.map(fair)).toEqual([true, true, true]);
    const report = buildReport(capture, {});
    expect(
      report.findings.filter((f) => f.party === "fair-ads.example").map((f) => f.code),
    ).not.toContain("tracks-before-consent");
  });
});
