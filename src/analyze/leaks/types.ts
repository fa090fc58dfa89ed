// What the leak detectors read: a judged scan, structurally a subset of the core's CheckContext
// (so a check passes its context as is, and tests can judge a capture the simple way).
import type { Capture, CapturedPage, CapturedRequest } from "../../model/capture.js";
import type { Verdict } from "../../model/report.js";

/** One URL a request contacted: a redirect hop or the final URL, with its own party and verdict. */
export interface LeakContact {
  url: string;
  party: string;
  verdict: Verdict;
}

export interface LeakRequest {
  page: CapturedPage;
  request: CapturedRequest;
  /** Party and verdict of the final URL. */
  party: string;
  verdict: Verdict;
  /** Redirect hops first, the final URL last (same order as request.redirects). */
  contacts: readonly LeakContact[];
}

export interface LeakPage {
  page: CapturedPage;
  /** Registrable domains that are "the site" on this page. */
  firstParty: ReadonlySet<string>;
}

export interface LeakInput {
  capture: Capture;
  pages: readonly LeakPage[];
  requests: readonly LeakRequest[];
}

/** A seeded test identity (`--identity email=…,phone=…,name=…`). */
export interface Identity {
  email?: string;
  phone?: string;
  name?: string;
}

export interface LeakOptions {
  /** Two registrable domains of one company (an id-sync between them is reported lower). */
  sameCompany?: (a: string, b: string) => boolean;
  identity?: Identity;
  /** Third-party cookies asking to live longer than this are reported (default 395). */
  maxCookieDays?: number;
  /** Page URL query parameters that carry search terms (default SEARCH_PARAMS). */
  searchParams?: readonly string[];
}
