// The published thresholds that decide which values can identify a visitor.
import { describe, expect, it } from "vitest";
import {
  ID_MIN_ENTROPY_BITS_PER_CHAR,
  idRejection,
  isIdentifierLike,
  shannonEntropy,
} from "../../src/analyze/leaks/identifiers.js";
import { SCAN_MS } from "../fixtures/leaks/build.js";

describe("identifier thresholds", () => {
  it("accepts the ids real vendors use", () => {
    for (const id of [
      "BT3f6a0c2e9d7b41a58e12", // prefixed hex
      "q3v9k2lm0d8s7f1r6a4t5b2c9e", // session id
      "3f2b8c1e-5d4a-4f6b-9c2d-8e7f6a5b4c3d", // UUID
      "1234567891.1764400000", // _ga-style client id
      "AQEDAHtYxP0kGvEpZmQwNRtUaWJlLk", // base64 without digits? has none: mixed case
      "8812736450917", // long numeric id far from the scan time
    ]) {
      expect(idRejection(id, SCAN_MS), id).toBeUndefined();
    }
  });

  it("rejects short, low-entropy, word-like and structured values", () => {
    const cases: [string, string][] = [
      ["1---", "length"],
      ["abc123", "length"],
      ["aaaaaaaaaaaa", "entropy"],
      ["0000000000001", "entropy"],
      ["newsletter", "character-classes"],
      ["sports-news-today", "character-classes"],
      ["NewsletterSignupForm", "character-classes"],
      ["12345678", "numeric-short"],
      ["2026-11-29T09:00:00Z", "date"],
      ["20261129", "numeric-short"],
      ["v18.20.4", "version"],
      ["1.2.3-beta.1", "version"],
      ["https://pub.example/a", "url-or-host"],
      ["static.bugle-cdn.example", "url-or-host"],
      ["hero@2x.webp", "url-or-host"],
      ["/assets/app.js", "url-or-host"],
      ["undefined", "boolean-or-keyword"],
      ["mortgage rates 2027", "whitespace"],
    ];
    for (const [value, why] of cases) expect(idRejection(value, SCAN_MS), value).toBe(why);
  });

  it("rejects timestamps near the scan time in s, ms and µs, but not far from it", () => {
    const s = Math.floor(SCAN_MS / 1000);
    expect(idRejection(String(s), SCAN_MS)).toBe("timestamp");
    expect(idRejection(String(SCAN_MS + 1234), SCAN_MS)).toBe("timestamp");
    expect(idRejection(`${SCAN_MS}123`, SCAN_MS)).toBe("timestamp");
    expect(isIdentifierLike("9876543210", SCAN_MS)).toBe(true); // year 2282
  });

  it("measures entropy per character", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy("0123456789abcdef")).toBe(4);
    expect(ID_MIN_ENTROPY_BITS_PER_CHAR).toBeGreaterThan(2);
  });
});
