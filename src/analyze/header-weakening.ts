// Is a security header weaker than before? Decided per header, written down so a finding can say
// why (README "Security headers"): CSP (either mode) is weaker when a directive it had is gone or
// a directive's source list gains a source (nonces are per response and ignored); HSTS when
// max-age drops or includeSubDomains / preload go; the others by a strictness rank of their values.
// A change that is not shown to weaken (a stricter value, an unknown value) is no finding.

export interface HeaderChange {
  weakened: boolean;
  /** Why, one line per loosening, e.g. "script-src gained 'unsafe-inline'". */
  reasons: string[];
}

const REFERRER_RANK = [
  "no-referrer",
  "same-origin",
  "strict-origin",
  "strict-origin-when-cross-origin",
  "origin",
  "origin-when-cross-origin",
  "no-referrer-when-downgrade",
  "unsafe-url",
];
/** Stricter first; a value missing from the list is not ranked. */
const RANKS: Record<string, string[]> = {
  "referrer-policy": REFERRER_RANK,
  "x-frame-options": ["deny", "sameorigin"],
  "x-content-type-options": ["nosniff"],
  "cross-origin-opener-policy": [
    "same-origin",
    "noopener-allow-popups",
    "same-origin-allow-popups",
    "unsafe-none",
  ],
  "cross-origin-embedder-policy": ["require-corp", "credentialless", "unsafe-none"],
  "cross-origin-resource-policy": ["same-origin", "same-site", "cross-origin"],
};
const NOT_A_RESTRICTION = new Set(["report-uri", "report-to"]);

export function compareHeader(name: string, before: string, after: string): HeaderChange {
  if (before.trim() === after.trim()) return { weakened: false, reasons: [] };
  if (name === "content-security-policy" || name === "content-security-policy-report-only")
    return verdict(cspLoosenings(before, after));
  if (name === "strict-transport-security") return verdict(hstsLoosenings(before, after));
  if (name === "permissions-policy") return verdict(permissionsLoosenings(before, after));
  const rank = RANKS[name];
  if (!rank) return { weakened: false, reasons: [] };
  const r = (v: string) => rank.indexOf(lastValue(v, name));
  const [b, a] = [r(before), r(after)];
  if (b >= 0 && (a < 0 ? rank.length : a) > b)
    return verdict([`${lastValue(before, name)} → ${after.trim() || "(empty)"}`]);
  return { weakened: false, reasons: [] };
}

function verdict(reasons: string[]): HeaderChange {
  return { weakened: reasons.length > 0, reasons };
}

/** Referrer-Policy uses its last known token; the others are single values. */
function lastValue(value: string, name: string): string {
  const tokens = value
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (name === "referrer-policy")
    return [...tokens].reverse().find((t) => REFERRER_RANK.includes(t)) ?? "";
  return tokens[0] ?? "";
}

/** Directive name → source tokens; several policies (joined by "\n" or ",") are merged. */
export function parseCsp(value: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const part of value.split(/[;,\n]/)) {
    const [name, ...tokens] = part.trim().split(/\s+/);
    if (!name) continue;
    const set = out.get(name.toLowerCase()) ?? new Set<string>();
    for (const t of tokens) if (!/^'nonce-/i.test(t)) set.add(t.toLowerCase());
    out.set(name.toLowerCase(), set);
  }
  return out;
}

function cspLoosenings(before: string, after: string): string[] {
  const b = parseCsp(before);
  const a = parseCsp(after);
  const reasons: string[] = [];
  for (const [name, sources] of b) {
    if (NOT_A_RESTRICTION.has(name)) continue;
    const now = a.get(name);
    if (!now) {
      reasons.push(`${name} removed`);
      continue;
    }
    const added = [...now].filter((t) => !sources.has(t));
    if (added.length) reasons.push(`${name} gained ${added.join(" ")}`);
  }
  return reasons;
}

function hstsLoosenings(before: string, after: string): string[] {
  const parse = (v: string) => {
    const lower = v.toLowerCase();
    const age = /max-age\s*=\s*"?(\d+)/.exec(lower)?.[1];
    return {
      maxAge: age === undefined ? 0 : Number(age),
      sub: /includesubdomains/.test(lower),
      preload: /preload/.test(lower),
    };
  };
  const b = parse(before);
  const a = parse(after);
  const reasons: string[] = [];
  if (a.maxAge < b.maxAge) reasons.push(`max-age lowered from ${b.maxAge} to ${a.maxAge}`);
  if (b.sub && !a.sub) reasons.push("includeSubDomains removed");
  if (b.preload && !a.preload) reasons.push("preload removed");
  return reasons;
}

/** feature → allowlist text ("()" none, "*" all, "(self …)"). */
function parsePermissions(value: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const part of value.split(/,(?![^(]*\))/)) {
    const m = /^\s*([a-z0-9-]+)\s*=\s*(.*)$/i.exec(part);
    if (!m?.[1]) continue;
    const list = (m[2] ?? "").trim().replace(/^\(|\)$/g, "");
    out.set(m[1].toLowerCase(), new Set(list.split(/\s+/).filter(Boolean)));
  }
  return out;
}

function permissionsLoosenings(before: string, after: string): string[] {
  const b = parsePermissions(before);
  const a = parsePermissions(after);
  const reasons: string[] = [];
  for (const [feature, allowed] of b) {
    const now = a.get(feature);
    if (!now) reasons.push(`${feature} no longer restricted`);
    else if (!allowed.has("*")) {
      const added = [...now].filter((t) => !allowed.has(t));
      if (added.length) reasons.push(`${feature} now allows ${added.join(" ")}`);
    }
  }
  return reasons;
}
