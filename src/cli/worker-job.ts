// One queue job in a worker: the site scanned by the CLI's own `scan` (same flags parser, crawl
// engine and report pipeline), its report and capture renamed into place, and the outcome told to
// BullMQ: done; a transient failure thrown for a retry with backoff; a lasting one recorded as
// failed with its reason (report kept); a shutdown handing the job back untouched.

import { readFile } from "node:fs/promises";
import { Writable } from "node:stream";
import { type Job, UnrecoverableError, WaitingError } from "bullmq";
import type { Redis } from "ioredis";
import { EXIT } from "../errors.js";
import type { Report } from "../model/report.js";
import { materialiseArgs } from "../queue/blobs.js";
import type { SiteJob, SiteResult } from "../queue/site-queue.js";
import { transientFailure } from "../queue/transient.js";
import {
  commitSiteFiles,
  discardSiteFiles,
  type SiteFiles,
  siteFiles,
} from "../sites/site-files.js";
import type { Logger, Streams } from "./output.js";

export interface WorkerJobContext {
  redis: Redis;
  outDir: string;
  /** Flags of the worker's own machine added to every scan (--chrome-path, --quiet, …). */
  extraArgs: string[];
  streams: Streams;
  log: Logger;
  name: string;
  runCli: (args: string[], streams: Streams) => Promise<number>;
  /** True once SIGINT/SIGTERM asked the worker to stop: unfinished jobs go back to the queue. */
  closing: () => boolean;
}

export async function processSiteJob(
  job: Job<SiteJob, SiteResult>,
  token: string | undefined,
  ctx: WorkerJobContext,
): Promise<SiteResult> {
  const { siteId, url } = job.data;
  if (ctx.closing()) return handBack(job, token);
  let args: string[];
  try {
    args = await materialiseArgs(ctx.redis, job.data.args);
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
  const files = siteFiles(ctx.outDir, siteId);
  const tail: string[] = [];
  const code = await ctx.runCli(
    [
      "scan",
      url,
      ...args,
      "--format",
      "json",
      "--output",
      files.tmpReport,
      "--save-capture",
      files.tmpCapture,
      ...ctx.extraArgs,
    ],
    {
      stdout: sink(),
      stderr: prefixed(ctx.streams.stderr, `[${siteId}] `, tail),
      env: ctx.streams.env,
    },
  );
  if (code === EXIT.interrupted && ctx.closing()) {
    await discardSiteFiles(files);
    return handBack(job, token);
  }
  if (code === EXIT.usage) {
    await discardSiteFiles(files);
    throw new UnrecoverableError(tail.join(" ").trim() || "bad scan flags");
  }
  if (code === EXIT.ok || code === EXIT.policyViolated) {
    await commitSiteFiles(files);
    ctx.log("info", `${siteId}: done (exit ${code})`);
    return { exitCode: code, report: files.report, worker: ctx.name };
  }
  return failed(job, files, code, tail, ctx);
}

/** Nothing scanned (exit 3) or an error: retry if transient and tries remain, else record it. */
async function failed(
  job: Job<SiteJob, SiteResult>,
  files: SiteFiles,
  code: number,
  tail: string[],
  ctx: WorkerJobContext,
): Promise<never> {
  const report = await readFile(files.tmpReport, "utf8")
    .then((t) => JSON.parse(t) as Report)
    .catch(() => undefined);
  const kinds = report?.scan.pages.map((p) => p.failure) ?? [];
  const reasons = report?.scan.pages.map((p) => p.reason ?? p.outcome) ?? [];
  const reason = reasons.join("; ") || tail.join(" ").trim() || `scan exited ${code}`;
  const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (!lastTry && transientFailure(reasons, kinds)) {
    await discardSiteFiles(files);
    ctx.log("warn", `${job.data.siteId}: transient failure, will retry: ${reason}`);
    throw new Error(`transient: ${reason}`);
  }
  // A lasting failure is data too: the report (every page failed, with why) is kept.
  if (report) await commitSiteFiles(files);
  else await discardSiteFiles(files);
  ctx.log("warn", `${job.data.siteId}: failed: ${reason}`);
  throw new UnrecoverableError(reason);
}

async function handBack(job: Job<SiteJob, SiteResult>, token: string | undefined): Promise<never> {
  await job.moveToWait(token);
  throw new WaitingError();
}

function sink(): Writable {
  return new Writable({ write: (_c, _e, done) => done() });
}

/** Each line of a scan's stderr, prefixed with its site; the last lines kept for the reason. */
function prefixed(out: NodeJS.WritableStream, prefix: string, tail: string[]): Writable {
  let pending = "";
  return new Writable({
    write(chunk, _enc, done) {
      const lines = (pending + String(chunk)).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        out.write(`${prefix}${line}\n`);
        tail.push(line.replace(/^skimscan(?: \w+)?: /, ""));
        if (tail.length > 3) tail.shift();
      }
      done();
    },
  });
}
