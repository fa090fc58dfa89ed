// `skimscan collect` fed by real Chromium: pages of the fixture internet enforce a policy that
// reports through report-uri (application/csp-report) and through the Reporting API
// (application/reports+json, CORS preflight included); the collector stores both, judged against
// the allowlist, in SQLite and in PostgreSQL (a cluster started here), and `collect report` agrees
// with the stored rows.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredReport } from "../../src/collect/judge-report.js";
import { type Collector, startCollector } from "../../src/collect/server.js";
import { openStore, type ReportStore } from "../../src/collect/store.js";
import { summarize } from "../../src/collect/summarize.js";
import { loadAllowlist } from "../../src/config/allowlist.js";
import { findBrowser } from "../../src/crawl/find-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";

const SITE = "www.reported-news.example";
/** The collector behind an HTTPS reverse proxy, as it would be deployed (Reporting API endpoints
 * must be secure); report-uri posts go to it directly over http://localhost. */
const PROXY = "reports.reported-news.example";
let server: FixtureServer;
let browser: Browser;
let pg: TestPostgres;
let dir: string;
/** The collector the fixture pages report to, swapped per store under test. */
let collectorPort = 0;
const preflights: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-collect-"));
  server = await startFixtureServer({
    handlers: {
      [PROXY]: async (req, res, body) => {
        if (req.method === "OPTIONS") preflights.push(String(req.headers.origin));
        const answer = await fetch(`http://127.0.0.1:${collectorPort}${req.url}`, {
          method: req.method ?? "GET",
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              ([k]) => !["host", "connection", "content-length"].includes(k),
            ),
          ) as Record<string, string>,
          ...(req.method === "POST" ? { body: body.toString("utf8") } : {}),
        });
        const headers: Record<string, string> = {};
        answer.headers.forEach((v, k) => {
          headers[k] = v;
        });
        res.writeHead(answer.status, headers);
        res.end(Buffer.from(await answer.arrayBuffer()));
        return true;
      },
      [SITE]: (req, res) => {
        const endpoint = `http://localhost:${collectorPort}`;
        const url = new URL(req.url ?? "/", `https://${SITE}`);
        const pixels = `<img src="https://pixel.trackwell.example/t.gif?uid=visitor-42">
          <img src="https://collect.metricsly.example/p.gif?tid=MT-1">`;
        const headers: Record<string, string> = { "Content-Type": "text/html; charset=utf-8" };
        if (url.pathname === "/uri") {
          headers["Content-Security-Policy"] = `default-src 'self'; report-uri ${endpoint}/csp`;
        } else if (url.pathname === "/api") {
          headers["Content-Security-Policy"] = "default-src 'self'; report-to skimscan";
          headers["Reporting-Endpoints"] = `skimscan="https://${PROXY}/reports"`;
        } else return false;
        res.writeHead(200, headers);
        res.end(`<!doctype html><title>reported</title><p>news</p>${pixels}`);
        return true;
      },
    },
  });
  const found = findBrowser();
  browser = await puppeteer.launch({
    executablePath: found.path as string,
    headless: true,
    args: [
      `--host-resolver-rules=MAP * 127.0.0.1:${server.port}, EXCLUDE localhost`,
      "--ignore-certificate-errors",
      "--short-reporting-delay",
      "--disable-background-networking",
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    ],
  });
  pg = await startPostgres();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once the collector has stored rows matching `want`. */
function storedWhere(
  stored: StoredReport[],
  listeners: Array<() => void>,
  want: (rows: StoredReport[]) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (want(stored)) resolve();
    };
    listeners.push(check);
    check();
  });
}

async function runAgainst(
  store: ReportStore,
): Promise<{ collector: Collector; stored: StoredReport[] }> {
  const { allowlist } = await loadAllowlist(
    path.join(FIXTURES_DIR, "allowlists", "dailybugle.yaml"),
  );
  const stored: StoredReport[] = [];
  const listeners: Array<() => void> = [];
  const collector = await startCollector({
    port: 0,
    host: "127.0.0.1",
    store,
    allowlist,
    keepQuery: false,
    maxBodyBytes: 64 * 1024,
    ratePerMinute: 1000,
    onStored: (rows) => {
      stored.push(...rows);
      for (const l of listeners) l();
    },
  });
  collectorPort = collector.port;
  const tab = await browser.newPage();
  const both = storedWhere(stored, listeners, (rows) =>
    ["report-uri", "reporting-api"].every((m) => rows.filter((r) => r.mechanism === m).length >= 2),
  );
  await tab.goto(`https://${SITE}/uri`);
  await tab.goto(`https://${SITE}/api`);
  await both;
  await tab.close();
  return { collector, stored };
}

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`collect into ${kind}`, () => {
    let store: ReportStore;
    let stored: StoredReport[];
    let collector: Collector;
    beforeAll(async () => {
      store = await openStore(kind === "sqlite" ? path.join(dir, "reports.db") : pg.url, {
        writer: true,
      });
      ({ collector, stored } = await runAgainst(store));
    }, 120_000);
    afterAll(async () => {
      await collector?.close();
    });

    it("stores both mechanisms' reports, judged, without query strings", async () => {
      const rows = await store.reports();
      expect(rows.length).toBe(stored.length);
      for (const mechanism of ["report-uri", "reporting-api"]) {
        const mine = rows.filter((r) => r.mechanism === mechanism);
        const trackwell = mine.find((r) => r.blockedHost === "pixel.trackwell.example");
        expect(trackwell, mechanism).toMatchObject({
          party: "trackwell.example",
          verdict: "rogue",
          directive: "img-src",
          disposition: "enforce",
          blockedUrl: "https://pixel.trackwell.example/t.gif",
          uaFamily: "Chrome",
        });
        expect(mine.find((r) => r.blockedHost === "collect.metricsly.example")?.verdict).toBe(
          "authorized",
        );
      }
      expect(rows.every((r) => !r.blockedUrl.includes("visitor-42"))).toBe(true);
    });

    it("collect report agrees with the stored rows", async () => {
      const rows = await store.reports();
      const summary = summarize(rows, await store.rejections());
      expect(summary.reports).toBe(rows.length);
      const rogue = summary.rogue.find((h) => h.host === "pixel.trackwell.example");
      expect(rogue?.reports).toBe(
        rows.filter((r) => r.blockedHost === "pixel.trackwell.example").length,
      );
      expect(rogue?.pages.sort()).toEqual([`https://${SITE}/api`, `https://${SITE}/uri`]);
      expect(summary.blockedAuthorized.map((h) => h.host)).toEqual(["collect.metricsly.example"]);
    });
  });
}

describe("the Reporting API's CORS preflight", () => {
  it("is answered so a cross-origin batch is allowed", async () => {
    const store = await openStore(path.join(dir, "cors.db"), { writer: true });
    const collector = await startCollector({
      port: 0,
      host: "127.0.0.1",
      store,
      keepQuery: false,
      maxBodyBytes: 65536,
      ratePerMinute: 100,
    });
    const res = await fetch(collector.url, {
      method: "OPTIONS",
      headers: {
        Origin: `https://${SITE}`,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "content-type",
    );
    await collector.close();
    // Chromium itself preflighted its Reporting API uploads to the (cross-origin) endpoint.
    expect(preflights).toContain(`https://${SITE}`);
  });
});
