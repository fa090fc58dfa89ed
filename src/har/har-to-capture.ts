// Read HAR files (already streamed into records) to one Capture, captureVersion 2 with
// `source: {kind: "har"}`: the same input `scan` and `report` judge. Pure.
import { headerCookieWrites, type ResponseCookies } from "../capture/cookies-from-headers.js";
import {
  CAPTURE_VERSION,
  type Capture,
  type CapturedPage,
  type CapturedRequest,
  type CookieWrite,
} from "../model/capture.js";
import { HAR_TARGET_ID, type HarRecord } from "./har-entry.js";
import { harLimits } from "./har-limits.js";
import { groupByPage, type PageGroup } from "./har-pages.js";
import type { HarLogHead, HarPage } from "./har-types.js";
import { joinRedirects } from "./redirect-chains.js";

/** One HAR file as the streaming reader hands it over. */
export interface ParsedHar {
  file: string;
  head: HarLogHead;
  pages: HarPage[];
  records: HarRecord[];
  /** Entries that could not be read at all, with why. */
  skipped: { index: number; reason: string }[];
  /** True when some entry carried cookies (counted while streaming, before bodies are dropped). */
  cookieMaterial: boolean;
  /** Problems with the file as a whole (an unknown log.version), said in the report. */
  warnings: string[];
}

export interface HarCaptureOptions {
  tool: { name: string; version: string };
  maxBodyBytes: number;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function creatorOf(head: HarLogHead): { name: string; version?: string } {
  const name = str(head.creator?.name) ?? "unknown exporter";
  const version = str(head.creator?.version);
  return { name, ...(version ? { version } : {}) };
}

function isHttp(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}

/** The page's own document: its first Document request, else its first request. */
function mainDocument(requests: CapturedRequest[], stated?: string): CapturedRequest | undefined {
  if (stated) {
    const hit = requests.find((r) => r.url === stated || r.redirects.some((h) => h.url === stated));
    if (hit) return hit;
  }
  return requests.find((r) => r.resourceType === "Document") ?? requests[0];
}

function buildPage(g: PageGroup, id: string): CapturedPage {
  const records = joinRedirects(g.records);
  const requests = records.map((r) => ({
    ...r.request,
    startedMs: Math.max(0, r.startedAt - g.startedAt),
  }));
  // A preflight names the request it preceded by the exporter's id: rewrite to ours.
  const idOf = new Map(records.filter((r) => r.sourceId).map((r) => [r.sourceId, r.request.id]));
  for (const r of requests) {
    const target = r.initiator.requestId && idOf.get(r.initiator.requestId);
    if (target) r.initiator = { ...r.initiator, requestId: target };
  }
  const main = mainDocument(requests, g.statedUrl);
  const url =
    g.statedUrl ?? main?.redirects[0]?.url ?? main?.url ?? (isHttp(g.title) ? g.title : "");
  const finalUrl = main?.url ?? url;
  if (main) {
    main.targetType = "page";
    main.documentUrl = main.url;
    // The page's own document was asked for by the visitor, whatever the exporter wrote.
    if (main.initiator.type === "unknown") main.initiator = { type: "other" };
  }
  const at = new Date(g.startedAt).toISOString();
  const end = Math.max(g.startedAt, ...records.map((r) => r.endedAt));
  const failed = main?.failure !== undefined;
  return {
    id,
    url,
    finalUrl,
    outcome: failed ? "failed" : "ok",
    ...(failed ? { reason: main?.failure, failure: "load" as const } : {}),
    timedOut: false,
    ...(main?.status !== undefined ? { httpStatus: main.status } : {}),
    startedAt: at,
    finishedAt: new Date(end).toISOString(),
    targets: [{ id: HAR_TARGET_ID, type: "page", url: finalUrl }],
    frames: [],
    requests,
    scripts: [],
    cookieWrites: requests.flatMap((r) => cookieWritesOf(r, g.startedAt, finalUrl)),
    jar: [],
    storage: [],
    ...(g.run !== undefined ? { run: g.run } : {}),
    ...(g.view ? { view: g.view } : {}),
  };
}

/** Header cookies of every hop and the final response; the browser's verdicts are not in a HAR. */
function cookieWritesOf(r: CapturedRequest, pageStart: number, topUrl: string): CookieWrite[] {
  const at = pageStart + r.startedMs;
  const responses: ResponseCookies[] = [
    ...r.redirects.map((h) => ({ url: h.url, setCookies: h.setCookies })),
    { url: r.url, setCookies: r.setCookies },
  ]
    .filter((x) => x.setCookies.length > 0)
    .map((x) => ({
      ...x,
      blocked: new Map(),
      exempted: new Map(),
      ms: r.startedMs,
      at,
      topUrl,
    }));
  return headerCookieWrites(r, responses);
}

/** Several HAR files make one capture; pages keep file order, then time order within a file. */
export function harToCapture(hars: readonly ParsedHar[], opts: HarCaptureOptions): Capture {
  const warnings: string[] = [];
  const pages: CapturedPage[] = [];
  let entries = 0;
  let withoutInitiator = 0;
  let urlOnly = 0;
  for (const har of hars) {
    warnings.push(...har.warnings);
    if (har.skipped.length > 0) {
      const shown = har.skipped
        .slice(0, 3)
        .map((s) => `entry ${s.index + 1} ${s.reason}`)
        .join("; ");
      warnings.push(
        `${har.file}: ${har.skipped.length} of ${har.skipped.length + har.records.length} entries skipped (${shown}${har.skipped.length > 3 ? "; …" : ""})`,
      );
    }
    const entryWarnings = har.records.filter((r) => r.warnings.length > 0);
    if (entryWarnings.length > 0) {
      const first = entryWarnings[0] as HarRecord;
      warnings.push(
        `${har.file}: ${entryWarnings.length} entries read with a problem (entry ${first.index + 1}: ${first.warnings[0]})`,
      );
    }
    const { groups, warnings: groupWarnings } = groupByPage(har.pages, har.records);
    for (const w of groupWarnings) warnings.push(`${har.file}: ${w}`);
    for (const g of groups) {
      if (g.records.length === 0) continue;
      const page = buildPage(g, `p${pages.length + 1}`);
      pages.push(page);
      for (const r of page.requests) {
        entries++;
        if (r.initiator.type === "unknown") withoutInitiator++;
        else if (
          r.initiator.stack &&
          !r.initiator.stack.parent &&
          r.initiator.stack.frames.length === 1 &&
          !r.initiator.stack.frames[0]?.scriptId
        )
          urlOnly++;
      }
    }
  }
  const creators = [
    ...new Map(hars.map((h) => [JSON.stringify(creatorOf(h.head)), creatorOf(h.head)])).values(),
  ];
  const creator = creators[0] ?? { name: "unknown exporter" };
  const creatorName = creators.map((c) => c.name).join(", ");
  const limits = harLimits({
    creator: creatorName,
    entries,
    withoutInitiator,
    urlOnlyInitiators: urlOnly,
    cookieMaterial: hars.some((h) => h.cookieMaterial),
  });
  const starts = pages.map((p) => Date.parse(p.startedAt));
  const ends = pages.map((p) => Date.parse(p.finishedAt));
  const startedAt = new Date(starts.length ? Math.min(...starts) : 0).toISOString();
  const finishedAt = new Date(ends.length ? Math.max(...ends) : 0).toISOString();
  return {
    captureVersion: CAPTURE_VERSION,
    tool: opts.tool,
    startedAt,
    finishedAt,
    startUrls: [...new Set(pages.map((p) => p.url))],
    partial: false,
    browser: browserOf(hars, pages),
    options: {
      blockThirdPartyCookies: false,
      timeoutMs: 0,
      dwellMs: 0,
      insecure: false,
      maxBodyBytes: opts.maxBodyBytes,
    },
    pages,
    warnings: [...warnings, ...limits.map((l) => l.warning)],
    source: {
      kind: "har",
      creator: creators.length > 1 ? { name: creatorName } : creator,
      files: hars.map((h) => h.file),
      limits: limits.map((l) => l.id),
    },
  };
}

/** `log.browser` when written (Firefox, WebPageTest), else the creator; the UA of the first request. */
function browserOf(hars: readonly ParsedHar[], pages: CapturedPage[]): Capture["browser"] {
  const head = hars.find((h) => str(h.head.browser?.name))?.head ?? hars[0]?.head;
  const b = head?.browser;
  const c = head ? creatorOf(head) : { name: "unknown" };
  const version = str(b?.name)
    ? `${str(b?.name)}${str(b?.version) ? `/${str(b?.version)}` : ""}`
    : `${c.name}${c.version ? `/${c.version}` : ""}`;
  const ua = pages.flatMap((p) => p.requests).find((r) => r.requestHeaders["user-agent"]);
  return { version, userAgent: ua?.requestHeaders["user-agent"] ?? "" };
}
