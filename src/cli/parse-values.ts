// Validation of command-line values: each bad value becomes a UsageError naming the flag and the fix.
import { UsageError } from "../errors.js";

/** A start URL: http(s) only; a bare host name ("example.com/news") is taken as https. */
export function parseStartUrl(input: string): string {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(
      `'${input}' is not a valid URL.`,
      "Give a full page address such as https://www.example.com/.",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(
      `'${input}' is not a web page (scheme ${url.protocol}).`,
      "Only http:// and https:// pages can be scanned.",
    );
  }
  if (!url.hostname || url.hostname.includes("..") || /\s/.test(url.hostname)) {
    throw new UsageError(`'${input}' has no valid host name.`);
  }
  return url.href;
}

export function parseDuration(
  flag: string,
  value: string,
  { min = 0, max = 3_600_000 } = {},
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${flag} expects milliseconds between ${min} and ${max}, got '${value}'.`,
      `For example: ${flag} 30000`,
    );
  }
  return n;
}

export function parseCount(flag: string, value: string, { min = 1, max = 1_000_000 } = {}): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got '${value}'.`);
  }
  return n;
}

/** A registrable domain or host given with --first-party. */
export function parseDomain(flag: string, value: string): string {
  const v = value.trim().toLowerCase().replace(/\.$/, "");
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(v)) {
    throw new UsageError(`${flag} expects a domain such as publisher.example, got '${value}'.`);
  }
  return v;
}

/** Commander helper for repeatable flags: one value per use. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
