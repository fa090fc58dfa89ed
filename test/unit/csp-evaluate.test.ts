// Whose policy a violation is: the one under test forbids what was blocked, else it was the site's.
import { describe, expect, it } from "vitest";
import { isOurs } from "../../src/analyze/csp/evaluate-scan.js";
import { parsePolicy } from "../../src/analyze/csp/policy.js";
import type { CspViolation } from "../../src/model/capture.js";

const ours = parsePolicy(
  "default-src 'self'; script-src 'self' https://cdn.ok.example 'unsafe-inline'; img-src 'self' https://px.ok.example",
);
const v = (directive: string, blockedUrl: string): CspViolation => ({
  directive,
  blockedUrl,
  disposition: "enforce",
  targetId: "t",
  ms: 0,
});
const page = "https://www.site.example/";

describe("isOurs", () => {
  it("a URL our policy forbids under the violated directive (or its fallback) is ours", () => {
    expect(isOurs(v("img-src", "https://px.rogue.example/p.gif"), ours, page)).toBe(true);
    expect(isOurs(v("script-src-elem", "https://evil.example/x.js"), ours, page)).toBe(true);
    expect(isOurs(v("connect-src", "https://api.other.example/"), ours, page)).toBe(true);
  });
  it("a URL our policy allows was blocked by the site's own policy", () => {
    expect(isOurs(v("img-src", "https://px.ok.example/p.gif"), ours, page)).toBe(false);
    expect(isOurs(v("script-src-elem", "https://www.site.example/app.js"), ours, page)).toBe(false);
  });
  it("inline and eval: ours unless our policy allows them", () => {
    expect(isOurs(v("script-src-elem", "inline"), ours, page)).toBe(false);
    expect(isOurs(v("script-src", "eval"), ours, page)).toBe(true);
    expect(isOurs(v("style-src-elem", "inline"), ours, page)).toBe(true);
  });
  it("a violation already attributed keeps its attribution", () => {
    expect(
      isOurs({ ...v("img-src", "https://px.ok.example/"), policy: "skimscan" }, ours, page),
    ).toBe(true);
  });
});
