// The CSP core: parsing, the fallback chain, source matching (keywords, schemes, wildcards, ports,
// paths ignored after a redirect), and the reach of a page's policy.
import { describe, expect, it } from "vitest";
import {
  destinationOf,
  governingDirective,
  parsePolicies,
  parsePolicy,
  serializePolicy,
} from "../../src/analyze/csp/policy.js";
import { reachOf } from "../../src/analyze/csp/reach.js";
import { sourceListAllows } from "../../src/analyze/csp/source-match.js";

const self = "https://www.site.example";

describe("parsePolicy", () => {
  it("keeps the first of a repeated directive, lower-cases names, round-trips", () => {
    const p = parsePolicy("Default-Src 'self';  img-src a.example ; img-src b.example;;");
    expect([...p.keys()]).toEqual(["default-src", "img-src"]);
    expect(p.get("img-src")).toEqual(["a.example"]);
    expect(serializePolicy(p)).toBe("default-src 'self'; img-src a.example");
  });
  it("splits comma-joined policies", () => {
    expect(parsePolicies("img-src 'none', script-src 'self'")).toHaveLength(2);
  });
});

describe("governingDirective", () => {
  const p = parsePolicy("default-src 'self'; script-src x.example; child-src f.example");
  it("falls back along CSP3's chains", () => {
    expect(governingDirective(p, "image")?.name).toBe("default-src");
    expect(governingDirective(p, "frame")?.name).toBe("child-src");
    expect(governingDirective(p, "worker")?.name).toBe("child-src");
    expect(governingDirective(p, "script")?.name).toBe("script-src");
    expect(governingDirective(parsePolicy("img-src 'self'"), "form")).toBeUndefined();
  });
  it("maps resource types to destinations", () => {
    expect(destinationOf("Ping")).toBe("connect");
    expect(destinationOf("WebSocket")).toBe("connect");
    expect(destinationOf("Other", { mimeType: "image/gif" })).toBe("image");
    expect(destinationOf("Script", { isWorkerScript: true })).toBe("worker");
    expect(destinationOf("Image", { beacon: true })).toBe("connect");
  });
});

describe("sourceListAllows", () => {
  const allows = (sources: string[], url: string, redirected = false) =>
    sourceListAllows(sources, url, { self, redirected });
  it("'self' is the document's origin, with the secure upgrade of its scheme", () => {
    expect(allows(["'self'"], "https://www.site.example/a.js")).toBe(true);
    expect(allows(["'self'"], "wss://www.site.example/live")).toBe(true);
    expect(allows(["'self'"], "https://cdn.site.example/a.js")).toBe(false);
    expect(allows(["'none'"], "https://www.site.example/")).toBe(false);
  });
  it("host sources: exact, leading wildcard (never the bare domain), scheme and port", () => {
    expect(allows(["https://cdn.x.example"], "https://cdn.x.example/a.js?q=1")).toBe(true);
    expect(allows(["https://cdn.x.example"], "http://cdn.x.example/a.js")).toBe(false);
    expect(allows(["https://cdn.x.example"], "wss://cdn.x.example/s")).toBe(true);
    expect(allows(["https://*.x.example"], "https://a.b.x.example/")).toBe(true);
    expect(allows(["https://*.x.example"], "https://x.example/")).toBe(false);
    expect(allows(["cdn.x.example"], "https://cdn.x.example/")).toBe(true);
    expect(allows(["https://cdn.x.example"], "https://cdn.x.example:8443/")).toBe(false);
    expect(allows(["https://cdn.x.example:*"], "https://cdn.x.example:8443/")).toBe(true);
    expect(allows(["http://cdn.x.example"], "https://cdn.x.example/")).toBe(true);
  });
  it("paths hold before a redirect and are ignored after one", () => {
    const src = ["https://cdn.x.example/partner-a/"];
    expect(allows(src, "https://cdn.x.example/partner-a/w.js")).toBe(true);
    expect(allows(src, "https://cdn.x.example/rogue-b/px.gif")).toBe(false);
    expect(allows(src, "https://cdn.x.example/rogue-b/px.gif", true)).toBe(true);
    expect(allows(["https://cdn.x.example/exact.js"], "https://cdn.x.example/exact.js")).toBe(true);
    expect(allows(["https://cdn.x.example/exact.js"], "https://cdn.x.example/exact.jsx")).toBe(
      false,
    );
  });
  it("schemes and *: * never covers data: or blob:", () => {
    expect(allows(["https:"], "https://any.example/")).toBe(true);
    expect(allows(["data:"], "data:image/png;base64,AA")).toBe(true);
    expect(allows(["*"], "data:image/png;base64,AA")).toBe(false);
    expect(allows(["*"], "https://any.example/")).toBe(true);
    expect(allows(["'unsafe-inline'", "'nonce-abc'"], "https://any.example/")).toBe(false);
  });
});

describe("reachOf", () => {
  const fp = new Set(["site.example"]);
  const base = { url: "https://px.rogue.example/p.gif", kind: "pixel" as const, type: "Image" };
  it("first-party documents and workers are governed; third-party frames and workers are not", () => {
    expect(reachOf({ ...base, target: "page", frame: "https://www.site.example/" }, fp)).toBe("in");
    expect(reachOf({ ...base, target: "worker", frame: "https://www.site.example/w.js" }, fp)).toBe(
      "in",
    );
    expect(
      reachOf({ ...base, target: "iframe", frame: "https://ads.vendor.example/slot" }, fp),
    ).toBe("out");
    expect(
      reachOf({ ...base, target: "worker", frame: "https://cdn.vendor.example/w.js" }, fp),
    ).toBe("out");
    expect(reachOf({ ...base, target: "page", frame: "about:blank" }, fp)).toBe("in");
  });
  it("a frame's navigation is its parent's frame-src; the top document is no subresource", () => {
    const iframe = {
      url: "https://ads.vendor.example/slot",
      kind: "iframe" as const,
      type: "Document",
      frame: "https://ads.vendor.example/slot",
    };
    expect(reachOf({ ...iframe, target: "page" }, fp)).toBe("in");
    expect(reachOf({ ...iframe, target: "iframe" }, fp)).toBe("out");
    expect(
      reachOf({ url: self, kind: "document", type: "Document", target: "page", frame: self }, fp),
    ).toBe("top");
  });
});
