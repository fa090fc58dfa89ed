// Words for finding codes: findings are data ({code, severity, …}); renderers phrase them from here.
// A code this table does not know still renders, under its own name.

export interface FindingText {
  /** A short title, e.g. for a table header or a SARIF rule name. */
  title: string;
  /** One or two sentences: what it means and what to do. */
  help: string;
}

const TEXTS: Record<string, FindingText> = {
  "rogue-party": {
    title: "Rogue third party",
    help:
      "A third party that no authorized allowlist entry matches (or that a denied entry names) " +
      "loaded on a page. Authorize it in the allowlist if it is wanted; otherwise remove the tag " +
      "that brings it in (see its loadedBy chain).",
  },
  "rogue-cookie": {
    title: "Cookie set by a rogue party",
    help: "A rogue third party set (or tried to set) a cookie: an identifier it can recognise the visitor by.",
  },
  "expired-approval": {
    title: "Allowlist approval expired",
    help: "The allowlist entry that authorized this party has passed its expiry date: renew the contract or remove the party.",
  },
  "stale-allowlist-entry": {
    title: "Allowlist entry matched nothing",
    help: "An authorized allowlist entry matched nothing this scan saw: the vendor may be gone. Remove the entry (see its line) so the allowlist keeps saying who is really on the site.",
  },
  "known-tracker": {
    title: "Unapproved party on a filter list",
    help: "A rogue or unlisted party's requests match a rule of a filter list given with --filter-list (e.g. EasyPrivacy): outside evidence that it tracks visitors.",
  },
  "id-sync": {
    title: "Identifier synced to another party",
    help: "An identifier one party stores was sent to another party (cookie syncing), linking their profiles of the visitor.",
  },
  "first-party-id-leak": {
    title: "First-party identifier sent to a third party",
    help: "An identifier stored under the site's own domain was sent to a third party.",
  },
  "url-leak": {
    title: "Page URL sent to a third party",
    help: "The address of the page (which can carry article topics, search terms or tokens) was sent to a third party.",
  },
  "search-term-leak": {
    title: "Search terms sent to a third party",
    help: "What the visitor searched for on the site was sent to a third party.",
  },
  "pii-leak": {
    title: "Personal data sent to a third party",
    help: "An e-mail address, phone number or name (or a hash of one) was sent to a third party.",
  },
  "long-lived-cookie": {
    title: "Long-lived cookie",
    help: "A cookie asked for a lifetime longer than the configured maximum.",
  },
  "insecure-third-party-cookie": {
    title: "Third-party cookie without Secure",
    help: "A third-party cookie was set without the Secure attribute, so it can travel over plain HTTP.",
  },
};

export function findingText(code: string): FindingText {
  return TEXTS[code] ?? { title: code, help: `skimscan finding "${code}".` };
}
