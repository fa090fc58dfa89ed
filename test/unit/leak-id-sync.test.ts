// id-sync: a stored identifier of one party reaching another, directly or along a redirect chain.
import { describe, expect, it } from "vitest";
import { detectFirstPartyIdLeak } from "../../src/analyze/leaks/first-party-id-leak.js";
import { detectIdSync } from "../../src/analyze/leaks/id-sync.js";
import { cookie, judged, page, req, SCAN_MS, stored } from "../fixtures/leaks/build.js";

const UID = "BT3f6a0c2e9d7b41a58e12";
const PUB = "https://www.syncing-ads.example/";

/** An ad iframe whose cookie id hops bidtower → databroker → idgraph through 302s. */
function syncChain() {
  const chain = req(`https://sync.idgraph.example/setuid?uid=${UID}`, {
    hops: [
      {
        url: `https://ad.bidtower.example/usersync?uid=${UID}`,
        location: `https://match.databroker.example/pair?uid=${UID}&pid=bt`,
      },
      {
        url: `https://match.databroker.example/pair?uid=${UID}&pid=bt`,
        location: `https://sync.idgraph.example/setuid?uid=${UID}`,
      },
    ],
  });
  return page(PUB, {
    requests: [req("https://ad.bidtower.example/frame.html"), chain],
    cookieWrites: [
      cookie("bt_uid", UID, {
        domain: "ad.bidtower.example",
        url: "https://ad.bidtower.example/frame.html",
      }),
    ],
  });
}

describe("id-sync", () => {
  it("follows a redirect chain: each hop's party is named as the one that handed the id on", () => {
    const input = judged([syncChain()], {
      verdicts: {
        "bidtower.example": "authorized",
        "databroker.example": "rogue",
        "idgraph.example": "rogue",
      },
    });
    const drafts = detectIdSync(input);
    expect(drafts.map((d) => [d.party, d.evidence.from, d.evidence.owner])).toEqual([
      ["databroker.example", "bidtower.example", "bidtower.example"],
      ["idgraph.example", "databroker.example", "bidtower.example"],
    ]);
    const [toBroker, toGraph] = drafts;
    expect(toBroker).toMatchObject({
      severity: "high",
      page: PUB,
      parties: ["bidtower.example"],
      evidence: {
        value: UID,
        stored: { kind: "cookie", name: "bt_uid", setBy: "header", writer: "bidtower.example" },
        requests: [
          {
            url: `https://match.databroker.example/pair?uid=${UID}&pid=bt`,
            location: "query",
            key: "uid",
            redirectedBy: `https://ad.bidtower.example/usersync?uid=${UID}`,
          },
        ],
      },
    });
    expect(toGraph?.evidence.redirectChain).toHaveLength(3);
    expect(toGraph?.parties).toEqual(["databroker.example", "bidtower.example"]);
    // "pid=bt" and the low-entropy parts never became findings.
    expect(JSON.stringify(drafts)).not.toContain('"key":"pid"');
  });

  it("is lower when both parties belong to one company", () => {
    const input = judged([syncChain()]);
    const same = (a: string, b: string) => [a, b].every((p) => p !== "idgraph.example");
    const drafts = detectIdSync(input, { sameCompany: same });
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.sameCompany])).toEqual([
      ["databroker.example", "low", true],
      ["idgraph.example", "medium", undefined],
    ]);
  });

  it("treats one brand under two suffixes as one company (script host and collection host)", () => {
    const fbp = "fb.1.1764400000123.8812736450";
    const p = page("https://www.pub.example/", {
      cookieWrites: [
        cookie("_sp", fbp, {
          domain: "pub.example",
          setBy: "script",
          url: "https://www.pub.example/",
          script: "https://connect.socialreach.net/events.js",
        }),
      ],
      requests: [
        req(`https://www.socialreach.example/tr?sp=${fbp}`),
        req(`https://ads.other.example/x?sp=${fbp}`),
      ],
    });
    const drafts = detectIdSync(judged([p]));
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.sameCompany])).toEqual([
      ["other.example", "medium", undefined],
      ["socialreach.example", "low", true],
    ]);
  });

  it("finds an id a vendor script stored in first-party storage and sent to a partner", () => {
    const vid = "7c1e0d9a4b2f48e6a3d5";
    const p = page("https://www.pub.example/", {
      storage: [
        stored("_lr_id", JSON.stringify({ id: vid, t: SCAN_MS }), {
          origin: "https://www.pub.example",
          script: "https://cdn.loopreach.example/lr.js",
        }),
      ],
      requests: [
        req(`https://t.loopreach.example/e?vid=${vid}`),
        req("https://bid.partnerx.example/auction", {
          method: "POST",
          body: {
            base64: Buffer.from(
              JSON.stringify({ user: { ext: { eids: [{ uids: [{ id: vid }] }] } } }),
            ).toString("base64"),
            bytes: 1,
            truncated: false,
            contentType: "application/json",
          },
        }),
      ],
    });
    const drafts = detectIdSync(judged([p]));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      party: "partnerx.example",
      parties: ["loopreach.example"],
      severity: "medium",
      evidence: {
        stored: { kind: "localStorage", name: "_lr_id", part: "id" },
        requests: [{ location: "body", key: "user.ext.eids[0].uids[0].id" }],
      },
    });
  });

  it("matches a client id that is a whole-field part of a stored composite cookie, not a substring", () => {
    const ga = "GA1.1.1234567891.1764400000";
    const p = page("https://www.pub.example/", {
      cookieWrites: [
        cookie("_sa", ga, {
          domain: "pub.example",
          setBy: "script",
          url: "https://www.pub.example/",
          script: "https://cdn.statsa.example/s.js",
        }),
        cookie("_x", "Xk4fq9ZpL2wRm7Tb", {
          domain: "pub.example",
          setBy: "script",
          url: "https://www.pub.example/",
          script: "https://cdn.statsa.example/s.js",
        }),
      ],
      requests: [
        req("https://px.partner.example/p?cid=1234567891.1764400000"),
        req("https://px.partner.example/q?blob=aaXk4fq9ZpL2wRm7Tbzz"),
      ],
    });
    const drafts = detectIdSync(judged([p]));
    expect(
      drafts.map((d) => [d.party, d.evidence.from, (d.evidence.stored as { name: string }).name]),
    ).toEqual([["partner.example", "statsa.example", "_sa"]]);
  });

  it("uses third-party cookies of the final jar that no recorded write explains, never first-party ones", () => {
    const id = "JX7f3e9a1c5b2d8e4f60";
    const fpId = "FP2b9d4f6a8c1e3a5c70";
    const p = page("https://www.pub.example/", {
      requests: [req(`https://px.partner.example/p?a=${id}&b=${fpId}`)],
    });
    p.jar = [
      {
        name: "jx",
        domain: ".jarvendor.example",
        path: "/",
        value: id,
        secure: true,
        httpOnly: true,
      },
      { name: "fp", domain: "pub.example", path: "/", value: fpId, secure: true, httpOnly: false },
    ];
    const drafts = detectIdSync(judged([p]));
    expect(drafts).toMatchObject([
      {
        party: "partner.example",
        parties: ["jarvendor.example"],
        evidence: { stored: { name: "jx", setBy: "jar" } },
      },
    ]);
    expect(detectFirstPartyIdLeak(judged([p]))).toEqual([]);
  });

  it("is silent for a party's own id, nonces, timestamps, short values and first-party ids", () => {
    const own = "LH9a8b7c6d5e4f3a2b1c";
    const nonce = "n0nce9f8e7d6c5b4a3f2";
    const ts = String(SCAN_MS + 42);
    const session = "q3v9k2lm0d8s7f1r6a4t5b2c9e";
    const p = page("https://www.quiet.example/", {
      cookieWrites: [
        cookie("_lh", own, {
          domain: "www.quiet.example",
          setBy: "script",
          url: "https://www.quiet.example/",
          script: "https://cdn.leadhound.example/lh.js",
        }),
        cookie("ts", ts, { domain: "px.a.example", url: "https://px.a.example/" }),
        cookie("v", "1---", { domain: "px.a.example", url: "https://px.a.example/" }),
        cookie("PHPSESSID", session, {
          domain: "www.quiet.example",
          url: "https://www.quiet.example/",
        }),
      ],
      requests: [
        req(
          `https://px.leadhound.example/t.gif?vid=${own}&cb=${nonce}&ts=${ts}&us=1---&sid=${session}`,
        ),
        req(`https://px.other.example/p.gif?cb=${nonce}&ts=${ts}&us=1---`),
        req(`https://www.quiet.example/api?vid=${own}`),
      ],
    });
    expect(detectIdSync(judged([p]))).toEqual([]);
  });
});
