// One visitor's walk through the given pages with privacy settings, for `compare` and tests: a
// crawl of just those pages, one at a time, by one visitor (a browser context kept from page to
// page, so a consent answer and opt-out cookies carry over). The first page is visited twice when
// the visitor answers the banner: once where it answers, once after.
import { CaptureCollector } from "../crawl/capture-stream.js";
import { crawlSite } from "../crawl/crawl-site.js";
import type { Capture, CapturedPage } from "../model/capture.js";
import { type PrivacySettings, PrivacyVisitor } from "./privacy-visitor.js";

export type { PrivacySettings } from "./privacy-visitor.js";
export { unstartedVisit } from "./visit-record.js";

export interface VisitOptions {
  urls: string[];
  privacy: PrivacySettings;
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  timeoutMs: number;
  dwellMs: number;
  hostRules?: string;
  insecure: boolean;
  maxBodyBytes: number;
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "debug", message: string) => void;
  onPage?: (page: CapturedPage) => void;
}

/** Throws BrowserError when no browser could be started (unstartedVisit() then records that). */
export async function captureVisit(opts: VisitOptions): Promise<Capture> {
  const visitor = new PrivacyVisitor(opts.privacy);
  const sink = new CaptureCollector();
  await crawlSite(
    {
      startUrls: opts.urls,
      maxPages: opts.urls.length,
      maxDepth: 0,
      concurrency: 1,
      session: "shared",
      visitor,
      signals: visitor.signals,
      ...(opts.chromePath ? { chromePath: opts.chromePath } : {}),
      blockThirdPartyCookies: opts.blockThirdPartyCookies,
      ...(opts.hostRules ? { hostRules: opts.hostRules } : {}),
      insecure: opts.insecure,
      timeoutMs: opts.timeoutMs,
      dwellMs: opts.dwellMs,
      maxBodyBytes: opts.maxBodyBytes,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.onPage ? { onPage: opts.onPage } : {}),
    },
    sink,
  );
  return sink.capture();
}
