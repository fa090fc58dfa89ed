// A consent manager that loses the visitor's choice (its cookie is scoped to the front page): the
// banner comes back on the next page, which the visit records and warns about. One browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { PrivacyVisitor } from "../../src/consent/privacy-visitor.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { crawl } from "./crawl-helpers.js";

const HOME = "https://www.forgetful-consent.example/index.html";
const ARTICLE = "https://www.forgetful-consent.example/article.html";

let server: FixtureServer;
let capture: Capture;

beforeAll(async () => {
  server = await startFixtureServer();
  // One visitor, page after page: as `scan HOME ARTICLE --consent reject --concurrency 1`.
  capture = await crawl(server, {
    startUrls: [HOME, ARTICLE],
    concurrency: 1,
    visitor: new PrivacyVisitor({ dnt: false, gpc: false, consent: "reject", optOutCookies: [] }),
    dwellMs: 300,
  });
}, 60_000);
afterAll(() => server?.close());

describe("a consent manager that forgets the choice", () => {
  it("rejects on the front page, the banner shows again on the article", () => {
    // The front page twice (where the visitor answers, then after the answer), then the article.
    expect(capture.pages.map((p) => [p.url, p.privacy?.consent?.role])).toEqual([
      [HOME, "choice"],
      [HOME, "after"],
      [ARTICLE, "after"],
    ]);
    const [choice, home, after] = capture.pages;
    expect(choice?.privacy?.consent).toMatchObject({
      role: "choice",
      popupFound: true,
      actionResult: true,
      selfTest: true,
    });
    // The choice cookie is scoped to the front page: it holds there and is lost on the article.
    expect(home?.privacy?.consent).toMatchObject({ role: "after", popupFound: false });
    expect(after?.privacy?.consent).toMatchObject({ role: "after", popupFound: true });
    expect(capture.warnings).toContain(
      `${ARTICLE}: the consent banner showed again after the choice`,
    );
  });

  it("the report names the page where the banner came back; the gated vendor never loaded", () => {
    const report = buildReport(capture, {});
    expect(report.scan.privacy?.consent).toMatchObject({
      choiceMade: true,
      stateReadBack: true,
      afterPages: [HOME, ARTICLE],
      bannerShownAgain: [ARTICLE],
    });
    expect(report.parties.map((p) => p.domain)).not.toContain("fair-ads.example");
    expect(report.findings.filter((f) => f.code === "ignores-reject")).toEqual([]);
  });
});
