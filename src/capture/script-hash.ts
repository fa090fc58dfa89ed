// Script fingerprints: SRI-style SHA-256 of the bytes a script ran from, a normalised form for
// scripts that differ on every load, and whether an `integrity` attribute holds for the bytes.
import { createHash } from "node:crypto";

export type SriAlgorithm = "sha256" | "sha384" | "sha512";
const ALGORITHMS: readonly SriAlgorithm[] = ["sha256", "sha384", "sha512"];

/** "sha256-<base64>": pasteable into an `integrity` attribute or a CSP hash source. */
export function sriHash(bytes: Buffer | string, alg: SriAlgorithm = "sha256"): string {
  const buf = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  return `${alg}-${createHash(alg).update(buf).digest("base64")}`;
}

/** Every SRI digest of the bytes, to check an integrity attribute later without keeping them. */
export function sriDigests(bytes: Buffer): Record<SriAlgorithm, string> {
  return {
    sha256: sriHash(bytes, "sha256"),
    sha384: sriHash(bytes, "sha384"),
    sha512: sriHash(bytes, "sha512"),
  };
}

/**
 * The normalised form of a volatile script: every run of digits becomes "0" and every run of 16 or
 * more hex or base64url characters becomes "x", so a timestamp, a cache-busting value or a
 * per-visitor id no longer changes the hash, while a changed host name, path or code still does.
 */
export function normalisedSource(text: string): string {
  return text
    .replace(/[A-Za-z0-9_-]{16,}/g, (m) => (/[A-Za-z]/.test(m) ? "x" : "0"))
    .replace(/\d+/g, "0");
}

export function normalisedHash(text: string): string {
  return sriHash(normalisedSource(text));
}

/**
 * Does an integrity attribute hold for these digests? As browsers do (SRI §3.3.5): only the
 * strongest algorithm named counts, any of its values may match; no known algorithm = no check.
 */
export function integrityHolds(attribute: string, digests: Record<SriAlgorithm, string>): boolean {
  const values = attribute
    .trim()
    .split(/\s+/)
    .map((t) => t.split("?")[0] ?? "")
    .filter((t) => ALGORITHMS.some((a) => t.startsWith(`${a}-`)));
  if (values.length === 0) return true;
  const strongest = [...ALGORITHMS]
    .reverse()
    .find((a) => values.some((v) => v.startsWith(`${a}-`))) as SriAlgorithm;
  return values.filter((v) => v.startsWith(`${strongest}-`)).includes(digests[strongest]);
}

/** A CDP body (getResponseBody / getScriptSource answer) as the bytes it stands for. */
export function bodyBytes(body: string, base64Encoded: boolean): Buffer {
  return Buffer.from(body, base64Encoded ? "base64" : "utf8");
}
