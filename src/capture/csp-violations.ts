// Content-Security-Policy violations as the browser itself reports them (the Audits domain, which
// page scripts cannot hide), in every frame and worker target; and requests the browser refused
// for a CSP marked `blockedBy: "csp"`, so they stay that party's contact.
import type { CapturedRequest, CapturedTarget, CspViolation } from "../model/capture.js";
import type { CdpEvent, CdpSession, Protocol } from "./cdp-connection.js";
import { type Collector, type PageClock, sendAll } from "./collector.js";

export class CspViolationsCollector implements Collector {
  readonly violations: CspViolation[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly clock: PageClock) {}

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    session.on("Audits.issueAdded", (p) => this.onIssue(p, target));
    return sendAll(session.send("Audits.enable"));
  }

  private onIssue(p: CdpEvent<"Audits.issueAdded">, target: CapturedTarget): void {
    const issue = p.issue;
    if (issue.code !== "ContentSecurityPolicyIssue") return;
    const d = issue.details.contentSecurityPolicyIssueDetails;
    if (!d) return;
    const blockedUrl = d.blockedURL ?? violationKind(d.contentSecurityPolicyViolationType);
    const where = d.sourceCodeLocation;
    const v: CspViolation = {
      directive: d.violatedDirective,
      blockedUrl,
      disposition: d.isReportOnly ? "report" : "enforce",
      ...(where?.url ? { sourceFile: String(where.url) } : {}),
      targetId: target.id,
      ...(d.frameAncestor?.frameId ? { frameId: d.frameAncestor.frameId } : {}),
      ms: this.clock.ms(),
    };
    // Chromium repeats an issue when DevTools re-enables; one record per distinct violation site.
    const key = `${target.id}|${v.directive}|${v.blockedUrl}|${v.disposition}|${where?.lineNumber}|${where?.columnNumber}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.violations.push(v);
  }

  /** Marks the requests the browser refused because of a CSP. */
  mark(requests: CapturedRequest[]): void {
    for (const r of requests) if (r.blockedReason === "csp") r.blockedBy = "csp";
  }
}

/** What was blocked when the violation has no URL: an inline script, eval, a trusted-types sink. */
function violationKind(type: Protocol.Audits.ContentSecurityPolicyViolationType): string {
  switch (type) {
    case "kInlineViolation":
      return "inline";
    case "kEvalViolation":
    case "kWasmEvalViolation":
      return "eval";
    case "kTrustedTypesSinkViolation":
    case "kTrustedTypesPolicyViolation":
      return "trusted-types";
    default:
      return String(type);
  }
}
