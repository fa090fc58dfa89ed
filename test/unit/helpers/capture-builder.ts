// Small builders for hand-made captures: defaults that read like a real page load, overridable.
import type {
  Capture,
  CapturedInitiator,
  CapturedPage,
  CapturedRequest,
  CapturedScript,
  CapturedStack,
  CookieWrite,
  StackFrame,
} from "../../../src/model/capture.js";

export const PAGE_TARGET = "T-page";
export const MAIN_FRAME = "F-main";

export function makeCapture(pages: CapturedPage[], over: Partial<Capture> = {}): Capture {
  return {
    captureVersion: 1,
    tool: { name: "skimscan", version: "0.0.0-test" },
    startedAt: "2026-06-30T10:00:00.000Z",
    finishedAt: "2026-06-30T10:00:05.000Z",
    startUrls: pages.map((p) => p.url),
    partial: false,
    browser: { version: "Chrome/156.0.0.0", userAgent: "Mozilla/5.0 test" },
    options: {
      blockThirdPartyCookies: false,
      timeoutMs: 30000,
      dwellMs: 0,
      insecure: true,
      maxBodyBytes: 65536,
    },
    pages,
    warnings: [],
    ...over,
  };
}

let pageCount = 0;

/** A page with its top target, main frame and main document request. */
export function makePage(url: string, over: Partial<CapturedPage> = {}): CapturedPage {
  pageCount++;
  const finalUrl = over.finalUrl ?? url;
  const doc = makeRequest("doc", finalUrl, {
    resourceType: "Document",
    initiator: { type: "other" },
    mimeType: "text/html",
    startedMs: 0,
  });
  return {
    id: `p${pageCount}`,
    url,
    finalUrl,
    outcome: "ok",
    timedOut: false,
    httpStatus: 200,
    startedAt: "2026-06-30T10:00:00.000Z",
    finishedAt: "2026-06-30T10:00:05.000Z",
    targets: [{ id: PAGE_TARGET, type: "page", url: finalUrl }],
    frames: [{ id: MAIN_FRAME, url: finalUrl, targetId: PAGE_TARGET, documentRequestId: "doc" }],
    requests: [doc],
    scripts: [],
    cookieWrites: [],
    jar: [],
    storage: [],
    ...over,
  };
}

let startedMs = 0;

export function makeRequest(
  id: string,
  url: string,
  over: Partial<CapturedRequest> = {},
): CapturedRequest {
  startedMs += 10;
  return {
    id,
    url,
    method: "GET",
    resourceType: "Script",
    targetId: PAGE_TARGET,
    targetType: "page",
    frameId: MAIN_FRAME,
    initiator: { type: "other" },
    redirects: [],
    requestHeaders: {},
    setCookies: [],
    status: 200,
    bodyBytes: 1000,
    startedMs,
    ...over,
  };
}

/** A parser initiator: the element was in the markup of `documentUrl`. */
export function parser(documentUrl: string): CapturedInitiator {
  return { type: "parser", url: documentUrl, lineNumber: 1 };
}

export function frame(url: string, scriptId = ""): StackFrame {
  return { url, functionName: "", scriptId, lineNumber: 0, columnNumber: 0 };
}

/** A stack, innermost frame first; each argument is a URL or a [url, scriptId] pair. */
export function stack(...frames: (string | [string, string])[]): CapturedStack {
  return { frames: frames.map((f) => (typeof f === "string" ? frame(f) : frame(f[0], f[1]))) };
}

/** A script initiator with the given stack. */
export function byScript(s: CapturedStack): CapturedInitiator {
  return { type: "script", stack: s };
}

export function makeScript(
  id: string,
  url: string,
  over: Partial<CapturedScript> = {},
): CapturedScript {
  return { id, targetId: PAGE_TARGET, url, kind: url ? "url" : "inline", ...over };
}

export function makeCookieWrite(
  over: Partial<CookieWrite> & Pick<CookieWrite, "name" | "domain" | "url">,
): CookieWrite {
  return {
    setBy: "header",
    path: "/",
    valueLength: 8,
    value: "abcdefgh",
    secure: true,
    httpOnly: false,
    partitioned: false,
    targetId: PAGE_TARGET,
    blocked: false,
    deletion: false,
    raw: `${over.name}=abcdefgh`,
    ms: 100,
    ...over,
  };
}
