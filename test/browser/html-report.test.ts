// The HTML report opened from a file in real Chromium: hostile strings from a scanned site run
// nothing and load nothing, render as text, the CSP admits exactly our own style and script, the
// page filters with JavaScript and reads without it, and a screenshot shows a real page.
// The JUnit XML is parsed back here too, by Chromium's DOMParser.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/crawl/find-browser.js";
import type { Report } from "../../src/model/report.js";
import { renderHtml } from "../../src/report/render-html.js";
import { renderJunit } from "../../src/report/render-junit.js";
import { loadReport } from "../fixtures/reports/load-report.js";

let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-html-"));
  const executablePath = findBrowser().path;
  if (!executablePath) throw new Error("no Chromium found for the HTML report test");
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  url: string;
  dialogs: string[];
  requests: string[];
  cdpRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** Opens a report file with every way out watched: dialogs, requests (intercepted and CDP), errors. */
async function open(report: Report, name: string, javascript = true): Promise<Opened> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, renderHtml(report));
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(javascript);
  const opened: Opened = {
    page,
    url,
    dialogs: [],
    requests: [],
    cdpRequests: [],
    consoleErrors: [],
    pageErrors: [],
  };
  page.on("dialog", (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (m.type() === "error") opened.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => opened.pageErrors.push(String(e)));
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (e) => opened.cdpRequests.push(e.request.url));
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    opened.requests.push(req.url());
    if (req.url() === url) void req.continue();
    else void req.abort("blockedbyclient");
  });
  await page.goto(url, { waitUntil: "load" });
  return opened;
}

/** Distinct colours and share of non-background pixels of a PNG, measured by Chromium's decoder. */
async function pixelStats(png: Uint8Array): Promise<{ colours: number; inked: number }> {
  const page = await browser.newPage();
  try {
    const dataUrl = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
    return await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set<number>();
      let inked = 0;
      const bg = (data[0] ?? 0) * 65536 + (data[1] ?? 0) * 256 + (data[2] ?? 0);
      for (let i = 0; i < data.length; i += 4) {
        const c = (data[i] ?? 0) * 65536 + (data[i + 1] ?? 0) * 256 + (data[i + 2] ?? 0);
        colours.add(c);
        if (c !== bg) inked++;
      }
      return { colours: colours.size, inked: inked / (data.length / 4) };
    }, dataUrl);
  } finally {
    await page.close();
  }
}

const HOSTILE_TEXTS = [
  "<script>alert(3)</script>",
  "</script><script>alert(4)</script>",
  '"><img src=x onerror=alert(5)>',
  "<svg onload=alert(6)>",
  "<!--",
  '"><img src=x onerror=alert(9)>.example',
];

describe("HTML report in Chromium", () => {
  it("runs nothing, loads nothing and shows hostile strings as text", async () => {
    const hostile = loadReport("hostile-report");
    const o = await open(hostile, "hostile");
    try {
      expect(o.dialogs).toEqual([]);
      expect(o.pageErrors).toEqual([]);
      expect(o.requests).toEqual([o.url]);
      expect(o.cdpRequests).toEqual([o.url]);
      // A CSP violation (our own style or script refused) would be logged as a console error.
      expect(o.consoleErrors).toEqual([]);
      const dom = await o.page.evaluate(() => ({
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
        text: document.body.innerText,
        imgs: document.querySelectorAll("img").length,
        scripts: Array.from(document.scripts).map((s) => s.type || "classic"),
        handlers: Array.from(document.querySelectorAll("*")).filter((el) =>
          Array.from(el.attributes).some((a) => a.name.startsWith("on")),
        ).length,
        svgs: document.querySelectorAll("svg").length,
        rogueNodes: document.querySelectorAll("svg .node-party.status-rogue").length,
        rogueEdges: document.querySelectorAll("svg .edge-rogue").length,
        filtersShown: !(document.getElementById("filters") as HTMLElement).hidden,
      }));
      expect(dom.imgs).toBe(0);
      expect(dom.handlers).toBe(0);
      expect(dom.scripts).toEqual(["application/json", "classic"]);
      expect(dom.svgs).toBe(1);
      expect(dom.rogueNodes).toBe(2);
      expect(dom.rogueEdges).toBeGreaterThan(0);
      expect(dom.filtersShown).toBe(true);
      for (const s of HOSTILE_TEXTS) expect(dom.text, s).toContain(s);
      expect(dom.text).not.toContain("\u001b");
      expect(dom.text).not.toContain("\u202e");
      expect(dom.text).toContain("PWNED");
      // The embedded JSON survives `</script>`, `<!--` and U+2028 intact.
      const embedded = await o.page.$eval("#skimscan-report", (el) => el.textContent ?? "");
      expect(JSON.parse(embedded)).toEqual(hostile);
    } finally {
      await o.page.close();
    }
  });

  it("filters parties by status and host with JavaScript", async () => {
    const demo = loadReport("dailybugle-report");
    const o = await open(demo, "demo");
    try {
      const visibleRows = () =>
        o.page.$$eval("#party-table tbody tr", (rows) =>
          rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.getAttribute("data-status")),
        );
      expect((await visibleRows()).length).toBe(demo.parties.length);
      await o.page.type("#host-search", "audiencenet");
      expect(await visibleRows()).toEqual(["authorized"]);
      await o.page.$eval("#host-search", (el) => {
        (el as HTMLInputElement).value = "";
      });
      await o.page.click('input[name=status][value="authorized"]');
      const rows = await visibleRows();
      expect(rows.length).toBe(demo.summary.rogue);
      expect(new Set(rows)).toEqual(new Set(["rogue"]));
      const hiddenSections = await o.page.$$eval("details.party", (els) =>
        els.filter((e) => (e as HTMLElement).hidden).map((e) => e.getAttribute("data-status")),
      );
      expect(hiddenSections.length).toBe(demo.parties.length - demo.summary.rogue);
      expect(o.consoleErrors).toEqual([]);
      expect(o.requests).toEqual([o.url]);
    } finally {
      await o.page.close();
    }
  });

  it("is complete without JavaScript", async () => {
    const demo = loadReport("dailybugle-report");
    const o = await open(demo, "demo-nojs", false);
    try {
      const dom = await o.page.evaluate(() => ({
        rows: document.querySelectorAll("#party-table tbody tr").length,
        filtersHidden: (document.getElementById("filters") as HTMLElement).hidden,
        openRogue: document.querySelectorAll("details.party.status-rogue[open]").length,
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
        text: document.body.innerText,
      }));
      expect(dom.rows).toBe(demo.parties.length);
      expect(dom.filtersHidden).toBe(true);
      expect(dom.openRogue).toBe(demo.summary.rogue);
      expect(dom.text).toContain("dbk_match");
      expect(dom.text).toContain("id-sync");
      expect(dom.text).toContain("net::ERR_CONNECTION_RESET");
    } finally {
      await o.page.close();
    }
  });

  it("renders a non-blank page", async () => {
    const o = await open(loadReport("dailybugle-report"), "demo-shot");
    try {
      await o.page.setViewport({ width: 1280, height: 1600 });
      const png = await o.page.screenshot({ type: "png", fullPage: false });
      if (process.env.SKIMSCAN_SCREENSHOT) writeFileSync(process.env.SKIMSCAN_SCREENSHOT, png);
      const stats = await pixelStats(png);
      expect(stats.colours).toBeGreaterThan(50);
      expect(stats.inked).toBeGreaterThan(0.03);
    } finally {
      await o.page.close();
    }
  });
});

describe("JUnit XML parsed by Chromium", () => {
  it.each(["dailybugle-report", "hostile-report"] as const)(
    "%s is well-formed with a case per page",
    async (name) => {
      const report = loadReport(name);
      const xml = renderJunit(report);
      const page = await browser.newPage();
      try {
        const parsed = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, "application/xml");
          const error = doc.querySelector("parsererror")?.textContent ?? null;
          const suite = doc.querySelector("testsuite");
          return {
            error,
            tests: suite?.getAttribute("tests"),
            failures: suite?.getAttribute("failures"),
            errors: suite?.getAttribute("errors"),
            cases: Array.from(doc.querySelectorAll("testcase")).map((c) => ({
              name: c.getAttribute("name"),
              failure: c.querySelector("failure")?.getAttribute("message") ?? null,
              error: c.querySelector("error")?.getAttribute("message") ?? null,
            })),
          };
        }, xml);
        expect(parsed.error).toBeNull();
        expect(parsed.tests).toBe(String(report.scan.pages.length));
        expect(parsed.cases.map((c) => c.name)).toEqual(report.scan.pages.map((p) => p.url));
        expect(Number(parsed.failures)).toBe(parsed.cases.filter((c) => c.failure !== null).length);
        expect(Number(parsed.errors)).toBe(parsed.cases.filter((c) => c.error !== null).length);
        expect(parsed.cases.filter((c) => c.error !== null).length).toBe(
          report.scan.pages.filter((p) => p.outcome === "failed").length,
        );
      } finally {
        await page.close();
      }
    },
  );
});
