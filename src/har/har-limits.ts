// What a HAR cannot show, said once per report: short ids in `scan.source.limits`, a sentence
// each in `warnings`. The always-true ones come from the format; the others from this recording.

export interface HarLimit {
  id: string;
  warning: string;
}

/** True of every HAR: the format records HTTP traffic, nothing of what ran inside the page. */
export const FORMAT_LIMITS: readonly HarLimit[] = [
  {
    id: "script-cookies",
    warning:
      "HAR: cookies written by scripts (document.cookie, CookieStore) are not in a HAR; only cookies set by response headers are reported",
  },
  {
    id: "cookie-jar",
    warning:
      "HAR: a HAR does not say which cookies the browser blocked or kept: every Set-Cookie is counted as stored (blocked: false) and no stored expiry is reported, only the requested one",
  },
  {
    id: "storage",
    warning:
      "HAR: localStorage, sessionStorage and IndexedDB are not in a HAR: storage[] is empty and stored-value leaks are not checked",
  },
  {
    id: "frames",
    warning:
      'HAR: a HAR has no frame tree: requests[].frame is "" and target "unknown" except for the page\'s own document, and chains through iframes cannot be followed',
  },
  {
    id: "scripts",
    warning:
      'HAR: a HAR lists no scripts: a script a tag inserted inline or through eval is not a link of its chain ("(inline)", "(eval)" in a scan); the tag that inserted it is named instead',
  },
  {
    id: "unload",
    warning:
      "HAR: requests sent as the page was left (pagehide beacons, keepalive fetches) are often missing: Chromium sends them after the page's own network log ends",
  },
  {
    id: "workers",
    warning:
      "HAR: a HAR does not say which requests service, shared or dedicated workers made, nor whether the exporter recorded them at all",
  },
];

export interface RecordingFacts {
  creator: string;
  entries: number;
  /** Requests whose exporter recorded no initiator. */
  withoutInitiator: number;
  /** Some entry carried a Cookie or Set-Cookie header, or request/response cookies. */
  cookieMaterial: boolean;
  /** Requests whose initiator is only a URL (no stack): no async parents to follow. */
  urlOnlyInitiators: number;
}

const DEVTOOLS = /^(WebInspector|Chrome DevTools|Microsoft Edge)/i;

/** The limits of this recording: the format's, plus what its exporter left out. */
export function harLimits(f: RecordingFacts): HarLimit[] {
  const out = [...FORMAT_LIMITS];
  if (f.entries > 0 && f.withoutInitiator > 0) {
    out.push({
      id: "initiators",
      warning: `HAR: ${f.withoutInitiator} of ${f.entries} requests carry no initiator (${f.creator} did not record one): their loadedBy chains read [page, "(unknown)", …] instead of naming who loaded them`,
    });
  }
  if (f.urlOnlyInitiators > 0) {
    out.push({
      id: "initiator-stacks",
      warning: `HAR: ${f.urlOnlyInitiators} requests name only the script that started them, without the async stack: a chain stops at that script's own load`,
    });
  }
  if (f.entries > 0 && !f.cookieMaterial) {
    out.push({
      id: "header-cookies",
      warning: DEVTOOLS.test(f.creator)
        ? `HAR: no Cookie or Set-Cookie header in any entry: this looks like a sanitized DevTools export (the default), so cookie findings are missing. Export "with sensitive data" to judge cookies`
        : `HAR: no Cookie or Set-Cookie header in any entry: either the pages set none or ${f.creator} stripped them, so cookie findings may be missing`,
    });
  }
  return out;
}
