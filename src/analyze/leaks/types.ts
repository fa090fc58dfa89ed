// The shapes the leak detectors share: what they read (a judged scan) and what they return (drafts).
// Structurally a subset of the core's CheckContext, so the core's judged scan can be passed as is.
import type { Capture, CapturedPage, CapturedRequest } from "../../model/capture.js";
import type { Severity, Verdict } from "../../model/report.js";

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

export type LeakCode =
  | "id-sync"
  | "first-party-id-leak"
  | "url-leak"
  | "search-term-leak"
  | "pii-leak"
  | "long-lived-cookie"
  | "insecure-third-party-cookie";

/** A finding before its id: the core fingerprints code + party + parties + key. */
export interface LeakDraft {
  code: LeakCode;
  severity: Severity;
  party?: string;
  /** Start URL of the page. */
  page?: string;
  /** Other parties the finding is about (part of the fingerprint). */
  parties?: string[];
  /** Stable across runs: names and places, never a random value, position or time. */
  key: string;
  evidence: Record<string, unknown>;
}

export type Detector = (input: LeakInput, options?: LeakOptions) => LeakDraft[];
