// `scan --browser-endpoint` through the built CLI, against a Chromium this test starts with
// --remote-debugging-port: the same report as a launched browser (parties, cookies, initiator
// chains, workers and service workers); nothing left on the remote browser; a down endpoint
// exits 3 naming it; launch-only flags exit 2 naming the flag; a browser that dies mid-scan is
// reconnected to and the page in flight tried again.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { type RemoteChromium, startRemoteChromium } from "../helpers/remote-chromium.js";
import { runCli } from "../helpers/run-cli.js";

const GAZETTE = "https://www.daily-gazette.test";
let server: FixtureServer;
let remote: RemoteChromium;
let tmp: string;

beforeAll(async () => {
  server = await startFixtureServer();
  remote = await startRemoteChromium(server.hostRules);
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-remote-"));
});
afterAll(async () => {
  await remote?.stop();
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

/** What a scan must find the same in either browser. */
function essence(r: Report) {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    pages: r.scan.pages.map((p) => `${p.url} ${p.outcome}`),
    parties: uniq(r.parties.map((p) => p.domain)),
    cookies: uniq(r.cookies.map((c) => `${c.name}@${c.domain} ${c.setBy} by ${c.setByParty}`)),
    chains: uniq(
      r.requests.map(
        (q) =>
          `${new URL(q.url).host}${new URL(q.url).pathname} <- ${(q.initiators ?? []).join(" > ")}`,
      ),
    ),
  };
}

async function scanTo(name: string, args: string[]) {
  const out = path.join(tmp, `${name}.json`);
  const urls = [`${GAZETTE}/article.html`, `${GAZETTE}/live.html`];
  const r = await runCli([
    "scan",
    ...urls,
    "--format",
    "json",
    "-o",
    out,
    "--dwell",
    "500",
    ...args,
  ]);
  const report =
    r.code === 0 || r.code === 1 ? (JSON.parse(await readFile(out, "utf8")) as Report) : undefined;
  return { r, report };
}

describe("a scan in a remote browser", () => {
  it("finds what a launched browser finds, and leaves the remote browser as it was", async () => {
    const before = await remote.state();
    const local = await scanTo("local", ["--host-rules", server.hostRules, "--insecure"]);
    expect(local.report, local.r.stderr).toBeDefined();
    const far = await scanTo("remote", ["--browser-endpoint", remote.http]);
    expect(far.report, far.r.stderr).toBeDefined();
    expect(far.r.code).toBe(local.r.code);
    const a = essence(local.report as Report);
    const b = essence(far.report as Report);
    // The fixture pages have parties, cookies (a sync chain) and script-initiated requests.
    expect(a.parties.length).toBeGreaterThan(3);
    expect(a.cookies.length).toBeGreaterThan(1);
    expect(a.chains.some((c) => / <- \S/.test(c))).toBe(true);
    expect(b).toEqual(a);
    // Workers and the service worker were attached to in the remote browser too.
    const types = (rep: Report) => [...new Set(rep.requests.map((q) => q.type))].sort();
    expect(types(far.report as Report)).toEqual(types(local.report as Report));
    // Nothing of the scan is left: no context, no tab, no worker.
    expect(await remote.state()).toEqual(before);
  });

  it("with --session fresh too, each page's visitor context is gone afterwards", async () => {
    const before = await remote.state();
    const far = await scanTo("fresh", ["--browser-endpoint", remote.ws, "--session", "fresh"]);
    expect(far.report, far.r.stderr).toBeDefined();
    expect(far.report?.scan.pages.every((p) => p.outcome === "ok")).toBe(true);
    expect(await remote.state()).toEqual(before);
  });
});

describe("endpoints that do not answer, and flags a remote browser cannot take", () => {
  it("a down endpoint: exit 3, naming it", async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const r = await runCli(["scan", `${GAZETTE}/article.html`, "--browser-endpoint", endpoint]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`could not reach the browser at ${endpoint}`);
  });

  it.each([
    [["--host-rules", "MAP * 127.0.0.1"], "--host-rules"],
    [["--block-third-party-cookies"], "--block-third-party-cookies"],
    [["--signals", "gpc"], "--signals gpc"],
    [["--insecure"], "--insecure"],
  ])("%j with --browser-endpoint: exit 2 naming the flag", async (extra, flag) => {
    const r = await runCli([
      "scan",
      `${GAZETTE}/article.html`,
      "--browser-endpoint",
      remote.http,
      ...extra,
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${flag} cannot be used with --browser-endpoint`);
  });

  it("compare's default modes include dnt and gpc: refused, naming --modes", async () => {
    const r = await runCli([
      "compare",
      `${GAZETTE}/article.html`,
      "--browser-endpoint",
      remote.http,
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("--modes (dnt) cannot be used with --browser-endpoint");
  });
});

describe("a remote browser that goes away mid-scan", () => {
  it("the page in flight is tried again once the endpoint answers again; the report is written", async () => {
    const own = await startRemoteChromium(server.hostRules);
    const out = path.join(tmp, "reconnect.json");
    const since = server.received.length;
    const scan = runCli([
      "scan",
      "https://www.slow-tribune.example/",
      "--browser-endpoint",
      own.http,
      "--timeout",
      "4000",
      "--dwell",
      "200",
      "--format",
      "json",
      "-o",
      out,
    ]);
    // The page is loaded and waiting on its hanging poll: the browser dies under it.
    await server.waitForRequest((q) => q.path.startsWith("/live/poll"), { since });
    await own.kill();
    const again = await startRemoteChromium(server.hostRules, own.port);
    try {
      const r = await scan;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/remote browser went away; connecting again/);
      const report = JSON.parse(await readFile(out, "utf8")) as Report;
      expect(report.scan.pages).toHaveLength(1);
      expect(report.scan.pages[0]?.outcome).toBe("ok");
      expect(report.warnings.join("\n")).toMatch(/restarted 1 time/);
      expect((await again.state()).contexts).toEqual([]);
    } finally {
      await again.stop();
    }
  });

  it("when it never comes back: the page fails, the report is still written", async () => {
    const own = await startRemoteChromium(server.hostRules);
    const out = path.join(tmp, "gone.json");
    const since = server.received.length;
    const scan = runCli([
      "scan",
      "https://www.slow-tribune.example/",
      "--browser-endpoint",
      own.http,
      "--timeout",
      "4000",
      "--format",
      "json",
      "-o",
      out,
    ]);
    await server.waitForRequest((q) => q.path.startsWith("/live/poll"), { since });
    await own.kill();
    const r = await scan;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`could not reach the browser at ${own.http}`);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.scan.pages[0]).toMatchObject({ outcome: "failed" });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
