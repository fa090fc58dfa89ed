// pii-leak: the seeded test identity (plain, URL-encoded, base64 or hashed) or any e-mail address
// in a request to a third party, with the form and the place it travelled in.
import { findEmails } from "./emails.js";
import { DraftGroups } from "./group.js";
import { identityPatterns, matchIdentity, normalizeEmail } from "./hashes.js";
import { carrierEvidence, sentValues } from "./sent-values.js";
import type { LeakDraft, LeakInput, LeakOptions } from "./types.js";

/** A URL with a query is searched through its parameters, which are carriers of their own. */
function isUrlWithQuery(value: string): boolean {
  return /^https?:\/\/[^\s]*\?/i.test(value);
}

export function detectPiiLeak(input: LeakInput, options: LeakOptions = {}): LeakDraft[] {
  const patterns = options.identity ? identityPatterns(options.identity) : [];
  const seededEmail = options.identity?.email ? normalizeEmail(options.identity.email) : undefined;
  const groups = new DraftGroups();
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
        code: "pii-leak",
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
        code: "pii-leak",
        severity: "medium",
        party: sent.party,
        page: sent.req.page.url,
        key,
        evidence: {
          kind: "email",
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
