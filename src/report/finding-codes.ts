// Words for finding codes: findings are data ({code, severity, …}); renderers phrase them from here.
// A code this table does not know still renders, under its own name.

export interface FindingText {
  /** A short title, e.g. for a table header or a SARIF rule name. */
  title: string;
  /** One or two sentences: what it means and what to do. */
  help: string;
}

const TEXTS: Record<string, FindingText> = {
  "csp-misses-rogue": {
    title: "Policy under test lets a rogue party through",
    help: "With scan --csp: a rogue request that the Content-Security-Policy governs was not stopped, e.g. a rogue path on an allowed host (CSP matches hosts, and ignores source paths after a redirect). Narrow the host list or remove the tag that sends it.",
  },
  "csp-breaks-authorized": {
    title: "Policy under test breaks an authorized request",
    help: "With scan --csp: the Content-Security-Policy stopped a request the allowlist authorizes, or the site's own request or inline code. Add the host to the named directive (skimscan csp writes it from a scan), or change the policy before shipping it.",
  },
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
  piggyback: {
    title: "Party brought in by another party",
    help:
      "A rogue or unlisted party was loaded by another party's script, frame or redirect, not by " +
      "the site: the evidence names the loader and its script. A vendor bringing in an unapproved " +
      "partner is high; a party deployed by the site's own tag manager (the container is named) or " +
      "its own script is low: remove it from the container or authorize it.",
  },
  "id-sync": {
    title: "Identifier synced to another party",
    help: "An identifier one party stores in a cookie or web storage was sent to another party (cookie syncing, also along redirect chains), linking their profiles of the visitor.",
  },
  "first-party-id-leak": {
    title: "First-party identifier sent to a third party",
    help: "An identifier the site itself stored (its own session or visitor id, not a vendor's id in a first-party cookie) was sent to a third party.",
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
    help: "The seeded test identity (--identity) or an e-mail address was sent to a third party, plain, URL-encoded, base64 or hashed (MD5, SHA-1, SHA-256): the evidence names the encoding and where in the request.",
  },
  "long-lived-cookie": {
    title: "Long-lived cookie",
    help: "A third-party cookie asked for a lifetime longer than --max-cookie-days (default 395 days, the 13 months European regulators accept).",
  },
  "insecure-third-party-cookie": {
    title: "Third-party cookie without Secure",
    help: "A third-party cookie was set without the Secure attribute (or SameSite=None over plain HTTP), so it can travel over plain HTTP.",
  },
  "tracks-before-consent": {
    title: "Tracks before consent",
    help: "A third party set identifier cookies or sent pixels/beacons before the visitor answered the consent banner. Load it through the consent manager (see its loadedBy chain).",
  },
  "ignores-reject": {
    title: "Ignores a rejected consent",
    help: "After the visitor rejected in the consent banner, this third party still tracked on the next pages. Gate its tag on the consent manager, or ask the vendor why it ignores the choice.",
  },
  "ignores-gpc": {
    title: "Ignores Global Privacy Control",
    help: "The browser sent Sec-GPC: 1 to this third party and it still got identifier cookies stored.",
  },
  "ignores-dnt": {
    title: "Ignores Do Not Track",
    help: "The browser sent DNT: 1 to this third party and it still got identifier cookies stored.",
  },
  "opt-out-not-honoured": {
    title: "Opt-out cookie not honoured",
    help: "The browser sent this party its own opt-out cookie (--opt-out-cookie) and it still got identifier cookies stored.",
  },
};

/**
 * One sentence for a finding whose evidence reads as a story (piggyback's "who let them in"),
 * undefined for the others, whose renderers list the evidence fields.
 */
export function findingSentence(f: {
  code: string;
  party?: string;
  evidence: Record<string, unknown>;
}): string | undefined {
  if (f.code !== "piggyback") return undefined;
  const e = f.evidence;
  const who = `${e.receiverStatus === "rogue" ? "rogue " : ""}${f.party}`;
  const through =
    Array.isArray(e.through) && e.through.length ? ` (through ${e.through.join(", ")})` : "";
  const hop =
    e.scriptKind === "redirect" ? "redirect" : e.scriptKind === "frame" ? "frame" : "script";
  if (e.via === "tag-manager") {
    const id = e.containerId ? ` container ${e.containerId}` : "";
    return `${who} was deployed by your own tag manager ${e.loader}${id} (${e.container})${through}`;
  }
  if (e.via === "first-party") return `${who} was loaded by your own script ${e.script}${through}`;
  const vendor = e.loaderStatus === "authorized" ? "your authorized vendor" : "";
  return `${who} was loaded by ${vendor} ${e.loader} via ${e.loader}'s ${hop} ${e.script}${through}`.replace(
    / {2,}/g,
    " ",
  );
}

export function findingText(code: string): FindingText {
  return TEXTS[code] ?? { title: code, help: `skimscan finding "${code}".` };
}
