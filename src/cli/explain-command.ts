// `skimscan explain HOST|URL --allowlist FILE [--page URL]`: which allowlist entry decides for a
// host and why, what the company map says, and the party it belongs to. No browser.
import { type Explanation, explainContact } from "../analyze/explain-contact.js";
import { type Allowlist, loadAllowlist } from "../config/allowlist.js";
import { validDate } from "../config/allowlist-entry.js";
import { hostProblem } from "../domain/host-pattern.js";
import { hostOf, isIp, partyOf } from "../domain/party.js";
import { EXIT, UsageError } from "../errors.js";
import { loadKnowledge } from "./knowledge.js";
import type { Logger, Streams } from "./output.js";

export interface ExplainSettings {
  /** A host ("px.vendor.example") or a URL. */
  target: string;
  allowlistFile?: string;
  /** The publisher's page the request would be made on: its site is first party, its path scopes `pages:`. */
  page?: string;
  firstParty: string[];
  entitiesFiles: string[];
  format: "text" | "json";
  /** YYYY-MM-DD the expiries are judged against; today (UTC) by default. */
  date?: string;
}

/** A host becomes https://host/ so url-prefix entries can be tried; anything else is exit 2. */
export function targetUrl(target: string): string {
  const t = target.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t.replace(/^\/+/, "")}/`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a host or URL: ${JSON.stringify(target)}`);
  }
  const host = hostOf(url);
  if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol) || host === "") {
    throw new UsageError(`not a host or an http(s)/ws(s) URL: ${JSON.stringify(target)}`);
  }
  const problem = isIp(host) ? undefined : hostProblem(host);
  if (problem) throw new UsageError(`not a host name: ${JSON.stringify(target)} (${problem})`);
  return parsed.href;
}

function pageOf(page: string | undefined): { path: string; party?: string } {
  if (page === undefined) return { path: "/" };
  let u: URL;
  try {
    u = new URL(page);
  } catch {
    throw new UsageError(`--page needs an absolute URL of the publisher's page, got ${page}`);
  }
  if (!/^https?:$/.test(u.protocol)) throw new UsageError(`--page must be http(s): ${page}`);
  return { path: u.pathname, party: partyOf(u.hostname) };
}

export async function runExplain(
  settings: ExplainSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const url = targetUrl(settings.target);
  const page = pageOf(settings.page);
  if (settings.date !== undefined && !validDate(settings.date)) {
    throw new UsageError(`--date must be YYYY-MM-DD, got ${settings.date}`);
  }
  const day = settings.date ?? new Date().toISOString().slice(0, 10);
  let allowlist: Allowlist | undefined;
  if (settings.allowlistFile) {
    const loaded = await loadAllowlist(settings.allowlistFile);
    allowlist = loaded.allowlist;
    for (const w of loaded.warnings) log("warn", w);
  }
  const { entities } = await loadKnowledge(settings.entitiesFiles);
  const host = hostOf(url);
  const firstParty = new Set([
    ...(allowlist?.firstParty ?? []),
    ...settings.firstParty,
    ...(page.party ? [page.party] : []),
  ]);
  const explanation = explainContact(
    { url, host, party: partyOf(host) },
    { firstParty, pagePath: page.path, day, lookup: (h) => entities.lookup(h) },
    allowlist,
    entities,
  );
  const out =
    settings.format === "json"
      ? `${JSON.stringify({ input: settings.target, ...explanation, allowlist: settings.allowlistFile ?? null }, null, 2)}\n`
      : renderExplanation(explanation, settings);
  streams.stdout.write(out);
  return EXIT.ok;
}

const STATE_WORDS: Record<string, string> = {
  decides: "decides",
  "first-party": "not consulted (first party)",
  "overridden-by-denied": "matches, but denied wins",
  "less-specific": "matches, less specific",
  expired: "expired",
  "outside-pages": "outside its pages",
  "category-mismatch": "other category",
};

function renderExplanation(x: Explanation, s: ExplainSettings): string {
  const file = s.allowlistFile ?? "allowlist";
  const at = (line?: number) => (line ? ` (${file}:${line})` : "");
  const lines = [`${s.target}`];
  const row = (k: string, v: string) => lines.push(`  ${k.padEnd(9)} ${v}`);
  row("host", x.host);
  row("party", `${x.party}${x.firstParty ? " (first party)" : ""}`);
  if (x.company) {
    const i = x.company.info;
    row(
      "company",
      `${i.entity}${i.parent ? ` (part of ${i.parent})` : ""} · ${i.category}${i.product && i.product !== i.entity ? ` · ${i.product}` : ""}`,
    );
    row(
      "source",
      `${i.source}, entry ${x.company.scope === "domain" ? `${x.company.matched} and its subdomains` : `host ${x.company.matched}`}`,
    );
  } else {
    row("company", "not in the company map");
  }
  row("page", `${s.page ?? "(none given: judged as /)"}; day ${x.day}`);
  row("verdict", `${x.verdict}${x.rule ? ` by ${x.rule}${at(x.line)}` : ""}`);
  row("why", x.reason);
  if (x.entries.length > 0) {
    lines.push("  entries naming it:");
    for (const e of x.entries) {
      const extra = [
        e.expires ? `expires ${e.expires}` : "",
        e.pages ? `pages ${e.pages.join(" ")}` : "",
        e.categories ? `categories ${e.categories.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ");
      lines.push(
        `    ${(STATE_WORDS[e.state] ?? e.state).padEnd(26)} ${e.list}: ${e.rule}${at(e.line)}${extra ? ` [${extra}]` : ""}`,
      );
    }
  } else if (s.allowlistFile) {
    lines.push("  no allowlist entry names it");
  }
  return `${lines.join("\n")}\n`;
}
