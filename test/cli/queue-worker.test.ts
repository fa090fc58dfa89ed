// The Redis work queue with real redis-server and real Chromium: add → two workers → every site's
// report exactly once; idempotent re-add; bad flags queue nothing; SIGKILL of a worker mid-site →
// the site completes in another worker; SIGTERM → exit 130 with the job handed back; --rate holds
// across two workers at the fixture server; an unreachable Redis is exit 3 naming the URL.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { QUEUE_NAME } from "../../src/queue/site-queue.js";
import { type RedisServer, startRedis } from "../helpers/redis-server.js";
import { runCli } from "../helpers/run-cli.js";

let server: FixtureServer;
let redis: RedisServer;
let tmp: string;
/** Arrival times of page loads at the hand-served hosts, by host. */
const arrivals = new Map<string, number[]>();
/** How long the hand-served "slow" host takes to answer its page. */
const SLOW_MS = 6000;

function page(host: string, delayMs = 0) {
  return (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    if (!req.url?.startsWith("/?") && req.url !== "/") return false;
    const list = arrivals.get(host) ?? [];
    list.push(Date.now());
    arrivals.set(host, list);
    setTimeout(() => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><title>${host}</title><img src="https://px.pixelvendor.test/px.gif?h=${host}">`,
      );
    }, delayMs);
    return true;
  };
}

beforeAll(async () => {
  server = await startFixtureServer({
    handlers: {
      "www.slow-site.test": page("www.slow-site.test", SLOW_MS),
      "www.rate-site.test": page("www.rate-site.test"),
    },
  });
  redis = await startRedis();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-queue-"));
});
afterAll(async () => {
  killOrphanBrowsers();
  await redis?.stop();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  // Every test starts from an empty queue (same Redis).
  const q = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
  await q.obliterate({ force: true });
  await q.close();
});

/**
 * A SIGKILLed worker cannot close its Chromium: find the browsers pointed at this test's fixture
 * server (its port is in their --host-resolver-rules) and end them by pid.
 */
function killOrphanBrowsers(): void {
  if (!server) return;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmd.includes(`--host-resolver-rules=MAP * 127.0.0.1:${server.port}`)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  }
}

const net = () => ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
const sitesFile = async (name: string, urls: string[]) => {
  const f = path.join(tmp, name);
  await writeFile(f, `${urls.join("\n")}\n`);
  return f;
};
const add = (file: string, extra: string[] = []) =>
  runCli(["queue", "add", "--redis", redis.url, "--urls-file", file, ...extra, ...net()]);
const worker = (out: string, extra: string[] = [], opts: Parameters<typeof runCli>[1] = {}) =>
  runCli(["worker", "--redis", redis.url, "--out", out, ...extra], { timeoutMs: 120_000, ...opts });
const status = async () =>
  JSON.parse(
    (await runCli(["queue", "status", "--redis", redis.url, "--format", "json"])).stdout,
  ) as { counts: Record<string, number>; failed: { siteId: string; reason: string }[] };

describe("queue and workers", () => {
  it("add → two workers → every site's report once; re-adding adds nothing", async () => {
    const file = await sitesFile("four.txt", [
      "https://www.quiet-gazette.example/",
      "https://www.crawl-news.test/",
      "https://www.localherald.example/",
      "https://www.piggyback-news.example/",
    ]);
    const added = await add(file, ["--run", "r1"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/4 sites queued/);
    const again = await add(file, ["--run", "r1"]);
    expect(again.stderr).toMatch(/0 sites queued, 4 already there/);
    expect((await status()).counts.waiting).toBe(4);

    const out = path.join(tmp, "two-workers");
    const [a, b] = await Promise.all([
      worker(out, ["--exit-when-drained", "--name", "A"]),
      worker(out, ["--exit-when-drained", "--name", "B"]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toEqual([
      "www.crawl-news.test.capture.jsonl",
      "www.crawl-news.test.json",
      "www.localherald.example.capture.jsonl",
      "www.localherald.example.json",
      "www.piggyback-news.example.capture.jsonl",
      "www.piggyback-news.example.json",
      "www.quiet-gazette.example.capture.jsonl",
      "www.quiet-gazette.example.json",
    ]);
    const done = `${a.stderr}\n${b.stderr}`.match(/: done \(exit \d\)/g) ?? [];
    expect(done).toHaveLength(4);
    const report = JSON.parse(
      await readFile(path.join(out, "www.quiet-gazette.example.json"), "utf8"),
    ) as Report;
    expect(report.scan.startUrls).toEqual(["https://www.quiet-gazette.example/"]);
    expect(report.scan.pages[0]?.outcome).toBe("ok");
    expect((await status()).counts.completed).toBe(4);
    // A third add of the finished run still adds nothing: the ids are the run's and the sites'.
    expect((await add(file, ["--run", "r1"])).stderr).toMatch(/0 sites queued/);
    // The dataset over the worker's directory.
    const ds = await runCli(["dataset", out, "--out", path.join(tmp, "ds")]);
    expect(ds.code, ds.stderr).toBe(0);
    const sites = await readFile(path.join(tmp, "ds", "sites.csv"), "utf8");
    expect(sites.trim().split("\n")).toHaveLength(5);
  });

  it("a bad flag or file queues nothing (exit 2); a job cannot carry worker flags", async () => {
    const file = await sitesFile("one.txt", ["https://www.quiet-gazette.example/"]);
    const bad = await add(file, ["--max-pages", "zero"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-pages/);
    const missing = await add(file, ["--allowlist", path.join(tmp, "nope.yaml")]);
    expect(missing.code).toBe(2);
    const stray = await add(file, ["https://stray.example/"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/unexpected argument/);
    const out = await add(file, ["--save-capture", "x.jsonl"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--save-capture is not a job's flag/);
    expect((await status()).counts.waiting).toBe(0);
  });

  it("an allowlist travels by content: the worker judges with it though the file is gone", async () => {
    const allowlist = path.join(tmp, "carry.yaml");
    await writeFile(allowlist, "authorized:\n  - pixelvendor.test\n");
    const file = await sitesFile("carry.txt", ["https://www.rate-site.test/?carry"]);
    expect((await add(file, ["--allowlist", allowlist])).code).toBe(0);
    await rm(allowlist);
    const out = path.join(tmp, "carry");
    const w = await worker(out, ["--exit-when-drained"]);
    expect(w.code, w.stderr).toBe(0);
    const report = JSON.parse(
      await readFile(path.join(out, "www.rate-site.test.json"), "utf8"),
    ) as Report;
    expect(report.parties.find((p) => p.domain === "pixelvendor.test")?.status).toBe("authorized");
  });

  it("SIGKILL of a worker mid-site: another worker takes the site over and writes it once", async () => {
    const file = await sitesFile("kill.txt", ["https://www.slow-site.test/"]);
    expect((await add(file, ["--timeout", "20000"])).code).toBe(0);
    const out = path.join(tmp, "kill");
    const since = server.received.length;
    const killed = await worker(out, ["--lock-duration", "2000", "--name", "victim"], {
      interrupt: {
        when: server.waitForRequest((r) => r.host === "www.slow-site.test", { since }),
        signal: "SIGKILL",
      },
    });
    expect(killed.signal).toBe("SIGKILL");
    expect((await readdir(out)).filter((f) => f.endsWith(".json"))).toEqual([]);
    const rescuer = await worker(out, [
      "--lock-duration",
      "2000",
      "--exit-when-drained",
      "--name",
      "rescuer",
    ]);
    expect(rescuer.code, rescuer.stderr).toBe(0);
    expect(rescuer.stderr).toMatch(/www\.slow-site\.test: done/);
    expect((await readdir(out)).filter((f) => !f.startsWith(".")).sort()).toEqual([
      "www.slow-site.test.capture.jsonl",
      "www.slow-site.test.json",
    ]);
    // The page was loaded twice: by the killed worker, then by the one that took the job over.
    const loads = server.received
      .slice(since)
      .filter((r) => r.host === "www.slow-site.test" && r.path === "/");
    expect(loads.length).toBe(2);
    const s = await status();
    expect(s.counts.completed).toBe(1);
    expect(s.counts.failed).toBe(0);
  });

  it("SIGTERM: exit 130, the unfinished job back in the queue, no report written", async () => {
    const file = await sitesFile("term.txt", ["https://www.slow-site.test/?term"]);
    expect((await add(file)).code).toBe(0);
    const out = path.join(tmp, "term");
    const since = server.received.length;
    const w = await worker(out, [], {
      interrupt: {
        when: server.waitForRequest((r) => r.host === "www.slow-site.test", { since }),
        signal: "SIGTERM",
      },
    });
    expect(w.code, w.stderr).toBe(130);
    expect(w.stderr).toMatch(/handing unfinished jobs back/);
    expect(await readdir(out)).toEqual([]);
    const s = await status();
    expect(s.counts.waiting).toBe(1);
    expect(s.counts.active).toBe(0);
  });

  it("--rate spaces page starts of one origin across two workers", async () => {
    const urls = [1, 2, 3, 4].map((i) => `https://www.rate-site.test/?p=${i}`);
    const file = await sitesFile("rate.txt", urls);
    expect((await add(file, ["--rate", "0.5"])).code).toBe(0);
    arrivals.delete("www.rate-site.test");
    const out = path.join(tmp, "rate");
    const [a, b] = await Promise.all([
      worker(out, ["--exit-when-drained", "--concurrency", "2"]),
      worker(out, ["--exit-when-drained", "--concurrency", "2"]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const times = (arrivals.get("www.rate-site.test") ?? []).sort((x, y) => x - y);
    expect((await readdir(out)).filter((f) => f.endsWith(".json"))).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // 0.5 pages/s is one start per 2 s, taken in Redis; what the server sees adds the time from
    // the turn to the request (opening a tab, ~1 s on a busy machine). Four workers' lanes with no
    // shared limiter would arrive within about a second of each other.
    // Nominal span 6 s; seen 4.2 to 6 s on a loaded 2-core machine.
    expect((times[3] as number) - (times[0] as number)).toBeGreaterThan(3500);
    for (const g of gaps) expect(g).toBeGreaterThan(300);
  });

  it("an unreachable Redis is exit 3 naming the URL, quickly", async () => {
    const file = await sitesFile("down.txt", ["https://www.quiet-gazette.example/"]);
    const started = Date.now();
    const r = await runCli([
      "queue",
      "add",
      "--redis",
      "redis://:secret@127.0.0.1:1",
      "--urls-file",
      file,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect(r.stderr).not.toMatch(/secret/);
    const w = await runCli(["worker", "--redis", "redis://127.0.0.1:1", "--out", tmp]);
    expect(w.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
