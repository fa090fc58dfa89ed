// `npm run bench`: skimscan's crawl against a bare puppeteer baseline on the generated benchmark
// site, in one run: pages/min, peak RSS of the process tree, third-party host recall at
// concurrency 1, 2, 4; memory after 1,000 pages vs after 100; the capture's cost on the demo
// pages. Prints a table and the ratios, exits 1 when a target is missed.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PAGES } from "../src/cli/demo-command.js";
import { CaptureFileWriter } from "../src/crawl/capture-stream.js";
import { crawlSite } from "../src/crawl/crawl-site.js";
import { startFixtureServer } from "../src/fixture-internet/server.js";
import type { CapturedPage } from "../src/model/capture.js";
import { bareArgs, bareLoad } from "./bare-load.js";
import { BENCH_SITE, generateSite } from "./generated-site.js";
import { treeCpuSeconds } from "./process-cpu.js";
import { samplePeakRss } from "./process-memory.js";

const { values: flags } = parseArgs({
  options: {
    pages: { type: "string", default: "200" },
    "memory-pages": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "1,2,4" },
    dwell: { type: "string", default: "500" },
    timeout: { type: "string", default: "20000" },
    quick: { type: "boolean", default: false },
    "bare-all": { type: "boolean", default: false },
    "hooks-pages": { type: "string", default: "40" },
    "hooks-reps": { type: "string", default: "3" },
  },
});
const quick = flags.quick === true;
const PAGES = quick ? 16 : Number(flags.pages);
const MEMORY_PAGES = quick ? 60 : Number(flags["memory-pages"]);
const LEVELS = (quick ? "1,4" : String(flags.concurrency)).split(",").map(Number);
const DWELL = Number(flags.dwell);
const TIMEOUT = Number(flags.timeout);
const HOOK_PAGES = quick ? 10 : Number(flags["hooks-pages"]);
const HOOK_REPS = quick ? 2 : Number(flags["hooks-reps"]);
const TARGET = { speed: 0.8, recall: 1, memory: 1.25, hooksCpu: 1.05 };

const site = generateSite(Math.max(PAGES, MEMORY_PAGES));
const server = await startFixtureServer({ handlers: site.handlers });
const tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-bench-"));
const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);

interface Run {
  label: string;
  concurrency: number;
  pages: number;
  seconds: number;
  perMin: number;
  peakMiB: number;
  recall?: number;
  failed: number;
}

function thirdPartyHosts(page: CapturedPage): Set<string> {
  const hosts = new Set<string>();
  for (const r of page.requests)
    for (const u of [...r.redirects.map((h) => h.url), r.url]) {
      const h = URL.canParse(u) ? new URL(u).hostname : "";
      if (h && h !== BENCH_SITE) hosts.add(h);
    }
  return hosts;
}

/** skimscan's crawl as the CLI runs it: pages streamed to a JSONL file, recall counted per page. */
async function skimscan(
  urls: string[],
  concurrency: number,
  onCount?: (n: number) => void,
  behaviourHooks = true,
) {
  let found = 0;
  let expected = 0;
  let done = 0;
  let failed = 0;
  const file = new CaptureFileWriter(path.join(tmp, `c${concurrency}-${urls.length}.jsonl`));
  const sink = {
    header: file.header.bind(file),
    footer: file.footer.bind(file),
    page: async (p: CapturedPage) => {
      const truth = site.truth.get(p.url);
      if (truth) {
        const got = thirdPartyHosts(p);
        expected += truth.length;
        found += truth.filter((h) => got.has(h)).length;
      }
      if (p.outcome === "failed") failed++;
      // The fixture server logs every request it answers; in a long run that log would be the
      // growing memory, not the crawl.
      server.received.length = 0;
      await file.page(p);
      onCount?.(++done);
    },
  };
  await crawlSite(
    {
      startUrls: urls,
      maxPages: urls.length,
      maxDepth: 0,
      concurrency,
      session: "shared",
      blockThirdPartyCookies: false,
      hostRules: server.hostRules,
      insecure: true,
      timeoutMs: TIMEOUT,
      dwellMs: DWELL,
      maxBodyBytes: 64 * 1024,
      behaviourHooks,
    },
    sink,
  );
  return { recall: expected ? found / expected : 1, failed };
}

async function measure(
  label: string,
  concurrency: number,
  n: number,
  work: () => Promise<{ recall?: number; failed: number }>,
): Promise<Run> {
  say(`${label} at concurrency ${concurrency}: ${n} pages…`);
  const sampler = samplePeakRss();
  const t0 = performance.now();
  const r = await work();
  const seconds = (performance.now() - t0) / 1000;
  const peak = sampler.stop();
  return {
    label,
    concurrency,
    pages: n,
    seconds,
    perMin: (n / seconds) * 60,
    peakMiB: peak / 2 ** 20,
    failed: r.failed,
    ...(r.recall !== undefined ? { recall: r.recall } : {}),
  };
}

const runs: Run[] = [];
const misses: string[] = [];
try {
  const urls = site.pages.slice(0, PAGES);
  const top = Math.max(...LEVELS);
  for (const c of LEVELS) {
    runs.push(await measure("skimscan", c, urls.length, () => skimscan(urls, c)));
    // The baseline at the judged concurrency; at every level with --bare-all.
    if (c !== top && !flags["bare-all"]) continue;
    runs.push(
      await measure("bare", c, urls.length, () =>
        bareLoad({
          urls,
          concurrency: c,
          dwellMs: DWELL,
          timeoutMs: TIMEOUT,
          hostRules: server.hostRules,
          onPage: () => {
            server.received.length = 0;
          },
        }),
      ),
    );
  }

  // Memory: one long crawl, peak RSS up to page N/10 and up to the end.
  const memUrls = site.pages.slice(0, MEMORY_PAGES);
  // After 100 of 1,000 pages; never before the lanes have warmed up in small runs.
  const marker = Math.max(Math.floor(MEMORY_PAGES / 10), Math.min(20, MEMORY_PAGES));
  const memC = Math.max(...LEVELS);
  say(
    `memory: ${MEMORY_PAGES} pages at concurrency ${memC}, peak after ${marker} and after ${MEMORY_PAGES}…`,
  );
  const sampler = samplePeakRss();
  let atMarker = 0;
  const mem = await skimscan(memUrls, memC, (n) => {
    if (n === marker) atMarker = sampler.peak();
  });
  const atEnd = sampler.stop();

  // The behaviour hooks' price: the same pages, hooks on and off in turn at the same concurrency,
  // CPU seconds of the whole process tree (the browser is closed, so reaped, inside each crawl).
  const hookUrls = site.pages.slice(0, HOOK_PAGES);
  const hookC = Math.max(...LEVELS);
  const hookRuns: { hooks: boolean; seconds: number; cpu: number }[] = [];
  for (let rep = 0; rep < HOOK_REPS; rep++) {
    for (const hooks of rep % 2 === 0 ? [true, false] : [false, true]) {
      say(
        `hooks ${hooks ? "on" : "off"}, repetition ${rep + 1}: ${hookUrls.length} pages at ${hookC}…`,
      );
      const cpu0 = treeCpuSeconds();
      const t0 = performance.now();
      await skimscan(hookUrls, hookC, undefined, hooks);
      hookRuns.push({
        hooks,
        seconds: (performance.now() - t0) / 1000,
        cpu: treeCpuSeconds() - cpu0,
      });
    }
  }
  const hookAvg = (on: boolean) => {
    const rs = hookRuns.filter((r) => r.hooks === on);
    const pages = rs.length * hookUrls.length;
    return {
      perMin: (pages / rs.reduce((a, r) => a + r.seconds, 0)) * 60,
      cpuPerPage: rs.reduce((a, r) => a + r.cpu, 0) / pages,
    };
  };

  // Issue 2's figure: what the capture costs on the demo's real-world-like pages.
  const demoServer = await startFixtureServer();
  const demoCost = async (label: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    return { label, msPerPage: (performance.now() - t0) / DEMO_PAGES.length };
  };
  const demoBase = {
    concurrency: 1,
    dwellMs: DWELL,
    timeoutMs: TIMEOUT,
    hostRules: demoServer.hostRules,
  };
  const demoBare = await demoCost("bare", () => bareLoad({ urls: DEMO_PAGES, ...demoBase }));
  const demoSkim = await demoCost("skimscan", async () => {
    const sink = new CaptureFileWriter(path.join(tmp, "demo.jsonl"));
    await crawlSite(
      {
        startUrls: DEMO_PAGES,
        maxPages: DEMO_PAGES.length,
        maxDepth: 0,
        concurrency: 1,
        session: "shared",
        blockThirdPartyCookies: false,
        hostRules: demoServer.hostRules,
        insecure: true,
        timeoutMs: TIMEOUT,
        dwellMs: DWELL,
        maxBodyBytes: 64 * 1024,
      },
      sink,
    );
  });
  await demoServer.close();

  // The report.
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(
    `skimscan bench — ${new Date().toISOString()} — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  out(`both sides: Chromium flags ${bareArgs("MAP * 127.0.0.1:PORT").join(" ")}`);
  out(
    `both sides: wait = load, network quiet 500 ms, scroll, dwell ${DWELL} ms, quiet 500 ms, about:blank; one context per lane; timeout ${TIMEOUT} ms`,
  );
  out("");
  out("side      conc  pages  seconds  pages/min  peak RSS MiB  recall  failed");
  for (const r of runs) {
    out(
      `${r.label.padEnd(9)} ${String(r.concurrency).padStart(4)} ${String(r.pages).padStart(6)} ${r.seconds.toFixed(1).padStart(8)} ${r.perMin.toFixed(1).padStart(10)} ${r.peakMiB.toFixed(0).padStart(13)} ${(r.recall === undefined ? "-" : r.recall.toFixed(3)).padStart(7)} ${String(r.failed).padStart(7)}`,
    );
  }
  out("");
  for (const c of LEVELS) {
    const s = runs.find((r) => r.label === "skimscan" && r.concurrency === c) as Run;
    const b = runs.find((r) => r.label === "bare" && r.concurrency === c);
    if (!b) {
      out(
        `concurrency ${c}: recall ${s.recall?.toFixed(3)} (no baseline at this level; --bare-all)`,
      );
      continue;
    }
    const ratio = s.perMin / b.perMin;
    out(
      `concurrency ${c}: skimscan/bare pages/min = ${ratio.toFixed(2)}, recall ${s.recall?.toFixed(3)}`,
    );
    if (c === memC) {
      if (ratio < TARGET.speed)
        misses.push(`speed ${ratio.toFixed(2)} < ${TARGET.speed} at concurrency ${c}`);
      if ((s.recall ?? 0) < TARGET.recall)
        misses.push(`recall ${s.recall?.toFixed(3)} < 1 at concurrency ${c}`);
    }
  }
  const memRatio = atEnd / atMarker;
  out(
    `memory: peak ${(atMarker / 2 ** 20).toFixed(0)} MiB after ${marker} pages, ${(atEnd / 2 ** 20).toFixed(0)} MiB after ${MEMORY_PAGES} (ratio ${memRatio.toFixed(2)}; recall ${mem.recall.toFixed(3)}, failed ${mem.failed})`,
  );
  if (memRatio > TARGET.memory)
    misses.push(`memory ratio ${memRatio.toFixed(2)} > ${TARGET.memory}`);
  out(
    `capture cost on the ${DEMO_PAGES.length} demo pages (concurrency 1): bare ${demoBare.msPerPage.toFixed(0)} ms/page, skimscan ${demoSkim.msPerPage.toFixed(0)} ms/page (×${(demoSkim.msPerPage / demoBare.msPerPage).toFixed(2)})`,
  );
  const on = hookAvg(true);
  const off = hookAvg(false);
  const cpuRatio = on.cpuPerPage / off.cpuPerPage;
  out(
    `behaviour hooks (${hookUrls.length} pages × ${HOOK_REPS} repetitions each, concurrency ${hookC}, every fifth page probes): on ${on.perMin.toFixed(1)} pages/min, ${on.cpuPerPage.toFixed(3)} CPU-s/page; off ${off.perMin.toFixed(1)} pages/min, ${off.cpuPerPage.toFixed(3)} CPU-s/page (CPU ×${cpuRatio.toFixed(3)}, pages/min ×${(on.perMin / off.perMin).toFixed(3)})`,
  );
  if (cpuRatio > TARGET.hooksCpu)
    misses.push(`hooks CPU ratio ${cpuRatio.toFixed(3)} > ${TARGET.hooksCpu}`);
  out(misses.length ? `TARGETS MISSED: ${misses.join("; ")}` : "all targets met");
} finally {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
}
process.exitCode = misses.length ? 1 : 0;
