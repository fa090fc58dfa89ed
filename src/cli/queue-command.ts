// `skimscan queue add|status|retry-failed|drain`: the BullMQ queue of sites in Redis.
import type { Command } from "commander";
import { Option } from "commander";
import { EXIT, UsageError } from "../errors.js";
import { readUrlsFile } from "../frontier/urls-file.js";
import { readBlobs, sha256, storeBlobs } from "../queue/blobs.js";
import { inspectArgs, normaliseArgs, withBlobRefs } from "../queue/job-args.js";
import { checkRedisUrl, connectRedis, redactRedisUrl } from "../queue/redis-connection.js";
import {
  addSiteJobs,
  checkRunName,
  drainQueue,
  openQueue,
  queueStatus,
  retryFailed,
  type SiteJob,
} from "../queue/site-queue.js";
import { siteIds } from "../sites/site-id.js";
import { type Logger, makeLogger, type Streams } from "./output.js";
import { parseCount } from "./parse-values.js";

export interface QueueContext {
  streams: Streams;
  setExitCode: (code: number) => void;
  /** The CLI itself: `queue add` validates a job's flags with the scan's own parser. */
  runCli: (args: string[], streams: Streams) => Promise<number>;
}

interface QueueFlags {
  redis?: string;
  run?: string;
  color: boolean;
  quiet?: boolean;
}

interface AddFlags extends QueueFlags {
  urlsFile?: string;
  attempts: string;
  backoff: string;
}

const DEFAULT_RUN = "default";

function loggerOf(ctx: QueueContext, flags: QueueFlags): Logger {
  return makeLogger(ctx.streams, {
    quiet: flags.quiet === true,
    verbose: false,
    noColor: !flags.color,
  });
}

function redisOf(flags: QueueFlags): string {
  if (!flags.redis) throw new UsageError("--redis URL is required, e.g. redis://127.0.0.1:6379.");
  checkRedisUrl(flags.redis);
  return flags.redis;
}

const withQueueFlags = (cmd: Command) =>
  cmd
    .option("--redis <url>", "the Redis holding the queue, e.g. redis://127.0.0.1:6379")
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no info messages");

export function registerQueue(program: Command, ctx: QueueContext): void {
  const queue = program.command("queue").description("the Redis work queue of sites (BullMQ)");
  withQueueFlags(
    queue
      .command("add")
      .description("queue one job per site of --urls-file, with the scan flags that follow")
      .option("--urls-file <file>", "the sites, one start URL per line")
      .option(
        "--run <name>",
        "run name; re-adding a site of the same run adds nothing",
        DEFAULT_RUN,
      )
      .option("--attempts <n>", "tries per site for transient failures", "3")
      .option("--backoff <ms>", "first retry delay, doubled each time", "30000")
      .allowUnknownOption()
      .argument("[scan-flags...]", "scan flags for every site: --depth 1 --max-pages 20 …"),
  ).action(async (scanFlags: string[], flags: AddFlags) => {
    ctx.setExitCode(await queueAdd(scanFlags, flags, ctx));
  });

  withQueueFlags(
    queue
      .command("status")
      .description("job counts (waiting, active, completed, failed) and failed sites with reasons")
      .option("--run <name>", "only this run")
      .addOption(new Option("--format <fmt>", "output").choices(["text", "json"]).default("text")),
  ).action(async (flags: QueueFlags & { format: "text" | "json" }) => {
    const url = redisOf(flags);
    await withQueue(url, async (q) => {
      const status = await queueStatus(q, flags.run);
      if (flags.format === "json") {
        ctx.streams.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const c = status.counts;
      const line = ["waiting", "active", "delayed", "completed", "failed"]
        .map((k) => `${k} ${(c[k] ?? 0) + (k === "waiting" ? (c.prioritized ?? 0) : 0)}`)
        .join(" · ");
      ctx.streams.stdout.write(`${line}\n`);
      for (const f of status.failed)
        ctx.streams.stdout.write(
          `failed ${f.siteId} (${f.url}) after ${f.attempts} attempts: ${f.reason}\n`,
        );
    });
    ctx.setExitCode(EXIT.ok);
  });

  withQueueFlags(
    queue
      .command("retry-failed")
      .description("put the failed sites back in the queue")
      .option("--run <name>", "only this run"),
  ).action(async (flags: QueueFlags) => {
    const log = loggerOf(ctx, flags);
    await withQueue(redisOf(flags), async (q) => {
      log("info", `${await retryFailed(q, flags.run)} failed jobs queued again`);
    });
    ctx.setExitCode(EXIT.ok);
  });

  withQueueFlags(
    queue
      .command("drain")
      .description("remove the jobs that are not running (of --run NAME, or all)")
      .option("--run <name>", "only this run"),
  ).action(async (flags: QueueFlags) => {
    const log = loggerOf(ctx, flags);
    await withQueue(redisOf(flags), async (q) => {
      const { removed, active } = await drainQueue(q, flags.run);
      log("info", `removed ${removed} jobs${active ? `; ${active} running jobs left alone` : ""}`);
    });
    ctx.setExitCode(EXIT.ok);
  });
}

/** Checks Redis first (exit 3 naming the URL), then runs `f` on the queue and closes it. */
async function withQueue<T>(url: string, f: (q: ReturnType<typeof openQueue>) => Promise<T>) {
  const probe = await connectRedis(url);
  probe.disconnect();
  const q = openQueue(url);
  try {
    return await f(q);
  } finally {
    await q.close();
  }
}

async function queueAdd(scanFlags: string[], flags: AddFlags, ctx: QueueContext): Promise<number> {
  const log = loggerOf(ctx, flags);
  const url = redisOf(flags);
  const run = checkRunName(flags.run ?? DEFAULT_RUN);
  if (!flags.urlsFile) throw new UsageError("queue add needs --urls-file FILE (the sites).");
  const attempts = parseCount("--attempts", flags.attempts, { min: 1, max: 100 });
  const backoffMs = parseCount("--backoff", flags.backoff, { min: 0, max: 86_400_000 });
  const args = normaliseArgs(scanFlags);
  const files = inspectArgs(args);
  // The scan's own parser judges the flags (and reads the allowlist and lists) before anything is
  // queued: a bad flag queues nothing.
  const valid = await ctx.runCli(
    ["scan", "--validate-only", "--urls-file", flags.urlsFile, ...args],
    ctx.streams,
  );
  if (valid !== EXIT.ok) return valid;
  const urls = [...new Set(readUrlsFile(flags.urlsFile))];
  if (urls.length === 0) throw new UsageError(`${flags.urlsFile} lists no sites.`);
  const contents = await readBlobs(files.map((f) => f.file));
  const redis = await connectRedis(url);
  let jobs: SiteJob[];
  try {
    await storeBlobs(redis, contents.values());
    const jobArgs = withBlobRefs(args, files, (f) => sha256(contents.get(f) as Buffer));
    const ids = siteIds(urls);
    jobs = urls.map((u, i) => ({ run, siteId: ids[i] as string, url: u, args: jobArgs }));
  } finally {
    redis.disconnect();
  }
  const q = openQueue(url);
  try {
    const { added, present } = await addSiteJobs(q, jobs, { attempts, backoffMs });
    log(
      "info",
      `run ${run}: ${added} sites queued${present ? `, ${present} already there` : ""} (${redactRedisUrl(url)})`,
    );
  } finally {
    await q.close();
  }
  return EXIT.ok;
}
