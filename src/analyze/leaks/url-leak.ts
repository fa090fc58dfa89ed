// url-leak: a third party receives the page URL with its query (in a parameter, the body or the
// Referer header), or the query string itself. A URL without a query is routine analytics and is
// not reported; queries carry what the visitor did (searches, filters, tokens, campaign click ids).
import { defineCheck, type FindingDraft } from "../checks/check.js";
import type { CarrierLocation } from "./decode.js";
import { TRANSFER_LOCATIONS } from "./flows.js";
import { DraftGroups } from "./group.js";
import { asSamePageUrl, pageUrls } from "./page-urls.js";
import { carrierEvidence, sentValues } from "./sent-values.js";
import type { LeakInput } from "./types.js";

export const URL_LEAK_LOCATIONS: ReadonlySet<CarrierLocation> = new Set([
  ...TRANSFER_LOCATIONS,
  "referer",
]);

export const urlLeakCheck = defineCheck({
  meta: {
    code: "url-leak",
    title: "Page URL sent to a third party",
    description:
      "A third party received the page URL with its query, the bare query string, or a Referer carrying it: queries carry what the visitor did (searches, filters, tokens, campaign click ids).",
    severity: "low",
    severityRules: [{ severity: "medium", when: "the receiver is rogue" }],
  },
  requires: ["requests"],
  run: (ctx) => detectUrlLeak(ctx),
});

export function detectUrlLeak(input: LeakInput): FindingDraft<"url-leak">[] {
  const groups = new DraftGroups<"url-leak">();
  const urlsByPage = new Map(input.capture.pages.map((p) => [p, pageUrls(p)]));
  for (const sent of sentValues(input)) {
    if (sent.firstParty || !URL_LEAK_LOCATIONS.has(sent.carrier.location)) continue;
    for (const page of urlsByPage.get(sent.req.page) ?? []) {
      if (page.params.length === 0) continue;
      const value = sent.carrier.value;
      let leaked: string[] = [];
      let what: "url" | "query" = "url";
      const same = asSamePageUrl(value, page);
      if (same) {
        leaked = page.params
          .filter(([k, v]) => same.searchParams.getAll(k).includes(v))
          .map(([k]) => k);
      } else if (value.includes("=") && !value.includes("://")) {
        const q = new URLSearchParams(value.startsWith("?") ? value.slice(1) : value);
        leaked = page.params.filter(([k, v]) => q.getAll(k).includes(v)).map(([k]) => k);
        // A form that shares a field with the page ("page=2") is not its query: the value must
        // hold all of the page's parameters and nothing else.
        const keys = new Set(q.keys());
        const pageKeys = new Set(page.params.map(([k]) => k));
        const exact = keys.size === pageKeys.size && [...keys].every((k) => pageKeys.has(k));
        if (leaked.length < page.params.length || !exact) leaked = [];
        what = "query";
      }
      if (leaked.length === 0) continue;
      const names = [...new Set(leaked)].sort();
      // Per receiver and leaked parameters: the same URL in a pixel and in a beacon is one leak.
      const key = JSON.stringify([what, names]);
      groups.add(`${sent.party} ${key}`, carrierEvidence(sent), () => ({
        severity: sent.verdict === "rogue" ? "medium" : "low",
        party: sent.party,
        page: sent.req.page.url,
        key,
        evidence: {
          leaked: what,
          pageUrl: page.url.href,
          params: names,
          receiverVerdict: sent.verdict,
        },
      }));
      break;
    }
  }
  return groups.drafts();
}
