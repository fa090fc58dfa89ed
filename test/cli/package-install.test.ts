// skimscan installs as users install tools: a fresh clone of the committed HEAD is packed with no
// prior build (prepack builds dist/), the tarball is installed into a temporary prefix with
// `npm install -g`, and the installed `skimscan` runs the demo from elsewhere, finds the browser
// through CHROME_PATH and --chrome-path, and runs the GitHub Action's scan script.
// npm reads from its cache (--offline); only when the cache lacks a package's metadata does it ask
// the npm registry (--prefer-offline).
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/crawl/find-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

let tmp: string;
let repo: string;
let prefix: string;
let tarball: string;
let server: FixtureServer;
const browser = findBrowser().path as string;

/** npm and git without the settings of an npm script that may be running these tests. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== "INIT_CWD"),
  );
  return { ...env, NO_COLOR: "1", FORCE_COLOR: undefined, CHROME_PATH: undefined, ...extra };
}

function run(cmd: string, args: string[], cwd: string, env = cleanEnv()): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
}

/** For commands that load pages from the fixture server in this process: it must keep answering. */
function runAsync(
  cmd: string,
  args: string[],
  cwd: string,
  env = cleanEnv(),
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-package-"));
  repo = path.join(tmp, "repo");
  prefix = path.join(tmp, "prefix");
  const head = ok(run("git", ["rev-parse", "HEAD"], PACKAGE_ROOT), "git rev-parse").trim();
  ok(run("git", ["clone", "--quiet", PACKAGE_ROOT, repo], tmp), "git clone");
  ok(run("git", ["checkout", "--quiet", head], repo), "git checkout");
  // The shared install stands in for `npm ci`: the clone has no dist/ and nothing built.
  await symlink(
    realpathSync(path.join(PACKAGE_ROOT, "node_modules")),
    path.join(repo, "node_modules"),
  );
  const packed = ok(run("npm", ["pack", "--silent"], repo), "npm pack")
    .trim()
    .split("\n");
  tarball = path.join(repo, packed.at(-1) as string);
  const install = (mode: string) =>
    run(
      "npm",
      ["install", "-g", "--prefix", prefix, mode, "--no-audit", "--no-fund", tarball],
      tmp,
    );
  const offline = install("--offline");
  if (offline.status !== 0) ok(install("--prefer-offline"), "npm install -g");
  server = await startFixtureServer();
}, 600_000);
afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("npm pack of a fresh clone", () => {
  it("builds dist/ itself and ships what the tool needs at run time, no sources or tests", () => {
    const files = ok(run("tar", ["tzf", tarball], tmp), "tar").split("\n");
    for (const f of [
      "package/bin/skimscan.js",
      "package/dist/src/cli/main.js",
      "package/dist/src/cli/internal-errors.js",
      "package/fixtures/demo-ground-truth.json",
      "package/fixtures/tls/cert.pem",
      "package/schema/report.schema.json",
      "package/NOTICE",
      "package/licences/third-party-web.LICENSE",
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });
});

describe("the installed skimscan", () => {
  const bin = () => path.join(prefix, "bin", "skimscan");

  it("runs the demo from another folder (exit 0, a JSON report)", () => {
    const r = run(bin(), ["demo", "--format", "json", "--dwell", "300", "-q"], os.tmpdir());
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.scan.pages.every((p) => p.outcome === "ok")).toBe(true);
    expect(report.parties.length).toBeGreaterThan(3);
  });

  it("uses the browser CHROME_PATH names, and the one --chrome-path names", async () => {
    const viaEnv = path.join(tmp, "chrome-from-env");
    const viaFlag = path.join(tmp, "chrome-from-flag");
    await symlink(browser, viaEnv);
    await symlink(browser, viaFlag);
    const page = ["scan", "https://www.quiet-gazette.example/", "--format", "json"];
    const net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
    const env = await runAsync(bin(), [...page, ...net], tmp, cleanEnv({ CHROME_PATH: viaEnv }));
    expect(env.status, env.stderr).toBe(0);
    expect(env.stderr).toContain(`(${viaEnv})`);
    const flag = await runAsync(bin(), [...page, ...net, "--chrome-path", viaFlag], tmp);
    expect(flag.status, flag.stderr).toBe(0);
    expect(flag.stderr).toContain(`(${viaFlag})`);
  });

  it("runs the GitHub Action's scan step: outputs, exit code and job summary", async () => {
    const outputs = path.join(tmp, "github-output");
    const summary = path.join(tmp, "step-summary");
    const r = await runAsync(
      "bash",
      [path.join(repo, "scripts/action-scan.sh")],
      tmp,
      cleanEnv({
        PATH: `${path.join(prefix, "bin")}:${process.env.PATH}`,
        GITHUB_OUTPUT: outputs,
        GITHUB_STEP_SUMMARY: summary,
        SKIMSCAN_URLS:
          "https://www.dailybugle.example/\nhttps://www.dailybugle.example/news/council-approves-transit-budget.html",
        SKIMSCAN_ALLOWLIST: path.join(repo, "fixtures/allowlists/dailybugle.yaml"),
        SKIMSCAN_OUTPUTS: "out/skimscan.json out/skimscan.md",
        SKIMSCAN_FAIL_ON: "rogue",
        SKIMSCAN_CHROME_PATH: browser,
        SKIMSCAN_ARGS: `--host-rules "${server.hostRules}" --insecure --dwell 200`,
      }),
    );
    expect(r.stderr).toContain(`--chrome-path ${browser}`);
    expect([0, 1], r.stderr).toContain(r.status);
    const report = JSON.parse(
      await readFile(path.join(tmp, "out/skimscan.json"), "utf8"),
    ) as Report;
    expect(report.scan.pages.map((p) => p.outcome)).toEqual(["ok", "ok"]);
    expect(report.policy?.violated).toBe(r.status === 1);
    const said = await readFile(outputs, "utf8");
    expect(said).toContain(`exit-code=${r.status}\n`);
    expect(said).toContain("report-json=out/skimscan.json\n");
    expect(await readFile(summary, "utf8")).toBe(
      await readFile(path.join(tmp, "out/skimscan.md"), "utf8"),
    );
  });
});
