// The leak detectors on real-Chromium captures of the issue-5 fixture sites, judged with each
// site's allowlist, against the findings fixtures/leak-ground-truth.json expects and rules out.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { judgeRequests } from "../../src/analyze/judge-requests.js";
import type { Identity } from "../../src/analyze/leaks/types.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { type CodedDraft, detectLeaks, LEAK_CODES } from "../fixtures/leaks/build.js";

interface Expected {
  code: string;
  party?: string;
  value?: string;
  from?: string;
  cookie?: string;
  encoding?: string;
}
interface Site {
  allowlist: string;
  expectedFindings: Expected[];
  notExpected: Expected[];
  drive?: { identity?: Identity };
}

const truth = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, "leak-ground-truth.json"), "utf8"),
) as {
  sites: Record<string, Site>;
};
const CAPTURES = path.join(import.meta.dirname, "..", "fixtures", "leaks", "captures");
const OURS: ReadonlySet<string> = LEAK_CODES;

function analyse(name: string, site: Site): CodedDraft[] {
  const capture = JSON.parse(
    readFileSync(path.join(CAPTURES, `${name}.capture.json`), "utf8"),
  ) as Capture;
  const file = path.join(FIXTURES_DIR, site.allowlist);
  const { allowlist } = parseAllowlist(readFileSync(file, "utf8"), file);
  const judged = judgeRequests(capture, { allowlist });
  // A driven site was recorded with its identity typed in: the detectors are told it, as a scan is.
  const identity = site.drive?.identity;
  return detectLeaks(
    { capture, pages: judged.pages, requests: judged.requests },
    identity ? { identity } : {},
  );
}

/** The value a finding is about: the id, the search term, the leaked page URL or the address. */
function shown(d: CodedDraft): unknown[] {
  // Read across codes: each code's evidence has some of these fields.
  const ev: Record<string, unknown> = { ...d.evidence };
  // A hashed identity shows as the digest inside the request that carried it.
  const urls = "sightings" in d.evidence ? d.evidence.requests.map((r) => r.url) : [];
  return [ev.value, ev.term, ev.pageUrl, ev.email, ...urls];
}

function matches(d: CodedDraft, e: Expected): boolean {
  if (d.code !== e.code || (e.party && d.party !== e.party)) return false;
  const ev = d.evidence;
  if (e.from && !("from" in ev && ev.from === e.from)) return false;
  if (e.cookie && !("stored" in ev && ev.stored.name === e.cookie)) return false;
  if (e.encoding && !("encoding" in ev && ev.encoding.includes(e.encoding))) return false;
  const value = e.value;
  if (!value) return true;
  const seen = shown(d);
  return d.code === "pii-leak"
    ? seen.some((v) => typeof v === "string" && v.includes(value))
    : seen.includes(value);
}

const recorded = Object.entries(truth.sites).filter(([name]) =>
  existsSync(path.join(CAPTURES, `${name}.capture.json`)),
);

describe("leak findings on the recorded fixture sites", () => {
  it("has captures of every site (the form-driven one recorded with its identity typed in)", () => {
    expect(recorded.map(([n]) => n).sort()).toEqual([
      "hashed-email",
      "id-sync",
      "negatives",
      "piggyback",
      "search-term",
      "session-cookie",
    ]);
  });

  for (const [name, site] of recorded) {
    it(`${name}: reports what the ground truth expects and nothing it rules out`, () => {
      const drafts = analyse(name, site);
      for (const e of site.expectedFindings.filter((f) => OURS.has(f.code))) {
        expect(
          drafts.some((d) => matches(d, e)),
          JSON.stringify(e),
        ).toBe(true);
      }
      for (const e of site.notExpected.filter((f) => OURS.has(f.code))) {
        expect(
          drafts.filter((d) => matches(d, e)),
          JSON.stringify(e),
        ).toEqual([]);
      }
    });
  }

  it("negatives: nothing but cookie policy on the quiet site", () => {
    const site = truth.sites.negatives as Site;
    const codes = analyse("negatives", site).map((d) => d.code);
    expect(
      codes.filter((c) => c !== "long-lived-cookie" && c !== "insecure-third-party-cookie"),
    ).toEqual([]);
  });
});
