// The policy a site needs: for each directive, 'self', the first-party hosts and the authorized
// parties' hosts that the scanned pages show it needs — rogue and unlisted parties never.
// Host sources only: a source path stops mattering after a redirect, so a path is no boundary.
import type { Allowlist } from "../../config/allowlist.js";
import { hostOf, isPublicSuffix, partyOf } from "../../domain/party.js";
import type { Report, ReportRequest } from "../../model/report.js";
import { judgeContact, type MatchScope, scanDay } from "../allowlist-match.js";
import { directiveFor, type Policy, serializePolicy } from "./policy.js";
import { destinationOfRequest, reachOf } from "./reach.js";

/** One source of one directive, with who needs it and where. */
export interface PolicySource {
  source: string;
  parties: string[];
  pages: string[];
  /** How the source was chosen: "self", "first-party", an allowlist rule, or a keyword's reason. */
  why: string;
}

/** A request the policy leaves out on purpose, or cannot govern. */
export interface PolicyExclusion {
  url: string;
  host: string;
  party: string;
  verdict: string;
  directive: string;
  page: string;
  /** "rogue" / "unlisted": not written in; "out-of-reach": inside a third party's frame or worker;
   * "rogue-hop": authorized, but it redirects through a host the allowlist does not authorize. */
  reason: "rogue" | "unlisted" | "out-of-reach" | "rogue-hop";
  /** For out-of-reach: the frame or worker the request was made in. */
  container?: string;
}

/** What the capture says about scripts without a URL (a report alone does not know). */
export interface InlineScripts {
  /** SRI-style hashes ("sha256-…") of the top documents' inline scripts. */
  hashes: string[];
  /** Inline scripts whose text could not be hashed. */
  unhashed: number;
  /** eval / new Function / inserted inline scripts with no URL (CDP cannot tell them apart). */
  dynamic: number;
  /** False when only reports were given: inline scripts were never seen. */
  known: boolean;
}

export interface GenerateOptions {
  allowlist?: Allowlist;
  inline?: InlineScripts;
  /** "hosts" (default): host allowlists. "strict-dynamic": a nonce and 'strict-dynamic'. */
  scriptMode?: "hosts" | "strict-dynamic";
  reportUri?: string;
}

export interface GeneratedPolicy {
  policy: Policy;
  /** Header value. */
  header: string;
  /** The Reporting-Endpoints header that goes with report-to, when a report URI was given. */
  reportingEndpoints?: string;
  directives: Record<string, PolicySource[]>;
  excluded: PolicyExclusion[];
  /** Plain statements about what this policy cannot do or had to allow. */
  notes: string[];
}

export const NONCE_PLACEHOLDER = "{NONCE}";

const ORDER = [
  "default-src",
  "script-src",
  "style-src",
  "img-src",
  "font-src",
  "connect-src",
  "media-src",
  "frame-src",
  "worker-src",
  "manifest-src",
  "object-src",
  "base-uri",
  "form-action",
];

export function generatePolicy(reports: readonly Report[], opts: GenerateOptions): GeneratedPolicy {
  const need = new Map<string, Map<string, PolicySource>>();
  const excluded: PolicyExclusion[] = [];
  const notes: string[] = [];
  const add = (directive: string, source: string, party: string, page: string, why: string) => {
    const d = need.get(directive) ?? new Map<string, PolicySource>();
    need.set(directive, d);
    const s = d.get(source) ?? { source, parties: [], pages: [], why };
    d.set(source, s);
    if (party && !s.parties.includes(party)) s.parties.push(party);
    if (!s.pages.includes(page)) s.pages.push(page);
  };
  for (const report of reports) {
    const fpByPage = new Map(report.scan.pages.map((p) => [p.url, new Set(p.firstParty)]));
    const day = scanDay(report.scan.startedAt);
    for (const r of report.requests) {
      const fp = fpByPage.get(r.page) ?? new Set<string>();
      const reach = reachOf(r, fp);
      if (reach === "top") continue;
      const directive = directiveFor(destinationOfRequest(r));
      const base = {
        url: r.url,
        host: r.host,
        party: r.party,
        verdict: r.verdict,
        directive,
        page: r.page,
      };
      if (reach === "out") {
        excluded.push({ ...base, reason: "out-of-reach", container: r.frame });
        continue;
      }
      if (r.verdict === "rogue" || r.verdict === "unlisted") {
        excluded.push({ ...base, reason: r.verdict });
        continue;
      }
      const scope: MatchScope = { firstParty: fp, pagePath: pathOf(r.page), day };
      const hops = [...r.redirects.map((h) => h.url), r.url];
      const verdicts = hops.map((u) => hopSource(u, r, scope, opts.allowlist));
      if (verdicts.some((v) => v === undefined)) {
        excluded.push({ ...base, reason: "rogue-hop" });
        continue;
      }
      for (const v of verdicts) if (v) add(directive, v.source, v.party, r.page, v.why);
    }
  }
  const policy = assemble(need, opts, notes);
  const directives: Record<string, PolicySource[]> = {};
  for (const [name, sources] of policy) {
    directives[name] = sources.map(
      (s) =>
        need.get(name)?.get(s) ?? {
          source: s,
          parties: [],
          pages: [],
          why: keywordReason(name, s),
        },
    );
  }
  if (opts.reportUri) {
    policy.set("report-uri", [opts.reportUri]);
    policy.set("report-to", ["skimscan"]);
  }
  const header = serializePolicy(policy);
  notes.push(...exclusionNotes(excluded));
  return {
    policy,
    header,
    ...(opts.reportUri ? { reportingEndpoints: `skimscan="${opts.reportUri}"` } : {}),
    directives,
    excluded,
    notes,
  };
}

/**
 * The source that lets one hop through, null when 'self' covers it, undefined when the hop is not
 * one the allowlist authorizes (a rogue or unlisted hop of an authorized request).
 */
function hopSource(
  url: string,
  r: ReportRequest,
  scope: MatchScope,
  allowlist: Allowlist | undefined,
): { source: string; party: string; why: string } | null | undefined {
  const host = hostOf(url);
  const party = partyOf(host);
  let scheme: string;
  try {
    scheme =
      new URL(url).protocol === "http:" || new URL(url).protocol === "ws:" ? "http" : "https";
  } catch {
    return undefined;
  }
  if (scope.firstParty.has(party)) {
    if (sameOrigin(url, r.page)) return null;
    return { source: `${scheme}://${host}`, party, why: "first-party" };
  }
  const j = judgeContact({ url, host, party }, scope, allowlist);
  if (j.verdict !== "authorized") return undefined;
  const entry = j.entry;
  // A wildcard only where the allowlist itself has a host pattern, and never over a public suffix.
  if (
    entry?.kind === "host" &&
    entry.value.startsWith("*.") &&
    !isPublicSuffix(entry.value.slice(2))
  )
    return { source: `${scheme}://${entry.value}`, party, why: entry.rule };
  return { source: `${scheme}://${host}`, party, why: j.rule ?? "authorized" };
}

function assemble(
  need: Map<string, Map<string, PolicySource>>,
  opts: GenerateOptions,
  notes: string[],
): Policy {
  const policy: Policy = new Map();
  const sources = (d: string) => [...(need.get(d)?.keys() ?? [])].sort();
  policy.set("default-src", ["'self'"]);
  policy.set("script-src", scriptSources(sources("script-src"), opts, notes));
  policy.set("style-src", ["'self'", ...sources("style-src"), "'unsafe-inline'"]);
  notes.push(
    "style-src keeps 'unsafe-inline': inline styles are everywhere and a style cannot send data on its own beyond what img-src and font-src allow.",
  );
  policy.set("img-src", ["'self'", ...sources("img-src"), "data:", "blob:"]);
  for (const d of ["font-src", "connect-src", "media-src", "manifest-src"]) {
    policy.set(d, ["'self'", ...sources(d), ...(d === "font-src" ? ["data:"] : [])]);
  }
  // Frames: only the authorized parties' hosts; what runs inside them is theirs (see the notes).
  policy.set("frame-src", ["'self'", ...sources("frame-src")]);
  policy.set("worker-src", ["'self'", ...sources("worker-src"), "blob:"]);
  policy.set("object-src", ["'none'"]);
  policy.set("base-uri", ["'self'"]);
  policy.set("form-action", ["'self'", ...sources("form-action")]);
  return new Map(ORDER.filter((d) => policy.has(d)).map((d) => [d, policy.get(d) ?? []]));
}

function scriptSources(hosts: string[], opts: GenerateOptions, notes: string[]): string[] {
  const inline = opts.inline;
  if (opts.scriptMode === "strict-dynamic") {
    notes.push(
      `script-src uses a nonce and 'strict-dynamic': every <script> the server writes needs nonce="${NONCE_PLACEHOLDER}" (a new random value per response), and every script a trusted script loads is trusted too — a tag manager or an authorized vendor can still bring in any party. The host list then only matters to browsers without CSP3.`,
    );
    return [
      `'nonce-${NONCE_PLACEHOLDER}'`,
      "'strict-dynamic'",
      "'self'",
      ...hosts,
      "'unsafe-inline'",
    ];
  }
  const out = ["'self'", ...hosts];
  if (!inline?.known) {
    notes.push(
      "script-src has 'unsafe-inline': reports do not list inline scripts; give a capture (--save-capture) to hash them instead. connect-src, img-src and frame-src still stop data going to hosts not listed.",
    );
    out.push("'unsafe-inline'");
  } else if (inline.unhashed > 0 || inline.dynamic > 0) {
    notes.push(
      `script-src has 'unsafe-inline': ${inline.unhashed + inline.dynamic} inline or run-time inserted script(s) could not be hashed (tag-manager custom HTML needs 'unsafe-inline' or a nonce with 'strict-dynamic'). connect-src, img-src and frame-src still stop data going to hosts not listed.`,
    );
    out.push("'unsafe-inline'");
  } else {
    out.push(...[...new Set(inline.hashes)].sort().map((h) => `'${h}'`));
  }
  return out;
}

function keywordReason(directive: string, source: string): string {
  if (source === "'self'") return "self";
  if (source === "'none'") return "nothing needs it";
  if (source === "data:" || source === "blob:") return "local data, never sent anywhere";
  if (source.startsWith("'nonce-") || source === "'strict-dynamic'") return "nonce mode";
  if (source === "'unsafe-inline'") return `${directive}: inline code the scan could not hash`;
  return "keyword";
}

function exclusionNotes(excluded: PolicyExclusion[]): string[] {
  const notes: string[] = [];
  const out = [
    ...new Set(
      excluded
        .filter((e) => e.reason === "out-of-reach" && e.verdict === "rogue")
        .map((e) => e.party),
    ),
  ];
  if (out.length)
    notes.push(
      `out of this policy's reach (inside a third party's frame or worker, which runs under its own origin's policy): ${out.sort().join(", ")}. The remedy is that vendor, or removing its frame from frame-src.`,
    );
  const hops = [...new Set(excluded.filter((e) => e.reason === "rogue-hop").map((e) => e.host))];
  if (hops.length)
    notes.push(
      `left out because they redirect through a host the allowlist does not authorize (the policy will block them): ${hops.sort().join(", ")}`,
    );
  return notes;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const scheme = (p: string) => (p === "wss:" ? "https:" : p === "ws:" ? "http:" : p);
    return (
      x.hostname === y.hostname && scheme(x.protocol) === scheme(y.protocol) && x.port === y.port
    );
  } catch {
    return false;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}
