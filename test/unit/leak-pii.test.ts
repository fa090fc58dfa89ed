// pii-leak: the seeded identity in any form, and unseeded e-mail addresses, in third-party requests.
import { describe, expect, it } from "vitest";
import { detectPiiLeak } from "../../src/analyze/leaks/pii-leak.js";
import { body, judged, page, req } from "../fixtures/leaks/build.js";

const PUB = "https://www.newsletter-daily.example/";
const SHA256 = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d";
const identity = { email: "Jane.Doe@Example.com", phone: "+1 555 010 0199", name: "Jane Doe" };

describe("pii-leak", () => {
  it("reports the hashed seeded email in a vendor pixel, with form and place", () => {
    const p = page(PUB, {
      requests: [
        req(`${PUB}api/subscribe`, {
          method: "POST",
          body: body("email=Jane.Doe%40Example.com", "application/x-www-form-urlencoded"),
        }),
        req(`https://px.idmatch.example/e.gif?em=${SHA256}&ev=signup`),
      ],
    });
    const drafts = detectPiiLeak(judged([p], { verdicts: { "idmatch.example": "rogue" } }), {
      identity,
    });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      severity: "high",
      party: "idmatch.example",
      page: PUB,
      evidence: {
        kind: "email",
        seeded: true,
        form: "sha256",
        encoding: ["sha256"],
        requests: [{ location: "query", key: "em" }],
      },
    });
  });

  it("finds the identity base64-encoded in a JSON body and the phone in a header", () => {
    const payload = Buffer.from(
      JSON.stringify({ user: { email: "jane.doe@example.com" } }),
    ).toString("base64");
    const p = page(PUB, {
      requests: [
        req("https://api.crm.example/track", {
          method: "POST",
          body: body(`data=${encodeURIComponent(payload)}`, "application/x-www-form-urlencoded"),
          requestHeaders: { "x-visitor-phone": "15550100199" },
        }),
      ],
    });
    const drafts = detectPiiLeak(judged([p]), { identity });
    expect(drafts.map((d) => [d.evidence.kind, d.evidence.form, d.evidence.encoding])).toEqual([
      ["email", "plain", ["form", "base64", "json"]],
      ["phone", "plain", []],
    ]);
  });

  it("reports un-seeded email addresses but not look-alikes", () => {
    const p = page("https://www.quiet-courier.example/", {
      requests: [
        req(
          `https://px.brandlift.example/bl.gif?creative=hero@2x.webp&contact=press@quiet-courier&ts=${Date.now()}`,
        ),
        req("https://t.vendor.example/c?u=reader%40mail.example"),
      ],
    });
    const drafts = detectPiiLeak(judged([p]));
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.email])).toEqual([
      ["vendor.example", "medium", "reader@mail.example"],
    ]);
  });

  it("is silent for first-party requests", () => {
    const p = page(PUB, {
      requests: [req(`${PUB}api/subscribe?email=jane.doe%40example.com&h=${SHA256}`)],
    });
    expect(detectPiiLeak(judged([p]), { identity })).toEqual([]);
  });
});
