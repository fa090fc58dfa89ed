// Validation of command-line values: each bad value becomes a UsageError naming the flag and the fix.
import { quoteValue, UsageError } from "../errors.js";

/**
 * A start URL: http(s) only; a bare host name ("example.com/news", "localhost:8080") is taken
 * as https. Anything written as a scheme that is not http(s) is refused, never guessed at.
 */
export function parseStartUrl(input: string): string {
  const text = input.trim();
  // "ht!tp://x", "htps://x": something meant as a scheme that is not one; never guess a host.
  const schemeLike = /^([^/?#]*):\/\//.exec(text);
  if (schemeLike && !/^https?$/i.test(schemeLike[1] as string)) {
    throw new UsageError(
      `${quoteValue(input)} is not a web page address (scheme ${quoteValue(`${schemeLike[1]}:`)}).`,
      "Only http:// and https:// pages can be scanned, e.g. https://www.example.com/.",
    );
  }
  // "localhost:8080/x" is a host and port, not the scheme "localhost:".
  const hostPort = /^[^/:?#]+:\d+(?:[/?#]|$)/.test(text);
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !hostPort ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(
      `${quoteValue(input)} is not a valid URL.`,
      "Give a full page address such as https://www.example.com/.",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(
      `${quoteValue(input)} is not a web page (scheme ${url.protocol}).`,
      "Only http:// and https:// pages can be scanned.",
    );
  }
  if (!url.hostname || url.hostname.includes("..") || /\s/.test(url.hostname)) {
    throw new UsageError(`${quoteValue(input)} has no valid host name.`);
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
      `${flag} expects milliseconds between ${min} and ${max}, got ${quoteValue(value)}.`,
      `For example: ${flag} 30000`,
    );
  }
  return n;
}

export function parseCount(flag: string, value: string, { min = 1, max = 1_000_000 } = {}): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(
      `${flag} expects a whole number from ${min} to ${max}, got ${quoteValue(value)}.`,
    );
  }
  return n;
}

/** A registrable domain or host given with --first-party. */
export function parseDomain(flag: string, value: string): string {
  const v = value.trim().toLowerCase().replace(/\.$/, "");
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(v)) {
    throw new UsageError(
      `${flag} expects a domain such as publisher.example, got ${quoteValue(value)}.`,
    );
  }
  return v;
}

/** Commander helper for repeatable flags: one value per use. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
