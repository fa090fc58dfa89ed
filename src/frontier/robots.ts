// robots.txt per RFC 9309: groups by user agent, longest-match Allow/Disallow with `*` and `$`.
//
// Used only with --respect-robots (off by default: a publisher auditing its own site usually
// wants every page, and robots.txt addresses search crawlers). Rules of the RFC that matter:
// - consecutive user-agent lines share the rules that follow them; rules before any
//   user-agent line are ignored; groups naming the same agent are merged;
// - the crawler obeys the group of the most specific agent token that its own token starts with
//   (case-insensitive), else the "*" group, else everything is allowed;
// - the longest matching pattern wins; on a tie Allow wins; "/robots.txt" is always allowed;
// - an unreachable robots.txt (server error) means "disallow everything", a missing one (4xx)
//   "allow everything": see robotsFromResponse.

export interface RobotsRule {
  allow: boolean;
  pattern: string;
}

export interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
  crawlDelay?: number;
}

export interface Robots {
  groups: RobotsGroup[];
  sitemaps: string[];
  /** Whether the agent may fetch this URL; userAgent is a product token such as "skimscan". */
  isAllowed(url: string, userAgent: string): boolean;
  /** Crawl-delay in seconds of the group that applies to the agent, if it sets one. */
  crawlDelay(userAgent: string): number | undefined;
}

/** Parses robots.txt text; never throws, unknown lines are ignored. */
export function parseRobots(text: string): Robots {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    if (key === "sitemap") {
      if (value) sitemaps.push(value);
      continue; // Sitemap lines belong to no group and do not end one.
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === "allow" || key === "disallow") {
      // An empty Disallow allows everything, the same as no rule at all.
      if (value) current.rules.push({ allow: key === "allow", pattern: value });
    } else if (key === "crawl-delay") {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelay = seconds;
    }
  }
  return makeRobots(groups, sitemaps);
}

/** Robots for a fetch outcome: 2xx parsed, 4xx allow-all, 5xx or no answer disallow-all. */
export function robotsFromResponse(status: number | undefined, body: string): Robots {
  if (status !== undefined && status >= 200 && status < 300) return parseRobots(body);
  if (status !== undefined && status >= 400 && status < 500) return parseRobots("");
  return makeRobots([{ agents: ["*"], rules: [{ allow: false, pattern: "/" }] }], []);
}

function makeRobots(groups: RobotsGroup[], sitemaps: string[]): Robots {
  const compiled = new Map<string, (path: string) => boolean>();
  const matcherFor = (pattern: string) => {
    let match = compiled.get(pattern);
    if (!match) {
      match = patternMatcher(pattern);
      compiled.set(pattern, match);
    }
    return match;
  };
  const select = (userAgent: string): RobotsGroup[] => {
    const token = productToken(userAgent);
    let best = "";
    for (const g of groups) {
      for (const a of g.agents) {
        if (a !== "*" && token.startsWith(a) && a.length > best.length) best = a;
      }
    }
    const wanted = best || "*";
    return groups.filter((g) => g.agents.includes(wanted));
  };
  return {
    groups,
    sitemaps,
    isAllowed(url, userAgent) {
      let target: string;
      try {
        const u = new URL(url);
        target = normaliseEscapes(u.pathname + u.search);
      } catch {
        return false;
      }
      if (target === "/robots.txt") return true;
      let verdict: RobotsRule | undefined;
      for (const g of select(userAgent)) {
        for (const rule of g.rules) {
          if (!matcherFor(rule.pattern)(target)) continue;
          const len = rule.pattern.length;
          const bestLen = verdict?.pattern.length ?? -1;
          if (len > bestLen || (len === bestLen && rule.allow && !verdict?.allow)) verdict = rule;
        }
      }
      return verdict ? verdict.allow : true;
    },
    crawlDelay(userAgent) {
      const delays = select(userAgent)
        .map((g) => g.crawlDelay)
        .filter((d): d is number => d !== undefined);
      return delays.length ? Math.max(...delays) : undefined;
    },
  };
}

/** The product token robots.txt speaks to: "skimscan/0.1 (+url)" → "skimscan". */
function productToken(userAgent: string): string {
  return (userAgent.trim().toLowerCase().split(/[\s/]/)[0] ?? "").trim();
}

/**
 * A robots pattern matches a prefix of path+query; `*` is any run, a final `$` the end. Matched
 * without RegExp: a hostile robots.txt ("/*a*a*a*a*a*b") must not make a crawl backtrack for hours.
 */
function patternMatcher(pattern: string): (path: string) => boolean {
  const anchored = pattern.endsWith("$");
  const body = normaliseEscapes(encodeNonAscii(anchored ? pattern.slice(0, -1) : pattern));
  const parts = body.split(/\*+/);
  return (path) => wildcardMatch(parts, path, anchored);
}

/**
 * Glob matching where `parts` are the literal pieces between stars: the first must be a prefix,
 * then each later piece is found leftmost (greedy leftmost is enough when only `*` exists), and
 * an anchored pattern's last piece must end the path. Linear in the path per piece.
 */
function wildcardMatch(parts: string[], path: string, anchored: boolean): boolean {
  const first = parts[0] ?? "";
  if (!path.startsWith(first)) return false;
  if (parts.length === 1) return anchored ? path.length === first.length : true;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = path.indexOf(parts[i] as string, at);
    if (found < 0) return false;
    at = found + (parts[i] as string).length;
  }
  const last = parts[parts.length - 1] as string;
  if (!anchored) return path.indexOf(last, at) >= 0;
  return path.length - last.length >= at && path.endsWith(last);
}

function encodeNonAscii(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "anything not ASCII".
  return s.replace(/[^\x00-\x7f]+/g, (m) => encodeURIComponent(m));
}

/** Upper-case hex and decoded unreserved characters, so "%7e" and "~" compare equal. */
function normaliseEscapes(s: string): string {
  return s.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}
