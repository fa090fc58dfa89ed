import { describe, expect, it } from "vitest";
import {
  hostProblem,
  matchDomain,
  matchHostPattern,
  patternProblem,
} from "../../src/domain/host-pattern.js";

describe("host patterns", () => {
  it.each([
    ["*.cdn.partner.example", "a.cdn.partner.example", true],
    ["*.cdn.partner.example", "a.b.cdn.partner.example", true],
    ["*.cdn.partner.example", "cdn.partner.example", false],
    ["*.cdn.partner.example", "xcdn.partner.example", false],
    ["*.x.com", "x.com", false],
    ["*.x.com", "www.x.com", true],
    ["pixel.partner.example", "pixel.partner.example", true],
    ["pixel.partner.example", "a.pixel.partner.example", false],
  ])("%s vs %s → %s", (pattern, host, hit) => {
    expect(matchHostPattern(pattern, host)).toBe(hit);
  });

  it.each([
    ["x.example", "x.example", true],
    ["x.example", "a.x.example", true],
    ["x.example", "ax.example", false],
    ["10.0.0.1", "10.0.0.1", true],
    ["0.0.1", "10.0.0.1", false],
  ])("domain %s covers %s → %s", (domain, host, hit) => {
    expect(matchDomain(domain, host)).toBe(hit);
  });

  it.each([
    ["*.cdn.example", undefined],
    ["*.foo.github.io", undefined],
    ["*.github.io", "public suffix"],
    ["*.co.uk", "public suffix"],
    ["*.localhost", "public suffix"],
    ["*.10.0.0.1", "IP address"],
    ["a.*.example", "may only start"],
    ["*.*.example", "only one '*'"],
    ["*", "may only start"],
  ])("pattern %s → %s", (pattern, problem) => {
    const found = patternProblem(pattern);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it.each([
    ["a.example", undefined],
    ["a_b.example", undefined],
    ["-a.example", "characters"],
    ["a..example", "empty label"],
    [`${"a".repeat(64)}.example`, "longer than 63"],
    ["::1", undefined],
  ])("host %s → %s", (host, problem) => {
    const found = hostProblem(host);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
