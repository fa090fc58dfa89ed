// The Capture: the raw, serialisable record of what the browser saw. Written by capture/,
// read by analyze/. Plain JSON only; `--save-capture` writes it and `skimscan report` replays it.

/**
 * Version 2 adds only optional fields (declared once here for the whole wave: behaviour hooks,
 * script hashes and security headers, CSP violations, the HAR source), so a version 1 capture is
 * a valid version 2 capture without them and still replays.
 */
export const CAPTURE_VERSION = 2;
/** Every capture version this build reads. */
export const READABLE_CAPTURE_VERSIONS: readonly number[] = [1, 2];

export interface Capture {
  captureVersion: 1 | typeof CAPTURE_VERSION;
  tool: { name: string; version: string };
  /** ISO 8601; allowlist `expires` is judged against this, so replays give the same verdicts. */
  startedAt: string;
  finishedAt: string;
  startUrls: string[];
  /** True when the scan was interrupted and only part of the work was captured. */
  partial: boolean;
  browser: CapturedBrowser;
  /** Options that shaped what was captured (secrets redacted). */
  options: CaptureOptions;
  pages: CapturedPage[];
  /** Warnings raised while capturing (browser quirks, unreadable bodies, …). */
  warnings: string[];
  /** v2: where the record came from; absent means skimscan's own browser. */
  source?: CaptureSource;
}

/** v2: a capture made by skimscan's browser, or imported from a recording (HAR). */
export interface CaptureSource {
  kind: "browser" | "har";
  /** The exporter that wrote the recording (HAR `log.creator`). */
  creator?: { name: string; version?: string };
  /** The recording files, as given. */
  files?: string[];
  /** What this source cannot show (script cookies, storage, workers, …), said in warnings too. */
  limits?: string[];
}

export interface CapturedBrowser {
  /** e.g. "Chrome/156.0.8078.108" as Browser.getVersion reports it. */
  version: string;
  /** The user agent every target announced. */
  userAgent: string;
  /** Client hints metadata sent with the user agent, when set. */
  userAgentMetadata?: Record<string, unknown>;
  executablePath?: string;
  /** v2: the device profile every target was given (--device). */
  device?: CapturedDevice;
  /** v2: a browser reached over CDP (--browser-endpoint) instead of launched. */
  endpoint?: string;
}

/** v2: the emulated device: user agent and client hints above, screen and input here. */
export interface CapturedDevice {
  name: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  touch: boolean;
}

export interface CaptureOptions {
  blockThirdPartyCookies: boolean;
  timeoutMs: number;
  dwellMs: number;
  hostRules?: string;
  insecure: boolean;
  /** Cap on the request body bytes kept per request. */
  maxBodyBytes: number;
  [key: string]: unknown;
}

export type PageOutcome = "ok" | "failed" | "skipped";

export interface CapturedPage {
  /** Stable within a capture: "p1", "p2", … in start order. */
  id: string;
  /** The URL the page was started from. */
  url: string;
  /** The top-level URL after redirects (equal to url when none). */
  finalUrl: string;
  outcome: PageOutcome;
  reason?: string;
  /** The hard per-page timeout ended the wait; what was captured is kept. */
  timedOut: boolean;
  httpStatus?: number;
  startedAt: string;
  finishedAt: string;
  targets: CapturedTarget[];
  frames: CapturedFrame[];
  requests: CapturedRequest[];
  /** Scripts compiled in any target of the page (for initiator-chain joins). */
  scripts: CapturedScript[];
  /** Every cookie write: by response header (blocked ones too) or by script. */
  cookieWrites: CookieWrite[];
  /** The browser's cookie jar after the page (all cookies, not just this page's). */
  jar: JarCookie[];
  storage: StorageWrite[];
  /** A crawl's link discovery: the top document's link hrefs after it settled, document order. */
  links?: string[];
  /** Privacy signals and consent (--signals, --consent): what the page saw and what was clicked. */
  privacy?: CapturedPrivacy;
  /**
   * v2: why a failed page failed, for code (reason is for people). Also "interrupted" on a page
   * the scan's stop cut short (ok, what was seen is kept) or kept from starting (skipped).
   */
  failure?: FailureKind;
  /** v2: calls of probing APIs, listeners and observers, by script (behaviour hooks). */
  behaviour?: BehaviourRecord[];
  /** v2: form submissions seen (ms on the page clock), so typed values sent earlier are key logging. */
  submits?: FormSubmit[];
  /** v2: security headers of the top document's response as the server sent them (lower-case). */
  securityHeaders?: Record<string, string>;
  /** v2: Content-Security-Policy violations the browser reported (--csp, or the site's own). */
  cspViolations?: CspViolation[];
  /**
   * v2: scripts of a second load of the page with the same visitor settings (--critical-pages),
   * only to tell scripts that differ on every load (volatile) from changed ones.
   */
  reloadScripts?: CapturedScript[];
  /** v2: a HAR page's run number and first/repeat view (WebPageTest). */
  run?: number;
  view?: "first" | "repeat";
}

/**
 * v2: why a page failed. "load" (navigation error, crashed renderer, HTTP error page), "timeout",
 * "browser-gone", "protocol" (a CDP command failed or missed its deadline), "blocked" (bot wall),
 * "capture" (our own error while recording), "interrupted", "no-browser".
 */
export type FailureKind =
  | "load"
  | "timeout"
  | "browser-gone"
  | "protocol"
  | "blocked"
  | "capture"
  | "interrupted"
  | "no-browser";

/** v2: one probing API (or listener / observer) used by one script in one target, with a count. */
export interface BehaviourRecord {
  /** e.g. "HTMLCanvasElement.toDataURL", "addEventListener:keydown", "MutationObserver.observe". */
  api: string;
  family:
    | "canvas"
    | "webgl"
    | "audio"
    | "fonts"
    | "navigator"
    | "webrtc"
    | "media-devices"
    | "battery"
    | "permissions"
    | "listener"
    | "observer";
  /** The calling script (innermost non-hook frame), "" when none could be named. */
  script: string;
  scriptStack?: string[];
  count: number;
  targetId: string;
  frameId?: string;
  /** API-specific facts: canvas size and whether text/shapes were drawn, listener target, … */
  detail?: Record<string, string | number | boolean>;
  /** ms of the first call. */
  ms: number;
}

export interface FormSubmit {
  ms: number;
  frameId?: string;
  /** The form's action URL. */
  action?: string;
}

/** v2: one CSP violation, from the browser's own report. */
export interface CspViolation {
  /** The effective directive, e.g. "img-src". */
  directive: string;
  blockedUrl: string;
  disposition: "enforce" | "report";
  /** The script that tried, when the browser names it. */
  sourceFile?: string;
  /** "site" for the page's own policy, "skimscan" for one under test (--csp). */
  policy?: "site" | "skimscan";
  targetId: string;
  frameId?: string;
  ms: number;
}

/** What a page exposed of the privacy signals and how its consent banner was handled. */
export interface CapturedPrivacy {
  /** Read from the top document after it settled; null when the property does not exist. */
  navigator?: { doNotTrack: string | null; globalPrivacyControl: boolean | null };
  consent?: CapturedConsent;
}

export interface CapturedConsent {
  /** What the visitor was told to do: nothing, reject or accept. */
  action: "none" | "reject" | "accept";
  /**
   * The page's place in the visit: "choice" is the page where the banner was handled (its traffic
   * before the click is before any consent); "after" pages load once the choice is made.
   */
  role: "choice" | "after" | "no-choice";
  /** The consent manager autoconsent recognised (its rule name), if any. */
  cmp?: string;
  popupFound: boolean;
  /** ms since the page's start (the Capture's request clock) when the click began. */
  actionMs?: number;
  /** autoconsent's own result of the opt-out / opt-in steps. */
  actionResult?: boolean;
  /** The CMP's state read back by the rule's self-test: true when it holds the choice. */
  selfTest?: boolean;
  /** Errors autoconsent reported. */
  errors?: string[];
}

export type TargetType =
  | "page"
  | "iframe"
  | "worker"
  | "shared_worker"
  | "service_worker"
  | "other"
  /** v2: a request whose target the source cannot tell (a HAR has no targets). */
  | "unknown";

export interface CapturedTarget {
  /** CDP targetId. */
  id: string;
  type: TargetType;
  url: string;
  /** The target this one was attached from (absent for the page itself and browser-level workers). */
  parentId?: string;
}

export interface CapturedFrame {
  /** CDP frameId. */
  id: string;
  parentId?: string;
  /** Last committed URL of the frame. */
  url: string;
  targetId: string;
  /** The requestId of the document load that created this frame's content, when seen. */
  documentRequestId?: string;
  /** Stack of the script that inserted the frame (Page.frameAttached.stack); absent for markup. */
  createdBy?: CapturedStack;
}

/** One call frame of an initiator stack. */
export interface StackFrame {
  url: string;
  functionName: string;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

/** A (possibly async) stack: frames innermost first, then the async parent that scheduled it. */
export interface CapturedStack {
  description?: string;
  frames: StackFrame[];
  parent?: CapturedStack;
}

export interface CapturedInitiator {
  /** CDP Network.Initiator.type: parser | script | preload | SignedExchange | preflight | other. */
  type: string;
  /** For parser initiators: the document that contained the element. */
  url?: string;
  lineNumber?: number;
  stack?: CapturedStack;
  /** For preflight: the request it preceded. */
  requestId?: string;
}

export interface RedirectHop {
  url: string;
  status: number;
  /** Location header of the hop. */
  location?: string;
  /** Raw Set-Cookie lines of this hop (cookie syncs live here). */
  setCookies: string[];
}

export interface CapturedBody {
  /** Bytes kept, as base64 (binary-safe). */
  base64: string;
  /** Size of the whole body (may exceed what was kept). */
  bytes: number;
  truncated: boolean;
  contentType?: string;
  contentEncoding?: string;
}

export interface CapturedRequest {
  /** CDP requestId, unique within a page (not across pages). */
  id: string;
  /** Final URL after redirects. */
  url: string;
  method: string;
  /** CDP resourceType: Document, Script, Image, Ping, XHR, Fetch, WebSocket, … */
  resourceType: string;
  targetId: string;
  targetType: TargetType;
  frameId?: string;
  /** The URL of the document or worker that made the request. */
  documentUrl?: string;
  initiator: CapturedInitiator;
  /** Hops before the final URL, first request first. Empty when not redirected. */
  redirects: RedirectHop[];
  /** Headers that carry data out: Referer, Cookie, Content-Type, … (lower-case names). */
  requestHeaders: Record<string, string>;
  body?: CapturedBody;
  /** Marked by the capture: navigator.sendBeacon / <a ping> / fetch keepalive. */
  beacon?: "sendBeacon" | "ping" | "keepalive";
  status?: number;
  mimeType?: string;
  responseHeaders?: Record<string, string>;
  /** Set-Cookie lines of the final response. */
  setCookies: string[];
  /** Encoded bytes received. */
  bodyBytes: number;
  /** Decoded image size when the response was an image (pixel detection). */
  image?: { width: number; height: number };
  /** Network.loadingFailed errorText, e.g. net::ERR_BLOCKED_BY_ORB. */
  failure?: string;
  blockedReason?: string;
  corsError?: string;
  fromServiceWorker?: boolean;
  fromCache?: boolean;
  /** v2: stopped by a Content-Security-Policy (still that party's contact). */
  blockedBy?: "csp";
  /** v2: WebSocket frames sent (payloads capped like bodies), for leak and recording analysis. */
  wsFrames?: CapturedBody[];
  /** ms since the page's start. */
  startedMs: number;
  finishedMs?: number;
}

export interface CookieWrite {
  setBy: "header" | "script";
  name: string;
  /** Cookie's domain as the browser stores it: host or Domain attribute, no leading dot. */
  domain: string;
  path: string;
  /** Length of the value only: values are identifiers and stay out of reports unless needed. */
  valueLength: number;
  /** The value itself, kept for leak analysis (id-sync, first-party id exfiltration). */
  value: string;
  /** The expiry the site asked for (Expires/Max-Age), ISO 8601; absent for session cookies. */
  requestedExpires?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  partitioned: boolean;
  /** Header writes: the URL of the response. Script writes: the URL of the document. */
  url: string;
  /** Header writes: the request that carried the Set-Cookie. */
  requestId?: string;
  /** Script writes: the script URL that wrote it (innermost non-hook frame). */
  script?: string;
  /** Script writes: all script URLs on the writer's stack, innermost first. */
  scriptStack?: string[];
  api?: "document.cookie" | "CookieStore";
  frameId?: string;
  targetId: string;
  /** The top-level site of the frame: a write from a frame of another site is third-party context. */
  topLevelUrl?: string;
  blocked: boolean;
  blockedReasons?: string[];
  /** Header writes: stored only thanks to a browser exemption (CDP exemptedCookies reason). */
  exemptionReason?: string;
  /** A deletion (expiry in the past / Max-Age<=0). */
  deletion: boolean;
  /** The raw Set-Cookie line or document.cookie string (value included). */
  raw: string;
  ms: number;
}

export interface JarCookie {
  name: string;
  domain: string;
  path: string;
  value: string;
  /** ISO 8601, absent for session cookies. */
  expires?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  partitionKey?: string;
}

export interface StorageWrite {
  kind: "localStorage" | "sessionStorage" | "indexedDB";
  origin: string;
  /** Storage key, or the IndexedDB database name. */
  key: string;
  /** Size of the value written (0 for indexedDB opens). */
  bytes: number;
  /** The value (capped), for leak analysis. */
  value?: string;
  script?: string;
  scriptStack?: string[];
  frameId?: string;
  targetId: string;
  documentUrl: string;
  ms: number;
}

export interface CapturedScript {
  /** CDP scriptId, unique within its target. */
  id: string;
  targetId: string;
  /** Empty for inline/eval scripts inserted at run time. */
  url: string;
  /** Inline script of a document (url is then the document URL) or eval. */
  kind: "url" | "inline" | "eval" | "unknown";
  /** Where the script was created, for run-time inserted scripts (Debugger.scriptParsed.stackTrace). */
  createdBy?: CapturedStack;
  frameId?: string;
  /** v2: SRI-style "sha256-<base64>" of the bytes run; null when unreadable (see hashError). */
  hash?: string | null;
  hashError?: string;
  /** v2: size in bytes of what was hashed. */
  bytes?: number;
  /** v2: the element's integrity attribute, and whether it held. */
  integrity?: { attribute: string; valid: boolean };
  /**
   * v2: hash of the normalised source (digit runs and long tokens folded, see
   * capture/script-hash.ts), compared instead of `hash` for scripts that differ on every load.
   */
  normalisedHash?: string;
}

/** A page with nothing captured: failed before it loaded, skipped, or never reached. */
export function uncapturedPage(
  id: string,
  url: string,
  outcome: PageOutcome,
  reason: string | undefined,
  at: string = new Date().toISOString(),
): CapturedPage {
  return {
    id,
    url,
    finalUrl: url,
    outcome,
    ...(reason !== undefined ? { reason } : {}),
    timedOut: false,
    startedAt: at,
    finishedAt: at,
    targets: [],
    frames: [],
    requests: [],
    scripts: [],
    cookieWrites: [],
    jar: [],
    storage: [],
  };
}
