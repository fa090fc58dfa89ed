// Cookie writes to third-party domains, with their page, writer and the time they were made: what
// the cookie-policy detectors judge (the expiry the site asked for, not the browser's 400-day cap).

import { partyOf, partyOfUrl } from "../../domain/party.js";
import type { CapturedPage, CookieWrite } from "../../model/capture.js";
import type { CookieWriteEvidence } from "../../model/report.js";
import { refusedForDomain } from "../refused-cookie.js";
import { firstPartyOfPage } from "./sent-values.js";
import type { LeakInput } from "./types.js";

export interface ThirdPartyCookieWrite {
  write: CookieWrite;
  page: CapturedPage;
  /** Registrable domain of the cookie's domain. */
  party: string;
  /** Party of the response or script that wrote it. */
  writer: string;
  /** When the write happened (epoch ms). */
  at: number;
}

export function thirdPartyCookieWrites(input: LeakInput): ThirdPartyCookieWrite[] {
  const out: ThirdPartyCookieWrite[] = [];
  const scanStart = Date.parse(input.capture.startedAt) || 0;
  for (const page of input.capture.pages) {
    const fp = firstPartyOfPage(input, page);
    const pageStart = Date.parse(page.startedAt) || scanStart;
    for (const write of page.cookieWrites) {
      if (write.deletion || refusedForDomain(write)) continue;
      const party = partyOf(write.domain.replace(/^\.+/, ""));
      if (!party || fp.has(party)) continue;
      const writer =
        write.setBy === "header"
          ? partyOfUrl(write.url)
          : partyOfUrl(write.script ?? write.url) || partyOfUrl(write.url);
      out.push({ write, page, party, writer, at: pageStart + write.ms });
    }
  }
  return out;
}

export function cookieEvidence(w: ThirdPartyCookieWrite): CookieWriteEvidence {
  const c = w.write;
  return {
    name: c.name,
    domain: c.domain,
    path: c.path,
    setBy: c.setBy,
    writer: w.writer,
    url: c.url,
    ...(c.script ? { script: c.script } : {}),
    ...(c.blocked ? { blocked: true, blockedReasons: c.blockedReasons ?? [] } : {}),
  };
}
