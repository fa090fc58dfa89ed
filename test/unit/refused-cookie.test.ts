// Cookies the browser refused for their Domain (probes) and deletions: kept in cookies[] for the
// record, never a party's live cookie and never a finding's subject.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { refusedForDomain } from "../../src/analyze/refused-cookie.js";
import { renderText } from "../../src/report/render-text.js";
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
const SDK = "https://cdn.analytics-vendor.com/sdk.js";

describe("refusedForDomain", () => {
  const probe = (domain: string, extra = {}) =>
    makeCookieWrite({ name: "probe", domain, url: PAGE, setBy: "script", blocked: true, ...extra });

  it("refuses a blocked write for a public suffix", () => {
    expect(refusedForDomain(probe("com"))).toBe(true);
    expect(refusedForDomain(probe(".example"))).toBe(true);
    expect(refusedForDomain(probe("co.uk"))).toBe(true);
  });
  it("refuses a blocked write for a domain the writer's host is not part of", () => {
    expect(refusedForDomain(probe("other.example"))).toBe(true);
  });
  it("takes Chromium's InvalidDomain reason for a header write", () => {
    const w = probe("pub.example", { setBy: "header", blockedReasons: ["InvalidDomain"] });
    expect(refusedForDomain(w)).toBe(true);
  });
  it("keeps writes that were stored, or blocked by policy on a valid domain", () => {
    expect(refusedForDomain(probe("com", { blocked: false }))).toBe(false);
    expect(refusedForDomain(probe("pub.example"))).toBe(false);
    expect(refusedForDomain(probe(".www.pub.example"))).toBe(false);
    const thirdParty = makeCookieWrite({
      name: "uid",
      domain: "adnet.example",
      url: "https://sync.adnet.example/s",
      blocked: true,
      blockedReasons: ["ThirdPartyPhaseout"],
    });
    expect(refusedForDomain(thirdParty)).toBe(false);
  });
});

describe("probes and deletions in the report", () => {
  function report() {
    const page = makePage(PAGE);
    page.requests.push(
      makeRequest("sdk", SDK, { initiator: parser(PAGE) }),
      makeRequest("px", "https://collect.analytics-vendor.com/e", {
        resourceType: "Ping",
        initiator: byScript(stack(SDK)),
      }),
    );
    const byScriptWrite = {
      setBy: "script" as const,
      script: SDK,
      url: PAGE,
      api: "document.cookie" as const,
    };
    page.cookieWrites.push(
      // The SDK probes for the widest domain that accepts a cookie: `example` is refused.
      makeCookieWrite({
        ...byScriptWrite,
        name: "dmn_chk",
        domain: "example",
        blocked: true,
        ms: 1,
      }),
      makeCookieWrite({ ...byScriptWrite, name: "dmn_chk", domain: "pub.example", ms: 2 }),
      makeCookieWrite({
        ...byScriptWrite,
        name: "dmn_chk",
        domain: "pub.example",
        deletion: true,
        ms: 3,
      }),
      // Its real identifier cookie, third-party, not Secure.
      makeCookieWrite({
        name: "vid",
        domain: "analytics-vendor.com",
        url: "https://collect.analytics-vendor.com/e",
        requestId: "px",
        requestedExpires: "2027-12-01T00:00:00.000Z",
        secure: false,
        ms: 4,
      }),
      // A third-party cookie written to a public suffix: refused, never stored.
      makeCookieWrite({
        name: "vid",
        domain: "com",
        url: "https://collect.analytics-vendor.com/e",
        requestId: "px",
        blocked: true,
        blockedReasons: ["InvalidDomain"],
        secure: false,
        ms: 5,
      }),
    );
    return buildReport(makeCapture([page]), {});
  }

  it("lists the probe as blocked and domain-refused, and the deletion as deleted", () => {
    const r = report();
    const probe = r.cookies.find((c) => c.domain === "example");
    expect(probe).toMatchObject({ blocked: true, domainRefused: true });
    const deleted = r.cookies.find((c) => c.name === "dmn_chk" && c.domain === "pub.example");
    expect(deleted).toMatchObject({ blocked: false, deleted: true, writes: 2 });
    const refusedCom = r.cookies.find((c) => c.domain === "com");
    expect(refusedCom?.domainRefused).toBe(true);
  });

  it("counts only live cookies for the party", () => {
    const r = report();
    const vendor = r.parties.find((p) => p.domain === "analytics-vendor.com");
    expect(vendor?.cookies).toBe(1);
    const text = renderText(r, { verbose: true });
    expect(text).toContain("vid (analytics-vendor.com");
    expect(text).not.toContain("dmn_chk");
    expect(text).not.toContain("(com,");
  });

  it("makes no finding about a refused cookie and no party of a public suffix", () => {
    const r = report();
    expect(r.parties.map((p) => p.domain)).not.toContain("com");
    const aboutCom = r.findings.filter((f) =>
      JSON.stringify(f.evidence).includes('"domain":"com"'),
    );
    expect(aboutCom).toEqual([]);
    const insecure = r.findings.filter((f) => f.code === "insecure-third-party-cookie");
    expect(insecure.map((f) => f.evidence.domain)).toEqual(["analytics-vendor.com"]);
    const rogue = r.findings.filter((f) => f.code === "rogue-cookie");
    expect(rogue.every((f) => f.evidence.domain !== "com" && f.evidence.domain !== "example")).toBe(
      true,
    );
  });
});
