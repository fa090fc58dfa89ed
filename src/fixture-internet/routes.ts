// Per-site dynamic routes of the fixture internet, read from fixtures/sites/<host>/_routes.json:
// status codes, Set-Cookie headers, redirects (cookie syncs), delays and hanging responses.
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface Route {
  status?: number;
  /** Header values; an array sends the header several times (Set-Cookie). `{{query}}` expands. */
  headers?: Record<string, string | string[]>;
  /** A file of the site to send as the body. */
  file?: string;
  /** The body; `{{now}}` becomes the time in ms, so each response differs. */
  /**
   * A file of an installed npm package to send as the body, as its vendor's CDN would serve it
   * (e.g. "@fingerprintjs/fingerprintjs/dist/fp.min.js"): real SDKs, not imitations.
   */
  package?: string;
  body?: string;
  /** Location to redirect to (302 unless status says otherwise). `{{query}}` expands. */
  redirect?: string;
  delayMs?: number;
  /** Never answer (a request that keeps a page loading forever). */
  hang?: boolean;
  /** Answer with a JSON summary of the request (method, query, body size). */
  echo?: boolean;
}

export type Routes = Record<string, Route>;

const cache = new Map<string, Promise<Routes>>();

export function loadRoutes(siteDir: string): Promise<Routes> {
  let routes = cache.get(siteDir);
  if (!routes) {
    routes = readFile(path.join(siteDir, "_routes.json"), "utf8").then(
      (text) => JSON.parse(text) as Routes,
      () => ({}),
    );
    cache.set(siteDir, routes);
  }
  return routes;
}

/** Exact path first, then the longest `prefix/*` pattern. */
export function matchRoute(routes: Routes, pathname: string): Route | undefined {
  if (routes[pathname]) return routes[pathname];
  let best: { len: number; route: Route } | undefined;
  for (const [pattern, route] of Object.entries(routes)) {
    if (!pattern.endsWith("/*")) continue;
    const prefix = pattern.slice(0, -1);
    if (pathname.startsWith(prefix) && (!best || prefix.length > best.len)) {
      best = { len: prefix.length, route };
    }
  }
  return best?.route;
}
