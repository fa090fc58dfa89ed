// One page of a crawl from the frontier to the sink: attempts in the lane until the retry
// decision keeps the page or gives it up, then its links go back to the frontier. Nothing is
// lost: a page that cannot be visited is still recorded, failed or skipped, with its reason.
import { type FrontierEntry, filterLinks, parseRetryAfter } from "../frontier/index.js";
import { type CapturedPage, type FailureKind, uncapturedPage } from "../model/capture.js";
import type { KeptBrowser } from "./browser-keeper.js";
import { type CrawlLane, interruptedPage, type LaneCapture } from "./crawl-lane.js";
import type { CrawlRun } from "./crawl-run.js";
import { botWall, documentRequest } from "./page-probe.js";
import { pageHardLimitMs, watchPage } from "./page-watchdog.js";
import { reloadForVolatility } from "./reload-page.js";
import { type AttemptDecision, type AttemptFacts, decideAfterAttempt } from "./retry-decision.js";

export async function visitPage(
  run: CrawlRun,
  lane: CrawlLane,
  entry: FrontierEntry,
  id: string,
): Promise<void> {
  const { page: first, probe } = await attemptPage(run, lane, entry, id);
  const page = run.redact(await reloadForVolatility(run, lane, first));
  // A normal answer ends the origin's 429 backoff streak.
  const status = page.httpStatus;
  if (page.outcome === "ok" && !page.failure && status !== undefined && status < 400)
    run.limiter.succeeded(entry.url);
  if (page.finalUrl !== entry.url) run.frontier.markVisited(page.finalUrl, entry.url);
  if (probe && page.outcome === "ok" && entry.depth < run.opts.maxDepth) {
    const links = filterLinks(probe.links, page.finalUrl);
    page.links = links;
    await run.robots?.load(links.filter((u) => run.isFirstParty(new URL(u).hostname)));
    for (const link of links) run.frontier.add(link, entry.depth + 1, "link", entry.url);
  }
  await run.record(page, entry);
}

/** Attempts at the page until it is kept or given up (retry-decision.ts decides). */
async function attemptPage(
  run: CrawlRun,
  lane: CrawlLane,
  entry: FrontierEntry,
  id: string,
): Promise<Omit<LaneCapture, "choiceMade">> {
  let pageId = id;
  for (let attempt = 0; ; attempt++) {
    if (run.stopping) return { page: interruptedPage(pageId, entry.url) };
    let kept: KeptBrowser;
    try {
      kept = await run.keeper.get();
    } catch (err) {
      const reason = `no browser: ${(err as Error).message}`;
      return { page: failedPage(pageId, entry.url, "no-browser", reason) };
    }
    const contextId = await lane.context(kept);
    if (lane.choiceDue(contextId)) {
      // The page is then visited again as one loaded after the choice.
      await lane.makeChoice(kept, contextId, entry.url, pageId);
      pageId = run.nextId();
    }
    const watched = await watchPage(
      lane.capture(kept, entry.url, pageId, contextId, lane.role()),
      kept,
      pageHardLimitMs(run.opts.timeoutMs, run.opts.dwellMs),
      (reason) => run.log("warn", `${entry.url}: ${reason}`),
    );
    if (!watched.done) {
      run.keeper.dead(kept);
      return { page: failedPage(pageId, entry.url, "protocol", watched.reason) };
    }
    const got = watched.value;
    await lane.endPage(kept, contextId);
    // A page that did not finish may have met a browser that stopped answering: ask it.
    if (got.page.outcome === "failed" || got.page.timedOut) await kept.b.conn.isAnswering();
    const browserGone = kept.died.aborted || kept.b.conn.isClosed;
    if (browserGone) run.keeper.dead(kept);
    const hung = kept.b.conn.unresponsive ? kept.b.conn.closeReason : undefined;
    const facts = factsOf(run, got, attempt, browserGone);
    const decision = decideAfterAttempt(facts);
    if (decision.action === "keep") return got;
    if (decision.action === "give-up")
      return { ...got, page: givenUp(got.page, decision.failure, facts, hung) };
    if (hung && decision.action === "relaunch")
      run.log("warn", `${entry.url}: ${hung}; retrying in a new browser`);
    else logRetry(run, entry.url, got.page, decision);
  }
}

function factsOf(
  run: CrawlRun,
  got: LaneCapture,
  attempt: number,
  browserGone: boolean,
): AttemptFacts {
  const { page, probe } = got;
  const retryAfter = documentRequest(page)?.responseHeaders?.["retry-after"];
  const retryAfterMs = parseRetryAfter(retryAfter, Date.now());
  const wall = page.outcome === "ok" && !page.failure ? botWall(page, probe) : undefined;
  return {
    attempt,
    stopping: run.stopping,
    browserGone,
    ...(page.failure ? { failure: page.failure } : {}),
    ...(page.httpStatus !== undefined ? { status: page.httpStatus } : {}),
    retryAfterGiven: !!retryAfter,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(wall ? { botWall: wall } : {}),
  };
}

/** Says why the page is tried again; a 429's backoff is applied to its origin here. */
function logRetry(run: CrawlRun, url: string, page: CapturedPage, d: AttemptDecision): void {
  if (d.action === "relaunch") {
    run.log("warn", `${url}: the browser went away under it; retrying in a new browser`);
  } else if (d.action === "retry" && d.backoff) {
    const ms = run.limiter.backoff(url, d.backoff.retryAfterMs);
    run.log("warn", `${url}: HTTP ${page.httpStatus}; waiting ${ms} ms, then one retry`);
  } else {
    run.log("warn", `${url}: ${page.reason}; one retry`);
  }
}

/** The page failed as the decision says, with the words for people. */
function givenUp(
  page: CapturedPage,
  failure: FailureKind,
  facts: AttemptFacts,
  /** Why the browser was given up as unresponsive ("the browser stopped answering (…)"). */
  hung?: string,
): CapturedPage {
  // Not gone but hung: the protocol missed its deadlines, and the reason names the command.
  if (hung && failure === "browser-gone")
    return { ...page, outcome: "failed", reason: hung, failure: "protocol" };
  const reason =
    failure === "blocked"
      ? `blocked: ${facts.botWall}`
      : failure === "browser-gone"
        ? "the browser went away while loading it"
        : (page.reason ?? failure);
  return { ...page, outcome: "failed", reason, failure };
}

/** A page that failed before anything of it was captured. */
export function failedPage(
  id: string,
  url: string,
  failure: FailureKind,
  reason: string,
): CapturedPage {
  return { ...uncapturedPage(id, url, "failed", reason), failure };
}
