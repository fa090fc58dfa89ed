// The Report: the versioned, public JSON that every renderer and every other tool reads.
// schema/report.schema.json mirrors it (test/unit/report-schema.test.ts keeps the two in step).
import type { FailureKind } from "./capture.js";

/** The version this skimscan writes. See docs/REPORT-VERSIONS.md for what each version changed. */
export const SCHEMA_VERSION = 2;
/** Versions read back (--baseline, diff, compare, dataset): older reports stay usable. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;
export type ReadableSchemaVersion = (typeof READABLE_SCHEMA_VERSIONS)[number];

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
  /** SCHEMA_VERSION when written by this skimscan; 1 for an older report read back. */
  schemaVersion: ReadableSchemaVersion;
  tool: { name: string; version: string };
  partial: boolean;
  scan: ReportScan;
  summary: ReportSummary;
  parties: ReportParty[];
  requests: ReportRequest[];
  cookies: ReportCookie[];
  storage: ReportStorage[];
  findings: Finding[];
  /** Warnings about the scan or the allowlist (unsupported entries, first party moved, …). */
  warnings: string[];
  /** The CI verdict (--fail-on, --baseline), set by the CLI's gate before rendering. */
  policy?: ReportPolicy;
  /** scan --csp: what the policy under test stopped, missed, broke, and could not reach. */
  csp?: ReportCsp;
}

/** scan --csp / --csp-file: the policy under test, judged from the browser's own violations. */
export interface ReportCsp {
  policy: string;
  mode: "enforce" | "report-only";
  /** Violations of the policy under test that the browser reported. */
  violations: number;
  /** Violations of the site's own policy (not the one under test). */
  siteViolations: number;
  /** Rogue requests the policy stopped (or, report-only, would stop); unlisted ones are neither. */
  stopped: ReportCspEntry[];
  /** Rogue requests within the policy's reach that it let through. */
  missed: ReportCspEntry[];
  /** Authorized or first-party requests the policy stopped. */
  broken: ReportCspEntry[];
  /** Rogue requests made inside a third party's frame or worker: no page policy governs them. */
  outOfReach: ReportCspEntry[];
  /** Inline scripts, styles or eval the policy stopped (no URL to judge). */
  blockedInline: ReportCspEntry[];
}

/** One host under one directive, with the requests and pages behind it. */
export interface ReportCspEntry {
  party: string;
  host: string;
  verdict: Verdict;
  directive: string;
  pages: string[];
  requests: number;
  /** Up to three of its URLs. */
  examples: string[];
  /** Out of reach: the frame or worker the requests were made in. */
  container?: string;
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
  browser: { version: string; userAgent: string };
  /** Options (secrets redacted) plus the allowlist file used, if any. */
  options: Record<string, unknown>;
  pages: ReportPage[];
  /** Where the record came from when not skimscan's own browser: `skimscan analyze` of HAR files. */
  source?: ReportSource;
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

/** A report judged from a recording (HAR) instead of skimscan's own browser. */
export interface ReportSource {
  kind: "browser" | "har";
  /** The exporter that wrote the recording (HAR `log.creator`). */
  creator?: { name: string; version?: string };
  /** The recording files, as given. */
  files?: string[];
  /** What the source cannot show (ids such as "script-cookies", "frames"); each is explained in warnings. */
  limits?: string[];
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
  /** With --consent: the page's role in its visitor's session, and whether a banner showed. */
  consent?: {
    role: "choice" | "after" | "no-choice";
    bannerShown: boolean;
    /** When the visitor's click began, ms from the page's start (choice pages). */
    clickMs?: number;
  };
  /** A HAR page's run number and first or repeat view (WebPageTest). */
  run?: number;
  view?: "first" | "repeat";
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
  /**
   * Its tracking requests by the one definition every privacy check uses (pixels, beacons,
   * filter-list matches, requests carrying an identifier cookie or a stored identifier, requests
   * after its fingerprinting). Absent in reports made before the field existed.
   */
  tracking?: number;
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
  /** "unknown" when the source cannot tell (a HAR has no targets); `frame` is then "". */
  target: "page" | "iframe" | "worker" | "shared_worker" | "service_worker" | "other" | "unknown";
  /** Script URLs responsible, outermost first (the request's own loadedBy chain, without the page). */
  initiators: string[];
  redirects: { url: string; status: number }[];
  httpStatus?: number;
  failure?: string;
  /** Stopped by a Content-Security-Policy (still the party's contact). */
  blockedBy?: "csp";
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

/** A finding of one code, with that code's evidence (see EvidenceByCode). */
export interface FindingOf<C extends FindingCode> {
  /** Stable fingerprint: code + parties + the evidence's key; never a position or a time. */
  id: string;
  code: C;
  severity: Severity;
  party?: string;
  page?: string;
  evidence: EvidenceByCode[C];
  /** Set by a baseline comparison (--baseline): true when no baseline run had this finding id. */
  new?: boolean;
}

/** Any finding: narrowing on `code` types its evidence. */
export type Finding = { [C in FindingCode]: FindingOf<C> }[FindingCode];

/** The evidence each finding code carries (schema: $defs.<Name>Evidence, chosen by `code`). */
export type EvidenceByCode = {
  "rogue-party": RoguePartyEvidence;
  "rogue-cookie": RogueCookieEvidence;
  "expired-approval": ExpiredApprovalEvidence;
  "stale-allowlist-entry": StaleAllowlistEntryEvidence;
  "known-tracker": KnownTrackerEvidence;
  piggyback: PiggybackEvidence;
  "id-sync": IdSyncEvidence;
  "first-party-id-leak": FirstPartyIdLeakEvidence;
  "url-leak": UrlLeakEvidence;
  "search-term-leak": SearchTermLeakEvidence;
  "pii-leak": PiiLeakEvidence;
  "long-lived-cookie": LongLivedCookieEvidence;
  "insecure-third-party-cookie": InsecureThirdPartyCookieEvidence;
  "tracks-before-consent": TracksBeforeConsentEvidence;
  "ignores-reject": IgnoresRejectEvidence;
  "ignores-gpc": IgnoresSignalEvidence;
  "ignores-dnt": IgnoresSignalEvidence;
  "opt-out-not-honoured": OptOutNotHonouredEvidence;
  fingerprinting: FingerprintingEvidence;
  "session-recording": SessionRecordingEvidence;
  "key-logging": KeyLoggingEvidence;
  "csp-misses-rogue": CspEvidence;
  "csp-breaks-authorized": CspEvidence;
};

/** csp-misses-rogue, csp-breaks-authorized: one host under one directive of the policy under test. */
export interface CspEvidence {
  host: string;
  verdict: Verdict;
  /** The directive the browser named (or the one that governs the request). */
  directive: string;
  mode: "enforce" | "report-only";
  pages: string[];
  requests: number;
  /** Up to three URLs (for inline code: what was blocked and where). */
  examples: string[];
}

export type FindingCode = keyof EvidenceByCode;

/** For filter and find: a finding of this code, with its evidence typed. */
export function isFindingOf<C extends FindingCode>(
  code: C,
): (f: Finding) => f is Extract<Finding, { code: C }> {
  return (f): f is Extract<Finding, { code: C }> => f.code === code;
}

export interface RoguePartyEvidence {
  hosts: string[];
  /** Hosts of the party that no authorized entry covered. */
  rogueHosts: string[];
  pages: string[];
  requests: number;
  /** The first initiator chain that brought it in. */
  loadedBy: string[];
  /** The denying entry, or "no authorized entry". */
  rule: string;
}

export interface RogueCookieEvidence {
  name: string;
  domain: string;
  path: string;
  setBy: "header" | "script";
  script?: string;
  thirdPartyContext: boolean;
  blocked: boolean;
  blockedReasons?: string[];
  writes: number;
}

export interface ExpiredApprovalEvidence {
  rule: string;
  expires: string;
  /** The scan's day the expiry was judged against. */
  day: string;
  hosts: string[];
  pages: string[];
  line?: number;
  note?: string;
}

export interface StaleAllowlistEntryEvidence {
  rule: string;
  list: "authorized";
  file?: string;
  line?: number;
  categories?: string[];
  pages?: string[];
  expires?: string;
  note?: string;
  pagesScanned: number;
}

export interface KnownTrackerEvidence {
  /** Up to ten matched rules. */
  rules: FilterListMatch[];
  distinctRules: number;
  lists: string[];
  matchedRequests: number;
  requests: number;
  entity?: string;
}

export interface PiggybackEvidence {
  receiver: string;
  receiverStatus: PartyStatus;
  /** Who let it in: a vendor, the site's own tag manager, or the site's own script. */
  via: "vendor" | "tag-manager" | "first-party";
  loader: string;
  /** The loader's script, frame or redirect hop nearest the receiver. */
  script: string;
  scriptKind: "script" | "frame" | "redirect";
  /** Rogue parties the chain passed through between loader and receiver. */
  through: string[];
  container?: string;
  containerId?: string;
  loaderStatus?: PartyStatus;
  /** The company both belong to, when they do. */
  sameCompany?: string;
  request: string;
  chain: string[];
  pages: string[];
  requests: number;
}

/** One request a leak travelled in (up to five per finding). */
export interface LeakRequestEvidence {
  url: string;
  location:
    | "query"
    | "path"
    | "body"
    | "referer"
    | "cookie-header"
    | "redirect-location"
    | "header";
  /** Key path inside the carrier. */
  key?: string;
  /** Decodings applied, outermost first (and for personal data the hash). */
  encoding: string[];
  /** For a redirect-location: where the redirect pointed. */
  redirectTo?: string;
  /** The request's final URL when the value travelled to a redirect hop. */
  finalUrl?: string;
  /** id-sync: the hop that redirected the browser to the receiver. */
  redirectedBy?: string;
  /** search-term-leak: the term itself or inside the page URL. */
  as?: "page-url" | "value";
  /** pii-leak (seeded): the form found and the normalised input it was made of. */
  form?: string;
  of?: string;
}

/** Where a synced or leaked identifier was stored. */
export interface StoredEvidence {
  kind: "cookie" | "localStorage" | "sessionStorage" | "indexedDB";
  name: string;
  domain?: string;
  origin?: string;
  part?: string;
  setBy: "header" | "script" | "jar";
  writer: string;
  script?: string;
  httpOnly?: boolean;
}

export interface IdSyncEvidence {
  from: string;
  to: string;
  owner: string;
  value: string;
  stored: StoredEvidence;
  sameCompany?: boolean;
  redirectChain?: string[];
  receiverVerdict: Verdict;
  requests: LeakRequestEvidence[];
  sightings: number;
}

export interface FirstPartyIdLeakEvidence {
  value: string;
  stored: StoredEvidence;
  sensitive?: boolean;
  receiverVerdict: Verdict;
  requests: LeakRequestEvidence[];
  sightings: number;
}

export interface UrlLeakEvidence {
  leaked: "url" | "query";
  pageUrl: string;
  params: string[];
  receiverVerdict: Verdict;
  requests: LeakRequestEvidence[];
  sightings: number;
}

export interface SearchTermLeakEvidence {
  term: string;
  param: string;
  pageUrl: string;
  receiverVerdict: Verdict;
  requests: LeakRequestEvidence[];
  sightings: number;
}

export interface PiiLeakEvidence {
  kind: "email" | "phone" | "name";
  /** True for the seeded --identity, false for any other e-mail address. */
  seeded: boolean;
  form: string;
  of?: string;
  email?: string;
  encoding: string[];
  receiverVerdict: Verdict;
  requests: LeakRequestEvidence[];
  sightings: number;
}

export interface LongLivedCookieEvidence extends CookieWriteEvidence {
  requestedExpires: string;
  requestedDays: number;
  maxDays: number;
}

export interface InsecureThirdPartyCookieEvidence extends CookieWriteEvidence {
  reason: "not-secure" | "samesite-none-over-http";
  secure: boolean;
  sameSite?: "Strict" | "Lax" | "None";
}

/** A third-party cookie write the cookie-policy checks judged. */
export interface CookieWriteEvidence {
  name: string;
  domain: string;
  path: string;
  setBy: "header" | "script";
  /** Party of the response or script that wrote it. */
  writer: string;
  url: string;
  script?: string;
  blocked?: boolean;
  blockedReasons?: string[];
}

/** A pixel, beacon or filter-list tracker request counted by a privacy check. */
/** Why a request counts as tracking (the one definition of the privacy checks). */
export type TrackingReason =
  | "pixel"
  | "beacon"
  | "filter-list"
  | "identifier-cookie"
  | "stored-identifier"
  | "after-fingerprinting";

export interface TrackingRequestEvidence {
  url: string;
  kind: RequestKind;
  /** Why it counts (absent in reports made before the one definition). */
  reason?: TrackingReason;
  page: string;
  ms: number;
  rule?: string;
  dnt?: string;
  gpc?: string;
}

/** An identifier cookie a privacy check counted, once per name and domain. */
export interface IdentifierCookieEvidence {
  name: string;
  domain: string;
  setBy: "header" | "script";
  source: string;
  valueLength: number;
  requestedExpires?: string;
  page: string;
  ms: number;
  writes: number;
}

/** What a party did that tracks, in the window a privacy check judges (first ten of each). */
export interface TrackingEvidence {
  pages: string[];
  cookies: IdentifierCookieEvidence[];
  cookieCount: number;
  trackingRequests: TrackingRequestEvidence[];
  trackingRequestCount: number;
}

export interface TracksBeforeConsentEvidence extends TrackingEvidence {
  action: "none" | "reject" | "accept";
  cmp: string | null;
  window: "before-click" | "no-interaction";
  clickMs?: number;
  choicePage?: string;
}

export interface IgnoresRejectEvidence extends TrackingEvidence {
  cmp: string | null;
  choicePage: string | null;
  clickMs: number | null;
  /** The CMP's own state read back after the click (null: no self-test). */
  rejectedStateReadBack: boolean | null;
  afterPages: string[];
  bannerShownAgain: string[];
}

export interface IgnoresSignalEvidence extends TrackingEvidence {
  signal: "dnt" | "gpc";
  header: string;
  /** The party's requests that carried the header. */
  requestsWithSignal: number;
  requests: number;
  navigatorValues: string[];
  /** Tracking requests that carried an identifier themselves (cookie, stored id, fingerprint). */
  identifierRequests?: number;
}

export interface OptOutNotHonouredEvidence {
  optOutCookie: string;
  /** The party's requests that carried the opt-out cookie. */
  requestsWithOptOut: number;
  pages: string[];
  cookies: IdentifierCookieEvidence[];
  cookieCount: number;
}

/** One probing API a party's script called (behaviour hooks), with its count. */
export interface ProbeApiEvidence {
  api: string;
  count: number;
  script: string;
  detail?: Record<string, string | number | boolean>;
}

/** Where a value travelled: a request URL and the place in it. */
export interface SentInEvidence {
  url: string;
  location: string;
  key?: string;
  encoding: string[];
}

export interface FingerprintingEvidence {
  /** Probe families combined: canvas, webgl, audio, fonts, navigator, webrtc. */
  families: string[];
  /** The APIs of each family on the first page, with counts. */
  apis: Record<string, ProbeApiEvidence[]>;
  scripts: string[];
  loadedBy: string[][];
  pages: string[];
  /** The first identifier-carrying request of the party after its first probe. */
  sentIn?: SentInEvidence;
  /** The identifier, stored nowhere, that the party sent from two visitor contexts (high). */
  survivesWithoutCookies?: SentInEvidence & { pages: string[] };
  partyStatus?: PartyStatus;
}

export interface SessionRecordingEvidence {
  /** "rrweb" for an rrweb event stream, "custom" for any other recorder. */
  format: "rrweb" | "custom";
  shapes: ("rrweb" | "dom-snapshot" | "events")[];
  /** What the recorder observed ("document", "html", "body"), or "unseen". */
  observes: string;
  scripts: string[];
  loadedBy: string[][];
  transports: string[];
  requests: { url: string; kind: string; shapes: string[] }[];
  pages: string[];
  /** With --identity: the typed identity was (true) or was not (false) in what it sent. */
  typedTextSent?: boolean;
  partyStatus?: PartyStatus;
}

export interface KeyLoggingEvidence {
  kind: string;
  form: string;
  /** The value left before the form was submitted (or with no submit). */
  beforeSubmit: boolean;
  sentMs: number;
  submitMs?: number;
  submitted?: false;
  request: SentInEvidence;
  listeners: { api: string; target?: string | number | boolean; script: string }[];
  loadedBy: string[][];
  pages: string[];
  partyStatus?: PartyStatus;
}
