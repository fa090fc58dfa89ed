// `init`, `explain`, --entities and --filter-list through the real built CLI: exit codes, streams.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

const ENT = "test/fixtures/entities";
const CAPTURE = "test/fixtures/captures/dailybugle-demo.capture.json";
let server: FixtureServer;
let tmp: string;
let net: string[];
let allow: string;

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-init-explain-"));
  net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
  allow = path.join(tmp, "allow.yaml");
  await writeFile(
    allow,
    `firstParty: [publisher.example]
authorized:
  - entity: Microsoft
    categories: [analytics]
  - domain: linkedin.com
    expires: 2020-01-01
denied:
  - doubleclick.net
`,
  );
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("skimscan explain", () => {
  it("prints the deciding entry, the company and the party (exit 0)", async () => {
    const r = await runCli(["explain", "www.clarity.ms", "--allowlist", allow]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("party     clarity.ms");
    expect(r.stdout).toContain("company   Microsoft · analytics");
    expect(r.stdout).toMatch(/verdict {3}authorized by entity:Microsoft \(.*allow\.yaml:3\)/);
  });

  it("says why not: expired approval and category mismatch, as JSON too", async () => {
    const r = await runCli([
      "explain",
      "https://px.ads.linkedin.com/collect",
      "-a",
      allow,
      "--format",
      "json",
      "--date",
      "2026-06-30",
    ]);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(x).toMatchObject({
      verdict: "rogue",
      party: "linkedin.com",
      day: "2026-06-30",
      company: { info: { entity: "LinkedIn", parent: "Microsoft" } },
    });
    expect(x.entries.map((e: { state: string }) => e.state).sort()).toEqual([
      "category-mismatch",
      "expired",
    ]);
  });

  it("treats the --page's site as first party", async () => {
    const r = await runCli(["explain", "cdn.news.example", "--page", "https://www.news.example/a"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(first party)");
  });

  it.each([
    [["explain", "ht!tp"], "not a host"],
    [["explain", "ftp://files.example/"], "http(s)"],
    [["explain", "a.example", "--page", "/news"], "--page"],
    [["explain", "a.example", "--date", "2026-02-30"], "--date"],
    [["explain", "a.example", "--format", "xml"], "xml"],
    [["explain", "a.example", "-a", "test/fixtures/allowlists/bad-date.yaml"], "bad-date.yaml:"],
    [["explain", "a.example", "--entities", `${ENT}/random.json`], "random.json"],
  ])("exits 2 on bad input: %j", async (args, fragment) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(fragment);
  });
});

describe("--entities and --filter-list", () => {
  it.each(["scan", "report", "init"])(
    "%s rejects a file that is no company map, naming it (exit 2, before any browser)",
    async (cmd) => {
      const target = cmd === "report" ? CAPTURE : "https://www.quiet-gazette.example/";
      const r = await runCli([cmd, target, "--entities", `${ENT}/random.json`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${ENT}/random.json: not a company map`);
    },
  );

  it("rejects a missing or rule-less filter list, naming it", async () => {
    const missing = await runCli(["report", CAPTURE, "--filter-list", "no/such/list.txt"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no/such/list.txt: file not found");
    const rules = await runCli(["report", CAPTURE, "--filter-list", `${ENT}/random.json`]);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toContain("no network rules");
  });

  it("report: user map and filter list shape the JSON report", async () => {
    const map = path.join(tmp, "tpw.json");
    await writeFile(
      map,
      JSON.stringify([
        {
          name: "Trackwell Pixel",
          company: "Trackwell",
          category: "ad",
          domains: ["*.trackwell.example"],
        },
      ]),
    );
    const list = path.join(tmp, "list.txt");
    await writeFile(list, "[Adblock Plus 2.0]\n||trackwell.example^$third-party\n");
    const r = await runCli([
      "report",
      CAPTURE,
      "--entities",
      map,
      "--filter-list",
      list,
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const party = report.parties.find((p) => p.domain === "trackwell.example");
    expect(party).toMatchObject({
      entity: "Trackwell",
      category: "advertising",
      entitySource: map,
    });
    expect(party?.filterMatches).toBeGreaterThan(0);
    expect(report.requests.find((r) => r.party === "trackwell.example")?.filterMatch).toEqual({
      rule: "||trackwell.example^$third-party",
      list,
    });
    expect(report.findings.find((f) => f.code === "known-tracker")?.party).toBe(
      "trackwell.example",
    );
    expect(report.scan.options).toMatchObject({ entities: [map], filterLists: [list] });
  });
});

describe("skimscan init", () => {
  it("writes YAML to stdout without --output", async () => {
    const r = await runCli(["init", "https://www.quiet-gazette.example/", ...net, "-q"]);
    expect(r.code).toBe(0);
    const { allowlist } = parseAllowlist(r.stdout, "stdout");
    expect(allowlist.firstParty).toEqual(["quiet-gazette.example"]);
    expect(r.stdout).toContain("# Starter allowlist written by `skimscan init`");
  });

  it("refuses to overwrite an allowlist without --force (exit 2, before any browser)", async () => {
    const file = path.join(tmp, "existing.yaml");
    await writeFile(file, "authorized: []\n");
    const r = await runCli(["init", "https://www.quiet-gazette.example/", "--output", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} exists`);
    expect(r.stderr).toContain("--force");
    expect(await readFile(file, "utf8")).toBe("authorized: []\n");
  });

  it("overwrites with --force, honouring --expires-days", async () => {
    const file = path.join(tmp, "forced.yaml");
    await writeFile(file, "authorized: []\n");
    const r = await runCli([
      "init",
      "https://www.dailybugle.example/",
      ...net,
      "--output",
      file,
      "--force",
      "--expires-days",
      "7",
    ]);
    expect(r.code).toBe(0);
    const { allowlist } = parseAllowlist(await readFile(file, "utf8"), file);
    expect(allowlist.authorized.length).toBeGreaterThan(3);
    const e = allowlist.authorized[0];
    const day = e?.note?.slice(-10) as string;
    expect((Date.parse(e?.expires as string) - Date.parse(day)) / 86_400_000).toBe(7);
  });

  it("rejects a bad --expires-days and exits 3 when nothing could be scanned", async () => {
    const bad = await runCli(["init", "https://a.example/", "--expires-days", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--expires-days");
    const none = await runCli(["init", "https://a.example/", "--chrome-path", "/no/such/chrome"]);
    expect(none.code).toBe(3);
    expect(none.stdout).toBe("");
  });
});

describe("skimscan init takes the crawl flags, like scan", () => {
  const NEWS = "https://www.crawl-news.test";
  const partiesOf = (yaml: string) =>
    parseAllowlist(yaml, "stdout").allowlist.authorized.map((e) => e.value);

  it("--depth 1 covers the linked pages' third parties, which the start page alone misses", async () => {
    const alone = await runCli(["init", `${NEWS}/?run=init-alone`, ...net, "-q"]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(partiesOf(alone.stdout)).not.toContain("crawl-metrics.test");
    const deep = await runCli([
      "init",
      `${NEWS}/?run=init-depth`,
      "--depth",
      "1",
      "--max-pages",
      "4",
      "--include",
      "/news/**",
      "--include",
      "/",
      ...net,
      "-q",
    ]);
    expect(deep.code, deep.stderr).toBe(0);
    expect(partiesOf(deep.stdout)).toContain("crawl-metrics.test");
    expect(deep.stdout).toContain("Starter allowlist written by `skimscan init`");
  });

  it("--urls-file alone gives the pages (no URL argument needed)", async () => {
    const file = path.join(tmp, "init-urls.txt");
    await writeFile(file, `# the news desk\n${NEWS}/news/a.html?run=init-file\n`);
    const r = await runCli(["init", "--urls-file", file, ...net, "-q"]);
    expect(r.code, r.stderr).toBe(0);
    expect(partiesOf(r.stdout)).toContain("crawl-metrics.test");
    const none = await runCli(["init", ...net]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/init needs at least one URL \(or --urls-file FILE\)/);
  });

  it("refuses a bad crawl flag before any browser starts", async () => {
    const r = await runCli(["init", `${NEWS}/`, "--depth", "deep", "--chrome-path", "/no/such"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--depth expects a whole number/);
  });
});
