// Captures one page in its own fresh browser context: navigate, wait for load, network quiet,
// scroll, dwell; then navigate to about:blank so pagehide beacons are caught. Never throws for a
// bad page: failures become outcome "failed" with a reason. Several may run at once in one browser.
import type { CdpSession } from "../capture/cdp-connection.js";
import { toJarCookie } from "../capture/jar.js";
import { PageRecorder } from "../capture/page-recorder.js";
import { type CapturedPage, type JarCookie, uncapturedPage } from "../model/capture.js";
import { type FillFormsOptions, fillFormsStep } from "./fill-forms.js";
import type { LaunchedBrowser } from "./launch-browser.js";
import { describeNavigationError } from "./navigation-errors.js";
import { raceNavigate, settle, unload, withDeadline } from "./page-steps.js";

export interface PageRunOptions {
  timeoutMs: number;
  dwellMs: number;
  maxBodyBytes: number;
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "debug", message: string) => void;
  /** Something the capture itself noticed, for Capture.warnings. */
  warn?: (message: string) => void;
  /**
   * An existing browser context to open the page in (a crawl's shared visitor): the page's tab is
   * closed afterwards but the context, with its cookies, is kept. Default: a fresh context.
   */
  browserContextId?: string;
  /** Runs on the page's top session before it navigates (first-party headers, cookies). */
  prepare?: (top: CdpSession, browserContextId: string) => Promise<void>;
  /**
   * Runs on each cross-site (out-of-process) iframe's session while it is paused, before its
   * document runs: what prepare() adds to the top target does not reach those frames.
   */
  prepareFrame?: (frame: CdpSession) => Promise<void>;
  /** Runs on the settled page before it unloads (links, title); bounded by a short deadline. */
  inspect?: (top: CdpSession) => Promise<void>;
  /** --identity: type it into the page's forms once settled, submit the harmless ones. */
  fillForms?: FillFormsOptions;
}

/** Upper bound for the unload step (pagehide beacons) after the main wait. */
const UNLOAD_MS = 3000;

export async function capturePage(
  b: LaunchedBrowser,
  id: string,
  url: string,
  opts: PageRunOptions,
): Promise<CapturedPage> {
  const startedAt = new Date();
  const base = { id, url, finalUrl: url, startedAt: startedAt.toISOString() };
  if (!URL.canParse(url))
    return uncapturedPage(id, url, "failed", `not a valid URL: ${url}`, base.startedAt);
  const rec = new PageRecorder({
    maxBodyBytes: opts.maxBodyBytes,
    userAgent: b.userAgent,
    ...(opts.prepareFrame ? { prepareFrame: opts.prepareFrame } : {}),
  });
  const deadline = Date.now() + opts.timeoutMs;
  let contextId: string | undefined;
  let targetId: string | undefined;
  let outcome: CapturedPage["outcome"] = "ok";
  let reason: string | undefined;
  let timedOut = false;
  let finalUrl = url;
  let jar: JarCookie[] = [];
  let loaderId: string | undefined;
  try {
    contextId =
      opts.browserContextId ??
      String(
        (await b.conn.send("Target.createBrowserContext", { disposeOnDetach: true }))
          .browserContextId,
      );
    b.recorder.register(contextId, rec);
    const created = await withDeadline(
      b.conn.send("Target.createTarget", { url: "about:blank", browserContextId: contextId }),
      deadline,
    );
    targetId = created?.targetId as string | undefined;
    const debug = (m: string) => opts.log?.("debug", `${id} ${m} +${Date.now() - rec.startedAt}ms`);
    const top = await withDeadline(rec.topSession(), deadline);
    if (!top) throw new Error("the new tab never attached");
    if (opts.prepare) await withDeadline(opts.prepare(top, contextId), deadline);
    debug("navigating");
    const nav = await raceNavigate(top, url, rec, deadline, opts.signal);
    debug(`navigation: ${nav.kind}`);
    if (nav.kind === "error") {
      outcome = "failed";
      reason = describeNavigationError(nav.reason);
    } else if (nav.kind === "wait") {
      const r = nav.result;
      if (r === "deadline") {
        outcome = "failed";
        timedOut = true;
        reason = `no response within ${opts.timeoutMs} ms`;
      } else if (r === "crashed") {
        outcome = "failed";
        reason = "the page's renderer crashed";
      } else reason = "interrupted";
    } else {
      loaderId = nav.loaderId;
      const end = await settle(top, rec, deadline, opts);
      debug(`settled: ${end}`);
      if (end === "deadline") {
        const busy = rec.network.inflightUrls();
        const shown = busy.slice(0, 3).join(", ") + (busy.length > 3 ? `, … (${busy.length})` : "");
        opts.warn?.(
          `${url}: still loading at the ${opts.timeoutMs} ms timeout${busy.length ? `: ${shown}` : ""}`,
        );
      }
      if (end === "deadline") timedOut = true;
      if (end === "crashed") {
        outcome = "failed";
        reason = "the page's renderer crashed";
      }
      if (end === "aborted") reason = "interrupted";
      if (opts.fillForms && end === "quiet" && !rec.crashed) {
        const filled = await fillFormsStep(top, rec, deadline, opts.fillForms, opts.signal);
        debug(
          `forms: typed ${filled?.typed.join(",") || "-"}; sent ${filled?.submitted.length ?? 0}`,
        );
      }
      if (opts.inspect && !rec.crashed) await withDeadline(opts.inspect(top), Date.now() + 2000);
    }
    const top0 = rec.targets.topUrl;
    if (outcome === "ok" && top0 && !/^(about|chrome-error):/.test(top0)) finalUrl = top0;
    rec.beginUnload();
    if (!rec.crashed && nav.kind === "ok") {
      // pagehide: tags flush beacons when the page goes away.
      const unloadUntil = Date.now() + (opts.signal?.aborted ? 1000 : UNLOAD_MS);
      await withDeadline(rec.unloadRequests.begin(), unloadUntil);
      await withDeadline(unload(top), unloadUntil);
      rec.network.abandonInflight();
      await rec.waitQuiet(200, unloadUntil);
    }
    debug("unloaded");
    const cookies = await withDeadline(
      b.conn
        .send("Storage.getCookies", { browserContextId: contextId })
        .catch(() => ({ cookies: [] })),
      Date.now() + 2000,
    );
    jar = ((cookies?.cookies ?? []) as Array<Record<string, unknown>>).map(toJarCookie);
    await withDeadline(rec.network.settle(), Date.now() + 2000);
  } catch (err) {
    outcome = "failed";
    reason = `capture error: ${(err as Error).message}`;
  } finally {
    if (contextId) {
      b.recorder.unregister(contextId);
      const dispose: Promise<unknown> = opts.browserContextId
        ? targetId
          ? b.conn.send("Target.closeTarget", { targetId }).catch(() => undefined)
          : Promise.resolve()
        : b.conn
            .send("Target.disposeBrowserContext", { browserContextId: contextId })
            .catch(() => undefined);
      await withDeadline(dispose, Date.now() + 5000);
    }
  }
  const data = rec.result();
  const doc = loaderId ? data.requests.find((r) => r.id === loaderId) : undefined;
  const page: CapturedPage = {
    ...base,
    finalUrl,
    outcome,
    ...(reason ? { reason } : {}),
    timedOut,
    ...(doc?.status !== undefined ? { httpStatus: doc.status } : {}),
    finishedAt: new Date().toISOString(),
    targets: data.targets,
    frames: data.frames,
    requests: data.requests,
    scripts: data.scripts,
    cookieWrites: data.cookieWrites,
    jar,
    storage: data.storage,
    ...(data.cspViolations ? { cspViolations: data.cspViolations } : {}),
  };
  return page;
}
