// The leak detectors run as checks of the core's registry over the core's own judged scan:
// verdicts from a real allowlist, parties from the real aggregation, ids from the real fingerprint.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EntityLookup } from "../../src/analyze/allowlist-match.js";
import { scanDay } from "../../src/analyze/allowlist-match.js";
import { buildReport } from "../../src/analyze/build-report.js";
import { CHECKS, runChecks, type ScanForChecks } from "../../src/analyze/checks/index.js";
import { aggregateCookies } from "../../src/analyze/cookies.js";
import { judgeRequests } from "../../src/analyze/judge-requests.js";
import type { LeakOptions } from "../../src/analyze/leaks/types.js";
import { aggregateParties } from "../../src/analyze/parties.js";
import { aggregateStorage } from "../../src/analyze/storage.js";
import { type Allowlist, parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";
import { capture, cookie, LEAK_CODES, page, req } from "../fixtures/leaks/build.js";

const leakChecks = () => CHECKS.filter((c) => LEAK_CODES.has(c.meta.code));

const UID = "BT3f6a0c2e9d7b41a58e12";
const PUB = "https://www.syncing-ads.example/";

function syncCapture(uid: string): Capture {
  const chain = req(`https://sync.idgraph.example/setuid?uid=${uid}`, {
    hops: [
      {
        url: `https://ad.bidtower.example/usersync?uid=${uid}`,
        location: `https://match.databroker.example/pair?uid=${uid}`,
      },
      {
        url: `https://match.databroker.example/pair?uid=${uid}`,
        location: `https://sync.idgraph.example/setuid?uid=${uid}`,
      },
    ],
  });
  return capture([
    page(PUB, {
      requests: [
        req(PUB, { resourceType: "Document" }),
        req("https://ad.bidtower.example/frame.html", { resourceType: "Document" }),
        chain,
      ],
      cookieWrites: [
        cookie("bt_uid", uid, {
          domain: "ad.bidtower.example",
          url: "https://ad.bidtower.example/frame.html",
          requestedExpires: "2028-11-29T09:00:00.000Z",
        }),
      ],
    }),
  ]);
}

function context(cap: Capture, lookup?: EntityLookup): ScanForChecks {
  const { allowlist } = parseAllowlist("authorized:\n  - bidtower.example\n", "syncing-ads.yaml");
  const judged = judgeRequests(cap, { allowlist, lookup });
  const parties = aggregateParties(judged.requests, lookup);
  const cookies = aggregateCookies(cap);
  return {
    capture: cap,
    allowlist,
    day: scanDay(cap.startedAt),
    pages: judged.pages,
    requests: judged.requests,
    parties,
    partyByDomain: new Map(parties.map((p) => [p.domain, p])),
    cookies,
    reportCookies: cookies.map((c) => c.cookie),
    storage: aggregateStorage(cap),
  };
}

describe("leak checks in the core registry", () => {
  it("reports the sync chain with verdicts from the allowlist and ids stable across runs", () => {
    const run = (uid: string) => runChecks(context(syncCapture(uid)), leakChecks());
    const first = run(UID);
    const sync = first.filter((f) => f.code === "id-sync");
    expect(sync.map((f) => [f.party, f.severity, f.evidence.from])).toEqual([
      ["databroker.example", "high", "bidtower.example"],
      ["idgraph.example", "high", "databroker.example"],
    ]);
    expect(first.filter((f) => f.code === "long-lived-cookie").map((f) => f.party)).toEqual([
      "bidtower.example",
    ]);
    // A fresh profile draws a new id every run: the findings' ids must not change with it.
    const second = run("BTa9b8c7d6e5f4a3b2c1d0");
    expect(second.map((f) => f.id)).toEqual(first.map((f) => f.id));
  });

  it("lowers a sync between two domains of one company from the company map", () => {
    const lookup: EntityLookup = (host) =>
      /databroker|idgraph/.test(host) ? { entity: "Graph Holdings" } : undefined;
    const findings = runChecks(context(syncCapture(UID), lookup), leakChecks());
    expect(findings.filter((f) => f.code === "id-sync").map((f) => [f.party, f.severity])).toEqual([
      ["databroker.example", "high"],
      ["idgraph.example", "low"],
    ]);
  });
});

describe("leak options per scan: BuildOptions.leaks → the registered checks", () => {
  const file = path.join(FIXTURES_DIR, "allowlists/query-gazette.yaml");
  const { allowlist } = parseAllowlist(readFileSync(file, "utf8"), file);
  const recorded = JSON.parse(
    readFileSync(
      path.join(PACKAGE_ROOT, "test/fixtures/leaks/captures/search-term.capture.json"),
      "utf8",
    ),
  ) as Capture;
  const codes = (leaks?: LeakOptions) =>
    buildReport(recorded, { allowlist, ...(leaks ? { leaks } : {}) }).findings.map((f) => f.code);

  it("every report runs them (the default search parameters include q)", () => {
    expect(codes()).toContain("search-term-leak");
  });

  it("a scan's own search-parameter list replaces the default (the CLI adds to it)", () => {
    expect(codes({ searchParams: ["term"] })).not.toContain("search-term-leak");
    expect(codes({ searchParams: ["term", "q"] })).toContain("search-term-leak");
  });

  it("the check reads them from its leaks input", () => {
    const scan = buildContextFor(recorded, allowlist);
    const check = CHECKS.filter((c) => c.meta.code === "search-term-leak");
    expect(runChecks({ ...scan, leakOptions: { searchParams: ["term"] } }, check)).toEqual([]);
    expect(runChecks({ ...scan, leakOptions: { searchParams: ["q"] } }, check)).toHaveLength(1);
  });
});

function buildContextFor(cap: Capture, allowlist: Allowlist): ScanForChecks {
  const judged = judgeRequests(cap, { allowlist });
  const parties = aggregateParties(judged.requests);
  const cookies = aggregateCookies(cap);
  return {
    capture: cap,
    allowlist,
    day: scanDay(cap.startedAt),
    pages: judged.pages,
    requests: judged.requests,
    parties,
    partyByDomain: new Map(parties.map((p) => [p.domain, p])),
    cookies,
    reportCookies: cookies.map((c) => c.cookie),
    storage: aggregateStorage(cap),
  };
}
