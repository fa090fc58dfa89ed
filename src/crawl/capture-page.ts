// Captures one page in its own fresh browser context: navigate, wait for load, network quiet,
// scroll, dwell; then navigate to about:blank so pagehide beacons are caught. Never throws for a
// bad page: failures become outcome "failed" with a reason. Several may run at once in one browser.
import type { CdpSession } from "../capture/cdp-connection.js";
import { toJarCookie } from "../capture/jar.js";
import type { WaitResult } from "../capture/page-recorder.js";
import { PageRecorder } from "../capture/page-recorder.js";
import { securityHeadersOf } from "../capture/security-headers.js";
import {
  type CapturedPage,
  type FailureKind,
  type JarCookie,
  uncapturedPage,
} from "../model/capture.js";
import { failureOfError } from "./failure-of-error.js";
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

/** How the page's load went; a failed page says why in `reason` (people) and `failure` (code). */
interface LoadState {
  outcome: CapturedPage["outcome"];
  reason?: string;
  failure?: FailureKind;
  timedOut: boolean;
  finalUrl: string;
  /** The top document's request, once navigation committed. */
  loaderId?: string;
  /** Navigation committed: the page has a document to unload. */
  navigated: boolean;
}

/** The page's browser context and tab, for closing them again. */
interface Tab {
  contextId?: string;
  targetId?: string;
}

export async function capturePage(
  b: LaunchedBrowser,
  id: string,
  url: string,
  opts: PageRunOptions,
): Promise<CapturedPage> {
  const startedAt = new Date().toISOString();
  if (!URL.canParse(url))
    return {
      ...uncapturedPage(id, url, "failed", `not a valid URL: ${url}`, startedAt),
      failure: "load",
    };
  const rec = new PageRecorder({
    maxBodyBytes: opts.maxBodyBytes,
    userAgent: b.userAgent,
    ...(b.info.device ? { device: b.info.device } : {}),
    behaviourHooks: b.behaviourHooks,
    ...(opts.prepareFrame ? { prepareFrame: opts.prepareFrame } : {}),
  });
  const deadline = Date.now() + opts.timeoutMs;
  const debug = (m: string) => opts.log?.("debug", `${id} ${m} +${Date.now() - rec.startedAt}ms`);
  const tab: Tab = {};
  let state: LoadState = { outcome: "ok", timedOut: false, finalUrl: url, navigated: false };
  let jar: JarCookie[] = [];
  try {
    const { top, contextId } = await openTab(b, rec, tab, opts, deadline);
    if (opts.prepare) await withDeadline(opts.prepare(top, contextId), deadline);
    state = await loadPage(top, rec, url, deadline, opts, debug);
    const top0 = rec.targets.topUrl;
    if (state.outcome === "ok" && top0 && !/^(about|chrome-error):/.test(top0))
      state.finalUrl = top0;
    if (state.navigated && !rec.crashed)
      await withDeadline(rec.integrity.read(), Date.now() + 2000);
    await leavePage(top, rec, state, opts);
    debug("unloaded");
    jar = await readJar(b, contextId);
    await withDeadline(rec.settle(), Date.now() + 2000);
  } catch (err) {
    state = {
      ...state,
      outcome: "failed",
      reason: `capture error: ${(err as Error).message}`,
      failure: failureOfError(err),
    };
  } finally {
    await closeTab(b, tab, opts.browserContextId !== undefined);
  }
  return pageRecord(id, url, startedAt, state, rec, jar, b.injectedHeader);
}

/** A context of its own (unless one is given) and a blank tab in it, attached and paused. */
async function openTab(
  b: LaunchedBrowser,
  rec: PageRecorder,
  tab: Tab,
  opts: PageRunOptions,
  deadline: number,
): Promise<{ top: CdpSession; contextId: string }> {
  const contextId =
    opts.browserContextId ??
    String(
      (await b.conn.send("Target.createBrowserContext", { disposeOnDetach: true }))
        .browserContextId,
    );
  tab.contextId = contextId;
  b.recorder.register(contextId, rec);
  const created = await withDeadline(
    b.conn.send("Target.createTarget", { url: "about:blank", browserContextId: contextId }),
    deadline,
  );
  tab.targetId = created?.targetId;
  const top = await withDeadline(rec.topSession(), deadline);
  if (!top) throw new Error("the new tab never attached");
  return { top, contextId };
}

/** Navigate, settle, fill forms, inspect: the page's life until it is left. */
async function loadPage(
  top: CdpSession,
  rec: PageRecorder,
  url: string,
  deadline: number,
  opts: PageRunOptions,
  debug: (m: string) => void,
): Promise<LoadState> {
  const state: LoadState = { outcome: "ok", timedOut: false, finalUrl: url, navigated: false };
  debug("navigating");
  const nav = await raceNavigate(top, url, rec, deadline, opts.signal);
  debug(`navigation: ${nav.kind}`);
  if (nav.kind === "error")
    return { ...state, ...failed("load", describeNavigationError(nav.reason)) };
  if (nav.kind === "wait") return { ...state, ...endedBeforeCommit(nav.result, opts.timeoutMs) };
  state.navigated = true;
  if (nav.loaderId) state.loaderId = nav.loaderId;
  const end = await settle(top, rec, deadline, opts);
  debug(`settled: ${end}`);
  if (end === "deadline") {
    state.timedOut = true;
    const busy = rec.network.inflightUrls();
    const shown = busy.slice(0, 3).join(", ") + (busy.length > 3 ? `, … (${busy.length})` : "");
    opts.warn?.(
      `${url}: still loading at the ${opts.timeoutMs} ms timeout${busy.length ? `: ${shown}` : ""}`,
    );
  }
  if (end === "crashed") Object.assign(state, failed("load", "the page's renderer crashed"));
  if (end === "aborted") Object.assign(state, { reason: "interrupted", failure: "interrupted" });
  if (opts.fillForms && end === "quiet" && !rec.crashed) {
    const filled = await fillFormsStep(top, rec, deadline, opts.fillForms, opts.signal);
    debug(`forms: typed ${filled?.typed.join(",") || "-"}; sent ${filled?.submitted.length ?? 0}`);
  }
  if (opts.inspect && !rec.crashed) await withDeadline(opts.inspect(top), Date.now() + 2000);
  return state;
}

/** The wait for the document ended before it committed: the deadline, a crash or the stop. */
function endedBeforeCommit(result: WaitResult, timeoutMs: number): Partial<LoadState> {
  if (result === "deadline")
    return { ...failed("timeout", `no response within ${timeoutMs} ms`), timedOut: true };
  if (result === "crashed") return failed("load", "the page's renderer crashed");
  // Interrupted while waiting: what was seen is kept; the page is not a failure of the site.
  return { reason: "interrupted", failure: "interrupted" };
}

function failed(failure: FailureKind, reason: string): Partial<LoadState> {
  return { outcome: "failed", reason, failure };
}

/** pagehide: tags flush beacons when the page goes away, so the page is left from inside. */
async function leavePage(
  top: CdpSession,
  rec: PageRecorder,
  state: LoadState,
  opts: PageRunOptions,
): Promise<void> {
  rec.beginUnload();
  if (rec.crashed || !state.navigated) return;
  const unloadUntil = Date.now() + (opts.signal?.aborted ? 1000 : UNLOAD_MS);
  await withDeadline(rec.unloadRequests.begin(), unloadUntil);
  await withDeadline(unload(top), unloadUntil);
  rec.network.abandonInflight();
  await rec.waitQuiet(200, unloadUntil);
}

/** The browser's cookie jar for the page's context. */
async function readJar(b: LaunchedBrowser, contextId: string): Promise<JarCookie[]> {
  const cookies = await withDeadline(
    b.conn
      .send("Storage.getCookies", { browserContextId: contextId })
      .catch(() => ({ cookies: [] })),
    Date.now() + 2000,
  );
  return (cookies?.cookies ?? []).map(toJarCookie);
}

/** Closes the tab of a kept context, or disposes of the page's own context. */
async function closeTab(b: LaunchedBrowser, tab: Tab, keptContext: boolean): Promise<void> {
  const { contextId, targetId } = tab;
  if (!contextId) return;
  b.recorder.unregister(contextId);
  const dispose: Promise<unknown> = keptContext
    ? targetId
      ? b.conn.send("Target.closeTarget", { targetId }).catch(() => undefined)
      : Promise.resolve()
    : b.conn
        .send("Target.disposeBrowserContext", { browserContextId: contextId })
        .catch(() => undefined);
  await withDeadline(dispose, Date.now() + 5000);
}

function pageRecord(
  id: string,
  url: string,
  startedAt: string,
  state: LoadState,
  rec: PageRecorder,
  jar: JarCookie[],
  injectedHeader?: { name: string; value: string },
): CapturedPage {
  const data = rec.result();
  const doc = state.loaderId ? data.requests.find((r) => r.id === state.loaderId) : undefined;
  return {
    id,
    url,
    finalUrl: state.finalUrl,
    startedAt,
    outcome: state.outcome,
    ...(state.reason ? { reason: state.reason } : {}),
    ...(state.failure ? { failure: state.failure } : {}),
    timedOut: state.timedOut,
    ...(doc?.status !== undefined ? { httpStatus: doc.status } : {}),
    ...(doc?.responseHeaders
      ? { securityHeaders: securityHeadersOf(doc.responseHeaders, injectedHeader) }
      : {}),
    finishedAt: new Date().toISOString(),
    targets: data.targets,
    frames: data.frames,
    requests: data.requests,
    scripts: data.scripts,
    cookieWrites: data.cookieWrites,
    jar,
    storage: data.storage,
    ...(data.behaviour?.length ? { behaviour: data.behaviour } : {}),
    ...(data.submits?.length ? { submits: data.submits } : {}),
    ...(data.cspViolations ? { cspViolations: data.cspViolations } : {}),
  };
}
