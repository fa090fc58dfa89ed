// One lane of a crawl: a page at a time, in the lane's visitor. With --session shared a lane is
// one visitor (a browser context kept page after page); without it but with a visitor (opt-out
// cookies, a consent answer) each page still gets a context of the crawl's own making, set up for
// the visitor and disposed after. The lane captures its pages with every hook of the crawl.
import type { CdpSession } from "../capture/cdp-connection.js";
import { sharedTurn } from "../frontier/shared-turns.js";
import { type CapturedPage, uncapturedPage } from "../model/capture.js";
import type { KeptBrowser } from "./browser-keeper.js";
import { capturePage } from "./capture-page.js";
import type { CrawlRun } from "./crawl-run.js";
import { applyFirstPartyAccess, type FirstPartyAccess } from "./first-party-access.js";
import type { LaunchedBrowser } from "./launch-browser.js";
import { type PageProbe, probePage } from "./page-probe.js";
import type { VisitRole } from "./visitor.js";

export interface LaneCapture {
  page: CapturedPage;
  /** The links and wall text read from the settled page, when it answered. */
  probe?: PageProbe;
  choiceMade: boolean;
}

const NO_ACCESS: FirstPartyAccess = { headers: [], cookies: [] };

export class CrawlLane {
  private contextId: string | undefined;
  private generation = 0;
  /** Whether this lane's visitor has answered the consent banner (with a visitor that does). */
  private choice: "pending" | "made" | "none" = "pending";

  constructor(private readonly run: CrawlRun) {}

  /** The lane's browser context in this browser, made (and set up for the visitor) when needed. */
  async context(kept: KeptBrowser): Promise<string | undefined> {
    const { opts } = this.run;
    if (opts.session !== "shared" && opts.visitor === undefined) return undefined;
    if (this.contextId && this.generation === kept.generation) return this.contextId;
    const r = await kept.b.conn
      .send("Target.createBrowserContext", { disposeOnDetach: true })
      .catch(() => undefined);
    this.contextId = r ? String(r.browserContextId) : undefined;
    this.generation = kept.generation;
    this.choice = "pending";
    if (this.contextId && opts.visitor)
      await opts.visitor
        .setUpContext(kept.b.conn, this.contextId)
        .catch((err) => this.run.warn(`could not set up the visitor: ${(err as Error).message}`));
    return this.contextId;
  }

  /** A new visitor that answers the banner does so first, on the page it is about to visit. */
  choiceDue(contextId: string | undefined): contextId is string {
    return this.run.opts.visitor?.makesChoice === true && !!contextId && this.choice === "pending";
  }

  /** The visit where the lane's visitor answers the banner, recorded as a page of its own. */
  async makeChoice(kept: KeptBrowser, contextId: string, url: string, id: string): Promise<void> {
    this.run.log("info", `${url}: answering the consent banner as a new visitor`);
    const { page, choiceMade } = await this.capture(kept, url, id, contextId, "choice");
    this.choice = choiceMade ? "made" : "none";
    await this.run.record(this.run.redact(page));
  }

  /** The next page's place in the visitor's session. */
  role(): VisitRole | undefined {
    if (!this.run.opts.visitor?.makesChoice) return undefined;
    return this.choice === "made" ? "after" : "no-choice";
  }

  /** After a page: with --session fresh the next page is a new visitor again. */
  async endPage(kept: KeptBrowser, contextId: string | undefined): Promise<void> {
    if (this.run.opts.session !== "fresh" || !contextId) return;
    this.contextId = undefined;
    await kept.b.conn
      .send("Target.disposeBrowserContext", { browserContextId: contextId })
      .catch(() => undefined);
  }

  /** Captures one page in the lane's context (or a fresh one), with every hook of the crawl. */
  async capture(
    kept: KeptBrowser,
    url: string,
    id: string,
    contextId: string | undefined,
    role: VisitRole | undefined,
  ): Promise<LaneCapture> {
    const { opts, signal } = this.run;
    // --rate: the origin's turn is taken right before the page starts, so starts are spaced.
    if (!(await this.turnOf(url))) return { page: interruptedPage(id, url), choiceMade: false };
    const visitorPage = opts.visitor?.page(role);
    let probe: PageProbe | undefined;
    const raw = await capturePage(kept.b, id, url, {
      timeoutMs: opts.timeoutMs,
      dwellMs: opts.dwellMs,
      maxBodyBytes: opts.maxBodyBytes,
      signal: signal ? AbortSignal.any([signal, kept.died]) : kept.died,
      log: (l, m) => this.run.log(l, m),
      warn: (m) => this.run.warnings.push(m),
      ...(contextId ? { browserContextId: contextId } : {}),
      ...(opts.fillForms ? { fillForms: opts.fillForms } : {}),
      ...(visitorPage
        ? { prepareFrame: (frame: CdpSession) => visitorPage.prepareFrame(frame) }
        : {}),
      prepare: async (top, ctx) => {
        if (opts.session === "shared") await handOverServiceWorkers(kept.b, ctx);
        await visitorPage?.prepare(top);
        const access = opts.access ?? NO_ACCESS;
        await applyFirstPartyAccess(kept.b.conn, top, ctx, this.run.firstPartyDomains, access);
      },
      inspect: async (top) => {
        const read = probePage(top).then((p) => {
          probe = p;
        });
        await Promise.all([read, visitorPage?.inspect(top)]);
      },
    });
    const got = (page: CapturedPage, choiceMade: boolean): LaneCapture =>
      probe ? { page, probe, choiceMade } : { page, choiceMade };
    if (!visitorPage) return got(raw, false);
    const seen = visitorPage.finish(raw);
    for (const w of seen.warnings) this.run.warn(w);
    return got(seen.page, seen.choiceMade);
  }

  /** Waits for the origin's next start under --rate (and 429 backoff); false when interrupted. */
  private async turnOf(url: string): Promise<boolean> {
    for (;;) {
      if (this.run.stopping) return false;
      const wait = this.run.limiter.claim(url);
      if (wait <= 0) break;
      await sleep(wait, this.run.signal);
    }
    // Workers of a queue also share the origin's turns (src/frontier/shared-turns.ts).
    const rate = this.run.opts.rate;
    return rate ? sharedTurn(url, rate, this.run.signal) : true;
  }
}

/** A page the crawl did not load because the scan was interrupted first. */
export function interruptedPage(id: string, url: string): CapturedPage {
  return {
    ...uncapturedPage(id, url, "skipped", "not visited: the scan was interrupted"),
    failure: "interrupted",
  };
}

/**
 * A visitor's service workers outlive the page that started them, and stay attached to that
 * page's recorder: their traffic during the next page would be credited to the old one, and a
 * worker restarting after its idle stop would wait for a release that never comes. Before each
 * page of a shared session they are detached and attached again, to the new page's recorder,
 * and the page is not loaded before their collectors are on.
 */
async function handOverServiceWorkers(b: LaunchedBrowser, browserContextId: string): Promise<void> {
  const { targetInfos } = await b.conn.send("Target.getTargets").catch(() => ({ targetInfos: [] }));
  const workers = targetInfos.filter(
    (t) => t.type === "service_worker" && t.browserContextId === browserContextId,
  );
  for (const w of workers) await b.recorder.reattach(w.targetId);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}
