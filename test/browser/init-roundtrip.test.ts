// `skimscan init` in real Chromium on the demo publisher, then scans judged by what it wrote:
// no rogue party at first, and exactly the party whose entry was removed afterwards.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMap, parseDocument, type YAMLSeq } from "yaml";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { runCli } from "../helpers/run-cli.js";

const SITE = "https://www.dailybugle.example/";
let server: FixtureServer;
let tmp: string;
let net: string[];
let allowFile: string;
let init: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  // tsc still emits when a colleague's file in progress has a type error; only a missing build fails.
  spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: PACKAGE_ROOT, stdio: "ignore" });
  expect(existsSync(path.join(PACKAGE_ROOT, "dist/src/cli/init-command.js"))).toBe(true);
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-init-"));
  net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "300"];
  allowFile = path.join(tmp, "allowlist.yaml");
  init = await runCli(["init", SITE, ...net, "--output", allowFile]);
});
afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function scanWith(file: string): Promise<{ code: number | null; report: Report }> {
  const r = await runCli(["scan", SITE, ...net, "--allowlist", file, "--format", "json"]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

describe("init, then scan with the written allowlist", () => {
  it("init exits 0, writes nothing on stdout, and names the file on stderr", () => {
    expect(init.code).toBe(0);
    expect(init.stdout).toBe("");
    expect(init.stderr).toContain(`wrote ${allowFile}`);
  });

  it("writes a valid allowlist: first party, one expiring domain entry per party, comments", async () => {
    const text = await readFile(allowFile, "utf8");
    const { allowlist, warnings } = parseAllowlist(text, allowFile);
    expect(warnings).toEqual([]);
    expect(allowlist.firstParty).toEqual(["dailybugle.example"]);
    expect(allowlist.authorized.length).toBeGreaterThanOrEqual(5);
    for (const e of allowlist.authorized) {
      expect(e.kind).toBe("domain");
      expect(e.note).toMatch(/^found by skimscan init on \d{4}-\d{2}-\d{2}$/);
      const day = e.note?.slice(-10) as string;
      const days = (Date.parse(e.expires as string) - Date.parse(day)) / 86_400_000;
      expect(days).toBe(30);
    }
    // One comment line per entry, with what is known of the company.
    expect(text.match(/^ {2}# /gm)?.length).toBe(allowlist.authorized.length);
    expect(text).toContain("# Starter allowlist written by `skimscan init`");
  });

  it("a scan judged by it finds no rogue party (exit 0), each party authorized by its entry", async () => {
    const { code, report } = await scanWith(allowFile);
    expect(report.summary.rogue).toBe(0);
    expect(code).toBe(0);
    const { allowlist } = parseAllowlist(await readFile(allowFile, "utf8"), allowFile);
    expect(report.parties.map((p) => p.domain).sort()).toEqual(
      allowlist.authorized.map((e) => e.value).sort(),
    );
    for (const p of report.parties) expect(p.rules).toEqual([`domain:${p.domain}`]);
    expect(report.findings.filter((f) => f.code === "stale-allowlist-entry")).toEqual([]);
  });

  it("with one entry removed, exactly that party is rogue (exit 1)", async () => {
    const doc = parseDocument(await readFile(allowFile, "utf8"));
    const seq = doc.get("authorized", true) as YAMLSeq;
    const index = seq.items.findIndex(
      (item) => isMap(item) && item.get("domain") === "metricsly.example",
    );
    expect(index).toBeGreaterThanOrEqual(0);
    seq.items.splice(index, 1);
    const edited = path.join(tmp, "without-metricsly.yaml");
    await writeFile(edited, doc.toString());
    const { code, report } = await scanWith(edited);
    expect(code).toBe(1);
    expect(report.parties.filter((p) => p.status === "rogue").map((p) => p.domain)).toEqual([
      "metricsly.example",
    ]);
    expect(report.findings.filter((f) => f.code === "rogue-party").map((f) => f.party)).toEqual([
      "metricsly.example",
    ]);
  });
});
