// search-term-leak: what a visitor typed into the site's search (q=, query=, s=, … on the page URL)
// reaching a third party, as the term itself or inside the search page's URL.
import { defineCheck, type FindingDraft } from "../checks/check.js";
import { DraftGroups } from "./group.js";
import { asSamePageUrl, pageUrls } from "./page-urls.js";
import { carrierEvidence, sentValues } from "./sent-values.js";
import type { LeakInput, LeakOptions } from "./types.js";
import { URL_LEAK_LOCATIONS } from "./url-leak.js";

/** Page URL parameters that carry search terms (configurable: LeakOptions.searchParams). */
export const SEARCH_PARAMS: readonly string[] = [
  "q",
  "query",
  "s",
  "search",
  "search_query",
  "searchquery",
  "searchterm",
  "search_term",
  "keyword",
  "keywords",
  "term",
  "terms",
  "wd",
];
/** Terms shorter than this are not looked for (single letters are everywhere). */
export const MIN_SEARCH_TERM_LENGTH = 3;
/**
 * A bare value equal to a short term ("news") is only a search term leak when its field is named
 * like a search field; longer or multi-word terms are specific enough on their own.
 */
export const MIN_SPECIFIC_TERM_LENGTH = 6;
const SEARCH_KEY = /(^|[._-])(q|query|search|term|terms|keyword|keywords|kw|st|wd)$/i;

function norm(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, " ");
}

interface Term {
  param: string;
  term: string;
  pageUrl: string;
}

export const searchTermLeakCheck = defineCheck({
  meta: {
    code: "search-term-leak",
    title: "Search terms sent to a third party",
    description:
      "What the visitor searched for on the site (q=, query=, s=, … on the page URL, see --search-param) reached a third party, as the term itself or inside the page URL.",
    severity: "medium",
    severityRules: [{ severity: "high", when: "the receiver is rogue" }],
  },
  requires: ["requests", "leaks"],
  run: (ctx) => detectSearchTermLeak(ctx, ctx.leakOptions),
});

export function detectSearchTermLeak(
  input: LeakInput,
  options: LeakOptions = {},
): FindingDraft<"search-term-leak">[] {
  const names = new Set((options.searchParams ?? SEARCH_PARAMS).map((p) => p.toLowerCase()));
  const termsByPage = new Map<unknown, { terms: Term[]; urls: ReturnType<typeof pageUrls> }>();
  for (const page of input.capture.pages) {
    const urls = pageUrls(page);
    const terms: Term[] = [];
    for (const u of urls) {
      for (const [k, v] of u.params) {
        const term = norm(v);
        if (
          !names.has(k.toLowerCase()) ||
          term.length < MIN_SEARCH_TERM_LENGTH ||
          /^\d+$/.test(term)
        )
          continue;
        if (!terms.some((t) => t.param === k && t.term === term))
          terms.push({ param: k, term, pageUrl: u.url.href });
      }
    }
    if (terms.length > 0) termsByPage.set(page, { terms, urls });
  }
  if (termsByPage.size === 0) return [];
  const groups = new DraftGroups<"search-term-leak">();
  // The page URL inside a field and that URL's own q= are one sighting, not two.
  const seen = new Set<string>();
  for (const sent of sentValues(input)) {
    if (sent.firstParty || !URL_LEAK_LOCATIONS.has(sent.carrier.location)) continue;
    const onPage = termsByPage.get(sent.req.page);
    if (!onPage) continue;
    const value = sent.carrier.value;
    const key = sent.carrier.key ?? "";
    for (const t of onPage.terms) {
      const inUrl = onPage.urls.some((u) => {
        const same = asSamePageUrl(value, u);
        return same?.searchParams.getAll(t.param).some((v) => norm(v) === t.term) ?? false;
      });
      const bare =
        norm(value) === t.term &&
        (SEARCH_KEY.test(key) || t.term.length >= MIN_SPECIFIC_TERM_LENGTH || t.term.includes(" "));
      if (!inUrl && !bare) continue;
      const field = `${t.param} ${sent.party} ${sent.carrier.url} ${sent.carrier.location} ${key.split(".")[0]}`;
      if (seen.has(field)) continue;
      seen.add(field);
      const fkey = JSON.stringify([t.param]);
      const example = {
        ...carrierEvidence(sent),
        as: inUrl ? ("page-url" as const) : ("value" as const),
      };
      groups.add(`${sent.party} ${fkey}`, example, () => ({
        severity: sent.verdict === "rogue" ? "high" : "medium",
        party: sent.party,
        page: sent.req.page.url,
        key: fkey,
        evidence: {
          term: t.term,
          param: t.param,
          pageUrl: t.pageUrl,
          receiverVerdict: sent.verdict,
        },
      }));
    }
  }
  return groups.drafts();
}
