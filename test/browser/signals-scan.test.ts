// `skimscan scan --signals dnt,gpc` and `--opt-out-cookie` in real Chromium: the browser itself sends
// the signals (pages, frames and a dedicated worker), the report proves it, and the vendors that
// ignore a signal or an opt-out cookie are reported while the ones that honour them are not.

import { mkdtempSync, rmSync } from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCaptureLines } from "../../src/crawl/capture-stream.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import type { Report } from "../../src/model/report.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const WORKER_PAGE = "https://www.news-consent.example/worker.html";
const OPTOUT_PAGE = "https://www.news-consent.example/optout.html";

/**
 * Careful Ads honours its opt-out cookie server-side, as ad networks do: with `ca_optout=1` in the
 * request it answers the pixel without an id; otherwise it sets one.
 */
function carefulAds(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const optedOut = /(?:^|;\s*)ca_optout=1(?:;|$)/.test(req.headers.cookie ?? "");
  res.writeHead(200, {
    "content-type": "image/gif",
    ...(optedOut
      ? {}
      : {
          "set-cookie": "ca_uid=Hc81LmQz0aT5vYx2; Path=/; Max-Age=31536000; SameSite=None; Secure",
        }),
  });
  res.end(GIF);
  return true;
}

let server: FixtureServer;
let tmp: string;

async function scan(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const { code, stdout, stderr } = await runCliInProcess([
    "scan",
    ...args,
    "--format",
    "json",
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "300",
    "--timeout",
    "15000",
  ]);
  return { code, report: JSON.parse(stdout) as Report, stderr };
}

beforeAll(async () => {
  server = await startFixtureServer({ handlers: { "px.careful-ads.example": carefulAds } });
  tmp = mkdtempSync(path.join(os.tmpdir(), "skimscan-signals-"));
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("scan --signals dnt,gpc", () => {
  let report: Report;
  let capture: Capture;
  beforeAll(async () => {
    const file = path.join(tmp, "signals.jsonl");
    const r = await scan([WORKER_PAGE, "--signals", "dnt,gpc", "--save-capture", file]);
    report = r.report;
    capture = await readCaptureLines(file);
  }, 60_000);

  it("proves both signals on every request and in navigator", () => {
    const p = report.scan.privacy;
    expect(p?.signals).toEqual(["dnt", "gpc"]);
    expect(p?.requests).toBeGreaterThanOrEqual(4);
    expect(p?.dntRequests).toBe(p?.requests);
    expect(p?.gpcRequests).toBe(p?.requests);
    expect(p?.navigator).toEqual([{ doNotTrack: "1", globalPrivacyControl: true, pages: 1 }]);
    expect(p?.consent).toBeUndefined();
    expect(report.scan.options.signals).toEqual(["dnt", "gpc"]);
  });

  it("sends them from a dedicated worker too (the browser's setting, not a page override)", () => {
    const fromWorker = capture.pages[0]?.requests.filter((r) => r.targetType === "worker") ?? [];
    const scores = fromWorker.find((r) => r.url.includes("/api/scores"));
    expect(scores?.requestHeaders).toMatchObject({ dnt: "1", "sec-gpc": "1" });
    const atServer = server.received.find((r) => r.path === "/api/scores?from=worker");
    expect(atServer?.headers).toMatchObject({ dnt: "1", "sec-gpc": "1" });
  });

  it("reports the vendor that still sets its id, for each signal, with the proof", () => {
    const codes = report.findings
      .filter((f) => f.code.startsWith("ignores-"))
      .map((f) => `${f.code} ${f.party}`)
      .sort();
    expect(codes).toEqual(["ignores-dnt pushy-ads.example", "ignores-gpc pushy-ads.example"]);
    const dnt = report.findings.find((f) => f.code === "ignores-dnt");
    expect(dnt?.evidence).toMatchObject({
      signal: "dnt",
      header: "DNT: 1",
      navigatorValues: ["1"],
    });
    expect(dnt?.evidence.requestsWithSignal).toBeGreaterThan(0);
    expect(((dnt?.evidence.cookies ?? []) as { name: string }[]).map((c) => c.name)).toEqual([
      "pa_uid",
    ]);
  });

  it("replays from the saved capture to the same privacy record and findings", async () => {
    const { buildReport } = await import("../../src/analyze/build-report.js");
    const again = buildReport(capture, {});
    expect(again.scan.privacy).toEqual(report.scan.privacy);
    expect(again.findings.map((f) => f.id).sort()).toEqual(report.findings.map((f) => f.id).sort());
  });
});

describe("scan without signals", () => {
  it("sends neither header and exposes no GPC property; no ignores-* findings", async () => {
    const { report } = await scan([WORKER_PAGE, "--consent", "none"]);
    const p = report.scan.privacy;
    expect(p?.dntRequests).toBe(0);
    expect(p?.gpcRequests).toBe(0);
    expect(p?.navigator).toEqual([{ doNotTrack: null, globalPrivacyControl: null, pages: 1 }]);
    expect(report.findings.filter((f) => f.code.startsWith("ignores-"))).toEqual([]);
    // No banner on this page, so nothing was ever consented to: the pixel tracked before consent.
    expect(p?.consent).toMatchObject({ action: "none", choiceMade: false });
    expect(report.findings.find((f) => f.code === "tracks-before-consent")?.party).toBe(
      "pushy-ads.example",
    );
  }, 60_000);
});

describe("scan --opt-out-cookie", () => {
  it("reports the vendor that ignores its own opt-out cookie, not the one that honours it", async () => {
    const { report } = await scan([
      OPTOUT_PAGE,
      "--opt-out-cookie",
      "pa_optout=1@pushy-ads.example",
      "--opt-out-cookie",
      "ca_optout=1@careful-ads.example",
    ]);
    expect(report.scan.privacy?.optOutCookies).toEqual([
      "pa_optout@pushy-ads.example",
      "ca_optout@careful-ads.example",
    ]);
    // Values stay out of the report.
    expect(JSON.stringify(report.scan.options)).not.toContain("pa_optout=1");
    const found = report.findings.filter((f) => f.code === "opt-out-not-honoured");
    expect(found.map((f) => f.party)).toEqual(["pushy-ads.example"]);
    expect(found[0]?.evidence).toMatchObject({ optOutCookie: "pa_optout@pushy-ads.example" });
    expect(found[0]?.evidence.requestsWithOptOut).toBeGreaterThan(0);
    expect(((found[0]?.evidence.cookies ?? []) as { name: string }[]).map((c) => c.name)).toEqual([
      "pa_uid",
    ]);
    // The careful vendor really received its opt-out cookie and answered without an id.
    const careful = server.received.filter((r) => r.host === "px.careful-ads.example");
    expect(careful.length).toBeGreaterThan(0);
    expect(careful.every((r) => /ca_optout=1/.test(String(r.headers.cookie)))).toBe(true);
    expect(report.cookies.some((c) => c.name === "ca_uid")).toBe(false);
  }, 60_000);
});
