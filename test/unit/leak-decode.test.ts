// Decoding what requests send: every place and every encoding real SDKs use, within a budget.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type Carrier, requestCarriers } from "../../src/analyze/leaks/decode.js";
import { decodeBytes, MAX_INFLATED_BYTES } from "../../src/analyze/leaks/decode-bytes.js";
import { MAX_VALUES_PER_REQUEST } from "../../src/analyze/leaks/decode-value.js";
import { body, req } from "../fixtures/leaks/build.js";

const ID = "q3v9k2lm0d8s7f1r6a4t5b2c9e";

function find(carriers: Carrier[], value: string): Carrier[] {
  return carriers.filter((c) => c.value === value);
}

describe("requestCarriers", () => {
  it("reads query parameters and path segments of the URL", () => {
    const cs = requestCarriers(req(`https://px.vendor.example/sync/${ID}/p.gif?uid=${ID}&v=2`));
    expect(find(cs, ID).map((c) => [c.location, c.key])).toEqual([
      ["query", "uid"],
      ["path", "2"],
    ]);
  });

  it("flattens a JSON body to key paths", () => {
    const json = JSON.stringify({ events: [{ user: { id: ID } }, { n: 12345678901 }] });
    const cs = requestCarriers(
      req("https://c.example/e", { body: body(json, "application/json") }),
    );
    expect(find(cs, ID)).toMatchObject([
      { location: "body", key: "events[0].user.id", encoding: ["json"] },
    ]);
    expect(find(cs, "12345678901")[0]?.key).toBe("events[1].n");
  });

  it("decodes URL-encoded JSON inside a form field", () => {
    const form = `v=1&cd=${encodeURIComponent(JSON.stringify({ sid: ID }))}`;
    const cs = requestCarriers(
      req("https://c.example/e", { body: body(form, "application/x-www-form-urlencoded") }),
    );
    expect(find(cs, ID)).toMatchObject([{ key: "cd.sid", encoding: ["form", "json"] }]);
  });

  it("decodes base64 and URL-safe base64 of JSON", () => {
    const json = JSON.stringify({ uid: ID, note: "ÿþ>>??" });
    const std = Buffer.from(json).toString("base64");
    const safe = Buffer.from(json).toString("base64url");
    expect(std).not.toBe(safe);
    for (const token of [std, safe]) {
      const cs = requestCarriers(req(`https://c.example/e?d=${encodeURIComponent(token)}`));
      expect(find(cs, ID)).toMatchObject([
        { location: "query", key: "d.uid", encoding: ["base64", "json"] },
      ]);
    }
  });

  it("reads a gzip body sent as text/plain without Content-Encoding (magic bytes)", () => {
    const gz = gzipSync(JSON.stringify([{ sid: ID }]));
    const cs = requestCarriers(
      req("https://c.example/batch", { method: "POST", body: body(gz, "text/plain") }),
    );
    expect(find(cs, ID)).toMatchObject([
      { location: "body", key: "[0].sid", encoding: ["gzip", "json"] },
    ]);
  });

  it("reads zlib deflate by magic bytes, brotli by header and brotli without any header", () => {
    const payload = `uid=${ID}&x=1`;
    const cases: [Buffer, string | undefined, string][] = [
      [deflateSync(payload), undefined, "deflate"],
      [brotliCompressSync(payload), "br", "br"],
      [brotliCompressSync(payload), undefined, "br"],
      [deflateRawSync(payload), undefined, "deflate-raw"],
    ];
    for (const [bytes, header, name] of cases) {
      const cs = requestCarriers(
        req("https://c.example/e", { body: body(bytes, "text/plain", header) }),
      );
      expect(find(cs, ID), name).toMatchObject([{ key: "uid", encoding: [name, "form"] }]);
    }
  });

  it("reads base64 of gzip, a multipart form and a JWT", () => {
    const b64gz = gzipSync(JSON.stringify({ id: ID })).toString("base64");
    expect(
      find(requestCarriers(req(`https://c.example/e?z=${encodeURIComponent(b64gz)}`)), ID),
    ).toMatchObject([{ key: "z.id", encoding: ["base64", "gzip", "json"] }]);
    const multipart = `--XyZ\r\nContent-Disposition: form-data; name="visitor"\r\n\r\n${ID}\r\n--XyZ--\r\n`;
    const mp = requestCarriers(
      req("https://c.example/e", { body: body(multipart, "multipart/form-data; boundary=XyZ") }),
    );
    expect(find(mp, ID)).toMatchObject([
      { location: "body", key: "visitor", encoding: ["multipart"] },
    ]);
    const jwt = [
      Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url"),
      Buffer.from(JSON.stringify({ sub: ID })).toString("base64url"),
      "c2lnbmF0dXJlc2lnbmF0dXJl",
    ].join(".");
    expect(find(requestCarriers(req(`https://c.example/e?t=${jwt}`)), ID)).toMatchObject([
      { key: "t.sub", encoding: ["jwt", "json"] },
    ]);
  });

  it("reads printable runs out of a binary body (protobuf-like)", () => {
    const bin = Buffer.concat([
      Buffer.from([0x0a, 0x1a, 0xff, 0x00]),
      Buffer.from(ID),
      Buffer.from([0x10, 0x80, 0xfe]),
    ]);
    const cs = requestCarriers(
      req("https://c.example/e", { body: body(bin, "application/x-protobuf") }),
    );
    expect(find(cs, ID)).toMatchObject([{ location: "body", encoding: ["binary"] }]);
  });

  it("reads the Cookie and Referer headers, custom headers, and redirect Locations", () => {
    const r = req(`https://b.example/setuid?uid=${ID}`, {
      requestHeaders: {
        cookie: `a=1; _v=${encodeURIComponent(JSON.stringify({ v: ID }))}`,
        referer: `https://pub.example/search?q=mortgage+rates&x=${ID}`,
        "user-agent": `Mozilla ${ID}`,
        "x-client-id": ID,
      },
      hops: [
        { url: `https://a.example/sync?uid=${ID}`, location: `https://b.example/setuid?uid=${ID}` },
      ],
    });
    const cs = requestCarriers(r);
    const places = find(cs, ID).map((c) => [c.location, c.key ?? "", c.url]);
    expect(places).toEqual([
      ["query", "uid", `https://a.example/sync?uid=${ID}`],
      ["redirect-location", "uid", `https://a.example/sync?uid=${ID}`],
      ["query", "uid", `https://b.example/setuid?uid=${ID}`],
      ["cookie-header", "_v.v", `https://b.example/setuid?uid=${ID}`],
      ["referer", "x", `https://b.example/setuid?uid=${ID}`],
      ["header", "x-client-id", `https://b.example/setuid?uid=${ID}`],
    ]);
    expect(cs.find((c) => c.location === "redirect-location")?.to).toBe(
      `https://b.example/setuid?uid=${ID}`,
    );
    expect(cs.find((c) => c.location === "referer" && c.key === undefined)?.value).toMatch(
      /^https:\/\/pub/,
    );
    expect(cs.find((c) => c.key === "q")?.value).toBe("mortgage rates");
  });
});

describe("truncated bodies", () => {
  it("still reads the start of a gzip body the capture cut off", () => {
    const events = Array.from({ length: 400 }, (_, i) => ({ sid: ID, n: i, r: Math.random() }));
    const gz = gzipSync(JSON.stringify(events));
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const out = decodeBytes(cut, "gzip");
    expect(out?.encoding).toEqual(["gzip"]);
    expect(out?.text.startsWith(`[{"sid":"${ID}","n":0,`)).toBe(true);
    const truncated = { ...body(cut, "text/plain"), truncated: true, bytes: gz.length };
    const cs = requestCarriers(req("https://c.example/batch", { method: "POST", body: truncated }));
    expect(find(cs, ID)[0]).toMatchObject({
      location: "body",
      key: "sid",
      encoding: ["gzip", "json-partial"],
    });
  });
});

describe("hostile bodies", () => {
  it("bounds a decompression bomb", () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x61));
    const started = performance.now();
    const out = decodeBytes(bomb);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(out?.text.length ?? 0).toBeLessThanOrEqual(MAX_INFLATED_BYTES);
  });

  it("stops nesting and caps the values of one request", () => {
    let nested = ID;
    for (let i = 0; i < 30; i++)
      nested = Buffer.from(JSON.stringify({ d: nested })).toString("base64");
    const deep = requestCarriers(req(`https://c.example/e?d=${encodeURIComponent(nested)}`));
    expect(find(deep, ID)).toEqual([]);
    const wide = JSON.stringify(
      Array.from({ length: 100_000 }, (_, i) => ({ [`k${i}`]: `v${i}` })),
    );
    const many = requestCarriers(
      req("https://c.example/e", { body: body(wide, "application/json") }),
    );
    expect(many.length).toBeLessThanOrEqual(MAX_VALUES_PER_REQUEST);
  });

  it("does not decode random ids or words as base64", () => {
    const cs = requestCarriers(req(`https://c.example/e?a=${ID}&b=newsletterSignup`));
    expect(cs.map((c) => c.encoding.length)).toEqual([0, 0, 0]);
  });
});
