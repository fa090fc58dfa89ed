// Issue 6's CI round trip through the real CLI: the same site twice against a baseline passes;
// a rogue pixel added to the site fails the build, and only that one is reported as new.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

const SITE = "www.baseline-times.test";
let server: FixtureServer;
let tmp: string;
/** The deploy under test: false = as on main, true = someone added a retargeting pixel. */
let deployAddsPixel = false;

function page(_req: http.IncomingMessage, res: http.ServerResponse): true {
  const extra = deployAddsPixel
    ? '<img width="1" height="1" alt="" src="https://pixel.trackwell.example/t.gif?ev=pv">'
    : "";
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline Times</title></head>
<body><h1>Baseline Times</h1><p>Markets close higher.</p>
<img width="1" height="1" alt="" src="https://collect.metricsly.example/p.gif?e=pv">
<img width="1" height="1" alt="" src="https://px.skimlytics.example/px.gif?e=pv">
${extra}</body></html>`);
  return true;
}

beforeAll(async () => {
  server = await startFixtureServer({ handlers: { [SITE]: page } });
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-baseline-"));
  await writeFile(
    path.join(tmp, "allowlist.yaml"),
    "firstParty: [baseline-times.test]\nauthorized:\n  - metricsly.example   # analytics\n",
  );
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const scan = (...args: string[]) =>
  runCli([
    "scan",
    `https://${SITE}/`,
    "-a",
    path.join(tmp, "allowlist.yaml"),
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "200",
    ...args,
  ]);
const readReport = async (file: string) => JSON.parse(await readFile(file, "utf8")) as Report;

describe("baseline round trip", () => {
  it("fails on the known rogue by default, passes against its own baseline, fails on a new pixel", async () => {
    const base = path.join(tmp, "base.json");
    const first = await scan("-o", base);
    expect(first.code, first.stderr).toBe(1); // skimlytics is rogue: the default --fail-on rogue
    expect((await readReport(base)).parties.map((p) => p.domain)).toContain("skimlytics.example");

    const same = await scan(
      "--baseline",
      base,
      "--fail-on",
      "new-rogue",
      "-o",
      path.join(tmp, "same.json"),
    );
    expect(same.code, same.stderr).toBe(0);
    const sameReport = await readReport(path.join(tmp, "same.json"));
    expect(sameReport.policy).toMatchObject({ failOn: ["new-rogue"], violated: false });
    expect(sameReport.parties.filter((p) => p.new)).toEqual([]);

    deployAddsPixel = true;
    const out = (ext: string) => path.join(tmp, `next.${ext}`);
    const next = await scan(
      "--baseline",
      base,
      "--fail-on",
      "new-rogue",
      "-o",
      out("json"),
      "-o",
      out("sarif"),
      "-o",
      out("xml"),
      "-o",
      out("md"),
      "-o",
      out("html"),
    );
    expect(next.code, next.stderr).toBe(1);
    const report = await readReport(out("json"));
    expect(report.parties.filter((p) => p.new).map((p) => p.domain)).toEqual(["trackwell.example"]);
    expect(report.policy?.reasons).toEqual(["new rogue party trackwell.example on 1 page"]);
    expect(next.stderr).toContain("new rogue party trackwell.example");

    // Every requested format was written from the same report.
    const sarif = JSON.parse(await readFile(out("sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results as Array<{ ruleId: string; message: { text: string } }>;
    expect(
      results.some(
        (r) => r.ruleId === "rogue-party" && r.message.text.includes("trackwell.example"),
      ),
    ).toBe(true);
    expect(await readFile(out("xml"), "utf8")).toMatch(/<testsuite[\s\S]*<failure/);
    expect(await readFile(out("md"), "utf8")).toContain("trackwell.example");
    expect(await readFile(out("html"), "utf8")).toMatch(/^<!doctype html>/i);

    // `skimscan diff` tells the same story: one party added, exit 1.
    const diff = await runCli(["diff", base, out("json"), "--format", "json"]);
    expect(diff.code, diff.stderr).toBe(1);
    const d = JSON.parse(diff.stdout);
    expect(d.added.parties.map((p: { domain: string }) => p.domain)).toEqual(["trackwell.example"]);
    expect(d.removed.parties).toEqual([]);
  });

  it("refuses --fail-on new-rogue without a baseline before starting a browser", async () => {
    const r = await scan("--fail-on", "new-rogue");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--baseline/);
  });

  it("names a baseline that is not a report", async () => {
    const r = await scan("--baseline", path.join(tmp, "allowlist.yaml"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("allowlist.yaml");
  });
});
