// The HTML report as text: a CSP whose hashes admit exactly the inline style and script, no
// reference to anything outside the file, escaping of every site string, and the loadedBy graph.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript } from "../../src/report/escape-markup.js";
import { buildGraph } from "../../src/report/html-graph.js";
import { renderHtml } from "../../src/report/render-html.js";
import { loadReport } from "../fixtures/reports/load-report.js";
import { unsafeChars } from "../fixtures/reports/unsafe-chars.js";

const sha = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;

describe("html report", () => {
  const demo = loadReport("dailybugle-report");
  const html = renderHtml(demo);

  it("carries a strict CSP whose hashes match its only style and script", () => {
    const csp =
      /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
    const policy = csp.replace(/&#39;/g, "'");
    expect(policy).toMatch(/^default-src 'none';/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(policy).toContain(`style-src ${sha(style)}`);
    expect(policy).toContain(`script-src ${sha(script)}`);
    expect(policy).not.toContain("unsafe");
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<style>"));
  });

  it("refers to nothing outside the file", () => {
    expect(html).not.toMatch(/\s(src|srcset|action|poster|data)=/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h.startsWith("#")).toBe(true);
    expect(html).not.toMatch(/url\(|@import/);
  });

  it("shows the summary, every party, cookie, finding and failed page", () => {
    for (const p of demo.parties) expect(html).toContain(`<code>${p.domain}</code>`);
    for (const c of demo.cookies) expect(html).toContain(`<code>${c.name}</code>`);
    expect(html).toContain(`<h2 id="cookies">Cookies (${demo.cookies.length})</h2>`);
    expect(html).toContain(`<h2 id="storage">Storage (${demo.storage.length})</h2>`);
    for (const w of demo.storage) expect(html).toContain(`<code>${w.key}</code>`);
    for (const f of demo.findings) expect(html).toContain(`<code>${f.code}</code>`);
    expect(html).toContain("4 rogue third parties");
    expect(html).toContain("election-night.html");
    expect(html.match(/<tr class="status-rogue"/g)?.length).toBe(4);
    expect(html).not.toContain('class="status new"');
    const marked = structuredClone(demo);
    for (const p of marked.parties) p.new = p.domain === "trackwell.example";
    expect(renderHtml(marked).match(/class="status new"/g)?.length).toBe(2);
  });

  it("escapes hostile strings in text, attributes and the embedded JSON", () => {
    const hostile = loadReport("hostile-report");
    const out = renderHtml(hostile);
    expect(out).not.toMatch(/<script>alert|<img|<svg onload|<!--/i);
    // Exactly our two script elements and one closing tag each.
    expect(out.match(/<script/g)?.length).toBe(2);
    expect(out.match(/<\/script>/g)?.length).toBe(2);
    expect(out).toContain("&lt;script&gt;alert(3)&lt;/script&gt;");
    expect(out).toContain("&quot;&gt;&lt;img src=x onerror=alert(5)&gt;");
    expect(unsafeChars(out)).toEqual([]);
    expect(out).not.toContain("\u2028");
    const id = [...out.matchAll(/ id="([^"]*)"/g)].map((m) => m[1] ?? "");
    for (const v of id) expect(v).toMatch(/^[a-z0-9-]+$/);
  });

  it("escapes even the enums and numbers of a tampered report file", () => {
    const tampered = structuredClone(demo) as unknown as {
      parties: Record<string, unknown>[];
      cookies: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    const evil = "<script>alert(1)</script>";
    Object.assign(tampered.parties[0] as object, { status: evil, requests: evil, pixels: evil });
    Object.assign(tampered.cookies[0] as object, { setBy: evil, writes: evil });
    tampered.summary.rogue = evil;
    const out = renderHtml(tampered as unknown as typeof demo);
    expect(out).not.toContain(evil);
    expect(out.match(/<script/g)?.length).toBe(2);
  });

  it("draws page → tags → party from loadedBy, rogue paths marked", () => {
    const { nodes, edges } = buildGraph(demo, ["rogue", "unlisted", "authorized"]);
    const skim = nodes.get("party:skimlytics.example");
    expect(skim?.status).toBe("rogue");
    const chain = [
      "page:https://www.dailybugle.example/",
      "tag:https://tags.tagpilot.example/container.js?id=TP-4F2K9",
      "tag:https://cdn.audiencenet.example/an.js",
      "tag:https://cdn.audiencenet.example/sync.js",
      "party:skimlytics.example",
    ];
    for (let i = 0; i + 1 < chain.length; i++) {
      const edge = [...edges.values()].find((e) => e.from === chain[i] && e.to === chain[i + 1]);
      expect(edge, `${chain[i]} → ${chain[i + 1]}`).toBeDefined();
      expect(edge?.rogue).toBe(true);
    }
    const authorizedOnly = [...edges.values()].find(
      (e) =>
        e.from === "page:https://www.dailybugle.example/" &&
        e.to === "tag:https://cdn.metricsly.example/m.js",
    );
    expect(authorizedOnly).toBeUndefined();
    expect([...edges.values()].find((e) => e.to === "party:metricsly.example")?.rogue).toBe(false);
    expect(nodes.has("party:dailybugle.example")).toBe(false);
    expect(html.match(/class="node node-party status-rogue"/g)?.length).toBe(4);
  });
});

describe("markup escaping", () => {
  it("escapeHtml covers text and both attribute quotes", () => {
    expect(escapeHtml(`<a href='x' title="y">&\``)).toBe(
      "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&#96;",
    );
  });
  it("jsonForScript cannot close a script block and round-trips", () => {
    const value = { a: "</script><!-- <script>", b: "\u2028\u2029", c: "&amp;" };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });
});
