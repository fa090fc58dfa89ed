// The starter allowlist `skimscan init` writes: the site's own domains, then every third party seen
// as an entry that lapses in a few weeks, each with its company and category in a comment.
import { Document, type YAMLMap, type YAMLSeq } from "yaml";
import { isIp, isPublicSuffix, partyOf } from "../domain/party.js";
import type { Report, ReportParty } from "../model/report.js";

export interface StarterOptions {
  /** The day of the scan (YYYY-MM-DD, UTC): named in every note. */
  day: string;
  /** Days from `day` until the entries lapse. */
  expiresDays: number;
}

/** `day` plus `days`, as YYYY-MM-DD (UTC). */
export function addDays(day: string, days: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/**
 * A party that is a registrable domain becomes a `domain` entry (it and its subdomains); an IP
 * address, `localhost` or a bare public suffix has no subdomains of its own: an exact `host`.
 */
export function entryKindOf(party: string): "domain" | "host" {
  const registrable =
    !isIp(party) && party.includes(".") && !isPublicSuffix(party) && partyOf(party) === party;
  return registrable ? "domain" : "host";
}

function describe(p: ReportParty): string {
  const who = p.entity
    ? `${p.entity}${p.parentEntity ? ` (${p.parentEntity})` : ""} · ${p.category ?? "unknown"}`
    : "company unknown";
  const seen = `${p.requests} request${p.requests === 1 ? "" : "s"} on ${p.pages.length} page${p.pages.length === 1 ? "" : "s"}`;
  const via = p.loadedBy[0] && p.loadedBy[0].length > 2 ? `, loaded by ${p.loadedBy[0][1]}` : "";
  const source = p.entitySource ? ` [${p.entitySource}]` : "";
  return ` ${who}${source} — ${seen}${via}`;
}

/** The allowlist as YAML text, comments included; `report` is a scan judged without an allowlist. */
export function starterAllowlist(report: Report, opts: StarterOptions): string {
  const firstParty = [...new Set(report.scan.pages.flatMap((p) => p.firstParty))].sort();
  const expires = addDays(opts.day, opts.expiresDays);
  const parties = [...report.parties].sort((a, b) => a.domain.localeCompare(b.domain));
  const doc = new Document({
    firstParty,
    authorized: parties.map((p) => ({
      [entryKindOf(p.domain)]: p.domain,
      note: `found by skimscan init on ${opts.day}`,
      expires,
    })),
  });
  doc.commentBefore = [
    ` Starter allowlist written by \`skimscan init\` on ${opts.day} from:`,
    ...report.scan.startUrls.map((u) => `   ${u}`),
    ` Every third party seen then is authorized until ${expires}, so nothing stays approved`,
    " without a decision: keep the vendors you work with (remove their expires, or set the",
    " contract's end), delete the others, and group vendors with `entity:` entries if you like.",
    " Format: see the README, section Allowlist.",
  ].join("\n");
  const seq = doc.get("authorized", true) as YAMLSeq<YAMLMap>;
  seq.items.forEach((item, i) => {
    const p = parties[i];
    if (p) item.commentBefore = describe(p);
  });
  if (parties.length === 0) seq.flow = true;
  return doc.toString({ lineWidth: 0 });
}
