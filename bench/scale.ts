// `npm run bench:scale`: the bench's generated sites as N one-page-or-more sites, processed by
// `scan --per-site` in one process and by 1, 2 and 3 workers draining the Redis queue, at the
// same total concurrency, in one run: pages/min and CPU-s/page of each; the queue's overhead
// (Redis commands, CPU and memory per job, pick-up latency of an idle worker); a worker
// SIGKILLed mid-run with every site reported exactly once; and the projection to 1 M pages.
// Runs the built CLI (bin/skimscan.js) as users do, against a redis-server it starts and stops.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Queue, QueueEvents } from "bullmq";
import { startFixtureServer } from "../src/fixture-internet/server.js";
import type { Report } from "../src/model/report.js";
import { jobId, QUEUE_NAME } from "../src/queue/site-queue.js";
import { type CliChild, descendants, doneSites, startCli } from "./cli-process.js";
import { generateSite } from "./generated-site.js";
import { reapedChildrenCpuSeconds } from "./process-cpu.js";
import { type RedisFigures, startBenchRedis } from "./redis-process.js";
import { projectScale } from "./scale-projection.js";

const { values: flags } = parseArgs({
  options: {
    sites: { type: "string", default: "60" },
    "max-pages": { type: "string", default: "1" },
    concurrency: { type: "string", default: "6" },
    dwell: { type: "string", default: "500" },
    timeout: { type: "string", default: "20000" },
    "kill-sites": { type: "string", default: "24" },
    pickups: { type: "string", default: "5" },
    "memory-jobs": { type: "string", default: "1000" },
    "redis-server": { type: "string", default: "/usr/bin/redis-server" },
    quick: { type: "boolean", default: false },
  },
});
const quick = flags.quick === true;
const SITES = quick ? 12 : Number(flags.sites);
const MAX_PAGES = Number(flags["max-pages"]);
const TOTAL = Number(flags.concurrency);
const KILL_SITES = quick ? 9 : Number(flags["kill-sites"]);
const PICKUPS = quick ? 2 : Number(flags.pickups);
const MEMORY_JOBS = quick ? 200 : Number(flags["memory-jobs"]);
const WORKER_COUNTS = [1, 2, 3].filter((w) => TOTAL % w === 0);
const LOCK_MS = 10_000;

const say = (m: string) => process.stderr.write(`[bench:scale] ${m}\n`);
const out = (s: string) => process.stdout.write(`${s}\n`);
const site = generateSite(Math.max(SITES, KILL_SITES) + MAX_PAGES * 3);
const server = await startFixtureServer({ handlers: site.handlers });
// The fixture server logs every request; in a long run that log would be the growing memory.
const trim = setInterval(() => {
  server.received.length = 0;
}, 1000);
const redis = await startBenchRedis(flags["redis-server"]);
const tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-scale-"));
const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });

const scanArgs = [
  ...["--host-rules", server.hostRules, "--insecure"],
  ...["--dwell", String(flags.dwell), "--timeout", String(flags.timeout)],
  ...["--max-pages", String(MAX_PAGES), "--depth", MAX_PAGES > 1 ? "1" : "0"],
];

async function sitesFile(name: string, urls: string[]): Promise<string> {
  const f = path.join(tmp, name);
  await writeFile(f, `${urls.join("\n")}\n`);
  return f;
}

async function mustSucceed(child: CliChild, what: string): Promise<string> {
  const r = await child.done;
  // 1 is a policy verdict (no allowlist: every party is unexpected), not a failure.
  if (r.code !== 0 && r.code !== 1) throw new Error(`${what} exited ${r.code}: ${r.stderr}`);
  return r.stderr;
}

/** Pages and failed pages in the reports of a directory. */
async function countPages(dir: string): Promise<{ sites: number; pages: number; failed: number }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json") && !f.startsWith("."));
  let pages = 0;
  let failed = 0;
  for (const f of files) {
    const r = JSON.parse(await readFile(path.join(dir, f), "utf8")) as Report;
    pages += r.scan.pages.length;
    failed += r.scan.pages.filter((p) => p.outcome === "failed").length;
  }
  return { sites: files.length, pages, failed };
}

interface Run {
  label: string;
  processes: number;
  each: number;
  sites: number;
  pages: number;
  failed: number;
  seconds: number;
  cpu: number;
  redisCpu: number;
  add?: RedisFigures;
  drain?: RedisFigures;
}

async function timed(
  label: string,
  processes: number,
  dir: string,
  work: () => Promise<unknown>,
): Promise<Run> {
  say(`${label}: ${SITES} sites, ${processes} process(es) × ${TOTAL / processes} at once…`);
  const cpu0 = reapedChildrenCpuSeconds();
  const r0 = await redis.info();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = reapedChildrenCpuSeconds() - cpu0;
  const redisCpu = (await redis.info()).cpuSeconds - r0.cpuSeconds;
  const counted = await countPages(dir);
  return { label, processes, each: TOTAL / processes, ...counted, seconds, cpu, redisCpu };
}

const diff = (a: RedisFigures, b: RedisFigures): RedisFigures => ({
  usedMemory: b.usedMemory - a.usedMemory,
  commands: b.commands - a.commands,
  cpuSeconds: b.cpuSeconds - a.cpuSeconds,
});

async function perSiteRun(file: string): Promise<Run> {
  const dir = path.join(tmp, "per-site");
  return timed("scan --per-site", 1, dir, () =>
    mustSucceed(
      startCli([
        ...["scan", "--urls-file", file, "--per-site", "--output-dir", dir],
        ...["--sites-at-once", String(TOTAL), "--quiet", ...scanArgs],
      ]),
      "scan --per-site",
    ),
  );
}

const workerArgs = (dir: string, each: number, name: string) => [
  ...["worker", "--redis", redis.url, "--out", dir, "--concurrency", String(each)],
  ...["--lock-duration", String(LOCK_MS), "--exit-when-drained", "--name", name],
];

async function queueRun(file: string, workers: number): Promise<Run> {
  const run = `w${workers}`;
  const dir = path.join(tmp, run);
  const before = await redis.info();
  await mustSucceed(
    startCli([
      "queue",
      "add",
      "--redis",
      redis.url,
      "--urls-file",
      file,
      "--run",
      run,
      ...scanArgs,
    ]),
    "queue add",
  );
  const added = await redis.info();
  const r = await timed(`${workers} worker(s)`, workers, dir, () =>
    Promise.all(
      Array.from({ length: workers }, (_, i) =>
        mustSucceed(startCli(workerArgs(dir, TOTAL / workers, `${run}-${i}`)), `worker ${i}`),
      ),
    ),
  );
  const drained = await redis.info();
  return { ...r, add: diff(before, added), drain: diff(added, drained) };
}

/** An idle worker's pick-up: time from a job's add to its start, and its processing time. */
async function pickups(): Promise<{ pickupMs: number[]; jobMs: number[] }> {
  say(`pick-up latency: ${PICKUPS} jobs added one at a time to an idle worker…`);
  const events = new QueueEvents(QUEUE_NAME, { connection: { url: redis.url } });
  await events.waitUntilReady();
  const w = startCli(["worker", "--redis", redis.url, "--out", path.join(tmp, "pickup")]);
  await Promise.race([w.waitFor(/at a time/), w.done]);
  const pickupMs: number[] = [];
  const jobMs: number[] = [];
  try {
    for (let i = 0; i < PICKUPS; i++) {
      const url = `${site.pages[i]}?pickup=${i}`;
      const file = await sitesFile(`pickup-${i}.txt`, [url]);
      const run = `pickup${i}`;
      const siteId = new URL(url).hostname;
      const id = jobId(run, siteId);
      const finished = new Promise<void>((resolve) => {
        const on = ({ jobId: done }: { jobId: string }) => {
          if (done !== id) return;
          events.off("completed", on);
          resolve();
        };
        events.on("completed", on);
      });
      await mustSucceed(
        startCli([
          "queue",
          "add",
          "--redis",
          redis.url,
          "--urls-file",
          file,
          "--run",
          run,
          ...scanArgs,
        ]),
        "queue add",
      );
      await finished;
      const job = await queue.getJob(id);
      if (!job?.processedOn || !job.finishedOn) throw new Error(`job ${id} has no times`);
      pickupMs.push(job.processedOn - job.timestamp);
      jobMs.push(job.finishedOn - job.processedOn);
    }
  } finally {
    w.kill("SIGTERM");
    await w.done;
    await events.close();
  }
  return { pickupMs, jobMs };
}

/** Redis memory per waiting job at a larger count than the runs', then the run drained again. */
async function memoryProbe(): Promise<{ perQueued: number; afterDrain: number }> {
  say(`Redis memory: ${MEMORY_JOBS} jobs queued at once…`);
  const urls = Array.from({ length: MEMORY_JOBS }, (_, i) => `${site.pages[0]}?m=${i}`);
  const file = await sitesFile("memory.txt", urls);
  const before = await redis.info();
  await mustSucceed(
    startCli([
      "queue",
      "add",
      "--redis",
      redis.url,
      "--urls-file",
      file,
      "--run",
      "mem",
      ...scanArgs,
    ]),
    "queue add",
  );
  const queued = await redis.info();
  await mustSucceed(
    startCli(["queue", "drain", "--redis", redis.url, "--run", "mem"]),
    "queue drain",
  );
  const drained = await redis.info();
  return {
    perQueued: (queued.usedMemory - before.usedMemory) / MEMORY_JOBS,
    afterDrain: drained.usedMemory - before.usedMemory,
  };
}

interface KillOutcome {
  sites: number;
  reports: number;
  doneBeforeKill: number;
  takenOver: number;
  doneLines: number;
  sitesDoneOnce: number;
  completed: number;
  failed: number;
  seconds: number;
}

/** Three workers drain the list; one is SIGKILLed after its second site; every site once? */
async function killRun(): Promise<KillOutcome> {
  say(`SIGKILL: ${KILL_SITES} sites, 3 workers, one killed after its second site…`);
  await queue.obliterate({ force: true });
  const urls = site.pages.slice(0, KILL_SITES).map((u) => `${u}?kill`);
  const file = await sitesFile("kill.txt", urls);
  await mustSucceed(
    startCli([
      "queue",
      "add",
      "--redis",
      redis.url,
      "--urls-file",
      file,
      "--run",
      "kill",
      ...scanArgs,
    ]),
    "queue add",
  );
  const dir = path.join(tmp, "kill");
  const each = Math.max(1, Math.floor(TOTAL / 3));
  const t0 = performance.now();
  const ws = [0, 1, 2].map((i) => startCli(workerArgs(dir, each, `kill-${i}`)));
  const victim = ws[0] as CliChild;
  // Two sites done by the victim: it is mid-run, holding its next jobs.
  await Promise.race([victim.waitFor(/(done \(exit \d+\)[\s\S]*){2}/), victim.done]);
  const orphans = descendants(victim.pid);
  victim.kill("SIGKILL");
  const killed = await victim.done;
  for (const pid of orphans) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone with its parent.
    }
  }
  const rest = await Promise.all(ws.slice(1).map((w) => mustSucceed(w, "worker")));
  const seconds = (performance.now() - t0) / 1000;
  const lines = [killed.stderr, ...rest].flatMap(doneSites);
  const counts = new Map<string, number>();
  for (const s of lines) counts.set(s, (counts.get(s) ?? 0) + 1);
  const jobs = await queue.getJobs(["completed"]);
  const failed = await queue.getJobs(["failed", "waiting", "active", "delayed"]);
  return {
    sites: KILL_SITES,
    reports: (await countPages(dir)).sites,
    doneBeforeKill: doneSites(killed.stderr).length,
    takenOver: jobs.filter((j) => (j.stalledCounter ?? 0) > 0).length,
    doneLines: lines.length,
    sitesDoneOnce: [...counts.values()].filter((n) => n === 1).length,
    completed: jobs.length,
    failed: failed.length,
    seconds,
  };
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const kib = (b: number) => `${(b / 1024).toFixed(2)} KiB`;
const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : 0;
};
const problems: string[] = [];
try {
  const file = await sitesFile("sites.txt", site.pages.slice(0, SITES));
  const runs: Run[] = [await perSiteRun(file)];
  for (const w of WORKER_COUNTS) runs.push(await queueRun(file, w));
  const pick = await pickups();
  const mem = await memoryProbe();
  const kill = await killRun();

  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  out(
    `skimscan scale bench — ${new Date().toISOString()} — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average at the end ${load}`,
  );
  out(
    `${SITES} sites of the generated benchmark site, --max-pages ${MAX_PAGES}, dwell ${flags.dwell} ms; total concurrency ${TOTAL} (sites at once, one browser each); CPU = the CLI processes and their Chromium`,
  );
  out("");
  out(
    "how                  procs × each  sites  pages  failed  seconds  pages/min  CPU-s/page  Redis CPU-s/page",
  );
  for (const r of runs) {
    out(
      `${r.label.padEnd(20)} ${`${r.processes} × ${r.each}`.padStart(12)} ${String(r.sites).padStart(6)} ${String(r.pages).padStart(6)} ${String(r.failed).padStart(7)} ${fmt(r.seconds).padStart(8)} ${fmt((r.pages / r.seconds) * 60).padStart(10)} ${fmt(r.cpu / r.pages, 2).padStart(11)} ${fmt(r.redisCpu / r.pages, 4).padStart(17)}`,
    );
    if (r.sites !== SITES) problems.push(`${r.label}: ${r.sites} reports of ${SITES}`);
  }
  const queued = runs.filter((r) => r.add && r.drain);
  const avg = (f: (r: Run) => number) => queued.reduce((a, r) => a + f(r), 0) / queued.length;
  const perSite = runs[0] as Run;
  const one = runs[1] as Run;
  out("");
  out("queue overhead per job (site):");
  out(
    `  Redis commands: ${fmt(avg((r) => (r.add as RedisFigures).commands / SITES))} to add, ${queued.map((r) => fmt((r.drain as RedisFigures).commands / SITES)).join(" / ")} to drain with ${queued.map((r) => r.processes).join(" / ")} worker(s) (polling included)`,
  );
  out(
    `  Redis CPU: ${queued.map((r) => `${fmt((r.redisCpu / SITES) * 1000, 2)} ms`).join(" / ")} per job`,
  );
  out(
    `  Redis memory: ${kib(avg((r) => (r.add as RedisFigures).usedMemory / SITES))} per waiting job (${SITES} jobs), ${kib(mem.perQueued)} per waiting job (${MEMORY_JOBS} jobs; ${kib(mem.afterDrain)} left after draining them); ${kib(avg((r) => ((r.add as RedisFigures).usedMemory + (r.drain as RedisFigures).usedMemory) / SITES))} per finished job kept`,
  );
  out(
    `  idle worker: add → pick-up median ${fmt(median(pick.pickupMs), 0)} ms (${pick.pickupMs.join(", ")}), one-page job ${fmt(median(pick.jobMs), 0)} ms median`,
  );
  out(
    `  1 worker vs scan --per-site at ${TOTAL} at once: ${fmt(((one.seconds - perSite.seconds) / SITES) * 1000, 0)} ms wall and ${fmt(((one.cpu - perSite.cpu) / SITES) * 1000, 0)} ms CPU per site more (negative: less)`,
  );
  out("");
  const once = kill.doneLines === kill.sites && kill.sitesDoneOnce === kill.sites;
  out(
    `SIGKILL: ${kill.sites} sites, 3 workers, one SIGKILLed after ${kill.doneBeforeKill} sites done: ${kill.reports} reports, ${kill.doneLines} "done" lines over ${kill.sitesDoneOnce} sites reported once, ${kill.takenOver} job(s) taken over after the lock lapsed, ${kill.completed} completed, ${kill.failed} not completed, ${fmt(kill.seconds)} s — ${once && kill.reports === kill.sites && kill.failed === 0 ? "every site reported exactly once" : "NOT every site exactly once"}`,
  );
  if (!once || kill.reports !== kill.sites || kill.failed !== 0)
    problems.push("SIGKILL run: not every site exactly once");

  const best = runs.reduce((a, r) => (r.pages / r.seconds > a.pages / a.seconds ? r : a));
  out("");
  out(
    `on paper, 1,000,000 pages from the best run here (${best.label}, ${fmt((best.pages / best.seconds) * 60)} pages/min, ${fmt(best.cpu / best.pages, 2)} CPU-s/page):`,
  );
  for (const pagesPerSite of [1, 20]) {
    const p = projectScale({
      pages: 1_000_000,
      pagesPerSite,
      pagesPerMinutePerMachine: (best.pages / best.seconds) * 60,
      cpuSecondsPerPage: best.cpu / best.pages,
      coresPerMachine: os.cpus().length,
      hours: 24,
      bytesPerQueuedJob: mem.perQueued,
      bytesPerFinishedJob: avg(
        (r) => ((r.add as RedisFigures).usedMemory + (r.drain as RedisFigures).usedMemory) / SITES,
      ),
      commandsPerJob: avg(
        (r) => ((r.add as RedisFigures).commands + (r.drain as RedisFigures).commands) / SITES,
      ),
    });
    out(
      `  ${pagesPerSite} page(s)/site: ${p.jobs} jobs; ${fmt(p.machineHours, 0)} machine-hours → ${p.machines} such machines for 24 h (${fmt(p.coreHours, 0)} core-hours of CPU → ${p.machinesByCpu} machines if every core were busy); Redis ${gib(p.redisBytesAllQueued)} with all jobs queued, ${gib(p.redisBytesAllFinished)} with all kept finished, ${fmt(p.redisCommandsPerSecond)} commands/s on average`,
    );
  }
  out(problems.length ? `PROBLEMS: ${problems.join("; ")}` : "all runs complete");
} finally {
  clearInterval(trim);
  await queue.close();
  await redis.stop();
  await server.close();
  await rm(tmp, { recursive: true, force: true });
}
process.exitCode = problems.length ? 1 : 0;
