// An authorized allowlist entry that matched nothing the scan saw: allowlists rot when vendors
// leave and nobody removes their approval, so each such entry is reported with its line.
import type { AllowlistEntry } from "../../config/allowlist.js";
import { matchPath } from "../../domain/path-glob.js";
import { type Contact, entryMatches, type MatchScope } from "../allowlist-match.js";
import { type CheckContext, defineCheck } from "./check.js";

interface PageContacts {
  scope: MatchScope;
  /** One contact per distinct host: enough for domain, host and entity entries. */
  byHost: Contact[];
  /** One contact per distinct URL, for url-prefix entries. */
  byUrl: Contact[];
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

/** Third-party contacts of every page that loaded, grouped so each entry is tried cheaply. */
function contactsByPage(
  ctx: CheckContext<"requests" | "entities">,
  withUrls: boolean,
): PageContacts[] {
  const out: PageContacts[] = [];
  const byPage = new Map<number, (typeof ctx.requests)[number][]>();
  for (const r of ctx.requests) {
    const list = byPage.get(r.pageIndex);
    if (list) list.push(r);
    else byPage.set(r.pageIndex, [r]);
  }
  for (const jp of ctx.pages) {
    if (jp.page.outcome !== "ok") continue;
    const hosts = new Map<string, Contact>();
    const urls = new Map<string, Contact>();
    for (const r of byPage.get(jp.pageIndex) ?? []) {
      for (const c of r.contacts) {
        if (c.verdict === "first-party") continue;
        const contact = { url: c.url, host: c.host, party: c.party };
        if (!hosts.has(c.host)) hosts.set(c.host, contact);
        if (withUrls && !urls.has(c.url)) urls.set(c.url, contact);
      }
    }
    out.push({
      scope: {
        firstParty: jp.firstParty,
        pagePath: pathOf(jp.page.finalUrl || jp.page.url),
        day: ctx.day,
        lookup: ctx.lookup,
      },
      byHost: [...hosts.values()],
      byUrl: [...urls.values()],
    });
  }
  return out;
}

/**
 * Only `pages:` depends on the page, so an entry without it is tried once per distinct host
 * (or URL) of the whole scan rather than once per page: a large crawl stays cheap.
 */
function matchesAny(entry: AllowlistEntry, pages: PageContacts[], all: PageContacts): boolean {
  const tryOn = (p: PageContacts) =>
    (entry.kind === "url" ? p.byUrl : p.byHost).some((c) => entryMatches(entry, c, p.scope));
  return entry.pages ? pages.some(tryOn) : tryOn(all);
}

function union(pages: PageContacts[], first: PageContacts): PageContacts {
  const hosts = new Map<string, Contact>();
  const urls = new Map<string, Contact>();
  for (const p of pages) {
    for (const c of p.byHost) if (!hosts.has(c.host)) hosts.set(c.host, c);
    for (const c of p.byUrl) if (!urls.has(c.url)) urls.set(c.url, c);
  }
  return { scope: first.scope, byHost: [...hosts.values()], byUrl: [...urls.values()] };
}

/**
 * Only `authorized` entries are judged: a `denied` entry guards against something that should
 * never appear, so matching nothing is what it is for. An entry scoped with `pages:` is only
 * judged when the scan loaded at least one page in that scope, and nothing is judged when no page
 * loaded at all (every entry would look stale).
 */
export const staleEntryCheck = defineCheck({
  meta: {
    code: "stale-allowlist-entry",
    title: "Allowlist entry matched nothing",
    description:
      "An authorized allowlist entry matched nothing this scan saw: the vendor may be gone. Remove the entry (see its line) so the allowlist keeps saying who is really on the site.",
    severity: "info",
  },
  requires: ["allowlist", "requests", "entities"],
  run(ctx) {
    const allowlist = ctx.allowlist;
    if (allowlist.authorized.length === 0) return [];
    // URLs are only kept when a url-prefix entry needs them: a crawl has many more URLs than hosts.
    const pages = contactsByPage(
      ctx,
      allowlist.authorized.some((e) => e.kind === "url"),
    );
    const first = pages[0];
    if (!first) return [];
    const all = union(pages, first);
    return allowlist.authorized
      .filter((entry) => {
        const scoped = entry.pages;
        if (scoped && !pages.some((p) => scoped.some((g) => matchPath(g, p.scope.pagePath)))) {
          return false;
        }
        return !matchesAny(entry, pages, all);
      })
      .map((entry) => ({
        severity: "info" as const,
        key: `authorized:${entry.rule}`,
        evidence: {
          rule: entry.rule,
          list: "authorized" as const,
          ...(allowlist.file ? { file: allowlist.file } : {}),
          ...(entry.line ? { line: entry.line } : {}),
          ...(entry.categories ? { categories: entry.categories } : {}),
          ...(entry.pages ? { pages: entry.pages } : {}),
          ...(entry.expires ? { expires: entry.expires } : {}),
          ...(entry.note ? { note: entry.note } : {}),
          pagesScanned: pages.length,
        },
      }));
  },
});
