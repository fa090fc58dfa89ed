// What `skimscan collect` accepts and how it reads it: both report formats, query strings dropped,
// bad bodies refused with a counted reason; the judgement, browser family, summary and rate limit.
import { describe, expect, it } from "vitest";
import { judgeReport, userAgentFamily } from "../../src/collect/judge-report.js";
import {
  type BadReport,
  type IncomingReport,
  MAX_BATCH,
  parseReportBody,
} from "../../src/collect/parse-reports.js";
import { RateLimiter } from "../../src/collect/rate-limit.js";
import { parseSince, summarize } from "../../src/collect/summarize.js";
import { parseAllowlist } from "../../src/config/allowlist.js";

const legacy = JSON.stringify({
  "csp-report": {
    "document-uri": "https://www.site.example/a?user=jane#top",
    "violated-directive": "img-src 'self'",
    "blocked-uri": "https://px.rogue.example/p.gif?uid=42",
    "source-file": "https://cdn.vendor.example/t.js?k=1",
    "status-code": 200,
  },
});
const batch = (n: number) =>
  JSON.stringify(
    Array.from({ length: n }, () => ({
      type: "csp-violation",
      age: 10,
      url: "https://www.site.example/b",
      user_agent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      body: {
        documentURL: "https://www.site.example/b",
        blockedURL: "inline",
        effectiveDirective: "script-src-elem",
        disposition: "report",
      },
    })),
  );
const reason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as BadReport).reason;
  }
  return "accepted";
};

describe("parseReportBody", () => {
  it("reads report-uri bodies, drops queries and fragments unless kept", () => {
    const [r] = parseReportBody("application/csp-report", legacy, { keepQuery: false });
    expect(r).toMatchObject({
      mechanism: "report-uri",
      documentUrl: "https://www.site.example/a",
      blockedUrl: "https://px.rogue.example/p.gif",
      directive: "img-src",
      disposition: "enforce",
      sourceFile: "https://cdn.vendor.example/t.js",
      statusCode: 200,
    });
    const [kept] = parseReportBody("application/csp-report", legacy, { keepQuery: true });
    expect(kept?.blockedUrl).toBe("https://px.rogue.example/p.gif?uid=42");
  });
  it("reads Reporting API batches, skipping other report types", () => {
    const body = JSON.parse(batch(2));
    body.push({ type: "deprecation", body: { id: "x" } });
    const rows = parseReportBody("application/reports+json", JSON.stringify(body), {
      keepQuery: false,
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      mechanism: "reporting-api",
      blockedUrl: "inline",
      disposition: "report",
    });
  });
  it("refuses what no browser sends, with a reason", () => {
    expect(reason(() => parseReportBody("application/csp-report", "{", { keepQuery: false }))).toBe(
      "malformed-json",
    );
    expect(
      reason(() => parseReportBody("application/csp-report", "{}", { keepQuery: false })),
    ).toBe("not-a-report");
    expect(
      reason(() =>
        parseReportBody("application/reports+json", batch(MAX_BATCH + 1), { keepQuery: false }),
      ),
    ).toBe("too-many-reports");
    expect(
      reason(() => parseReportBody("application/reports+json", "[]", { keepQuery: false })),
    ).toBe("no-csp-reports");
    const js = JSON.stringify({
      "csp-report": { "document-uri": "javascript:alert(1)", "effective-directive": "img-src" },
    });
    expect(reason(() => parseReportBody("application/csp-report", js, { keepQuery: false }))).toBe(
      "not-a-report",
    );
  });
});

describe("judgeReport", () => {
  const { allowlist } = parseAllowlist(
    "authorized: [vendor.example]\ndenied: [rogue.example]\n",
    "a.yaml",
  );
  it("judges the blocked host on the reporting page's site", () => {
    const [r] = parseReportBody("application/csp-report", legacy, { keepQuery: false });
    const s = judgeReport(
      r as IncomingReport,
      new Date("2026-12-01T00:00:00Z"),
      allowlist,
      "Mozilla/5.0 Firefox/140.0",
    );
    expect(s).toMatchObject({
      blockedHost: "px.rogue.example",
      party: "rogue.example",
      verdict: "rogue",
      uaFamily: "Firefox",
    });
    const own = judgeReport(
      { ...(r as IncomingReport), blockedUrl: "https://img.site.example/x.png" },
      new Date(),
      allowlist,
      undefined,
    );
    expect(own.verdict).toBe("first-party");
    const none = judgeReport(
      { ...(r as IncomingReport), blockedUrl: "eval" },
      new Date(),
      allowlist,
      undefined,
    );
    expect(none).toMatchObject({ verdict: "none", blockedHost: "", uaFamily: "other" });
  });
  it("names browser families, never the full user agent", () => {
    expect(
      userAgentFamily(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari mobile");
    expect(
      userAgentFamily(
        "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/140 Safari/537.36 Edg/140",
      ),
    ).toBe("Edge");
    expect(userAgentFamily("curl/8")).toBe("other");
  });
});

describe("summarize and parseSince", () => {
  it("groups per host with counts, first/last seen, pages, directives, browsers", () => {
    const row = (at: string, host: string, verdict: string) => ({
      receivedAt: at,
      mechanism: "report-uri" as const,
      documentUrl: "https://www.site.example/a",
      blockedUrl: `https://${host}/p`,
      blockedHost: host,
      party: host.split(".").slice(-2).join("."),
      verdict,
      directive: "img-src",
      disposition: "enforce" as const,
      uaFamily: "Chrome",
    });
    const s = summarize(
      [
        row("2026-12-02", "px.rogue.example", "rogue"),
        row("2026-12-01", "px.rogue.example", "rogue"),
        row("2026-12-03", "cdn.vendor.example", "authorized"),
      ],
      { "too-large": 2 },
    );
    expect(s.rogue).toEqual([
      expect.objectContaining({
        host: "px.rogue.example",
        reports: 2,
        firstSeen: "2026-12-01",
        lastSeen: "2026-12-02",
        browsers: { Chrome: 2 },
      }),
    ]);
    expect(s.blockedAuthorized.map((h) => h.host)).toEqual(["cdn.vendor.example"]);
    expect(s.rejected).toEqual({ "too-large": 2 });
  });
  it("reads 7d / 12h / ISO dates and refuses the rest", () => {
    const now = new Date("2026-12-08T00:00:00Z");
    expect(parseSince("7d", now)).toBe("2026-12-01T00:00:00.000Z");
    expect(parseSince("12h", now)).toBe("2026-12-07T12:00:00.000Z");
    expect(parseSince("2026-11-01", now)).toBe("2026-11-01T00:00:00.000Z");
    expect(parseSince("last tuesday", now)).toBeUndefined();
  });
});

describe("RateLimiter", () => {
  it("gives each client its own bucket that refills over a minute", () => {
    let t = 0;
    const l = new RateLimiter(3, () => t);
    expect([l.take("a"), l.take("a"), l.take("a"), l.take("a")]).toEqual([true, true, true, false]);
    expect(l.take("b")).toBe(true);
    t += 20_000;
    expect(l.take("a")).toBe(true);
    expect(l.take("a")).toBe(false);
  });
});
