// `skimscan worker`: takes site jobs from the Redis queue until stopped (or, with
// --exit-when-drained, until nothing is left), scanning each with the CLI's own `scan`.
// SIGINT/SIGTERM: the scans in flight stop, their jobs go back to the queue, exit 130.
// SIGKILL: BullMQ sees the job's lock lapse and another worker takes it (--lock-duration).
import { mkdir } from "node:fs/promises";
import os from "node:os";
import { type Job, Worker } from "bullmq";
import type { Command } from "commander";
import { EXIT, UsageError } from "../errors.js";
import { shareTurns } from "../frontier/shared-turns.js";
import { bullConnection, checkRedisUrl, connectRedis } from "../queue/redis-connection.js";
import { redisTurnTaker } from "../queue/redis-rate.js";
import { openQueue, QUEUE_NAME, type SiteJob, type SiteResult } from "../queue/site-queue.js";
import { makeLogger } from "./output.js";
import { parseCount } from "./parse-values.js";
import type { QueueContext } from "./queue-command.js";
import { remoteBrowserSettings } from "./remote-browser-flags.js";
import { processSiteJob } from "./worker-job.js";

interface WorkerFlags {
  redis?: string;
  out?: string;
  concurrency: string;
  chromePath?: string;
  browserEndpoint?: string;
  lockDuration: string;
  exitWhenDrained?: boolean;
  name?: string;
  color: boolean;
  quiet?: boolean;
}

export function registerWorker(program: Command, ctx: QueueContext): void {
  program
    .command("worker")
    .description("scan the sites of the Redis queue; reports go to --out DIR/<site-id>.json")
    .option("--redis <url>", "the Redis holding the queue, e.g. redis://127.0.0.1:6379")
    .option("--out <dir>", "where to write each site's report and capture")
    .option("--concurrency <n>", "sites scanned at the same time (one browser each)", "1")
    .option("--chrome-path <path>", "browser executable on this machine")
    .option(
      "--browser-endpoint <url>",
      "scan in a running browser over CDP (ws://… or http://host:port) instead of launching one",
    )
    .option(
      "--lock-duration <ms>",
      "a job whose worker stops answering this long is taken over by another worker",
      "30000",
    )
    .option("--exit-when-drained", "exit 0 once no job is waiting, delayed or running")
    .option("--name <name>", "this worker's name in job results (default host-pid)")
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no progress or info messages")
    .action(async (flags: WorkerFlags) => {
      ctx.setExitCode(await runWorker(flags, ctx));
    });
}

async function runWorker(flags: WorkerFlags, ctx: QueueContext): Promise<number> {
  const log = makeLogger(ctx.streams, {
    quiet: flags.quiet === true,
    verbose: false,
    noColor: !flags.color,
  });
  if (!flags.redis) throw new UsageError("--redis URL is required, e.g. redis://127.0.0.1:6379.");
  if (!flags.out) throw new UsageError("--out DIR is required (where the reports go).");
  checkRedisUrl(flags.redis);
  remoteBrowserSettings(flags, flags);
  const concurrency = parseCount("--concurrency", flags.concurrency, { min: 1, max: 64 });
  const lockMs = parseCount("--lock-duration", flags.lockDuration, { min: 1000, max: 3_600_000 });
  const name = flags.name ?? `${os.hostname()}-${process.pid}`;
  const redis = await connectRedis(flags.redis);
  await mkdir(flags.out, { recursive: true });
  shareTurns(redisTurnTaker(redis));
  const extraArgs = [
    ...(flags.chromePath ? ["--chrome-path", flags.chromePath] : []),
    ...(flags.browserEndpoint ? ["--browser-endpoint", flags.browserEndpoint] : []),
    ...(flags.quiet ? ["--quiet"] : []),
    ...(flags.color ? [] : ["--no-color"]),
  ];
  let closing = false;
  const jobCtx = {
    redis,
    outDir: flags.out,
    extraArgs,
    streams: ctx.streams,
    log,
    name,
    runCli: ctx.runCli,
    closing: () => closing,
  };
  const worker = new Worker<SiteJob, SiteResult>(
    QUEUE_NAME,
    (job: Job<SiteJob, SiteResult>, token?: string) => processSiteJob(job, token, jobCtx),
    {
      connection: bullConnection(flags.redis),
      concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 2,
      autorun: false,
    },
  );
  worker.on("error", (err) => log("warn", `queue: ${err.message}`));
  worker.on("failed", (job, err) => {
    if (job && err.name !== "WaitingError") log("debug", `${job.data.siteId}: ${err.message}`);
  });
  log("info", `worker ${name}: ${concurrency} at a time, reports to ${flags.out}`);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await worker.close();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (closing) process.exit(EXIT.interrupted);
    closing = true;
    log("warn", `${sig}: handing unfinished jobs back to the queue (again to quit at once).`);
    void stop();
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, onSignal);
  const watcher = flags.exitWhenDrained ? watchDrained(flags.redis, stop) : undefined;
  try {
    await worker.run();
  } finally {
    for (const s of signals) process.off(s, onSignal);
    await watcher?.();
    shareTurns(undefined);
    redis.disconnect();
  }
  return closing ? EXIT.interrupted : EXIT.ok;
}

/** Polls the queue's counts; once nothing waits, is delayed or runs, stops the worker. */
function watchDrained(redisUrl: string, stop: () => Promise<void>): () => Promise<void> {
  const queue = openQueue(redisUrl);
  let done = false;
  const tick = async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 1000));
      const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      if (Object.values(c).every((n) => n === 0)) {
        done = true;
        await stop();
      }
    }
  };
  const running = tick().catch(() => undefined);
  return async () => {
    done = true;
    await running;
    await queue.close();
  };
}
