// Stable keys by which runs are compared: never positions, never times. A party is its domain,
// a finding its fingerprint id, a cookie its (name, domain, path).
import type { Finding, ReportCookie, ReportParty } from "../model/report.js";

export const partyKey = (p: Pick<ReportParty, "domain">): string => p.domain;
export const findingKey = (f: Pick<Finding, "id">): string => f.id;
export const cookieKey = (c: Pick<ReportCookie, "name" | "domain" | "path">): string =>
  `${c.name}\u0000${c.domain}\u0000${c.path}`;
