// Host names and host patterns of the allowlist: validation and matching on normalized hosts.
import { isIp, isPublicSuffix, normalizeHost } from "./party.js";

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/** Why a host (no wildcard) is not acceptable, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host === "") return "empty host";
  if (isIp(host)) return undefined;
  if (host.length > 253) return "host longer than 253 characters";
  for (const label of host.split(".")) {
    if (label === "") return "empty label (two dots in a row?)";
    if (label.length > 63) return `label "${label}" longer than 63 characters`;
    if (!LABEL.test(label)) return `label "${label}" has characters a host cannot have`;
  }
  return undefined;
}

/** Normalizes a host as written in a config file; throws nothing, returns "" when hopeless. */
export function normalizeConfigHost(text: string): string {
  const t = text.trim();
  if (/[/\s@?#]/.test(t)) return "";
  return normalizeHost(t);
}

/**
 * Why a host pattern (`*.cdn.partner.example`) is not acceptable, or undefined. A pattern has one
 * leading `*.` and a concrete base that is not a public suffix (`*.co.uk` would cover everyone).
 */
export function patternProblem(pattern: string): string | undefined {
  if (!pattern.startsWith("*.")) return "a '*' may only start the pattern, as in *.cdn.example";
  const base = pattern.slice(2);
  if (base.includes("*")) return "only one '*' is allowed, at the start";
  const problem = hostProblem(base);
  if (problem) return problem;
  if (isIp(base)) return "an IP address cannot have subdomains";
  if (isPublicSuffix(base) || !base.includes(".")) {
    return `"${base}" is a public suffix, so the pattern would cover every site under it`;
  }
  return undefined;
}

/** `*.x.example` matches subdomains of x.example at any depth, never x.example itself. */
export function matchHostPattern(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) return !isIp(host) && host.endsWith(pattern.slice(1));
  return host === pattern;
}

/** A domain covers itself and all its subdomains (IP addresses: only themselves). */
export function matchDomain(domain: string, host: string): boolean {
  if (host === domain) return true;
  // IP addresses have no subdomains, and no domain has an IP address under it.
  return !isIp(domain) && !isIp(host) && host.endsWith(`.${domain}`);
}
