// The privacy findings on hand-made captures: which part of which page counts in each mode, what
// counts as tracking, and the proof each finding needs before it is reported.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { parseOptOutCookie } from "../../src/consent/opt-out-cookies.js";
import { PrivacyVisitor } from "../../src/consent/privacy-visitor.js";
import { UsageError } from "../../src/errors.js";
import type {
  Capture,
  CapturedConsent,
  CapturedPage,
  CapturedRequest,
  CookieWrite,
} from "../../src/model/capture.js";
import { uncapturedPage } from "../../src/model/capture.js";
import type { Finding } from "../../src/model/report.js";
import { reportSchemaErrors } from "../helpers/report-schema.js";

const PUB = "https://www.pub.example/";
const ARTICLE = "https://www.pub.example/article";

function pixel(url: string, ms: number, headers: Record<string, string> = {}): CapturedRequest {
  return {
    id: `r${ms}-${url}`,
    url,
    method: "GET",
    resourceType: "Image",
    targetId: "T",
    targetType: "page",
    frameId: "F",
    documentUrl: PUB,
    initiator: { type: "parser", url: PUB },
    redirects: [],
    requestHeaders: headers,
    status: 200,
    mimeType: "image/gif",
    setCookies: [],
    bodyBytes: 43,
    image: { width: 1, height: 1 },
    startedMs: ms,
  };
}

function script(url: string, ms: number, headers: Record<string, string> = {}): CapturedRequest {
  return {
    ...pixel(url, ms, headers),
    resourceType: "Script",
    mimeType: "text/javascript",
    image: undefined,
    bodyBytes: 900,
  };
}

function cookie(
  name: string,
  domain: string,
  ms: number,
  extra: Partial<CookieWrite> = {},
): CookieWrite {
  const value = "Zq81LmQz0aT5vYx2";
  return {
    setBy: "header",
    name,
    domain,
    path: "/",
    valueLength: value.length,
    value,
    secure: true,
    httpOnly: false,
    sameSite: "None",
    partitioned: false,
    url: `https://${domain}/p.gif`,
    targetId: "T",
    topLevelUrl: PUB,
    blocked: false,
    deletion: false,
    raw: `${name}=${value}`,
    ms,
    ...extra,
  };
}

function page(
  id: string,
  url: string,
  requests: CapturedRequest[],
  cookieWrites: CookieWrite[] = [],
  consent?: CapturedConsent,
): CapturedPage {
  const doc = {
    ...pixel(url, 0),
    resourceType: "Document",
    id: "doc",
    image: undefined,
    bodyBytes: 2000,
    mimeType: "text/html",
  };
  return {
    id,
    url,
    finalUrl: url,
    outcome: "ok",
    timedOut: false,
    startedAt: "2026-11-29T10:00:00.000Z",
    finishedAt: "2026-11-29T10:00:05.000Z",
    targets: [{ id: "T", type: "page", url }],
    frames: [{ id: "F", url, targetId: "T" }],
    requests: [doc, ...requests],
    scripts: [],
    cookieWrites,
    jar: [],
    storage: [],
    ...(consent ? { privacy: { consent } } : {}),
  };
}

function capture(pages: CapturedPage[], options: Record<string, unknown> = {}): Capture {
  return {
    captureVersion: 1,
    tool: { name: "skimscan", version: "0.0.0" },
    startedAt: "2026-11-29T10:00:00.000Z",
    finishedAt: "2026-11-29T10:00:09.000Z",
    startUrls: [PUB],
    partial: false,
    browser: { version: "Chrome/156", userAgent: "Mozilla/5.0" },
    options: {
      blockThirdPartyCookies: false,
      timeoutMs: 1,
      dwellMs: 0,
      insecure: true,
      maxBodyBytes: 1,
      ...options,
    },
    pages,
    warnings: [],
  };
}

const PRIVACY = [
  "tracks-before-consent",
  "ignores-reject",
  "ignores-gpc",
  "ignores-dnt",
  "opt-out-not-honoured",
];
function privacyFindings(c: Capture): Finding[] {
  const report = buildReport(c, {});
  // Every privacy finding's evidence is its code's shape in the public schema.
  expect(reportSchemaErrors(report)).toEqual([]);
  return report.findings.filter((f) => PRIVACY.includes(f.code));
}
const codes = (c: Capture) =>
  privacyFindings(c)
    .map((f) => `${f.code} ${f.party}`)
    .sort();

const choice = (extra: Partial<CapturedConsent> = {}): CapturedConsent => ({
  action: "reject",
  role: "choice",
  cmp: "Cybotcookiebot",
  popupFound: true,
  actionMs: 1000,
  actionResult: true,
  selfTest: true,
  ...extra,
});
const after = (action: CapturedConsent["action"] = "reject"): CapturedConsent => ({
  action,
  role: "after",
  cmp: "Cybotcookiebot",
  popupFound: false,
});

/** A reject visit: early and late pixels on the choice page, then an article with two vendors. */
function rejectVisit(choiceExtra: Partial<CapturedConsent> = {}): Capture {
  return capture(
    [
      page(
        "p1",
        PUB,
        [
          pixel("https://px.early.example/p.gif", 500),
          pixel("https://px.late.example/p.gif", 1500),
        ],
        [cookie("e_id", "px.early.example", 600), cookie("l_id", "px.late.example", 1600)],
        choice(choiceExtra),
      ),
      page(
        "p2",
        ARTICLE,
        [
          pixel("https://px.early.example/p.gif", 300),
          script("https://cdn.library.example/lib.js", 100),
          pixel("https://www.pub.example/spacer.gif", 120),
        ],
        [
          cookie("e_id", "px.early.example", 320),
          cookie("blocked_id", "px.blocked.example", 330, { blocked: true }),
          cookie("gone", "px.deleting.example", 340, { deletion: true }),
        ],
        after(),
      ),
    ],
    { consent: "reject", signals: [] },
  );
}

describe("tracks-before-consent", () => {
  it("counts only the choice page before the click when the banner was handled", () => {
    const c = rejectVisit();
    expect(codes(c).filter((x) => x.startsWith("tracks"))).toEqual([
      "tracks-before-consent early.example",
    ]);
    const f = privacyFindings(c).find((x) => x.code === "tracks-before-consent");
    expect(f?.evidence).toMatchObject({
      window: "before-click",
      clickMs: 1000,
      choicePage: PUB,
      pages: [PUB],
      cookieCount: 1,
    });
    expect(f?.evidence.trackingRequests).toEqual([
      expect.objectContaining({ url: "https://px.early.example/p.gif", kind: "pixel", ms: 500 }),
    ]);
  });

  it("counts every page when no banner was handled (none, or no banner found)", () => {
    const none = rejectVisit();
    none.options.consent = "none";
    for (const p of none.pages)
      if (p.privacy?.consent)
        p.privacy.consent = {
          action: "none",
          role: "no-choice",
          popupFound: true,
          cmp: "Cybotcookiebot",
        };
    expect(codes(none)).toEqual([
      "tracks-before-consent early.example",
      "tracks-before-consent late.example",
    ]);
    expect(privacyFindings(none)[0]?.evidence).toMatchObject({
      window: "no-interaction",
      action: "none",
    });

    const notFound = rejectVisit({
      popupFound: false,
      actionMs: undefined,
      actionResult: undefined,
      selfTest: undefined,
    });
    expect(codes(notFound)).toEqual([
      "tracks-before-consent early.example",
      "tracks-before-consent late.example",
    ]);
  });

  it("is not judged without --consent", () => {
    const c = rejectVisit();
    delete c.options.consent;
    expect(codes(c)).toEqual([]);
  });
});

describe("ignores-reject", () => {
  it("judges only the pages after the choice, ignores first-party, non-tracking, blocked and deleting writes", () => {
    const c = rejectVisit();
    expect(codes(c).filter((x) => x.startsWith("ignores"))).toEqual([
      "ignores-reject early.example",
    ]);
    const f = privacyFindings(c).find((x) => x.code === "ignores-reject");
    expect(f?.severity).toBe("high");
    expect(f?.page).toBe(ARTICLE);
    expect(f?.evidence).toMatchObject({
      rejectedStateReadBack: true,
      afterPages: [ARTICLE],
      pages: [ARTICLE],
      cookieCount: 1,
    });
    expect(((f?.evidence.cookies ?? []) as { name: string }[]).map((x) => x.name)).toEqual([
      "e_id",
    ]);
  });

  it("is medium when the CMP's state could not be read back, absent when the click failed", () => {
    const unread = rejectVisit({ selfTest: undefined });
    expect(privacyFindings(unread).find((x) => x.code === "ignores-reject")?.severity).toBe(
      "medium",
    );
    const failed = rejectVisit({ actionResult: false });
    expect(codes(failed).filter((x) => x.startsWith("ignores"))).toEqual([]);
  });

  it("is not reported after accept", () => {
    const c = rejectVisit();
    c.options.consent = "accept";
    for (const p of c.pages) if (p.privacy?.consent) p.privacy.consent.action = "accept";
    expect(codes(c).filter((x) => x.startsWith("ignores"))).toEqual([]);
  });

  it("a cookie value that is no identifier (a flag) does not count, a pixel alone does", () => {
    const c = rejectVisit();
    const p2 = c.pages[1] as CapturedPage;
    p2.cookieWrites = [cookie("seen", "px.flag.example", 10, { value: "1", valueLength: 1 })];
    p2.requests.push(pixel("https://px.flag.example/p.gif", 11));
    const f = privacyFindings(c).filter((x) => x.code === "ignores-reject");
    expect(f.map((x) => x.party).sort()).toEqual(["early.example", "flag.example"]);
    expect(f.find((x) => x.party === "flag.example")?.evidence.cookieCount).toBe(0);
  });
});

describe("ignores-gpc / ignores-dnt", () => {
  const GPC = { "sec-gpc": "1" };
  const signalled = (signals: string[], headers: Record<string, string>) =>
    capture(
      [
        page(
          "p1",
          PUB,
          [
            pixel("https://px.deaf.example/p.gif", 100, headers),
            pixel("https://px.quiet.example/p.gif", 100, headers),
            pixel("https://px.unproven.example/p.gif", 100, {}),
          ],
          [cookie("d_id", "px.deaf.example", 120), cookie("u_id", "px.unproven.example", 130)],
        ),
      ],
      { signals },
    );

  it("needs both an identifier cookie and the party's own requests carrying the signal", () => {
    const c = signalled(["gpc"], GPC);
    expect(codes(c)).toEqual(["ignores-gpc deaf.example"]);
    const f = privacyFindings(c)[0];
    expect(f?.evidence).toMatchObject({
      signal: "gpc",
      header: "Sec-GPC: 1",
      requestsWithSignal: 1,
      requests: 1,
    });
  });

  it("each signal is judged on its own header and only when it was set", () => {
    expect(codes(signalled(["dnt", "gpc"], { ...GPC, dnt: "1" }))).toEqual([
      "ignores-dnt deaf.example",
      "ignores-gpc deaf.example",
    ]);
    expect(codes(signalled(["dnt"], GPC))).toEqual([]);
    expect(codes(signalled([], { ...GPC, dnt: "1" }))).toEqual([]);
  });

  it("after an accept click only the traffic before the click is judged", () => {
    const c = capture(
      [
        page(
          "p1",
          PUB,
          [pixel("https://px.deaf.example/p.gif", 1500, GPC)],
          [cookie("d_id", "px.deaf.example", 1600)],
          choice({ action: "accept", selfTest: undefined }),
        ),
      ],
      { signals: ["gpc"], consent: "accept" },
    );
    expect(codes(c)).toEqual([]);
    (c.pages[0] as CapturedPage).requests[1] = pixel("https://px.deaf.example/p.gif", 200, GPC);
    ((c.pages[0] as CapturedPage).cookieWrites[0] as CookieWrite).ms = 300;
    expect(codes(c)).toEqual(["ignores-gpc deaf.example", "tracks-before-consent deaf.example"]);
  });
});

describe("opt-out-not-honoured", () => {
  const visit = (cookieHeader: string) =>
    capture(
      [
        page(
          "p1",
          PUB,
          [pixel("https://px.adco.example/p.gif", 100, { cookie: cookieHeader })],
          [cookie("ad_id", "px.adco.example", 120), cookie("optout", "adco.example", 121)],
        ),
      ],
      { optOutCookies: ["optout@adco.example"] },
    );

  it("reports identifiers set after the opt-out cookie was sent, not the opt-out cookie itself", () => {
    const f = privacyFindings(visit("x=1; optout=1"));
    expect(f.map((x) => `${x.code} ${x.party}`)).toEqual(["opt-out-not-honoured adco.example"]);
    expect(f[0]?.evidence).toMatchObject({
      optOutCookie: "optout@adco.example",
      requestsWithOptOut: 1,
      cookieCount: 1,
    });
  });

  it("stays silent when the opt-out cookie never reached the party (no proof)", () => {
    expect(privacyFindings(visit("x=1; not_optout=1"))).toEqual([]);
  });
});

describe("report scan.privacy", () => {
  it("counts the requests that carried each signal and folds navigator values", () => {
    const c = capture(
      [
        page("p1", PUB, [
          pixel("https://px.a.example/p.gif", 1, { "sec-gpc": "1", dnt: "1" }),
          pixel("https://px.b.example/p.gif", 2, { "sec-gpc": "1" }),
        ]),
        page("p2", ARTICLE, []),
      ],
      { signals: ["gpc", "dnt"] },
    );
    for (const p of c.pages)
      p.privacy = { navigator: { doNotTrack: "1", globalPrivacyControl: true } };
    // The document requests carry no headers in this hand-made capture: they are not counted.
    expect(buildReport(c, {}).scan.privacy).toEqual({
      signals: ["gpc", "dnt"],
      requests: 2,
      dntRequests: 1,
      gpcRequests: 2,
      navigator: [{ doNotTrack: "1", globalPrivacyControl: true, pages: 2 }],
    });
  });

  it("is absent for a scan without privacy settings", () => {
    expect(buildReport(capture([page("p1", PUB, [])]), {}).scan.privacy).toBeUndefined();
  });

  it("tells the consent story", () => {
    expect(buildReport(rejectVisit(), {}).scan.privacy?.consent).toEqual({
      action: "reject",
      cmp: "Cybotcookiebot",
      choicePage: PUB,
      clickMs: 1000,
      choiceMade: true,
      stateReadBack: true,
      afterPages: [ARTICLE],
      bannerShownAgain: [],
    });
  });
});

describe("visit plan and flags", () => {
  it("records each page's role, and warns when the choice page showed no banner it knows", () => {
    const page = (url: string) => ({
      ...uncapturedPage("p1", url, "ok", undefined),
      httpStatus: 200,
    });
    const reject = new PrivacyVisitor({
      dnt: false,
      gpc: true,
      consent: "reject",
      optOutCookies: [],
    });
    expect(reject.makesChoice).toBe(true);
    const choice = reject.page("choice").finish(page(PUB));
    expect(choice.choiceMade).toBe(false);
    expect(choice.page.privacy?.consent).toMatchObject({
      action: "reject",
      role: "choice",
      popupFound: false,
    });
    expect(choice.warnings).toEqual([
      `${PUB}: no consent banner that autoconsent recognises was found`,
    ]);
    const after = reject.page("after").finish(page(ARTICLE));
    expect(after.page.privacy?.consent?.role).toBe("after");
    expect(after.warnings).toEqual([]);
    // `none` never answers: every page is one of a visitor who said nothing.
    const none = new PrivacyVisitor({ dnt: false, gpc: false, consent: "none", optOutCookies: [] });
    expect(none.makesChoice).toBe(false);
    expect(none.page(undefined).finish(page(PUB)).page.privacy?.consent?.role).toBe("no-choice");
    // Signals alone record no consent at all.
    const gpc = new PrivacyVisitor({ dnt: false, gpc: true, optOutCookies: [] });
    expect(gpc.page(undefined).finish(page(PUB)).page.privacy).toBeUndefined();
  });

  it("records the privacy settings in the capture's options, never an opt-out cookie's value", () => {
    const v = new PrivacyVisitor({
      dnt: true,
      gpc: true,
      consent: "accept",
      optOutCookies: [{ name: "optout", value: "SECRET-1", domain: "adnetwork.example" }],
    });
    expect(v.options()).toEqual({
      signals: ["dnt", "gpc"],
      consent: "accept",
      optOutCookies: ["optout@adnetwork.example"],
    });
    expect(JSON.stringify(v.options())).not.toContain("SECRET-1");
  });

  it("parses NAME=VALUE@domain and rejects malformed opt-out cookies", () => {
    expect(parseOptOutCookie("--opt-out-cookie", "id=OPT_OUT@.AdNetwork.example")).toEqual({
      name: "id",
      value: "OPT_OUT",
      domain: "adnetwork.example",
    });
    for (const bad of ["id=1", "=1@a.example", "id=1;x@a.example", "id=1@nodot", "i d=1@a.example"])
      expect(() => parseOptOutCookie("--opt-out-cookie", bad), bad).toThrow(UsageError);
  });
});
