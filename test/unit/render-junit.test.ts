// JUnit XML: one test case per page, failed where the policy is violated on it, an error where the
// page could not be scanned, and nothing XML 1.0 forbids (the browser test parses it for real).
import { describe, expect, it } from "vitest";
import { escapeXml } from "../../src/report/escape-markup.js";
import { renderJunit } from "../../src/report/render-junit.js";
import { loadReport, withoutAllowlist } from "../fixtures/reports/load-report.js";
import { unsafeChars } from "../fixtures/reports/unsafe-chars.js";

/** The attributes of the first element with this name, decoded from our own escaping. */
function attrs(xml: string, tag: string): Record<string, string> {
  const start = xml.indexOf(`<${tag} `);
  const end = xml.indexOf(">", start);
  const out: Record<string, string> = {};
  for (const m of xml.slice(start, end).matchAll(/([\w-]+)="([^"]*)"/g))
    out[m[1] as string] = m[2] as string;
  return out;
}

/** Each <testcase> element with its body, split on the element's own tags. */
function testcases(xml: string): { name: string; body: string }[] {
  return xml
    .split("<testcase ")
    .slice(1)
    .map((chunk) => ({
      name: / name="([^"]*)"/.exec(chunk)?.[1] ?? "",
      body: chunk.slice(0, chunk.indexOf("</testcase>")),
    }));
}

describe("junit report", () => {
  const demo = loadReport("dailybugle-report");
  const xml = renderJunit(demo);

  it("has one suite with one test case per scanned page", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const suite = attrs(xml, "testsuite");
    expect(suite).toMatchObject({
      name: "skimscan",
      tests: "5",
      failures: "4",
      errors: "1",
      skipped: "0",
    });
    expect(Number(suite.time)).toBeCloseTo(33.565, 3);
    expect(testcases(xml).map((c) => c.name)).toEqual(demo.scan.pages.map((p) => escapeXml(p.url)));
  });

  it("fails a page with the rogue parties on it and errors a page that could not be scanned", () => {
    const cases = testcases(xml);
    const home = cases[0]?.body ?? "";
    expect(home).toContain('<failure type="rogue-party"');
    for (const d of [
      "databroker.example",
      "skimlytics.example",
      "socialreach.example",
      "trackwell.example",
    ]) {
      expect(home).toContain(d);
    }
    const sports = cases[2]?.body ?? "";
    expect(sports).toContain("skimlytics.example");
    expect(sports).not.toContain("trackwell.example");
    expect(cases[4]?.body).toContain(
      '<error type="page-failed" message="net::ERR_CONNECTION_RESET',
    );
  });

  it("passes every page when the policy holds, and follows --fail-on", () => {
    const open = renderJunit(withoutAllowlist(demo));
    expect(attrs(open, "testsuite")).toMatchObject({ failures: "0", errors: "1" });
    const gated = structuredClone(demo);
    for (const p of gated.parties) p.new = p.domain === "trackwell.example";
    gated.policy = { failOn: ["new-rogue"], violated: true, reasons: [], baselines: ["base.json"] };
    const cases = testcases(renderJunit(gated));
    expect(cases.filter((c) => c.body.includes("<failure")).length).toBe(1);
    expect(cases[0]?.body).toContain("trackwell.example");
    gated.policy = {
      failOn: ["finding:search-term-leak"],
      violated: true,
      reasons: [],
      baselines: [],
    };
    const byFinding = testcases(renderJunit(gated));
    expect(byFinding.filter((c) => c.body.includes("<failure")).map((c) => c.name)).toEqual([
      escapeXml("https://www.dailybugle.example/search?q=harbor+ferry+schedule"),
    ]);
  });

  it("carries no raw control or XML-invalid characters from hostile strings", () => {
    const hostile = renderJunit(loadReport("hostile-report"));
    expect(unsafeChars(hostile)).toEqual([]);
    expect(hostile).not.toContain("<script>");
    expect(hostile).not.toContain("<img");
    expect(hostile).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(escapeXml("a\u0000b\u0008c\ufffed\ud800e&<>\"'")).toBe("abcde&amp;&lt;&gt;&quot;&apos;");
  });
});
