// The compare document: modes parsed and normalised, parties/cookies/privacy findings folded per
// mode from each mode's report, and the text grid a person reads.
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { privacySummary } from "../../src/report/privacy-text.js";
import { renderCompare } from "../../src/report/render-compare.js";
import { renderText } from "../../src/report/render-text.js";
import { buildCompare, parseMode, parseModes } from "../../src/signals/compare.js";
import { cookie, finding, party, report } from "../helpers/report-builder.js";

describe("modes", () => {
  it("normalises a +-joined mode: consent action first, then dnt, then gpc", () => {
    expect(parseMode("gpc+Reject")).toEqual({
      name: "reject+gpc",
      consent: "reject",
      dnt: false,
      gpc: true,
    });
    expect(parseMode("dnt")).toEqual({ name: "dnt", dnt: true, gpc: false });
    expect(parseMode("gpc+dnt+accept").name).toBe("accept+dnt+gpc");
  });

  it("rejects unknown tokens, two consent actions, repeats and duplicates", () => {
    expect(() => parseMode("reject+maybe")).toThrow(/unknown mode "maybe"/);
    expect(() => parseMode("reject+accept")).toThrow(/two consent actions/);
    expect(() => parseMode("gpc+gpc")).toThrow(/twice/);
    expect(() => parseModes("gpc,none,gpc")).toThrow(/given twice/);
    expect(() => parseModes("reject+gpc,gpc+reject")).toThrow(/given twice/);
    expect(parseModes("none,reject,accept,dnt,gpc").map((m) => m.name)).toEqual([
      "none",
      "reject",
      "accept",
      "dnt",
      "gpc",
    ]);
  });
});

function modeReport(
  parts: Parameters<typeof report>[0],
  privacy?: Report["scan"]["privacy"],
): Report {
  const r = report(parts);
  if (privacy) r.scan.privacy = privacy;
  return r;
}

describe("buildCompare", () => {
  const none = modeReport({
    parties: [
      party("pushy.example", "unlisted"),
      party("polite.example", "unlisted"),
      party("pub.example", "first-party"),
    ],
    cookies: [cookie("pa_uid", "px.pushy.example"), cookie("pm_id", "polite.example")],
    findings: [
      finding("tracks-before-consent", "pushy.example"),
      finding("rogue-party", "pushy.example"),
    ],
  });
  const gpc = modeReport(
    {
      parties: [
        party("pushy.example", "rogue"),
        { ...party("polite.example", "unlisted"), pixels: 0 },
      ],
      cookies: [
        cookie("pa_uid", "px.pushy.example"),
        { ...cookie("pm_id", "polite.example"), blocked: true },
      ],
      findings: [{ ...finding("ignores-gpc", "pushy.example"), severity: "high" }],
    },
    { signals: ["gpc"], requests: 4, dntRequests: 0, gpcRequests: 4, navigator: [] },
  );
  const c = buildCompare(
    [
      { mode: parseMode("none"), report: none },
      { mode: parseMode("gpc"), report: gpc },
    ],
    {
      startedAt: "2026-11-29T10:00:00Z",
      finishedAt: "2026-11-29T10:01:00Z",
      startUrls: ["https://www.pub.example/"],
    },
  );

  it("lists each third party with the modes it appeared in and its counts per mode", () => {
    expect(c.compareVersion).toBe(1);
    expect(c.parties.map((p) => [p.domain, p.modes, p.status])).toEqual([
      ["polite.example", ["none", "gpc"], "unlisted"],
      ["pushy.example", ["none", "gpc"], "rogue"],
    ]);
    expect(c.parties[0]?.byMode).toEqual({
      none: { requests: 1, tracking: 1, cookies: 0 },
      gpc: { requests: 1, tracking: 0, cookies: 0 },
    });
  });

  it("lists each cookie with the modes it was stored in (a cookie only ever blocked was not)", () => {
    expect(c.cookies.map((x) => [x.name, x.modes])).toEqual([
      ["pm_id", ["none"]],
      ["pa_uid", ["none", "gpc"]],
    ]);
  });

  it("keeps only the privacy findings, with their modes, ids and the worst severity", () => {
    expect(c.findings.map((f) => [f.code, f.party, f.modes, f.severity])).toEqual([
      ["ignores-gpc", "pushy.example", ["gpc"], "high"],
      ["tracks-before-consent", "pushy.example", ["none"], "medium"],
    ]);
    expect(c.findings[1]?.ids).toEqual({ none: "tracks-before-consent:pushy.example:k" });
    expect(
      c.modes.map((m) => [m.name, m.signals, m.consent, m.privacy?.gpcRequests ?? null]),
    ).toEqual([
      ["none", [], "none", null],
      ["gpc", ["gpc"], null, 4],
    ]);
  });

  it("renders a party × mode grid and the findings with their modes", () => {
    const text = renderCompare(c, "text");
    expect(text).toMatch(/party\s+none\s+gpc/);
    expect(text).toMatch(/polite\.example\s+1\/1\/0\s+1\/0\/0/);
    expect(text).toContain("Sec-GPC: 1 on 4/4 requests");
    expect(text).toMatch(/high\s+ignores-gpc pushy\.example — in gpc/);
    expect(JSON.parse(renderCompare(c, "json"))).toEqual(c);
  });

  it("shows a dash where a party did not appear", () => {
    const only = buildCompare(
      [
        { mode: parseMode("none"), report: none },
        { mode: parseMode("reject"), report: modeReport({}) },
      ],
      { startedAt: "a", finishedAt: "b", startUrls: [] },
    );
    expect(renderCompare(only, "text")).toMatch(/pushy\.example\s+1\/1\/0\s+—/);
  });
});

describe("privacy line of the text reports", () => {
  it("says which signals went out on how many requests and how the banner was answered", () => {
    expect(
      privacySummary({
        signals: ["dnt", "gpc"],
        requests: 12,
        dntRequests: 12,
        gpcRequests: 11,
        navigator: [],
        consent: {
          action: "reject",
          cmp: "Cybotcookiebot",
          choiceMade: true,
          stateReadBack: true,
          afterPages: ["https://www.pub.example/a"],
          bannerShownAgain: [],
        },
        optOutCookies: ["id@adnet.example"],
      }),
    ).toBe(
      "privacy: DNT: 1 on 12/12 requests · Sec-GPC: 1 on 11/12 requests · consent Cybotcookiebot: rejected (CMP state read back), 1 page(s) after · opt-out cookies: id@adnet.example",
    );
    expect(
      privacySummary({
        signals: [],
        requests: 3,
        dntRequests: 0,
        gpcRequests: 0,
        navigator: [],
        consent: { action: "accept", choiceMade: false, afterPages: [], bannerShownAgain: [] },
      }),
    ).toBe("privacy: consent no consent banner recognised: accept: no banner handled");
  });

  it("is shown in the scan's text report", () => {
    const r = report({});
    r.scan.privacy = {
      signals: ["gpc"],
      requests: 4,
      dntRequests: 0,
      gpcRequests: 4,
      navigator: [],
    };
    expect(renderText(r, { width: 100 })).toContain("privacy: Sec-GPC: 1 on 4/4 requests");
  });
});
