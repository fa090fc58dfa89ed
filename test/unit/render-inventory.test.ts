// The inventory CSV read back with a real CSV parser: awkward cells come back exactly, cells a
// spreadsheet would run as formulas come back with one leading apostrophe and otherwise exact.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Report, ReportScript } from "../../src/model/report.js";
import { INVENTORY_COLUMNS, renderInventory } from "../../src/report/render-inventory.js";
import { formatFromExtension } from "../../src/report/renderers.js";

const script = (over: Partial<ReportScript>): ReportScript => ({
  page: "https://www.shop.example/checkout/",
  url: "https://cdn.vendor.example/lib.js",
  kind: "url",
  frame: "https://www.shop.example/checkout/",
  target: "page",
  hash: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  party: "vendor.example",
  verdict: "authorized",
  loadedBy: ["https://tags.example/gtm.js", "https://cdn.vendor.example/lib.js"],
  firstSeen: "2026-06-23T10:00:00.000Z",
  lastChanged: "2026-06-30T10:00:00.000Z",
  ...over,
});

function reportWith(scripts: ReportScript[]): Report {
  return {
    scan: { startedAt: "2026-06-30T10:00:00.000Z" },
    parties: [{ domain: "vendor.example", entity: "Vendor, Inc." }],
    scripts,
  } as unknown as Report;
}

describe("inventory CSV", () => {
  it("is chosen by the .csv extension", () => {
    expect(formatFromExtension("out/inventory.csv")).toBe("inventory");
  });

  it("round-trips commas, quotes and newlines exactly", () => {
    const awkward = 'Card form, "v2"\nsecond line\r\nthird';
    const csv = renderInventory(
      reportWith([
        script({ justification: awkward }),
        script({ verdict: "rogue", url: "inline:sha256-x" }),
      ]),
    );
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...INVENTORY_COLUMNS]);
    expect(rows[0]).toMatchObject({
      justification: awkward,
      company: "Vendor, Inc.",
      status: "authorized",
      loaded_by: "https://tags.example/gtm.js",
      sri_present: "no",
      last_changed: "2026-06-30T10:00:00.000Z",
    });
    expect(rows[1]).toMatchObject({ script: "inline:sha256-x", justification: "" });
  });

  it("guards formula starts with one apostrophe, otherwise exact", () => {
    const starts = ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "safe =1"];
    const csv = renderInventory(reportWith(starts.map((j) => script({ justification: j }))));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.justification)).toEqual([
      '\'=HYPERLINK("x")',
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTAB",
      "'\rCR",
      "safe =1",
    ]);
  });

  it("shows the justification gap of an authorized script", () => {
    const rows = parse(renderInventory(reportWith([script({})])), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows[0]?.justification).toBe("(missing)");
  });
});

describe("HTML scripts section", () => {
  it("shows the inventory with every site string escaped", async () => {
    const { loadReport } = await import("../fixtures/reports/load-report.js");
    const { renderHtml } = await import("../../src/report/render-html.js");
    const report = loadReport("dailybugle-report");
    report.scripts = [
      ...(report.scripts ?? []),
      script({
        url: "https://x.example/<img src=x onerror=alert(1)>.js",
        justification: "<b>why</b>",
      }),
    ];
    const html = renderHtml(report);
    expect(html).toContain('<h2 id="scripts">Scripts (4)</h2>');
    expect(html).toContain("tag manager, contract TM-7");
    const section = html.slice(html.indexOf('<h2 id="scripts">'), html.indexOf("<footer"));
    expect(section).not.toContain("<img src=x");
    expect(section).not.toContain("<b>why</b>");
    expect(section).toContain("&lt;b&gt;why&lt;/b&gt;");
  });
});
