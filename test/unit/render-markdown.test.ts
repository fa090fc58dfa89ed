// The Markdown report for PR comments and step summaries: verdict, rogue parties (new first),
// findings; and no link, image, autolink, HTML or broken table cell can come from a site string.
import { describe, expect, it } from "vitest";
import { mdCode, mdWord } from "../../src/report/escape-markdown.js";
import { renderMarkdown } from "../../src/report/render-markdown.js";
import { loadReport, withoutAllowlist } from "../fixtures/reports/load-report.js";

/** Removes GFM code spans (a run of n backticks up to the next run of exactly n). */
function outsideCode(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    if (line[i] !== "`") {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let close = line.indexOf(fence, i + n);
    while (close !== -1 && line[close + n] === "`") {
      let run = 0;
      while (line[close + run] === "`") run++;
      close = line.indexOf(fence, close + run);
    }
    if (close === -1) {
      out += line.slice(i);
      break;
    }
    i = close + n;
    out += "CODE";
  }
  return out;
}

/** Cells of a table row, splitting on pipes not escaped by a backslash. */
function cells(row: string): number {
  return row.replace(/\\\|/g, "").split("|").length - 2;
}

function tableRowsConsistent(md: string): void {
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!/^\|---/.test(line)) continue;
    const width = cells(lines[i - 1] as string);
    for (let j = i + 1; j < lines.length && (lines[j] as string).startsWith("|"); j++) {
      expect(cells(lines[j] as string), lines[j]).toBe(width);
    }
  }
}

describe("markdown report", () => {
  const demo = loadReport("dailybugle-report");
  const md = renderMarkdown(demo);

  it("leads with the verdict and counts, then rogue parties and findings", () => {
    const [first] = md.split("\n");
    expect(first).toMatch(/^### ❌ skimscan: policy violated, 4 rogue third parties$/);
    expect(md).toContain(
      "5 pages · 62 requests · 11 third parties (4 rogue, 0 unlisted, 7 authorized)",
    );
    const rogue = md.slice(md.indexOf("#### Rogue third parties"), md.indexOf("#### Findings"));
    for (const p of demo.parties.filter((x) => x.status === "rogue"))
      expect(rogue).toContain(`\`${p.domain}\``);
    expect(rogue).not.toContain("metricsly.example");
    const findings = md.slice(md.indexOf("#### Findings"));
    expect(findings.indexOf("| high |")).toBeLessThan(findings.indexOf("| low |"));
    // Rogue parties have their table: their rogue-party findings are not repeated below it.
    expect(findings).not.toContain("`rogue-party`");
    expect(findings).toContain("Identifier synced to another party `id-sync`");
    expect(md).toContain("#### Pages not scanned");
    tableRowsConsistent(md);
  });

  it("is short enough for a pull-request comment", () => {
    const big = structuredClone(demo);
    const template = big.parties[2] as (typeof big.parties)[number];
    for (let i = 0; i < 400; i++) big.parties.push({ ...template, domain: `rogue-${i}.example` });
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThan(65_536);
    expect(out).toMatch(/…and \d+ more\./);
  });

  it("puts new rogue parties first and marks them when a baseline was compared", () => {
    const r = structuredClone(demo);
    for (const p of r.parties) p.new = p.domain === "trackwell.example";
    const out = renderMarkdown(r);
    expect(out.split("\n")[0]).toContain("(1 new)");
    const table = out.slice(out.indexOf("#### Rogue third parties")).split("\n");
    const firstRow = table.find((l) => l.startsWith("| `"));
    expect(firstRow).toContain("trackwell.example");
    expect(firstRow).toContain("🆕");
  });

  it("says the policy holds without rogue parties", () => {
    const out = renderMarkdown(withoutAllowlist(demo));
    expect(out.split("\n")[0]).toMatch(/✅ skimscan: policy holds, no rogue third party/);
    expect(out).not.toContain("#### Rogue third parties");
  });

  it("neutralises links, images, autolinks, HTML and pipes from site strings", () => {
    const hostile = loadReport("hostile-report");
    const party = hostile.parties[1] as (typeof hostile.parties)[number];
    party.hosts = ["a|b.example", "![x](https://evil.example/x.png)", "[l](https://evil.example)"];
    party.domain = "<https://evil.example> www.evil.example @octocat `x`";
    const finding = hostile.findings[0] as (typeof hostile.findings)[number];
    finding.party = party.domain;
    const out = renderMarkdown(hostile);
    for (const line of out.split("\n")) {
      const bare = outsideCode(line);
      // Outside code spans only our own words remain: no markup and no URL to autolink.
      expect(bare, line).not.toMatch(
        /<(?!\/?details|summary|\/summary)|\]\(|!\[|https?:|www\.|@\w/,
      );
    }
    expect(out).toContain("a\\|b.example");
    tableRowsConsistent(out);
  });
});

describe("mdCode and mdWord", () => {
  it("mdWord keeps enums and counts plain and fences anything else", () => {
    expect(mdWord("rogue")).toBe("rogue");
    expect(mdWord(12)).toBe("12");
    expect(mdWord("<b>x</b>")).toBe("`<b>x</b>`");
  });

  it("fences backticks with a longer run and pads them", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("x ``` y")).toBe("````x ``` y````");
  });
  it("escapes pipes in tables only, and joins lines", () => {
    expect(mdCode("a|b")).toBe("`a\\|b`");
    expect(mdCode("a|b", false)).toBe("`a|b`");
    expect(mdCode("one\ntwo")).toBe("`one two`");
    expect(mdCode("")).toBe("");
  });
});
