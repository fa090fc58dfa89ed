// A real Chromium capture of the demo replayed through the core, checked against the ground truth.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import groundTruth from "../../fixtures/demo-ground-truth.json" with { type: "json" };
import { buildReport } from "../../src/analyze/build-report.js";
import { loadAllowlist } from "../../src/config/allowlist.js";
import { partyOf } from "../../src/domain/party.js";
import type { Capture } from "../../src/model/capture.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";

const capture = JSON.parse(
  readFileSync(
    path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.capture.json"),
    "utf8",
  ),
) as Capture;
const { allowlist, warnings } = await loadAllowlist(path.join(FIXTURES_DIR, groundTruth.allowlist));
const report = buildReport(capture, { allowlist, warnings });
const HOME = "https://www.dailybugle.example/";
const party = (d: string) => report.parties.find((p) => p.domain === d);
const strip = (chain: string[]) => chain.map((u) => u.replace(/\?.*$/, ""));

describe("the demo capture, judged with the demo allowlist", () => {
  it.each(groundTruth.hosts.map((h) => [h.host, h.expectedVerdict] as const))(
    "%s is %s",
    (host, verdict) => {
      const requests = report.requests.filter((r) => r.host === host);
      expect(requests.length).toBeGreaterThan(0);
      const p = party(partyOf(host));
      if (verdict === "first-party") {
        expect(p).toBeUndefined();
        expect(new Set(requests.map((r) => r.verdict))).toEqual(new Set(["first-party"]));
      } else {
        expect(p?.status).toBe(verdict);
      }
    },
  );

  it("finds exactly the ground truth's parties", () => {
    const expected = new Set(
      groundTruth.hosts.filter((h) => h.expectedVerdict !== "first-party").map((h) => h.party),
    );
    expect(new Set(report.parties.map((p) => p.domain))).toEqual(expected);
    expect(report.summary).toMatchObject({ pages: 4, rogue: 4, authorized: 7, unlisted: 0 });
  });

  it("names the tag manager and both vendor scripts that piggybacked the rogue pixel", () => {
    expect(strip(party("skimlytics.example")?.loadedBy[0] ?? [])).toEqual([
      HOME,
      "https://tags.tagpilot.example/container.js",
      "https://cdn.audiencenet.example/an.js",
      "https://cdn.audiencenet.example/sync.js",
      "https://px.skimlytics.example/px.gif",
    ]);
  });

  it("shows the custom-HTML script the tag manager inserted (Chromium reports it like eval)", () => {
    const chain = strip(party("socialreach.example")?.loadedBy[0] ?? []);
    expect(chain[1]).toBe("https://tags.tagpilot.example/container.js");
    expect(["(inline)", "(eval)"]).toContain(chain[2]);
    expect(chain[3]).toBe("https://px.socialreach.example/tr.gif");
  });

  it("follows the ad iframe created by site.js and the cookie-sync redirect", () => {
    expect(strip(party("databroker.example")?.loadedBy[0] ?? [])).toEqual([
      HOME,
      "https://static.bugle-cdn.example/js/site.js",
      "https://ads.adserve-exchange.example/slot",
      "https://ads.adserve-exchange.example/js/render.js",
      "https://ads.adserve-exchange.example/sync",
      "https://match.databroker.example/match",
    ]);
  });

  it("reaches worker requests through the worker scripts", () => {
    expect(strip(party("notifly.example")?.loadedBy[0] ?? [])).toEqual([
      HOME,
      "https://www.dailybugle.example/sw.js",
      "https://push.notifly.example/v1/register",
    ]);
    expect(strip(party("telemetry.example")?.loadedBy[0] ?? []).slice(1)).toEqual([
      "https://www.dailybugle.example/js/reading-worker.js",
      "https://rum.telemetry.example/v1/ingest",
    ]);
  });

  it("applies the url, host-pattern, exact-host and denied rules", () => {
    expect(party("notifly.example")?.rules).toEqual(["url:https://push.notifly.example/v1/"]);
    expect(party("pushwire.example")?.rules).toEqual(["host:*.pushwire.example"]);
    expect(party("telemetry.example")?.rules).toEqual(["host:rum.telemetry.example"]);
    expect(party("trackwell.example")?.rules).toEqual(["denied:domain:trackwell.example"]);
  });

  it("classifies pixels, beacons and the WebSocket", () => {
    const kind = (prefix: string) =>
      new Set(report.requests.filter((r) => r.url.startsWith(prefix)).map((r) => r.kind));
    expect(kind("https://px.skimlytics.example/")).toEqual(new Set(["pixel"]));
    expect(kind("https://collect.metricsly.example/beacon")).toEqual(new Set(["beacon"]));
    expect(kind("wss://live.pushwire.example/")).toEqual(new Set(["websocket"]));
    expect(kind("https://www.dailybugle.example/img/spacer.gif")).toEqual(new Set(["other"]));
    expect(kind("https://ads.adserve-exchange.example/slot")).toEqual(new Set(["iframe"]));
  });

  it.each(groundTruth.cookies.map((c) => [c.name, c] as const))(
    "cookie %s as the ground truth says",
    (_name, truth) => {
      const c = report.cookies.find((x) => x.name === truth.name && x.domain === truth.domain);
      expect(c).toMatchObject({
        party: truth.party,
        setBy: truth.setBy,
        setByParty: truth.setByParty,
        thirdPartyContext: truth.thirdPartyContext,
        ...("script" in truth ? { script: truth.script } : {}),
      });
    },
  );

  it.each(groundTruth.storage.map((s) => [s.key, s] as const))(
    "storage %s written by its vendor's script",
    (_key, truth) => {
      const s = report.storage.find((x) => x.key === truth.key && x.kind === truth.kind);
      expect(s?.origin).toBe(truth.origin);
      expect(s?.script?.replace(/\?.*$/, "")).toBe(truth.script);
    },
  );

  it("raises rogue-party for each rogue party and rogue-cookie for their cookies", () => {
    expect(
      report.findings
        .filter((f) => f.code === "rogue-party")
        .map((f) => f.party)
        .sort(),
    ).toEqual([
      "databroker.example",
      "skimlytics.example",
      "socialreach.example",
      "trackwell.example",
    ]);
    expect(
      report.findings
        .filter((f) => f.code === "rogue-cookie")
        .every((f) => f.severity === "medium"),
    ).toBe(true);
  });
});

describe("the built reports against the JSON Schema", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(
    JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "schema/report.schema.json"), "utf8")),
  );
  it.each([
    ["with the allowlist", report],
    ["without an allowlist", buildReport(capture, {})],
  ])("%s the report validates", (_name, built) => {
    validate(JSON.parse(JSON.stringify(built)));
    expect(validate.errors ?? []).toEqual([]);
  });
});
