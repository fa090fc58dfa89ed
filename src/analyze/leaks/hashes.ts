// The forms a seeded test identity can take on the wire: plain, URL-encoded, base64, and the MD5,
// SHA-1 and SHA-256 that ad SDKs send for "hashed" matching (of the normalised lower-case value).
import { createHash } from "node:crypto";
import type { Identity } from "./types.js";

export type IdentityKind = "email" | "phone" | "name";
export type IdentityForm =
  | "plain"
  | "url-encoded"
  | "base64"
  | "base64url"
  | "md5"
  | "sha1"
  | "sha256"
  | "sha256-base64";

export interface IdentityPattern {
  kind: IdentityKind;
  form: IdentityForm;
  /** What to look for in a value. */
  needle: string;
  /** Hex digests and plain text are matched case-insensitively; base64 forms exactly. */
  caseInsensitive: boolean;
  /** Which normalised input produced it (e.g. "first name", "digits"). */
  of: string;
}

/** Plain name parts shorter than this are too common to report when seen in a request. */
export const MIN_PLAIN_NAME_LENGTH = 5;
/** Phone numbers are matched by their digits, at least this many. */
export const MIN_PHONE_DIGITS = 7;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Gmail ignores dots and "+tags" in the local part: "j.doe+news@gmail.com" is "jdoe@gmail.com". */
export function gmailCanonical(email: string): string {
  const at = email.lastIndexOf("@");
  const domain = email.slice(at + 1);
  if (at < 0 || (domain !== "gmail.com" && domain !== "googlemail.com")) return email;
  return `${email.slice(0, at).split("+")[0]?.replace(/\./g, "")}@gmail.com`;
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ");
}

/** Digits only, as E.164 without "+" (Meta) and with it (Google); both are hashed. */
export function phoneVariants(phone: string): string[] {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < MIN_PHONE_DIGITS) return [];
  return [digits, `+${digits}`];
}

function digest(algo: "md5" | "sha1" | "sha256", value: string): Buffer {
  return createHash(algo).update(value, "utf8").digest();
}

function hashed(kind: IdentityKind, value: string, of: string): IdentityPattern[] {
  const sha256 = digest("sha256", value);
  return [
    { kind, form: "md5", needle: digest("md5", value).toString("hex"), caseInsensitive: true, of },
    {
      kind,
      form: "sha1",
      needle: digest("sha1", value).toString("hex"),
      caseInsensitive: true,
      of,
    },
    { kind, form: "sha256", needle: sha256.toString("hex"), caseInsensitive: true, of },
    {
      kind,
      form: "sha256-base64",
      needle: sha256.toString("base64").replace(/=+$/, ""),
      caseInsensitive: false,
      of,
    },
    {
      kind,
      form: "sha256-base64",
      needle: sha256.toString("base64url"),
      caseInsensitive: false,
      of,
    },
  ];
}

function encoded(kind: IdentityKind, value: string, of: string): IdentityPattern[] {
  const out: IdentityPattern[] = [
    { kind, form: "plain", needle: value, caseInsensitive: true, of },
  ];
  const url = encodeURIComponent(value);
  if (url !== value)
    out.push({ kind, form: "url-encoded", needle: url, caseInsensitive: true, of });
  const b64 = Buffer.from(value, "utf8").toString("base64").replace(/=+$/, "");
  // Only the first full 3-byte groups are stable inside a longer base64 string.
  const stable = b64.slice(0, Math.floor(value.length / 3) * 4);
  if (stable.length >= 8)
    out.push({ kind, form: "base64", needle: stable, caseInsensitive: false, of });
  const b64url = Buffer.from(value, "utf8").toString("base64url");
  const stableUrl = b64url.slice(0, Math.floor(value.length / 3) * 4);
  if (stableUrl.length >= 8 && stableUrl !== stable)
    out.push({ kind, form: "base64url", needle: stableUrl, caseInsensitive: false, of });
  return out;
}

/** Every needle to search requests for, for the parts of the identity that were given. */
export function identityPatterns(identity: Identity): IdentityPattern[] {
  const out: IdentityPattern[] = [];
  if (identity.email?.trim()) {
    const email = normalizeEmail(identity.email);
    out.push(...encoded("email", email, "email"), ...hashed("email", email, "email"));
    // Some SDKs hash what was typed; Google's enhanced conversions drop Gmail's dots and +tags.
    const typed = identity.email.trim();
    if (typed !== email) out.push(...hashed("email", typed, "email as typed"));
    const gmail = gmailCanonical(email);
    if (gmail !== email) out.push(...hashed("email", gmail, "gmail canonical"));
  }
  if (identity.phone?.trim()) {
    for (const v of phoneVariants(identity.phone)) {
      const of = v.startsWith("+") ? "e164" : "digits";
      // Plain phones are matched on digits by matchIdentity; only hashes need a needle each.
      if (of === "digits")
        out.push({ kind: "phone", form: "plain", needle: v, caseInsensitive: true, of });
      out.push(...hashed("phone", v, of));
    }
  }
  if (identity.name?.trim()) {
    const name = normalizeName(identity.name);
    const parts = name.split(" ");
    if (name.length >= MIN_PLAIN_NAME_LENGTH) out.push(...encoded("name", name, "full name"));
    out.push(...hashed("name", name, "full name"));
    if (parts.length > 1) {
      out.push(...hashed("name", parts[0] ?? "", "first name"));
      out.push(...hashed("name", parts[parts.length - 1] ?? "", "last name"));
    }
  }
  return out;
}

/** The patterns found in `value`. Phones match on digits between non-digits, separators ignored. */
export function matchIdentity(
  value: string,
  patterns: readonly IdentityPattern[],
): IdentityPattern[] {
  const lower = value.toLowerCase();
  let phoneDigits: string | undefined;
  return patterns.filter((p) => {
    if (p.kind === "phone" && p.form === "plain") {
      phoneDigits ??= value.replace(/[\s().-]/g, "");
      const i = phoneDigits.indexOf(p.needle);
      if (i < 0) return false;
      const before = phoneDigits[i - 1];
      const after = phoneDigits[i + p.needle.length];
      return !(before && /\d/.test(before)) && !(after && /\d/.test(after));
    }
    return p.caseInsensitive ? lower.includes(p.needle.toLowerCase()) : value.includes(p.needle);
  });
}
