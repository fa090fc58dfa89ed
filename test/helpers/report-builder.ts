// Small hand-made Reports for unit tests of the gate and renderers.
import type {
  Finding,
  FindingCode,
  Report,
  ReportCookie,
  ReportParty,
} from "../../src/model/report.js";

export function party(domain: string, status: ReportParty["status"], pages = 1): ReportParty {
  return {
    domain,
    status,
    rules: [],
    hosts: [`px.${domain}`],
    requests: 1,
    pixels: 1,
    beacons: 0,
    cookies: 0,
    pages: Array.from({ length: pages }, (_, i) => `https://www.pub.example/p${i}`),
    firstSeen: "https://www.pub.example/p0",
    loadedBy: [["https://www.pub.example/p0"]],
  };
}

/** A finding for the gate's and the compare's tests: ids, codes and parties; the evidence is a stand-in. */
export function finding(code: FindingCode, partyDomain: string, key = "k"): Finding {
  return {
    id: `${code}:${partyDomain}:${key}`,
    code,
    severity: "medium",
    party: partyDomain,
    page: "https://www.pub.example/p0",
    evidence: { key },
  } as unknown as Finding;
}

export function cookie(name: string, domain: string): ReportCookie {
  return {
    name,
    domain,
    path: "/",
    party: domain,
    setBy: "header",
    setByParty: domain,
    page: "https://www.pub.example/p0",
    secure: true,
    httpOnly: false,
    thirdPartyContext: true,
    blocked: false,
    writes: 1,
  };
}

export function report(
  parts: Partial<Pick<Report, "parties" | "findings" | "cookies">> = {},
): Report {
  const parties = parts.parties ?? [];
  return {
    schemaVersion: 2,
    tool: { name: "skimscan", version: "0.0.0" },
    partial: false,
    scan: {
      startedAt: "2026-11-29T00:00:00.000Z",
      finishedAt: "2026-11-29T00:00:05.000Z",
      startUrls: ["https://www.pub.example/"],
      browser: { version: "Chrome/156", userAgent: "Mozilla/5.0" },
      options: {},
      pages: [
        {
          url: "https://www.pub.example/p0",
          finalUrl: "https://www.pub.example/p0",
          outcome: "ok",
          timedOut: false,
          firstParty: ["pub.example"],
        },
      ],
    },
    summary: {
      pages: 1,
      requests: parties.length,
      cookies: parts.cookies?.length ?? 0,
      thirdParties: parties.filter((p) => p.status !== "first-party").length,
      authorized: parties.filter((p) => p.status === "authorized").length,
      rogue: parties.filter((p) => p.status === "rogue").length,
      unlisted: parties.filter((p) => p.status === "unlisted").length,
      findings: parts.findings?.length ?? 0,
    },
    parties,
    requests: [],
    cookies: parts.cookies ?? [],
    storage: [],
    findings: parts.findings ?? [],
    warnings: [],
  };
}
