// The Report: the versioned, public JSON that every renderer and every other tool reads.
// Its shape is the public contract of ../shared/DESIGN.md; schema/report.schema.json mirrors it.
import type { FailureKind } from "./capture.js";

export const SCHEMA_VERSION = 1;

export type Verdict = "first-party" | "authorized" | "rogue" | "unlisted";
export type PartyStatus = Verdict;
export type Severity = "info" | "low" | "medium" | "high";
export type RequestKind =
  | "document"
  | "script"
  | "pixel"
  | "beacon"
  | "xhr"
  | "fetch"
  | "websocket"
  | "iframe"
  | "other";

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  partial: boolean;
  scan: ReportScan;
  summary: ReportSummary;
  parties: ReportParty[];
  requests: ReportRequest[];
  cookies: ReportCookie[];
  storage: ReportStorage[];
  findings: Finding[];
  /**
   * Every script run on each page (external, inline, eval, in every frame and worker), one entry
   * per distinct script per page, with its SHA-256. Absent in reports of older versions.
   */
  scripts?: ReportScript[];
  /** Warnings about the scan or the allowlist (unsupported entries, first party moved, …). */
  warnings: string[];
  /** The CI verdict (--fail-on, --baseline), set by the CLI's gate before rendering. */
  policy?: ReportPolicy;
}

export interface ReportPolicy {
  /** The --fail-on conditions in force, e.g. ["rogue"], ["new-rogue", "finding:id-sync"]. */
  failOn: string[];
  violated: boolean;
  /** One line per condition that failed, e.g. "new rogue party px.example on 2 pages". */
  reasons: string[];
  /** Baseline report files compared against (new means: in none of them). */
  baselines: string[];
  /** With a baseline: parties ignored as new because seen on fewer than --min-pages pages. */
  minPages?: number;
}

export interface ReportScan {
  startedAt: string;
  finishedAt: string;
  startUrls: string[];
  browser: { version: string; userAgent: string; device?: ReportDevice };
  /** Options (secrets redacted) plus the allowlist file used, if any. */
  options: Record<string, unknown>;
  pages: ReportPage[];
  /** With --signals / --consent / --opt-out-cookie: what the visitor said and the proof it was said. */
  privacy?: ReportPrivacy;
}

/** The privacy settings of a scan and the proof that the browser carried them out. */
export interface ReportPrivacy {
  /** Signals the browser was set to send. */
  signals: ("dnt" | "gpc")[];
  /** Requests captured, and how many of them carried `DNT: 1` / `Sec-GPC: 1` as actually sent. */
  requests: number;
  dntRequests: number;
  gpcRequests: number;
  /** What the pages' top documents exposed (distinct values; null: no such property). */
  navigator: { doNotTrack: string | null; globalPrivacyControl: boolean | null; pages: number }[];
  consent?: ReportConsent;
  /** Opt-out cookies present in the browser from the start, as name@domain. */
  optOutCookies?: string[];
}

export interface ReportConsent {
  action: "none" | "reject" | "accept";
  /** The consent manager autoconsent recognised (its rule name). */
  cmp?: string;
  /** The page where the banner was handled, and when (ms since that page's start). */
  choicePage?: string;
  clickMs?: number;
  /** True when the banner was found and the reject/accept steps ran to the end. */
  choiceMade: boolean;
  /** The CMP's state read back after the click by the rule's self-test. */
  stateReadBack?: boolean;
  /** Pages loaded after the choice, in the same visitor session: "after" is judged on these. */
  afterPages: string[];
  /** After pages where the banner showed again (the choice was not kept). */
  bannerShownAgain: string[];
}

export interface ReportPage {
  url: string;
  finalUrl: string;
  outcome: "ok" | "failed" | "skipped";
  reason?: string;
  /** Why the page failed (or was cut short: "interrupted"), for code; `reason` is for people. */
  failure?: FailureKind;
  timedOut: boolean;
  httpStatus?: number;
  /** Registrable domains judged first party on this page. */
  firstParty: string[];
  /** Security headers of the top document's response as the server sent them (lower-case names). */
  securityHeaders?: Record<string, string>;
  /** With --consent: the page's role in its visitor's session, and whether a banner showed. */
  consent?: {
    role: "choice" | "after" | "no-choice";
    bannerShown: boolean;
    /** When the visitor's click began, ms from the page's start (choice pages). */
    clickMs?: number;
  };
}

/** The device profile the scan used (--device). */
export interface ReportDevice {
  name: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  touch: boolean;
}

/** One distinct script run on one page. */
export interface ReportScript {
  /** Start URL of the page. */
  page: string;
  /** The script's URL; "inline:<hash>" or "eval:<hash>" for scripts without one. */
  url: string;
  kind: "url" | "inline" | "eval" | "unknown";
  /** The document an inline script sits in, or the frame / worker that ran the script. */
  frame: string;
  target: ReportRequest["target"];
  /**
   * "sha256-<base64>": of the response body as delivered (external), of the source text as UTF-8
   * (inline, eval). null when it could not be read (hashError says why): never a guess.
   */
  hash: string | null;
  hashError?: string;
  bytes?: number;
  /** Hash of the normalised source (digits and long tokens folded): compared for volatile scripts. */
  normalisedHash?: string;
  /** The element's integrity attribute and whether it held for the bytes delivered. */
  integrity?: { attribute: string; valid: boolean };
  party: string;
  verdict: Verdict;
  rule?: string;
  /** The deciding allowlist entry's justification (or note). */
  justification?: string;
  /** Outermost first: what brought the script in, ending with the script itself. */
  loadedBy: string[];
  /** Seen with two hashes within the scan (or a second load): compared by normalised form. */
  volatile?: boolean;
  /** With --baseline: the earliest scan that saw this script on this page, and the scan since when it has had its current hash. */
  firstSeen?: string;
  lastChanged?: string;
}

export interface ReportSummary {
  pages: number;
  requests: number;
  cookies: number;
  thirdParties: number;
  authorized: number;
  rogue: number;
  unlisted: number;
  findings: number;
}

export interface ReportParty {
  /** Registrable domain (tldts, private suffixes on); an IP or single-label host stands for itself. */
  domain: string;
  status: PartyStatus;
  /** Allowlist entries that matched any of this party's requests, as written (e.g. "domain:x.example"). */
  rules: string[];
  entity?: string;
  category?: string;
  /** Where entity and category came from: "third-party-web", "skimscan-overlay", "+"-joined, or a user's --entities file. */
  entitySource?: string;
  /** The group owning the entity when it trades under its own name (LinkedIn → Microsoft). */
  parentEntity?: string;
  hosts: string[];
  requests: number;
  pixels: number;
  beacons: number;
  cookies: number;
  /** URLs of the pages (start URLs) it appeared on. */
  pages: string[];
  /** The page it first appeared on (scan order). */
  firstSeen: string;
  /** Initiator chains that brought it in, outermost first: page → tag → … → the party's own first resource. */
  loadedBy: string[][];
  /** Set by a baseline comparison (--baseline): true when no baseline run had this party. */
  new?: boolean;
  /** With --filter-list: how many of its requests a filter-list rule matched. */
  filterMatches?: number;
}

/** The filter-list rule that matched a request (--filter-list), as evidence. */
export interface FilterListMatch {
  /** The rule as written, e.g. "||tracker.example^$third-party". */
  rule: string;
  /** The list it came from (the file as given). */
  list: string;
}

export interface ReportRequest {
  url: string;
  host: string;
  party: string;
  verdict: Verdict;
  /** The allowlist entry that decided the verdict. */
  rule?: string;
  kind: RequestKind;
  /** CDP resource type. */
  type: string;
  method: string;
  /** Start URL of the page it was captured on. */
  page: string;
  /** URL of the frame (or worker) that made it. */
  frame: string;
  target: "page" | "iframe" | "worker" | "shared_worker" | "service_worker" | "other";
  /** Script URLs responsible, outermost first (the request's own loadedBy chain, without the page). */
  initiators: string[];
  redirects: { url: string; status: number }[];
  httpStatus?: number;
  failure?: string;
  bodyBytes: number;
  /** With --filter-list: the rule that matched the request's final URL. */
  filterMatch?: FilterListMatch;
}

export interface ReportCookie {
  name: string;
  domain: string;
  path: string;
  /** Registrable domain of the cookie's domain. */
  party: string;
  setBy: "header" | "script";
  /** Party of the response (header) or script (script) that wrote it. */
  setByParty: string;
  script?: string;
  /** Page (start URL) it was first written on. */
  page: string;
  /** Expiry as stored by the browser (capped at 400 days), ISO 8601. */
  expires?: string;
  /** Expiry the site asked for, ISO 8601. */
  requestedExpires?: string;
  sameSite?: "Strict" | "Lax" | "None";
  secure: boolean;
  httpOnly: boolean;
  partitionKey?: string;
  /** Set from a frame or a response whose site differs from the top-level page's. */
  thirdPartyContext: boolean;
  /** Every write was blocked by the browser. */
  blocked: boolean;
  blockedReasons?: string[];
  /**
   * Every write was refused for its Domain (a public suffix such as `com`, or a domain the
   * writer's host is not part of): a library's probe, no one's cookie, no finding's subject.
   */
  domainRefused?: true;
  /** The last write the browser accepted deleted it (an expiry in the past): not a live cookie. */
  deleted?: true;
  writes: number;
}

export interface ReportStorage {
  origin: string;
  party: string;
  kind: "localStorage" | "sessionStorage" | "indexedDB";
  key: string;
  bytes: number;
  script?: string;
  page: string;
}

export interface Finding {
  /** Stable fingerprint: code + parties + the evidence's key; never a position or a time. */
  id: string;
  code: string;
  severity: Severity;
  party?: string;
  page?: string;
  evidence: Record<string, unknown>;
  /** Set by a baseline comparison (--baseline): true when no baseline run had this finding id. */
  new?: boolean;
}
