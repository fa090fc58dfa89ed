// buildReport on hand-made captures: verdicts, statuses, first parties, summary, sort order.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import {
  byScript,
  makeCapture,
  makePage,
  makeRequest,
  parser,
  stack,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/news/a";
const TAG = "https://tags.tagpilot.example/tag.js";
const img = { resourceType: "Image", image: { width: 1, height: 1 }, bodyBytes: 43 };

function scenario(): Capture {
  const page = makePage(PAGE);
  page.requests.push(
    makeRequest("cdn", "https://static.pub-cdn.example/app.js", { initiator: parser(PAGE) }),
    makeRequest("tag", TAG, { initiator: parser(PAGE) }),
    makeRequest("a1", "https://cdn.metricsly.example/m.js", { initiator: byScript(stack(TAG)) }),
    makeRequest("a2", "https://collect.metricsly.example/c", {
      resourceType: "Ping",
      beacon: "sendBeacon",
      method: "POST",
      initiator: byScript(stack("https://cdn.metricsly.example/m.js")),
    }),
    // One vendor, one authorized host and one unknown host: the vendor is rogue, both hosts listed.
    makeRequest("v1", "https://pixel.partner.example/p", {
      ...img,
      initiator: byScript(stack(TAG)),
    }),
    makeRequest("v2", "https://track.partner.example/p", {
      ...img,
      initiator: byScript(stack(TAG)),
    }),
    makeRequest("bad", "https://px.badtracker.example/p", {
      ...img,
      initiator: byScript(stack(TAG)),
    }),
    makeRequest("spacer", "https://www.pub.example/spacer.gif", {
      ...img,
      initiator: parser(PAGE),
    }),
    makeRequest("data", "data:image/gif;base64,R0lGODlhAQABAAAAACw=", {
      ...img,
      initiator: parser(PAGE),
    }),
  );
  const other = makePage("https://blog.othersite.example/", {
    finalUrl: "https://www.othersite-news.example/",
  });
  other.requests.push(
    makeRequest("t", TAG, { initiator: parser("https://www.othersite-news.example/") }),
    // The publisher's own domain is a third party on another site's page.
    makeRequest("x", "https://www.pub.example/widget.js", { initiator: byScript(stack(TAG)) }),
  );
  return makeCapture([page, other]);
}

const ALLOW = parseAllowlist(
  `firstParty: [pub-cdn.example]
authorized:
  - tagpilot.example
  - metricsly.example
  - pixel.partner.example
denied:
  - badtracker.example
`,
  "allow.yaml",
).allowlist;

describe("buildReport with an allowlist", () => {
  const report = buildReport(scenario(), { allowlist: ALLOW, options: { format: "json" } });
  const party = (d: string) => report.parties.find((p) => p.domain === d);
  const request = (id: string) => report.requests.find((r) => r.url.includes(id));

  it("judges each request and records the deciding rule", () => {
    expect(request("cdn.metricsly")).toMatchObject({
      verdict: "authorized",
      rule: "domain:metricsly.example",
      kind: "script",
    });
    expect(request("collect.metricsly")).toMatchObject({ verdict: "authorized", kind: "beacon" });
    expect(request("pixel.partner")).toMatchObject({
      verdict: "authorized",
      rule: "host:pixel.partner.example",
      kind: "pixel",
    });
    expect(request("track.partner")).toMatchObject({ verdict: "rogue", kind: "pixel" });
    expect(request("track.partner")?.rule).toBeUndefined();
    expect(request("badtracker")).toMatchObject({
      verdict: "rogue",
      rule: "denied:domain:badtracker.example",
    });
    expect(request("pub-cdn")).toMatchObject({ verdict: "first-party", party: "pub-cdn.example" });
    expect(request("spacer.gif")).toMatchObject({ verdict: "first-party", kind: "other" });
  });

  it("never reports data: URLs", () => {
    expect(report.requests.some((r) => r.url.startsWith("data:"))).toBe(false);
  });

  it("a party's status is the worst of its requests' verdicts, with every host listed", () => {
    expect(party("partner.example")).toMatchObject({
      status: "rogue",
      hosts: ["pixel.partner.example", "track.partner.example"],
      rules: ["host:pixel.partner.example"],
      requests: 2,
      pixels: 2,
    });
    expect(party("metricsly.example")).toMatchObject({
      status: "authorized",
      requests: 2,
      beacons: 1,
      pixels: 0,
    });
    expect(party("badtracker.example")?.rules).toEqual(["denied:domain:badtracker.example"]);
  });

  it("judges each page against its own site", () => {
    expect(report.scan.pages.map((p) => p.firstParty)).toEqual([
      ["pub-cdn.example", "pub.example"],
      ["othersite-news.example", "othersite.example", "pub-cdn.example"],
    ]);
    expect(request("widget.js")).toMatchObject({
      verdict: "rogue",
      party: "pub.example",
      page: "https://blog.othersite.example/",
    });
    expect(party("pub.example")).toMatchObject({
      status: "rogue",
      pages: ["https://blog.othersite.example/"],
      firstSeen: "https://blog.othersite.example/",
    });
  });

  it("warns when a page ends on another site", () => {
    expect(
      report.warnings.some(
        (w) => w.includes("othersite-news.example") && w.includes("blog.othersite.example"),
      ),
    ).toBe(true);
  });

  it("lists tagpilot on both pages, first seen on the first", () => {
    expect(party("tagpilot.example")).toMatchObject({
      pages: [PAGE, "https://blog.othersite.example/"],
      firstSeen: PAGE,
      // The same way in on two pages is one chain, shown by its first occurrence.
      loadedBy: [[PAGE, TAG]],
    });
  });

  it("sorts parties rogue first, then by domain", () => {
    expect(report.parties.map((p) => `${p.status}:${p.domain}`)).toEqual([
      "rogue:badtracker.example",
      "rogue:partner.example",
      "rogue:pub.example",
      "authorized:metricsly.example",
      "authorized:tagpilot.example",
    ]);
  });

  it("counts the summary", () => {
    expect(report.summary).toEqual({
      pages: 2,
      requests: report.requests.length,
      cookies: 0,
      thirdParties: 5,
      authorized: 2,
      rogue: 3,
      unlisted: 0,
      // Three rogue parties, each also a piggyback of the tag that loaded it.
      findings: 6,
    });
    expect(report.findings.filter((f) => f.code === "piggyback").map((f) => f.party)).toEqual([
      "badtracker.example",
      "partner.example",
      "pub.example",
    ]);
    expect(report.requests).toHaveLength(12);
  });

  it("fills the scan block and keeps the allowlist file in options", () => {
    expect(report.schemaVersion).toBe(2);
    expect(report.scan.options).toMatchObject({
      format: "json",
      allowlist: "allow.yaml",
      blockThirdPartyCookies: false,
    });
    expect(report.scan.startUrls).toEqual([PAGE, "https://blog.othersite.example/"]);
    expect(report.scan.browser).toEqual({
      version: "Chrome/156.0.0.0",
      userAgent: "Mozilla/5.0 test",
    });
  });

  it("is deterministic: the same capture gives byte-identical JSON", () => {
    const again = buildReport(scenario(), { allowlist: ALLOW, options: { format: "json" } });
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  });

  it("survives a JSON round trip of the capture (replay)", () => {
    const replay = buildReport(JSON.parse(JSON.stringify(scenario())), {
      allowlist: ALLOW,
      options: { format: "json" },
    });
    expect(replay).toEqual(report);
  });
});

describe("buildReport without an allowlist", () => {
  const report = buildReport(scenario(), { firstParty: ["pub-cdn.example"] });
  it("calls every third party unlisted and raises no rogue findings", () => {
    expect(new Set(report.parties.map((p) => p.status))).toEqual(new Set(["unlisted"]));
    expect(report.summary).toMatchObject({ unlisted: 5, rogue: 0, authorized: 0 });
    // Only "who brought whom" remains, at info: without an allowlist nothing is known to be wrong.
    expect(new Set(report.findings.map((f) => `${f.code}:${f.severity}`))).toEqual(
      new Set(["piggyback:info"]),
    );
  });
  it("honours --first-party", () => {
    expect(report.requests.find((r) => r.url.includes("pub-cdn"))?.verdict).toBe("first-party");
    expect(report.scan.options.firstParty).toEqual(["pub-cdn.example"]);
  });
  it("without --first-party, the publisher's CDN is a third party", () => {
    const bare = buildReport(scenario(), {});
    expect(bare.parties.map((p) => p.domain)).toContain("pub-cdn.example");
  });
});

describe("warnings", () => {
  it("keeps capture warnings, passes given ones once, and names entity entries the map does not know", () => {
    const { allowlist, warnings } = parseAllowlist(
      "authorized:\n  - entity: Google\n  - entity: Gogle\n",
      "a.yaml",
    );
    const capture = scenario();
    capture.warnings.push("body of request 7 unreadable");
    const report = buildReport(capture, {
      allowlist,
      warnings: [...warnings, "given once", "given once"],
    });
    expect(report.warnings.filter((w) => w.includes("entity:Google"))).toEqual([]);
    const unknown = report.warnings.filter((w) => w.includes("entity:Gogle"));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toContain("a.yaml:3");
    expect(unknown[0]).toContain('did you mean "Google"');
    expect(report.warnings).toContain("body of request 7 unreadable");
    expect(report.warnings.filter((w) => w === "given once")).toHaveLength(1);
  });
});

describe("with a company map", () => {
  it("applies entity entries and drops the 'cannot apply yet' warnings", () => {
    const { allowlist, warnings } = parseAllowlist(
      "authorized:\n  - entity: Tagpilot Inc\n",
      "a.yaml",
    );
    const lookup = (host: string) =>
      host.endsWith("tagpilot.example")
        ? { entity: "Tagpilot Inc", category: "tag-manager" }
        : undefined;
    const report = buildReport(scenario(), { allowlist, warnings, lookup });
    expect(report.warnings.some((w) => w.includes("entity:Tagpilot Inc"))).toBe(false);
    expect(report.parties.find((p) => p.domain === "tagpilot.example")).toMatchObject({
      status: "authorized",
      rules: ["entity:Tagpilot Inc"],
      entity: "Tagpilot Inc",
      category: "tag-manager",
    });
  });
});

describe("failed pages", () => {
  it("carry their failure kind for code next to the reason for people", () => {
    const blocked = makePage("https://www.pub.example/members", {
      outcome: "failed",
      reason: "blocked: Cloudflare challenge (HTTP 403)",
      failure: "blocked",
      httpStatus: 403,
    });
    const report = buildReport(makeCapture([makePage(PAGE), blocked]), {});
    expect(report.scan.pages[1]).toMatchObject({
      outcome: "failed",
      reason: "blocked: Cloudflare challenge (HTTP 403)",
      failure: "blocked",
    });
    expect(report.scan.pages[0]).not.toHaveProperty("failure");
  });
});
