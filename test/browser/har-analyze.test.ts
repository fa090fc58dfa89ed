// `analyze` of a HAR made by an independent exporter (chrome-har, as browsertime writes them) from
// real Chromium loading the demo publisher, against `scan` of the same pages: the same parties,
// statuses, header cookies and chains, except what a HAR cannot show (service-worker traffic).
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCapture } from "../../src/cli/capture-file.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import type { Report, ReportParty } from "../../src/model/report.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { runCli } from "../helpers/run-cli.js";
import { startHarRecorder } from "./har-recorder.js";

const demo = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, "demo-ground-truth.json"), "utf8"),
) as {
  pages: string[];
  allowlist: string;
};
const allowlist = path.join(FIXTURES_DIR, demo.allowlist);

let server: FixtureServer;
let tmp: string;
let scan: Report;
let scanCapture: Capture;
let har: Report;
let harFile: string;
let analyzeCode: number | null;
let analyzeStderr: string;

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-har-"));
  const recorder = await startHarRecorder(server.hostRules);
  try {
    harFile = path.join(tmp, "demo.har");
    await writeFile(harFile, JSON.stringify(await recorder.record(demo.pages)));
  } finally {
    await recorder.close();
  }
  const scanFile = path.join(tmp, "scan.json");
  const captureFile = path.join(tmp, "scan.capture.json");
  const s = await runCli([
    "scan",
    ...demo.pages,
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--allowlist",
    allowlist,
    "--format",
    "json",
    "-o",
    scanFile,
    "--save-capture",
    captureFile,
    "-q",
  ]);
  scanCapture = await loadCapture(captureFile);
  expect(s.stderr).not.toMatch(/page failed/);
  scan = JSON.parse(readFileSync(scanFile, "utf8")) as Report;
  const harReport = path.join(tmp, "har.json");
  const a = await runCli([
    "analyze",
    harFile,
    "--allowlist",
    allowlist,
    "--format",
    "json",
    "-o",
    harReport,
  ]);
  analyzeCode = a.code;
  analyzeStderr = a.stderr;
  har = JSON.parse(readFileSync(harReport, "utf8")) as Report;
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Parties a HAR can show: seen by the scan in some target other than a service worker. */
function visibleInHar(report: Report): Set<string> {
  return new Set(
    report.requests
      .filter((r) => r.target !== "service_worker" && r.verdict !== "first-party")
      .map((r) => r.party),
  );
}

const noQuery = (u: string) => u.replace(/[?#].*$/, "");
const byDomain = (parties: ReportParty[]) => new Map(parties.map((p) => [p.domain, p]));

describe("analyze of a chrome-har HAR of the demo publisher vs scan of the same pages", () => {
  it("exits as the scan does (rogue parties: 1) and says what the HAR cannot show", () => {
    expect(analyzeCode).toBe(1);
    expect(analyzeStderr).toMatch(/read 1 HAR file\(s\): 4 page\(s\)/);
    expect(har.scan.source).toMatchObject({ kind: "har", creator: { name: "chrome-har" } });
    expect(har.scan.source?.limits).toEqual(
      expect.arrayContaining(["script-cookies", "storage", "frames", "workers", "cookie-jar"]),
    );
    expect(har.warnings.some((w) => w.includes("cookies written by scripts"))).toBe(true);
  });

  it("has the scan's pages, with the same final URLs and statuses", () => {
    expect(har.scan.pages.map((p) => [p.url, p.finalUrl, p.httpStatus, p.outcome])).toEqual(
      scan.scan.pages.map((p) => [p.url, p.finalUrl, p.httpStatus, p.outcome]),
    );
    expect(har.scan.pages.map((p) => p.firstParty)).toEqual(
      scan.scan.pages.map((p) => p.firstParty),
    );
  });

  it("finds every party the scan found outside service workers, with the same status and pages", () => {
    const visible = visibleInHar(scan);
    const expected = scan.parties.filter((p) => visible.has(p.domain));
    // The scan saw something only a service worker fetched: the comparison is not vacuous.
    expect(scan.parties.length).toBeGreaterThan(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    const got = byDomain(har.parties);
    expect([...got.keys()].sort()).toEqual(expected.map((p) => p.domain).sort());
    for (const p of expected) {
      const h = got.get(p.domain) as ReportParty;
      expect([p.domain, h.status, h.hosts, [...h.pages].sort()]).toEqual([
        p.domain,
        p.status,
        p.hosts,
        [...p.pages].sort(),
      ]);
      expect([p.domain, h.entity]).toEqual([p.domain, p.entity]);
    }
  });

  it("gives each contacted URL (query aside) the scan's HTTP status and verdict", () => {
    // chrome-har keeps http(s) entries only, so the WebSocket is not in this HAR (a DevTools HAR
    // has it). Requests sent while the page is left (pagehide beacons) come from the browser
    // process after the page's event stream ends: the scan catches them by interception, without
    // an answer; no page-event HAR has them (the "unload" limit).
    const comparable = scan.requests.filter(
      (r) =>
        r.target !== "service_worker" &&
        r.kind !== "websocket" &&
        !(r.httpStatus === undefined && r.failure === undefined),
    );
    expect(comparable.length).toBeGreaterThanOrEqual(40);
    const key = (r: Report["requests"][number]) =>
      `${r.page} ${r.method} ${noQuery(r.url)} ${r.verdict}`;
    const withStatus = (r: Report["requests"][number]) => `${key(r)} ${r.httpStatus ?? r.failure}`;
    const harKeys = new Set(har.requests.map(key));
    const harStatus = new Set(har.requests.map(withStatus));
    expect(comparable.map(key).filter((k) => !harKeys.has(k))).toEqual([]);
    expect(
      comparable
        .filter((r) => r.httpStatus !== undefined)
        .map(withStatus)
        .filter((k) => !harStatus.has(k)),
    ).toEqual([]);
    const scanKeys = new Set(comparable.map(key));
    expect(har.requests.map(key).filter((k) => !scanKeys.has(k))).toEqual([]);
  });

  it("has the scan's header cookies, with the same writer and context", () => {
    // chrome-har files the Set-Cookie lines of a redirect's hops under the wrong hop (CDP sends
    // them per requestId, shared by every hop): cookies set inside a redirect chain are left out.
    const inRedirects = new Set<string>();
    for (const page of scanCapture.pages) {
      const redirected = new Set(
        page.requests.filter((r) => r.redirects.length > 0).map((r) => r.id),
      );
      for (const w of page.cookieWrites)
        if (w.setBy === "header" && w.requestId && redirected.has(w.requestId))
          inRedirects.add(w.name);
    }
    expect(inRedirects.size).toBeGreaterThan(0);
    const visible = visibleInHar(scan);
    const key = (c: Report["cookies"][number]) =>
      `${c.name} ${c.domain} ${c.path} ${c.setByParty} ${c.thirdPartyContext} ${c.requestedExpires ? "persistent" : "session"}`;
    const fromHeaders = scan.cookies
      .filter((c) => c.setBy === "header" && !inRedirects.has(c.name))
      .filter((c) => c.setByParty === "dailybugle.example" || visible.has(c.setByParty))
      .map(key);
    expect(fromHeaders.length).toBeGreaterThanOrEqual(6);
    const got = har.cookies.filter((c) => !inRedirects.has(c.name)).map(key);
    expect(got.sort()).toEqual([...new Set(fromHeaders)].sort());
    expect(har.cookies.every((c) => c.setBy === "header" && !c.blocked)).toBe(true);
  });

  it("gives the same loadedBy chains where the HAR carries initiators", () => {
    const harParties = byDomain(har.parties);
    // Chains that end in a pagehide beacon only the scan could catch (see above) are not in a HAR.
    const answered = new Set(
      scan.requests
        .filter((r) => r.httpStatus !== undefined || r.failure)
        .map((r) => noQuery(r.url)),
    );
    const inHar = (chain: string) => answered.has(chain.split(" → ").at(-1) as string);
    let compared = 0;
    for (const p of scan.parties) {
      const h = harParties.get(p.domain);
      if (!h) continue;
      // A HAR lists no scripts: an inline or eval script a tag inserted is not a link of its
      // chain, the tag is named directly (the "scripts" limit).
      const chains = (x: ReportParty) =>
        x.loadedBy
          .map((c) =>
            c
              .filter((u) => u !== "(inline)" && u !== "(eval)")
              .map(noQuery)
              .join(" → "),
          )
          .sort();
      expect([p.domain, chains(h)]).toEqual([p.domain, chains(p).filter(inHar)]);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  it("finds the scan's findings that rest on requests and header cookies", () => {
    const codes = (r: Report) => new Set(r.findings.map((f) => `${f.code} ${f.party ?? ""}`));
    const got = codes(har);
    const wanted = [...codes(scan)].filter((c) => /^(rogue-party|piggyback|rogue-cookie) /.test(c));
    expect(wanted.length).toBeGreaterThanOrEqual(3);
    expect(wanted.filter((c) => !got.has(c))).toEqual([]);
  });
});
