// Start URLs: a bare host (and host:port) is taken as https; anything written as a scheme that is
// not http(s) is refused with exit 2, never rewritten into a host name and scanned.
import { describe, expect, it } from "vitest";
import { parseStartUrl } from "../../src/cli/parse-values.js";
import { UsageError } from "../../src/errors.js";

describe("parseStartUrl", () => {
  it.each([
    ["example.com/path", "https://example.com/path"],
    ["localhost:8080", "https://localhost:8080/"],
    ["localhost:8080/news?x=1", "https://localhost:8080/news?x=1"],
    ["127.0.0.1:8443/a", "https://127.0.0.1:8443/a"],
    ["HTTP://Example.com", "http://example.com/"],
    ["  https://www.example.com/  ", "https://www.example.com/"],
  ])("%s → %s", (input, href) => {
    expect(parseStartUrl(input)).toBe(href);
  });

  it.each([
    ["ht!tp://bad url", /not a web page address \(scheme 'ht!tp:'\)/],
    ["htps://www.example.com/", /scheme 'htps:'/],
    ["file:///etc/passwd", /scheme 'file:'/],
    ["ftp://files.example/", /not a web page/],
    ["javascript:alert(1)", /scheme javascript:/],
    ["https://exa mple/", /not a valid URL/],
  ])("refuses %s", (input, message) => {
    let error: unknown;
    try {
      parseStartUrl(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
  });

  it("quotes a huge input cut short", () => {
    const huge = `ht!tp://${"a".repeat(5_000_000)}`;
    expect(() => parseStartUrl(huge)).toThrow(UsageError);
    try {
      parseStartUrl(huge);
    } catch (err) {
      expect((err as Error).message.length).toBeLessThan(300);
      expect((err as Error).message).toContain("(5000008 characters)");
    }
  });
});
