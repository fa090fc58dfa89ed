// Site ids: the readable, unique, file-safe name of one site of a per-site run (`DIR/<id>.json`,
// a queue job, a dataset row). The start URL's host; with a short hash of the URL when two sites
// share a host. Pure: the same list always gives the same ids, whatever machine computes them.
import { createHash } from "node:crypto";

/** Eight hex digits of SHA-256: enough to tell apart the few URLs that share one host. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** The host as a file name: lower case, port kept as `_port`, anything unusual replaced. */
export function hostId(url: string): string {
  const u = new URL(url);
  const host = u.hostname.toLowerCase().replace(/[^a-z0-9.-]/g, "_");
  return u.port ? `${host}_${u.port}` : host;
}

/**
 * One id per URL, in order. A host seen once is its own id; every URL of a shared host gets
 * `host-<hash>`, so no id depends on which line came first. Duplicate URLs are the same site.
 */
export function siteIds(urls: readonly string[]): string[] {
  const urlsByHost = new Map<string, Set<string>>();
  for (const url of urls) {
    const host = hostId(url);
    const set = urlsByHost.get(host) ?? new Set<string>();
    set.add(url);
    urlsByHost.set(host, set);
  }
  return urls.map((url) => {
    const host = hostId(url);
    return (urlsByHost.get(host)?.size ?? 0) > 1 ? `${host}-${shortHash(url)}` : host;
  });
}

/** A site id is a safe file name: what siteIds() produces, nothing that climbs directories. */
export function isSiteId(id: string): boolean {
  return /^[a-z0-9_][a-z0-9._-]*$/.test(id) && !id.includes("..");
}
