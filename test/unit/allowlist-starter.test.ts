// The starter allowlist `init` writes: valid, commented, expiring, and judging its own scan clean.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { addDays, entryKindOf, starterAllowlist } from "../../src/config/starter-allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { makeCapture, makePage, makeRequest, parser } from "./helpers/capture-builder.js";

const PAGE = "https://www.publisher.example/";

function capture(): Capture {
  const page = makePage(PAGE);
  for (const [id, url] of [
    ["ga", "https://www.google-analytics.com/g/collect"],
    ["li", "https://px.ads.linkedin.com/collect"],
    ["ip", "https://203.0.113.9/p.gif"],
    ["v6", "https://[2001:db8::5]/p.gif"],
    ["gh", "https://someone.github.io/w.js"],
    ["uk", "https://cdn.vendor.co.uk/v.js"],
    ["fp", "https://static.publisher.example/app.js"],
  ] as const) {
    page.requests.push(makeRequest(id, url, { initiator: parser(PAGE) }));
  }
  return makeCapture([page]);
}

describe("starterAllowlist", () => {
  const report = buildReport(capture(), {});
  const text = starterAllowlist(report, { day: "2026-06-30", expiresDays: 30 });
  const { allowlist, warnings } = parseAllowlist(text, "starter.yaml");

  it("is a valid allowlist with the first party and one entry per third party", () => {
    expect(warnings).toEqual([]);
    expect(allowlist.firstParty).toEqual(["publisher.example"]);
    expect(allowlist.authorized.map((e) => e.rule)).toEqual([
      "host:2001:db8::5",
      "host:203.0.113.9",
      "domain:google-analytics.com",
      "domain:linkedin.com",
      "domain:someone.github.io",
      "domain:vendor.co.uk",
    ]);
  });

  it("dates every entry: a note with the scan day, an expiry 30 days later", () => {
    for (const e of allowlist.authorized) {
      expect(e.note).toBe("found by skimscan init on 2026-06-30");
      expect(e.expires).toBe("2026-07-30");
    }
  });

  it("comments each entry with company, category and source, or says the company is unknown", () => {
    expect(text).toContain(
      "  # Google · analytics [third-party-web] — 1 request on 1 page\n  - domain: google-analytics.com",
    );
    expect(text).toContain(
      "  # LinkedIn (Microsoft) · advertising [third-party-web+skimscan-overlay]",
    );
    expect(text).toContain("  # company unknown — 1 request on 1 page\n  - domain: vendor.co.uk");
    expect(text.startsWith("# Starter allowlist written by `skimscan init` on 2026-06-30")).toBe(
      true,
    );
  });

  it("judges the scan it came from with no rogue party and no stale entry", () => {
    const again = buildReport(capture(), { allowlist });
    expect(again.summary.rogue).toBe(0);
    expect(again.summary.authorized).toBe(6);
    expect(again.findings).toEqual([]);
  });

  it("writes an empty list when there is no third party", () => {
    const bare = makeCapture([makePage(PAGE)]);
    const t = starterAllowlist(buildReport(bare, {}), { day: "2026-06-30", expiresDays: 7 });
    expect(t).toContain("authorized: []");
    expect(parseAllowlist(t, "s.yaml").allowlist.authorized).toEqual([]);
  });

  it("round-trips the demo publisher's saved capture", () => {
    const demo = JSON.parse(
      readFileSync(
        path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.capture.json"),
        "utf8",
      ),
    ) as Capture;
    const first = buildReport(demo, {});
    const starter = parseAllowlist(
      starterAllowlist(first, { day: demo.startedAt.slice(0, 10), expiresDays: 30 }),
      "s.yaml",
    ).allowlist;
    const judged = buildReport(demo, { allowlist: starter });
    expect(judged.summary.rogue).toBe(0);
    expect(judged.summary.authorized).toBe(first.summary.unlisted);
  });
});

describe("helpers", () => {
  it.each([
    ["2026-06-30", 1, "2026-07-01"],
    ["2026-12-15", 30, "2027-01-14"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-02-28", 1, "2027-03-01"],
  ] as const)("addDays(%s, %i) = %s", (day, n, out) => {
    expect(addDays(day, n)).toBe(out);
  });
  it.each([
    ["vendor.example", "domain"],
    ["vendor.co.uk", "domain"],
    ["someone.github.io", "domain"],
    ["203.0.113.9", "host"],
    ["2001:db8::5", "host"],
    ["localhost", "host"],
    ["github.io", "host"],
  ] as const)("entryKindOf(%s) = %s", (party, kind) => {
    expect(entryKindOf(party)).toBe(kind);
  });
});
