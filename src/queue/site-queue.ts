// The BullMQ queue of sites: one job per site, its id derived from the run name and the site id
// (so adding the same list again adds nothing), its data the URL and the scan flags as given.
import { type Job, Queue } from "bullmq";
import { UsageError } from "../errors.js";
import { bullConnection } from "./redis-connection.js";

export const QUEUE_NAME = "skimscan";

/** What a job carries: the site and the scan's flags (files as `blob:` references). */
export interface SiteJob {
  run: string;
  siteId: string;
  url: string;
  args: string[];
}

/** What a finished job returns. */
export interface SiteResult {
  exitCode: number;
  report: string;
  worker: string;
}

export function checkRunName(run: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(run))
    throw new UsageError(
      `--run '${run}' is not a run name.`,
      "Use letters, digits, '-' and '_' (up to 64), e.g. --run news-2026-12.",
    );
  return run;
}

/** BullMQ ids cannot hold ':' and site ids never do; '__' cannot occur in a run name's start. */
export function jobId(run: string, siteId: string): string {
  return `${run}__${siteId}`;
}

export function openQueue(redisUrl: string): Queue<SiteJob, SiteResult> {
  return new Queue<SiteJob, SiteResult>(QUEUE_NAME, { connection: bullConnection(redisUrl) });
}

export interface AddOptions {
  attempts: number;
  backoffMs: number;
}

/** Adds the jobs not queued yet (by id); returns how many were new. */
export async function addSiteJobs(
  queue: Queue<SiteJob, SiteResult>,
  jobs: readonly SiteJob[],
  opts: AddOptions,
): Promise<{ added: number; present: number }> {
  let added = 0;
  const CHUNK = 500;
  for (let i = 0; i < jobs.length; i += CHUNK) {
    const chunk = jobs.slice(i, i + CHUNK);
    const existing = await Promise.all(chunk.map((j) => queue.getJobState(jobId(j.run, j.siteId))));
    const fresh = chunk.filter((_, k) => existing[k] === "unknown");
    await queue.addBulk(
      fresh.map((data) => ({
        name: data.run,
        data,
        opts: {
          jobId: jobId(data.run, data.siteId),
          attempts: opts.attempts,
          backoff: { type: "exponential", delay: opts.backoffMs },
          // Finished jobs stay: they are what makes a second add of the same run a no-op.
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    added += fresh.length;
  }
  return { added, present: jobs.length - added };
}

export interface QueueStatus {
  counts: Record<string, number>;
  failed: { run: string; siteId: string; url: string; reason: string; attempts: number }[];
}

const STATES = ["waiting", "active", "delayed", "prioritized", "completed", "failed"] as const;

/** Every job of the queue in the given states, page by page, optionally of one run. */
async function* jobsIn(
  queue: Queue<SiteJob, SiteResult>,
  states: readonly (typeof STATES)[number][],
  run?: string,
): AsyncGenerator<Job<SiteJob, SiteResult>> {
  const PAGE = 500;
  for (const state of states) {
    // Removing or retrying moves jobs out of the state: collect the ids first, then act.
    const all: Job<SiteJob, SiteResult>[] = [];
    for (let start = 0; ; start += PAGE) {
      const page = await queue.getJobs([state], start, start + PAGE - 1, true);
      all.push(...page.filter((j): j is Job<SiteJob, SiteResult> => Boolean(j)));
      if (page.length < PAGE) break;
    }
    for (const job of all) if (!run || job.data.run === run) yield job;
  }
}

export async function queueStatus(
  queue: Queue<SiteJob, SiteResult>,
  run?: string,
): Promise<QueueStatus> {
  const counts: Record<string, number> = {};
  if (run) {
    for (const s of STATES) counts[s] = 0;
    for await (const job of jobsIn(queue, STATES, run)) {
      const state = await job.getState();
      counts[state] = (counts[state] ?? 0) + 1;
    }
  } else Object.assign(counts, await queue.getJobCounts(...STATES));
  const failed: QueueStatus["failed"] = [];
  for await (const job of jobsIn(queue, ["failed"], run))
    failed.push({
      run: job.data.run,
      siteId: job.data.siteId,
      url: job.data.url,
      reason: job.failedReason ?? "unknown",
      attempts: job.attemptsMade,
    });
  return { counts, failed };
}

/** Puts failed jobs back in the queue; returns how many. */
export async function retryFailed(
  queue: Queue<SiteJob, SiteResult>,
  run?: string,
): Promise<number> {
  let n = 0;
  for await (const job of jobsIn(queue, ["failed"], run)) {
    await job.retry("failed", { resetAttemptsMade: true });
    n++;
  }
  return n;
}

/** Removes every job that is not running (of the run, or all); returns removed and still active. */
export async function drainQueue(
  queue: Queue<SiteJob, SiteResult>,
  run?: string,
): Promise<{ removed: number; active: number }> {
  let removed = 0;
  for await (const job of jobsIn(
    queue,
    ["waiting", "delayed", "prioritized", "completed", "failed"],
    run,
  )) {
    await job.remove();
    removed++;
  }
  let active = 0;
  for await (const _ of jobsIn(queue, ["active"], run)) active++;
  return { removed, active };
}
