// The Capture of a privacy visit whose browser never started: every page failed with the reason
// and the privacy settings recorded, so the report is still written and says so (exit 3).
import { CAPTURE_VERSION, type Capture, uncapturedPage } from "../model/capture.js";
import { TOOL } from "../package-info.js";
import type { VisitOptions } from "./capture-visit.js";
import { PrivacyVisitor } from "./privacy-visitor.js";

export function unstartedVisit(opts: VisitOptions, reason: string): Capture {
  const now = new Date().toISOString();
  return {
    captureVersion: CAPTURE_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    startedAt: now,
    finishedAt: now,
    startUrls: [...opts.urls],
    partial: false,
    browser: { version: "unknown (did not start)", userAgent: "" },
    options: {
      blockThirdPartyCookies: opts.blockThirdPartyCookies,
      timeoutMs: opts.timeoutMs,
      dwellMs: opts.dwellMs,
      ...(opts.hostRules ? { hostRules: opts.hostRules } : {}),
      insecure: opts.insecure,
      maxBodyBytes: opts.maxBodyBytes,
      ...new PrivacyVisitor(opts.privacy).options(),
    },
    pages: opts.urls.map((url, i) =>
      uncapturedPage(`p${i + 1}`, url, "failed", `browser did not start: ${reason}`, now),
    ),
    warnings: [],
  };
}
