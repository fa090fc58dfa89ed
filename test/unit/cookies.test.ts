// Cookie and storage aggregation: one entry per (name, domain, path), writes counted, context.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import {
  byScript,
  makeCapture,
  makeCookieWrite,
  makePage,
  makeRequest,
  parser,
  stack,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/";
const PAGE2 = "https://www.pub.example/sport";
const AD_FRAME = "https://ads.adnet.example/frame.html";
const SYNC = "https://sync.adnet.example/s";
const ROGUE_JS = "https://cdn.rogue.example/r.js";

function capture() {
  const p1 = makePage(PAGE);
  p1.requests.push(
    makeRequest("r", ROGUE_JS, { initiator: parser(PAGE) }),
    makeRequest("sync", "https://px.rogue.example/p", {
      resourceType: "Image",
      image: { width: 1, height: 1 },
      initiator: byScript(stack(ROGUE_JS)),
      redirects: [{ url: SYNC, status: 302, setCookies: ["uid=1; Domain=adnet.example"] }],
    }),
  );
  p1.cookieWrites.push(
    // First-party cookie by a header of the page.
    makeCookieWrite({
      name: "session",
      domain: "www.pub.example",
      url: PAGE,
      httpOnly: true,
      ms: 1,
    }),
    // A rogue script writes a first-party cookie: set by rogue.example, belongs to pub.example.
    makeCookieWrite({
      name: "_rid",
      domain: "pub.example",
      url: PAGE,
      setBy: "script",
      script: ROGUE_JS,
      api: "document.cookie",
      requestedExpires: "2028-06-30T10:00:00.000Z",
      ms: 5,
    }),
    // A cookie-sync hop sets a third-party cookie, once blocked, once accepted.
    makeCookieWrite({
      name: "uid",
      domain: ".adnet.example",
      url: SYNC,
      requestId: "sync",
      sameSite: "None",
      blocked: true,
      blockedReasons: ["ThirdPartyPhaseout"],
      ms: 7,
    }),
    makeCookieWrite({
      name: "uid",
      domain: "adnet.example",
      url: AD_FRAME,
      setBy: "script",
      script: "https://ads.adnet.example/ad.js",
      topLevelUrl: PAGE,
      sameSite: "None",
      ms: 9,
    }),
    // A rogue header cookie only ever blocked.
    makeCookieWrite({
      name: "rt",
      domain: "px.rogue.example",
      url: "https://px.rogue.example/p",
      blocked: true,
      blockedReasons: ["UserPreferences", "SameSiteNoneInsecure"],
      ms: 8,
    }),
  );
  p1.jar.push(
    {
      name: "_rid",
      domain: ".pub.example",
      path: "/",
      value: "x",
      expires: "2027-08-04T10:00:00.000Z",
      secure: false,
      httpOnly: false,
      sameSite: "Lax",
    },
    {
      name: "uid",
      domain: ".adnet.example",
      path: "/",
      value: "y",
      secure: true,
      httpOnly: false,
      sameSite: "None",
      partitionKey: "https://pub.example",
    },
  );
  p1.storage.push(
    {
      kind: "localStorage",
      origin: "https://www.pub.example",
      key: "_rid_ls",
      bytes: 36,
      script: ROGUE_JS,
      targetId: "T-page",
      documentUrl: PAGE,
      ms: 6,
    },
    {
      kind: "indexedDB",
      origin: "https://ads.adnet.example",
      key: "adnet-db",
      bytes: 0,
      targetId: "T-ad",
      documentUrl: AD_FRAME,
      ms: 10,
    },
  );
  const p2 = makePage(PAGE2);
  p2.cookieWrites.push(
    makeCookieWrite({
      name: "_rid",
      domain: "pub.example",
      url: PAGE2,
      setBy: "script",
      script: ROGUE_JS,
      api: "document.cookie",
      requestedExpires: "2028-07-01T10:00:00.000Z",
      ms: 3,
    }),
  );
  p2.storage.push({
    kind: "localStorage",
    origin: "https://www.pub.example",
    key: "_rid_ls",
    bytes: 40,
    script: ROGUE_JS,
    targetId: "T-page",
    documentUrl: PAGE2,
    ms: 4,
  });
  return makeCapture([p1, p2]);
}

const allowlist = parseAllowlist("authorized:\n  - adnet.example\n", "a.yaml").allowlist;
const report = buildReport(capture(), { allowlist });
const cookie = (name: string) => report.cookies.find((c) => c.name === name);

describe("cookies", () => {
  it("one entry per (name, domain, path), writes counted across pages", () => {
    expect(report.cookies.map((c) => `${c.party}|${c.domain}|${c.name}|${c.writes}`)).toEqual([
      "adnet.example|adnet.example|uid|2",
      "pub.example|pub.example|_rid|2",
      "pub.example|www.pub.example|session|1",
      "rogue.example|px.rogue.example|rt|1",
    ]);
  });

  it("a script cookie: set by the script's party, first page, expiry from the jar and from the last write", () => {
    expect(cookie("_rid")).toMatchObject({
      party: "pub.example",
      setBy: "script",
      setByParty: "rogue.example",
      script: ROGUE_JS,
      page: PAGE,
      expires: "2027-08-04T10:00:00.000Z",
      requestedExpires: "2028-07-01T10:00:00.000Z",
      sameSite: "Lax",
      thirdPartyContext: false,
      blocked: false,
    });
  });

  it("a header cookie of a sync hop: leading dot dropped, third-party context, not blocked when one write went through", () => {
    expect(cookie("uid")).toMatchObject({
      domain: "adnet.example",
      setBy: "header",
      setByParty: "adnet.example",
      thirdPartyContext: true,
      blocked: false,
      blockedReasons: ["ThirdPartyPhaseout"],
      partitionKey: "https://pub.example",
      sameSite: "None",
      secure: true,
    });
  });

  it("blocked only when every write was blocked, reasons merged", () => {
    expect(cookie("rt")).toMatchObject({
      blocked: true,
      blockedReasons: ["SameSiteNoneInsecure", "UserPreferences"],
      thirdPartyContext: true,
    });
    expect(cookie("rt")?.expires).toBeUndefined();
  });

  it("a first-party header cookie is not third-party context", () => {
    expect(cookie("session")).toMatchObject({
      setByParty: "pub.example",
      thirdPartyContext: false,
      httpOnly: true,
    });
  });

  it("counts cookies on the parties that own or set them", () => {
    const party = (d: string) => report.parties.find((p) => p.domain === d);
    expect(party("rogue.example")?.cookies).toBe(2); // rt (its own) + _rid (set by its script)
    expect(party("adnet.example")?.cookies).toBe(1);
  });
});

describe("storage", () => {
  it("one entry per (origin, kind, key), the latest size, the first page", () => {
    expect(report.storage).toEqual([
      {
        origin: "https://ads.adnet.example",
        party: "adnet.example",
        kind: "indexedDB",
        key: "adnet-db",
        bytes: 0,
        page: PAGE,
      },
      {
        origin: "https://www.pub.example",
        party: "pub.example",
        kind: "localStorage",
        key: "_rid_ls",
        bytes: 40,
        script: ROGUE_JS,
        page: PAGE,
      },
    ]);
  });
});

describe("rogue-cookie findings", () => {
  const findings = report.findings.filter((f) => f.code === "rogue-cookie");
  it("flags cookies a rogue party set or tried to set, blocked ones too", () => {
    expect(findings.map((f) => [f.party, f.evidence.name, f.evidence.blocked])).toEqual([
      ["rogue.example", "_rid", false],
      ["rogue.example", "rt", true],
    ]);
    expect(findings.every((f) => f.severity === "medium")).toBe(true);
  });
  it("does not flag an authorized party's cookie", () => {
    expect(findings.some((f) => f.evidence.name === "uid")).toBe(false);
  });
});
