// What a crawl is told to do, what of that the Capture records (secrets redacted), and the
// empty page record used for pages that were skipped or never loaded.
import type { CapturedPage, CaptureOptions } from "../model/capture.js";
import { REDACTED } from "../model/redacted.js";
import type { RemoteOptions } from "./connect-browser.js";
import type { FillFormsOptions } from "./fill-forms.js";
import type { FirstPartyAccess } from "./first-party-access.js";
import type { LaunchedBrowser, LaunchOptions } from "./launch-browser.js";
import type { Visitor } from "./visitor.js";

export type SessionMode = "shared" | "fresh";

export interface CrawlOptions extends LaunchOptions, RemoteOptions {
  /** The URLs the user named; their registrable domains are the site. */
  startUrls: string[];
  /** --urls-file entries (already read and checked). */
  fileUrls?: string[];
  /** Add the pages of the sitemaps (robots.txt Sitemap lines, else /sitemap.xml). */
  sitemap?: boolean;
  maxPages: number;
  maxDepth: number;
  concurrency: number;
  include?: string[];
  exclude?: string[];
  /** The whole list of ignored query parameters (defaults plus --ignore-param). */
  ignoredParams?: string[];
  respectRobots?: boolean;
  /** Page starts per second per origin. */
  rate?: number;
  /** --header / --cookie, for first-party URLs only. */
  access?: FirstPartyAccess;
  session: SessionMode;
  /** Extra first-party domains (allowlist firstParty, --first-party). */
  firstParty?: string[];
  timeoutMs: number;
  dwellMs: number;
  maxBodyBytes: number;
  /** Opt-out cookies and a consent answer (src/consent/privacy-visitor.ts); the signals the
   * browser sends are LaunchOptions.signals. */
  visitor?: Visitor;
  /** --critical-pages: path globs of pages loaded twice to find volatile scripts. */
  criticalPages?: string[];
  /** --identity: typed into each page's forms (fill-forms.ts). */
  fillForms?: FillFormsOptions;
  /** Abort: stop taking pages, end those in flight quickly, the rest is skipped, partial. */
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "debug", message: string) => void;
  /** Each finished page, with the crawl's counters (progress bars, logs). */
  onPage?: (
    page: CapturedPage,
    progress: { done: number; failed: number; queued: number; inFlight: number },
  ) => void;
  /** Each browser as it is launched (again after a crash): for observers such as tests. */
  onBrowser?: (b: LaunchedBrowser) => void;
}

export { REDACTED };

/** The crawl's options as the Capture keeps them: header and cookie values never written. */
export function crawlOptionsRecord(o: CrawlOptions): CaptureOptions {
  return {
    blockThirdPartyCookies: o.blockThirdPartyCookies,
    timeoutMs: o.timeoutMs,
    dwellMs: o.dwellMs,
    ...(o.hostRules ? { hostRules: o.hostRules } : {}),
    insecure: o.insecure,
    maxBodyBytes: o.maxBodyBytes,
    ...(o.behaviourHooks === false ? { behaviourHooks: false } : {}),
    maxPages: o.maxPages,
    depth: o.maxDepth,
    concurrency: o.concurrency,
    session: o.session,
    sitemap: o.sitemap === true,
    ...(o.fileUrls?.length ? { urlsFile: o.fileUrls.length } : {}),
    ...(o.include?.length ? { include: o.include } : {}),
    ...(o.exclude?.length ? { exclude: o.exclude } : {}),
    ...(o.ignoredParams ? { ignoreParams: o.ignoredParams } : {}),
    respectRobots: o.respectRobots === true,
    ...(o.rate ? { rate: o.rate } : {}),
    ...(o.access?.headers.length
      ? { headers: o.access.headers.map(([n]) => `${n}: ${REDACTED}`) }
      : {}),
    ...(o.access?.cookies.length
      ? { cookies: o.access.cookies.map(([n]) => `${n}=${REDACTED}`) }
      : {}),
    ...(o.visitor ? o.visitor.options() : {}),
    ...(o.device ? { device: o.device } : {}),
    ...(o.criticalPages?.length ? { criticalPages: o.criticalPages } : {}),
    ...(o.csp ? { csp: { policy: o.csp.policy, reportOnly: o.csp.reportOnly } } : {}),
  };
}
