// long-lived-cookie and insecure-third-party-cookie, judged on what the site asked for.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { detectInsecureThirdPartyCookie } from "../../src/analyze/leaks/insecure-third-party-cookie.js";
import { detectLongLivedCookie } from "../../src/analyze/leaks/long-lived-cookie.js";
import { capture, cookie, judged, page, SCAN_MS } from "../fixtures/leaks/build.js";
import { reportSchemaErrors } from "../helpers/report-schema.js";

const DAY = 86_400_000;
const PUB = "https://www.pub.example/";
const inDays = (d: number) => new Date(SCAN_MS + 10 + d * DAY).toISOString();

function cookies() {
  return page(PUB, {
    cookieWrites: [
      cookie("uid", "x", {
        domain: "ads.example",
        url: "https://ads.example/px",
        requestedExpires: inDays(730),
        sameSite: "None",
      }),
      cookie("uid", "y", {
        domain: "ads.example",
        url: "https://ads.example/px",
        requestedExpires: inDays(400),
      }),
      cookie("edge", "x", {
        domain: "ads.example",
        url: "https://ads.example/px",
        requestedExpires: inDays(395.0001),
      }),
      cookie("ok", "x", {
        domain: "ads.example",
        url: "https://ads.example/px",
        requestedExpires: inDays(390),
      }),
      cookie("session", "x", { domain: "ads.example", url: "https://ads.example/px" }),
      cookie("_ga", "x", {
        domain: "pub.example",
        setBy: "script",
        url: PUB,
        script: "https://www.analytics.example/a.js",
        requestedExpires: inDays(730),
        secure: false,
      }),
      cookie("plain", "x", {
        domain: "tracker.example",
        url: "http://tracker.example/p",
        secure: false,
        sameSite: "None",
        blocked: true,
        blockedReasons: ["SameSiteNoneInsecure"],
      }),
      cookie("gone", "", {
        domain: "tracker.example",
        url: "https://tracker.example/p",
        secure: false,
        deletion: true,
      }),
      cookie("lax", "x", {
        domain: "widget.example",
        setBy: "script",
        url: "https://widget.example/w",
        script: "https://widget.example/w.js",
        secure: false,
        sameSite: "Lax",
      }),
    ],
  });
}

describe("long-lived-cookie", () => {
  it("reports third-party cookies asking for more than 395 days, once each, at their longest", () => {
    const drafts = detectLongLivedCookie(judged([cookies()]));
    expect(
      drafts.map((d) => [d.party, d.evidence.name, d.evidence.requestedDays, d.severity]),
    ).toEqual([["ads.example", "uid", 730, "low"]]);
    expect(drafts[0]?.evidence.maxDays).toBe(395);
  });

  it("takes a configured limit", () => {
    const drafts = detectLongLivedCookie(judged([cookies()]), { maxCookieDays: 365 });
    expect(drafts.map((d) => [d.evidence.name, d.evidence.requestedDays])).toEqual([
      ["edge", 395],
      ["ok", 390],
      ["uid", 730],
    ]);
  });
});

describe("insecure-third-party-cookie", () => {
  it("reports cookies without Secure and SameSite=None over plain HTTP, blocked or not", () => {
    const drafts = detectInsecureThirdPartyCookie(judged([cookies()]));
    expect(drafts.map((d) => [d.party, d.evidence.name, d.evidence.reason, d.severity])).toEqual([
      ["widget.example", "lax", "not-secure", "low"],
      ["tracker.example", "plain", "not-secure", "low"],
      ["tracker.example", "plain", "samesite-none-over-http", "medium"],
    ]);
    expect(drafts[1]?.evidence.blocked).toBe(true);
  });
});

describe("cookie-policy findings in a report", () => {
  it("carry evidence of their code's shape in the public schema", () => {
    const report = buildReport(capture([cookies()]), {});
    const codes = new Set(report.findings.map((f) => f.code));
    expect(codes).toEqual(new Set(["long-lived-cookie", "insecure-third-party-cookie"]));
    expect(reportSchemaErrors(report)).toEqual([]);
  });
});
