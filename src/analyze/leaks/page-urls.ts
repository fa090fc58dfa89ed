// The page URLs a request could leak (start and final URL) and matching them inside sent values.

import { normalizeHost } from "../../domain/party.js";
import type { CapturedPage } from "../../model/capture.js";

export interface PageUrl {
  url: URL;
  /** Query parameters with a value: what a leak of "the query" gives away. */
  params: [string, string][];
}

/** The page's start and final URL, parsed, each once. */
export function pageUrls(page: CapturedPage): PageUrl[] {
  const out: PageUrl[] = [];
  for (const raw of new Set([page.url, page.finalUrl].filter(Boolean))) {
    try {
      const url = new URL(raw);
      out.push({ url, params: [...url.searchParams].filter(([, v]) => v !== "") });
    } catch {
      // A page that never had a valid URL leaks nothing we can recognise.
    }
  }
  return out;
}

/** `value` as a URL of the same page (host and path), or undefined. */
export function asSamePageUrl(value: string, page: PageUrl): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const u = new URL(value);
    const samePath = u.pathname.replace(/\/+$/, "") === page.url.pathname.replace(/\/+$/, "");
    return normalizeHost(u.hostname) === normalizeHost(page.url.hostname) && samePath
      ? u
      : undefined;
  } catch {
    return undefined;
  }
}
