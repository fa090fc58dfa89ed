// pii-leak: the seeded test identity (plain, URL-encoded, base64 or hashed) or any e-mail address
// in a request to a third party, with the form and the place it travelled in.
import { defineCheck, type FindingDraft } from "../checks/check.js";
import { findEmails } from "./emails.js";
import { DraftGroups } from "./group.js";
import { identityPatterns, matchIdentity, normalizeEmail } from "./hashes.js";
import { carrierEvidence, sentValues } from "./sent-values.js";
import type { LeakInput, LeakOptions } from "./types.js";

/** A URL with a query is searched through its parameters, which are carriers of their own. */
function isUrlWithQuery(value: string): boolean {
  return /^https?:\/\/[^\s]*\?/i.test(value);
}

export const piiLeakCheck = defineCheck({
  meta: {
    code: "pii-leak",
    title: "Personal data sent to a third party",
    description:
      "The seeded test identity (--identity) reached a third party, plain, URL-encoded, base64, or as the MD5/SHA-1/SHA-256 of the normalised lower-case value, or any e-mail address did, seeded or not: the evidence names the encoding and where in the request.",
    severity: "high",
    severityRules: [
      { severity: "medium", when: "the e-mail address found is not the seeded identity" },
    ],
  },
  requires: ["requests", "leaks"],
  run: (ctx) => detectPiiLeak(ctx, ctx.leakOptions),
});

export function detectPiiLeak(
  input: LeakInput,
  options: LeakOptions = {},
): FindingDraft<"pii-leak">[] {
  const patterns = options.identity ? identityPatterns(options.identity) : [];
  const seededEmail = options.identity?.email ? normalizeEmail(options.identity.email) : undefined;
  const groups = new DraftGroups<"pii-leak">();
  for (const sent of sentValues(input)) {
    if (sent.firstParty) continue;
    const c = sent.carrier;
    // Decoded wholes are searched through their parts, which name the encoding precisely.
    if (c.container || (isUrlWithQuery(c.value) && c.location !== "referer")) continue;
    for (const p of matchIdentity(c.value, patterns)) {
      const encoding = [...c.encoding, ...(p.form === "plain" ? [] : [p.form])];
      const key = JSON.stringify([p.kind]);
      const example = { ...carrierEvidence(sent), form: p.form, of: p.of, encoding };
      groups.add(`${sent.party} ${key}`, example, () => ({
        severity: "high",
        party: sent.party,
        page: sent.req.page.url,
        key,
        evidence: {
          kind: p.kind,
          seeded: true,
          form: p.form,
          of: p.of,
          encoding,
          receiverVerdict: sent.verdict,
        },
      }));
    }
    for (const email of findEmails(c.value)) {
      if (email === seededEmail) continue;
      const key = JSON.stringify(["email-address", email]);
      groups.add(`${sent.party} ${key}`, carrierEvidence(sent), () => ({
        severity: "medium",
        party: sent.party,
        page: sent.req.page.url,
        key,
        evidence: {
          kind: "email" as const,
          seeded: false,
          form: "plain",
          email,
          encoding: c.encoding,
          receiverVerdict: sent.verdict,
        },
      }));
    }
  }
  return groups.drafts();
}
