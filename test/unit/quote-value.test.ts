// quoteValue: what an error message shows of a value the user gave — whole when short, cut with
// its length when long (a 5 MB allowlist string is not 5 MB of stderr), control characters escaped.
import { describe, expect, it } from "vitest";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { QUOTE_MAX, quoteValue } from "../../src/errors.js";

describe("quoteValue", () => {
  it("quotes a short value whole", () => {
    expect(quoteValue("abc")).toBe("'abc'");
    expect(quoteValue("abc", { json: true })).toBe('"abc"');
    expect(quoteValue(42)).toBe("'42'");
  });

  it("cuts a long value and says how long it was", () => {
    const q = quoteValue("x".repeat(10_000));
    expect(q).toBe(`'${"x".repeat(QUOTE_MAX)}…' (10000 characters)`);
    expect(quoteValue("y".repeat(200), { max: 5, json: true })).toBe('"yyyyy…" (200 characters)');
  });

  it("escapes control characters, so a value cannot rewrite the terminal", () => {
    expect(quoteValue("a\nb\u001b[31m")).toBe("'a\\nb\\u001b[31m'");
  });

  it("keeps a 5 MB allowlist value out of the error message", () => {
    const text = `authorized:\n  - domain: ${"a".repeat(5_000_000)}\n`;
    let message = "";
    try {
      parseAllowlist(text, "big.yaml");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^big\.yaml:2: .*\(5000000 characters\)/);
    expect(message.length).toBeLessThan(400);
  });
});
