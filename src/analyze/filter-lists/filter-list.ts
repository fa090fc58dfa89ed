// Matches requests against the user's EasyList/EasyPrivacy-style lists (--filter-list FILE) with
// @ghostery/adblocker, returning the rule that matched as evidence. Lists are read by the caller.
import { FiltersEngine, Request, type RequestType } from "@ghostery/adblocker";

export interface FilterMatch {
  /** The rule as written in the list, e.g. "||tracker.example^$third-party". */
  rule: string;
  /** The name of the list it came from (the caller's name for it, usually the file path). */
  list: string;
}

export interface FilterRequest {
  url: string;
  /** CDP resource type (Script, Image, XHR, …), a report `kind` (pixel, beacon, iframe) or a webRequest type. */
  type: string;
  /** URL of the page or frame that made the request: decides `$third-party` and `$domain=`. */
  sourceUrl: string;
}

export interface CompiledFilterLists {
  match(req: FilterRequest): FilterMatch | undefined;
  /** Distinct network rules (blocking and exceptions) loaded per list, for the report's options. */
  readonly ruleCounts: Record<string, number>;
}

/** Our words for a request → the engine's. The engine reads CDP's own names, lower-cased. */
const TYPE_ALIASES: Record<string, RequestType> = {
  pixel: "image",
  beacon: "ping",
  iframe: "sub_frame",
  subdocument: "sub_frame",
  subframe: "sub_frame",
  xmlhttprequest: "xhr",
};

const KNOWN_TYPES = new Set<string>([
  "document",
  "stylesheet",
  "image",
  "media",
  "font",
  "script",
  "texttrack",
  "xhr",
  "fetch",
  "prefetch",
  "eventsource",
  "websocket",
  "manifest",
  "signedexchange",
  "ping",
  "cspviolationreport",
  "preflight",
  "fedcm",
  "other",
  "main_frame",
  "sub_frame",
  "object",
  "csp_report",
]);

function requestType(type: string): RequestType {
  const t = type.trim().toLowerCase();
  const alias = TYPE_ALIASES[t];
  if (alias) return alias;
  return KNOWN_TYPES.has(t) ? (t as RequestType) : "other";
}

/**
 * Compiles the lists into one engine, so an exception (`@@`) in one list lifts a block from
 * another, as in a real blocker. Cosmetic (element-hiding) rules are skipped: skimscan judges
 * requests, not page elements.
 */
export function compileFilterLists(lists: { name: string; text: string }[]): CompiledFilterLists {
  const listOfRule = new Map<string, string>();
  for (const { name, text } of lists) {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line && !listOfRule.has(line)) listOfRule.set(line, name);
    }
  }
  const engine = FiltersEngine.parse(lists.map((l) => l.text).join("\n"), {
    // Keeps each rule's text for evidence; optimizations would fuse rules and lose it.
    debug: true,
    enableOptimizations: false,
    loadCosmeticFilters: false,
    loadNetworkFilters: true,
    // The engine would otherwise re-guess a type from the URL's extension; CDP knows the real one.
    guessRequestTypeFromUrl: false,
  });
  // A rule found in two lists counts (and is credited) once, for the first.
  const ruleCounts: Record<string, number> = Object.fromEntries(lists.map((l) => [l.name, 0]));
  const counted = new Set<string>();
  for (const f of engine.getFilters().networkFilters) {
    const list = f.rawLine ? listOfRule.get(f.rawLine) : undefined;
    if (!list || !f.rawLine || counted.has(f.rawLine)) continue;
    counted.add(f.rawLine);
    ruleCounts[list] = (ruleCounts[list] ?? 0) + 1;
  }
  return {
    ruleCounts,
    match(req) {
      const request = Request.fromRawDetails({
        url: req.url,
        sourceUrl: req.sourceUrl,
        type: requestType(req.type),
      });
      if (!request.isSupported) return undefined;
      const result = engine.match(request);
      const filter = result.filter;
      if (!result.match || !filter) return undefined;
      const rule = filter.rawLine ?? filter.toString();
      return { rule, list: listOfRule.get(rule) ?? lists[0]?.name ?? "" };
    },
  };
}
