// `skimscan dataset`: real reports → CSV read back by csv-parse, Parquet read back by DuckDB
// (an independent reader); joins on site_id / page_url / party hold; reruns give the same bytes.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBConnection } from "@duckdb/node-api";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCsv } from "../../src/dataset/csv.js";
import { readSiteReports } from "../../src/dataset/read-reports.js";
import { TABLE_NAMES, TABLES } from "../../src/dataset/schema.js";
import { writeDataset } from "../../src/dataset/write-dataset.js";
import type { Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const fixture = (f: string) => path.join(PACKAGE_ROOT, "test/fixtures", f);
const BUGLE = fixture("captures/dailybugle-demo.report.json");
const HOSTILE = fixture("reports/hostile-report.json");
let root: string;
let dirA: string;
let dirB: string;
const warnings: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "skimscan-dataset-"));
  dirA = path.join(root, "machine-a");
  dirB = path.join(root, "machine-b");
  await mkdir(dirA);
  await mkdir(dirB);
  await copyFile(BUGLE, path.join(dirA, "www.dailybugle.example.json"));
  await copyFile(HOSTILE, path.join(dirB, "www.evil-news.example.json"));
  // What else lies in a results directory: captures, a temp file, something that is not a report.
  await writeFile(path.join(dirA, "www.dailybugle.example.capture.jsonl"), "{}\n");
  await writeFile(path.join(dirA, ".x.json.123.ab.tmp"), "{");
  await writeFile(path.join(dirB, "notes.json"), '{"hello": 1}');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function load(file: string): Promise<Report> {
  return JSON.parse(await readFile(file, "utf8")) as Report;
}

describe("dataset tables", () => {
  it("reads the reports of several directories, leaving out what is not one", async () => {
    const sites = await readSiteReports([dirA, dirB], (m) => warnings.push(m));
    expect(sites.map((s) => s.siteId)).toEqual(["www.dailybugle.example", "www.evil-news.example"]);
    expect(warnings.some((w) => w.includes("notes.json"))).toBe(true);
  });

  it("CSV: one row per report entry, parsed back with the same values, joins hold", async () => {
    const out = path.join(root, "csv");
    const sites = await readSiteReports([dirA, dirB], () => {});
    await writeDataset(sites, out, "csv");
    const bugle = await load(BUGLE);
    const hostile = await load(HOSTILE);
    const table = async (t: string) =>
      parse(await readFile(path.join(out, `${t}.csv`), "utf8"), { columns: true }) as Record<
        string,
        string
      >[];
    const [siteRows, pages, parties, requests, cookies, findings] = await Promise.all(
      TABLE_NAMES.map(table),
    );
    expect(siteRows?.map((s) => s.site_id)).toEqual([
      "www.dailybugle.example",
      "www.evil-news.example",
    ]);
    expect(pages).toHaveLength(bugle.scan.pages.length + hostile.scan.pages.length);
    expect(requests).toHaveLength(bugle.requests.length + hostile.requests.length);
    expect(cookies).toHaveLength(bugle.cookies.length + hostile.cookies.length);
    expect(findings).toHaveLength(bugle.findings.length + hostile.findings.length);
    expect(parties).toHaveLength(bugle.parties.length + hostile.parties.length);
    // Hostile strings (quotes, markup, commas) survive the round trip byte for byte.
    const hostilePages = pages?.filter((p) => p.site_id === "www.evil-news.example");
    expect(hostilePages?.map((p) => p.page_url)).toEqual(hostile.scan.pages.map((p) => p.url));
    // Joins: every request's page is a page of its site; every third-party request's party is a
    // party of its site; every finding's party too.
    const pageKeys = new Set(pages?.map((p) => `${p.site_id} ${p.page_url}`));
    const partyKeys = new Set(parties?.map((p) => `${p.site_id} ${p.domain}`));
    for (const r of requests ?? []) {
      expect(pageKeys.has(`${r.site_id} ${r.page_url}`)).toBe(true);
      if (r.verdict !== "first-party") expect(partyKeys.has(`${r.site_id} ${r.party}`)).toBe(true);
    }
    for (const f of findings ?? [])
      if (f.party) expect(partyKeys.has(`${f.site_id} ${f.party}`)).toBe(true);
    // Counts agree with the report's own summary.
    const bugleSite = siteRows?.[0];
    expect(Number(bugleSite?.requests)).toBe(bugle.summary.requests);
    expect(Number(bugleSite?.third_parties)).toBe(bugle.summary.thirdParties);
    // JSON columns parse back to what the report held.
    const f0 = findings?.find((f) => f.finding_id === bugle.findings[0]?.id);
    expect(JSON.parse(f0?.evidence ?? "null")).toEqual(bugle.findings[0]?.evidence);
  });

  it("is idempotent: a rerun writes the same bytes (CSV and Parquet)", async () => {
    const sites = await readSiteReports([dirA, dirB], () => {});
    for (const format of ["csv", "parquet"] as const) {
      const out = path.join(root, `idem-${format}`);
      await writeDataset(sites, out, format);
      const first = await Promise.all(
        TABLE_NAMES.map((t) => readFile(path.join(out, `${t}.${format}`))),
      );
      await writeDataset(await readSiteReports([dirA, dirB], () => {}), out, format);
      const second = await Promise.all(
        TABLE_NAMES.map((t) => readFile(path.join(out, `${t}.${format}`))),
      );
      expect(second.map((buf, i) => buf.equals(first[i] as Buffer))).toEqual(first.map(() => true));
    }
  });

  it("Parquet: DuckDB reads every table with the declared columns, and the joins hold", async () => {
    const out = path.join(root, "parquet");
    await writeDataset(await readSiteReports([dirA, dirB], () => {}), out, "parquet");
    const bugle = await load(BUGLE);
    const db = await DuckDBConnection.create();
    try {
      const q = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson();
      const file = (t: string) => `'${path.join(out, `${t}.parquet`)}'`;
      for (const t of TABLE_NAMES) {
        const cols = await q(`DESCRIBE SELECT * FROM ${file(t)}`);
        expect(cols.map((c) => c.column_name)).toEqual(TABLES[t].map((c) => c.name));
      }
      const [count] = await q(
        `SELECT count(*) AS n FROM ${file("requests")} WHERE site_id = 'www.dailybugle.example'`,
      );
      expect(Number(count?.n)).toBe(bugle.requests.length);
      const orphans = await q(
        `SELECT r.url FROM ${file("requests")} r
         LEFT JOIN ${file("parties")} p ON p.site_id = r.site_id AND p.domain = r.party
         WHERE r.verdict <> 'first-party' AND p.domain IS NULL`,
      );
      expect(orphans).toEqual([]);
      const pageOrphans = await q(
        `SELECT r.url FROM ${file("requests")} r
         LEFT JOIN ${file("pages")} p ON p.site_id = r.site_id AND p.page_url = r.page_url
         WHERE p.page_url IS NULL`,
      );
      expect(pageOrphans).toEqual([]);
      const types = await q(`DESCRIBE SELECT * FROM ${file("sites")}`);
      const typeOf = (n: string) => types.find((c) => c.column_name === n)?.column_type;
      expect(typeOf("started_at")).toMatch(/^TIMESTAMP/);
      expect(typeOf("requests")).toBe("BIGINT");
      expect(typeOf("partial")).toBe("BOOLEAN");
      const [perParty] = await q(
        `SELECT sum(requests) AS n FROM ${file("parties")} WHERE site_id = 'www.dailybugle.example'`,
      );
      expect(Number(perParty?.n)).toBe(bugle.parties.reduce((n, p) => n + p.requests, 0));
    } finally {
      db.closeSync();
    }
  });
});

describe("CSV encoding", () => {
  const cols = [
    { name: "a", type: "string" as const, doc: "" },
    { name: "b", type: "int" as const, doc: "" },
  ];
  it("tells null from the empty string and quotes what needs it", () => {
    expect(
      toCsv(cols, [
        { a: null, b: 1 },
        { a: "", b: null },
        { a: 'say "hi", then\nleave', b: 2 },
        { a: " padded", b: 3 },
      ]),
    ).toBe('a,b\n,1\n"",\n"say ""hi"", then\nleave",2\n" padded",3\n');
  });
});

describe("README", () => {
  it("documents every column of every table", async () => {
    const readme = await readFile(path.join(PACKAGE_ROOT, "README.md"), "utf8");
    for (const t of TABLE_NAMES) {
      const section = readme.split(`**${t}**`)[1]?.split("\n\n**")[0] ?? "";
      for (const c of TABLES[t]) expect(section).toContain(`| \`${c.name}\` | ${c.type} |`);
    }
  });
});
