// first-party-id-leak: the site's own identifiers in third-party requests, judged by who wrote them.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { detectFirstPartyIdLeak } from "../../src/analyze/leaks/first-party-id-leak.js";
import { body, cookie, judged, page, req, stored } from "../fixtures/leaks/build.js";

const SID = "q3v9k2lm0d8s7f1r6a4t5b2c9e";
const PUB = "https://www.localherald.example/";

describe("first-party-id-leak", () => {
  it("reports the publisher's session cookie copied into a vendor pixel and a gzip beacon", () => {
    const p = page(PUB, {
      cookieWrites: [
        cookie("PHPSESSID", SID, { domain: "www.localherald.example", url: PUB, httpOnly: false }),
      ],
      requests: [
        req(PUB, { resourceType: "Document", requestHeaders: { cookie: `PHPSESSID=${SID}` } }),
        req(`https://px.leadhound.example/t.gif?sid=${SID}&vid=lhv.abc`),
        req("https://px.leadhound.example/batch", {
          method: "POST",
          body: body(gzipSync(JSON.stringify([{ ev: "pv", sid: SID }])), "text/plain"),
        }),
      ],
    });
    const drafts = detectFirstPartyIdLeak(
      judged([p], { verdicts: { "leadhound.example": "rogue" } }),
    );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      severity: "high",
      party: "leadhound.example",
      page: PUB,
      evidence: {
        value: SID,
        sensitive: true,
        stored: {
          kind: "cookie",
          name: "PHPSESSID",
          setBy: "header",
          writer: "localherald.example",
        },
        requests: [
          {
            location: "query",
            key: "sid",
            url: `https://px.leadhound.example/t.gif?sid=${SID}&vid=lhv.abc`,
          },
          { location: "body", key: "[0].sid", encoding: ["gzip", "json"] },
        ],
        sightings: 2,
      },
    });
  });

  it("reports a first-party script's storage id sent to an authorized vendor at medium", () => {
    const uid = "u_8f7e6d5c4b3a2910";
    const p = page(PUB, {
      storage: [
        stored("_pub_vis", uid, {
          origin: "https://www.localherald.example",
          script: `${PUB}app.js`,
        }),
      ],
      requests: [req(`https://collect.metricsly.example/c?ext=${uid}`)],
    });
    const drafts = detectFirstPartyIdLeak(
      judged([p], { verdicts: { "metricsly.example": "authorized" } }),
    );
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.receiverVerdict])).toEqual([
      ["metricsly.example", "medium", "authorized"],
    ]);
  });

  it("leaves a vendor's id to the vendor when a site script later copies it into storage", () => {
    const ga = "GA1.1.1234567891.1764400000";
    const p = page(PUB, {
      cookieWrites: [
        cookie("_sa", ga, {
          domain: "localherald.example",
          setBy: "script",
          url: PUB,
          script: "https://cdn.statsa.example/s.js",
          ms: 5,
        }),
      ],
      storage: [
        stored("client", "1234567891.1764400000", {
          origin: "https://www.localherald.example",
          script: `${PUB}app.js`,
          ms: 50,
        }),
      ],
      requests: [req("https://collect.statsa.example/c?cid=1234567891.1764400000")],
    });
    expect(detectFirstPartyIdLeak(judged([p]))).toEqual([]);
  });

  it("is silent for consent signals the site's own CMP stored and every vendor must receive", () => {
    const tcf =
      "CQH2vEAQH2vEAAGABCENBKFgAP_AAH_AAAqIKXtV_G__bWlr8X73aftkeY1P9_h77sQxBhfJE-4FzLuW_JwXx2ExNA36tqIKmRIAu3bBIQNlGJDUTVCgaogVryDMaE2coTNKJ6BkiFMRM2dYCF5vm4tj-QKY5vr991dx2B-t7dr83dzyz4VHn3a5_2a0WJCdA5-tDfv9bROb-9IOd_x8v4v8_F_rE2_eT1l_tWvp7D9-cts7_XW89_fff_9Ln_-uB_-_3_vAAAA";
    const p = page(PUB, {
      cookieWrites: [
        cookie("euconsent-v2", tcf, {
          domain: "localherald.example",
          setBy: "script",
          url: PUB,
          script: `${PUB}cmp.js`,
        }),
        cookie("_cmp_uid", "c0ns3nt8f7e6d5c4b3a2", {
          domain: "localherald.example",
          setBy: "script",
          url: PUB,
          script: `${PUB}cmp.js`,
        }),
      ],
      requests: [
        req(`https://ads.exchange.example/bid?gdpr=1&gdpr_consent=${tcf}`),
        req("https://ads.exchange.example/bid2?c=c0ns3nt8f7e6d5c4b3a2"),
      ],
    });
    expect(detectFirstPartyIdLeak(judged([p]))).toEqual([]);
  });

  it("is silent for a vendor's own first-party cookie, first-party receivers and the Cookie header", () => {
    const vid = "lhv.9a8b7c6d5e4f3a2b";
    const p = page(PUB, {
      cookieWrites: [
        cookie("_lh_vid", vid, {
          domain: "www.localherald.example",
          setBy: "script",
          url: PUB,
          script: "https://cdn.leadhound.example/lh.js",
        }),
        cookie("PHPSESSID", SID, { domain: "localherald.example", url: PUB }),
      ],
      requests: [
        req(`https://px.leadhound.example/t.gif?vid=${vid}`),
        req(`https://static.localherald-cdn.example/x.js?sid=${SID}`),
        req(`https://api.localherald.example/me?sid=${SID}`, {
          requestHeaders: { cookie: `PHPSESSID=${SID}` },
        }),
      ],
    });
    const input = judged([p], { firstParty: ["localherald-cdn.example"] });
    expect(detectFirstPartyIdLeak(input)).toEqual([]);
  });
});
