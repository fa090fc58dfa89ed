// loadedBy chains on real Chromium captures of the leak-pattern sites: a Promise/setTimeout hop,
// a hidden cross-site user-sync iframe, and a two-hop cookie-sync redirect chain.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import truth from "../../fixtures/leak-ground-truth.json" with { type: "json" };
import { buildReport } from "../../src/analyze/build-report.js";
import { loadAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";

async function judged(name: "piggyback" | "id-sync") {
  const capture = JSON.parse(
    readFileSync(path.join(PACKAGE_ROOT, `test/fixtures/captures/${name}.capture.json`), "utf8"),
  ) as Capture;
  const site = truth.sites[name];
  const { allowlist } = await loadAllowlist(path.join(FIXTURES_DIR, site.allowlist));
  return { report: buildReport(capture, { allowlist }), site };
}
const strip = (chain: string[] | undefined) => (chain ?? []).map((u) => u.replace(/\?.*$/, ""));

describe("piggyback-news: the publisher's container piggybacks a chain of vendors", async () => {
  const { report, site } = await judged("piggyback");
  const loadedBy = (d: string) => report.parties.find((p) => p.domain === d)?.loadedBy;

  it.each(site.hosts.map((h) => [h.host, h.party, h.expectedVerdict] as const))(
    "%s is %s",
    (_host, party, verdict) => {
      if (verdict === "first-party")
        expect(report.parties.find((p) => p.domain === party)).toBeUndefined();
      else expect(report.parties.find((p) => p.domain === party)?.status).toBe(verdict);
    },
  );

  it("follows the Promise/setTimeout hop from hb.js to partners.js", () => {
    const chain = strip(report.requests.find((r) => r.url.includes("/partners.js"))?.initiators);
    expect(chain).toEqual([
      "https://tags.tagpilot.example/containers/TP-PB7Q2.js",
      "https://cdn.adbridge.example/hb.js",
    ]);
  });

  it("names every link from the container to the pixel inside the hidden cross-site iframe", () => {
    expect(loadedBy("skimlytics.example")?.map(strip)).toEqual([
      [
        "https://www.piggyback-news.example/",
        "https://tags.tagpilot.example/containers/TP-PB7Q2.js",
        "https://cdn.adbridge.example/hb.js",
        "https://cdn.adbridge.example/partners.js",
        "https://usersync.partnerhub.example/frame.html",
        "https://usersync.partnerhub.example/us.js",
        "https://px.skimlytics.example/px.gif",
      ],
    ]);
    expect(loadedBy("partnerhub.example")?.map(strip)[0]?.at(-1)).toBe(
      "https://usersync.partnerhub.example/frame.html",
    );
  });
});

describe("syncing-ads: an ad iframe's cookie-sync redirect chain", async () => {
  const { report } = await judged("id-sync");
  it("reaches each party of the redirect chain through the hops before it", () => {
    const loadedBy = (d: string) => strip(report.parties.find((p) => p.domain === d)?.loadedBy[0]);
    const start = [
      "https://www.syncing-ads.example/",
      "https://ad.bidtower.example/frame",
      "https://ad.bidtower.example/js/bt.js",
      "https://ad.bidtower.example/usersync",
    ];
    expect(loadedBy("databroker.example")).toEqual([
      ...start,
      "https://match.databroker.example/pair",
    ]);
    expect(loadedBy("idgraph.example")).toEqual([
      ...start,
      "https://match.databroker.example/pair",
      "https://sync.idgraph.example/setuid",
    ]);
  });
  it("counts the redirect request once for each party it touched", () => {
    const sync = report.requests.filter((r) => r.redirects.length > 0);
    expect(sync.length).toBeGreaterThan(0);
    for (const d of ["databroker.example", "idgraph.example"]) {
      expect(report.parties.find((p) => p.domain === d)?.requests).toBeGreaterThan(0);
    }
  });
});
