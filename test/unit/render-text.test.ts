// The terminal report: structure (summary, groups worst first, chains, findings, failed pages),
// 80-column layout, colour only through the Style, and hostile strings made inert.
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/report/render-text.js";
import { cleanText } from "../../src/report/sanitize.js";
import type { Style } from "../../src/report/style.js";
import { truncateMiddle, wrap } from "../../src/report/text-layout.js";
import { loadReport, withoutAllowlist } from "../fixtures/reports/load-report.js";
import { unsafeChars } from "../fixtures/reports/unsafe-chars.js";

const tagStyle: Style = {
  bold: (s) => `<b>${s}</b>`,
  dim: (s) => `<d>${s}</d>`,
  red: (s) => `<r>${s}</r>`,
  yellow: (s) => `<y>${s}</y>`,
  green: (s) => `<g>${s}</g>`,
  cyan: (s) => `<c>${s}</c>`,
};

describe("text report", () => {
  const demo = loadReport("dailybugle-report");
  const text = renderText(demo);
  const lines = text.split("\n");

  it("opens with the verdict and a summary of every count", () => {
    expect(lines[0]).toContain("✗");
    expect(lines[0]).toContain("4 rogue");
    const summary = lines.slice(0, 4).join(" ");
    for (const n of [
      "5 pages",
      "62 requests",
      "11 third parties",
      "0 unlisted",
      "7 authorized",
      "11 findings",
    ]) {
      expect(summary).toContain(n);
    }
    expect(text).toMatch(/1 of 5 pages failed/);
  });

  it("groups parties worst first and lists each party's hosts and counts", () => {
    const rogue = text.indexOf("ROGUE");
    const authorized = text.indexOf("AUTHORIZED");
    expect(rogue).toBeGreaterThan(-1);
    expect(authorized).toBeGreaterThan(rogue);
    for (const p of demo.parties.filter((x) => x.status === "rogue")) {
      const at = text.indexOf(`✗ ${p.domain}`);
      expect(at, p.domain).toBeGreaterThan(rogue);
      expect(at).toBeLessThan(authorized);
    }
    expect(text).toContain("px.skimlytics.example");
    expect(text).toMatch(/12 requests · 4 pixels · 4 beacons · 1 cookie · 4 pages/);
    expect(text).toContain("[SocialReach Inc. · advertising]");
    expect(text).not.toContain("FIRST PARTY");
    const withOwn = structuredClone(demo);
    const own = {
      ...(demo.parties[0] as (typeof demo.parties)[number]),
      domain: "bugle-cdn.example",
    };
    withOwn.parties.push({ ...own, status: "first-party", rules: [], loadedBy: [] });
    expect(renderText(withOwn)).not.toContain("FIRST PARTY");
    expect(renderText(withOwn, { verbose: true })).toContain("FIRST PARTY (1)");
  });

  it("shows the chain that brought a rogue party in, page first", () => {
    const chain = text.slice(
      text.indexOf("✗ skimlytics.example"),
      text.indexOf("✗ socialreach.example"),
    );
    const flat = chain.replace(/\n\s+/g, " ");
    expect(flat).toMatch(
      /loaded by: https:\/\/www\.dailybugle\.example\/ → tags\.tagpilot\.example\/container\.js → cdn\.audiencenet\.example\/an\.js → cdn\.audiencenet\.example\/sync\.js → px\.skimlytics\.example\/i\.gif/,
    );
  });

  it("lists cookies, findings by severity and failed pages with their reason", () => {
    expect(text).toMatch(/dbk_match \(databroker\.example, 365d, 3rd-party\)/);
    expect(text).toMatch(/tw_rt \(pixel\.trackwell\.example, session, 3rd-party, blocked\)/);
    const findings = text.slice(text.indexOf("FINDINGS (11)"), text.indexOf("FAILED PAGES"));
    expect(findings.indexOf("HIGH")).toBeGreaterThan(-1);
    expect(findings.lastIndexOf("HIGH")).toBeLessThan(findings.indexOf("MEDIUM"));
    expect(findings.lastIndexOf("MEDIUM")).toBeLessThan(findings.indexOf("LOW"));
    expect(findings).toContain(
      "HIGH id-sync databroker.example: Identifier synced to another party",
    );
    expect(findings).toContain("value=AX-99812");
    // A rogue party's finding restates its section: title only, unless verbose.
    expect(findings).toContain("HIGH rogue-party trackwell.example: Rogue third party");
    expect(findings).not.toContain("rogueHosts=");
    expect(renderText(demo, { verbose: true })).toContain("rogueHosts=");
    const failed = text.slice(text.indexOf("FAILED PAGES (1)"));
    expect(failed).toContain("election-night.html");
    expect(failed).toContain("net::ERR_CONNECTION_RESET");
  });

  it.each([80, 60])("fits every line in %i columns", (width) => {
    for (const name of ["dailybugle-report", "hostile-report"] as const) {
      for (const line of renderText(loadReport(name), { width }).split("\n")) {
        expect([...line].length, line).toBeLessThanOrEqual(width);
      }
    }
  });

  it("verbose output keeps whole URLs", () => {
    const long = "https://www.dailybugle.example/news/council-approves-transit-budget.html";
    expect(text).not.toContain(long);
    expect(renderText(demo, { verbose: true, width: 200 })).toContain(long);
  });

  it("colours only through the given style, and not at all by default", () => {
    const styled = renderText(demo, { style: tagStyle });
    expect(styled).toContain("<r><b>✗ policy violated");
    expect(styled).toMatch(/<r><b> {2}✗ skimlytics\.example/);
    expect(styled).toMatch(/<g> {2}✓ metricsly\.example/);
    expect(text).not.toMatch(/<[rgbdyc]>/);
  });

  it("says the policy holds when nothing is rogue, and shows gate reasons", () => {
    const open = renderText(withoutAllowlist(demo));
    expect(open.split("\n")[0]).toContain("✓");
    expect(open).toContain("UNLISTED");
    const gated = structuredClone(demo);
    gated.policy = { failOn: ["new-rogue"], violated: false, reasons: [], baselines: ["b.json"] };
    expect(renderText(gated).split("\n")[0]).toContain("✓ policy holds: 4 rogue");
    gated.policy = {
      failOn: ["new-rogue"],
      violated: true,
      reasons: ["new rogue party x"],
      baselines: [],
    };
    expect(renderText(gated)).toContain("- new rogue party x");
    for (const p of gated.parties) p.new = p.domain === "trackwell.example";
    expect(renderText(gated)).toContain("✗ trackwell.example (new)");
    expect(renderText(gated)).not.toContain("skimlytics.example (new)");
  });

  it("strips control characters, escape sequences and bidi overrides from site strings", () => {
    const hostile = loadReport("hostile-report");
    const out = renderText(hostile, { verbose: true, width: 120 });
    expect(unsafeChars(out)).toEqual([]);
    expect(unsafeChars(hostile.cookies.map((c) => c.name).join("")).length).toBeGreaterThan(5);
    expect(out).toContain("RED");
    expect(out).toContain("PWNED");
    expect(out).not.toContain("[2J");
    expect(out).not.toContain("]8;;");
    expect(out).toContain("<script>alert(3)</script>");
    const failed = out.slice(out.indexOf("FAILED PAGES"));
    expect(failed).toContain("PWNED second line");
  });
});

describe("text helpers", () => {
  it("cleanText removes CSI, OSC, C1 and bidi, and joins lines", () => {
    expect(cleanText("a\u001b[31mb\u001b[0mc")).toBe("abc");
    expect(cleanText("x\u001b]8;;https://e.example\u0007y\u001b]8;;\u0007z")).toBe("xyz");
    expect(cleanText("\u009b2Jq\u202eevil\u202c\u2066i\u2069")).toBe("qevili");
    expect(cleanText("one\r\ntwo\u2028three")).toBe("one two three");
    expect(cleanText("nul\u0000bell\u0007")).toBe("nulbell");
    expect(cleanText(undefined)).toBe("");
  });

  it("truncateMiddle keeps both ends and the limit", () => {
    const url = "https://cdn.example/a/very/long/path/to/the/final/script-name.js";
    const short = truncateMiddle(url, 30);
    expect([...short].length).toBe(30);
    expect(short.startsWith("https://cdn")).toBe(true);
    expect(short.endsWith(".js")).toBe(true);
    expect(truncateMiddle("short", 30)).toBe("short");
  });

  it("wrap indents continuation lines and cuts words longer than a line", () => {
    const lines = wrap(`hosts: ${"x".repeat(50)} a b`, 20, "  ");
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
    expect(lines[0]?.startsWith("  hosts:")).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith("    "))).toBe(true);
    expect(lines.join("").replace(/\s/g, "")).toBe(`hosts:${"x".repeat(50)}ab`);
  });
});
