// `skimscan analyze` as a real child process: exit codes of the contract, stdout the report only,
// a bad HAR a clear exit 2, and a 10,000-entry HAR larger than the process's heap read in seconds.
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

let tmp: string;
const T0 = Date.parse("2026-12-01T10:00:00.000Z");

function entry(i: number, pad: string): Record<string, unknown> {
  const url =
    i === 0 ? "https://www.pub.example/" : `https://px${i % 40}.vendor${i % 20}.example/p?i=${i}`;
  return {
    pageref: "page_1",
    startedDateTime: new Date(T0 + i).toISOString(),
    time: 5,
    request: {
      method: "GET",
      url,
      headers: [],
      cookies: [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      headers: [
        { name: "Set-Cookie", value: `c${i % 30}=v; Max-Age=99999999; SameSite=None; Secure` },
      ],
      cookies: [],
      content: { size: pad.length, mimeType: i === 0 ? "text/html" : "text/plain", text: pad },
      redirectURL: "",
      headersSize: -1,
      bodySize: pad.length,
    },
    _resourceType: i === 0 ? "document" : "xhr",
    _initiator: { type: "parser", url: "https://www.pub.example/" },
  };
}

async function writeHar(file: string, count: number, padBytes: number): Promise<void> {
  const w = createWriteStream(file);
  const pad = "x".repeat(padBytes);
  w.write(
    '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"id":"page_1","startedDateTime":"2026-12-01T10:00:00.000Z","title":"https://www.pub.example/"}],"entries":[',
  );
  for (let i = 0; i < count; i++) {
    if (!w.write((i ? "," : "") + JSON.stringify(entry(i, pad))))
      await new Promise<void>((r) => w.once("drain", () => r()));
  }
  await new Promise<void>((r) => w.end("]}}", () => r()));
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-analyze-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("skimscan analyze", () => {
  it("judges a HAR with an allowlist: exit 1 for a rogue party, the JSON report on stdout", async () => {
    const har = path.join(tmp, "small.har");
    await writeHar(har, 3, 10);
    const allow = path.join(tmp, "allow.yaml");
    await writeFile(allow, "authorized:\n  - vendor1.example\n");
    const r = await runCli(["analyze", har, "--allowlist", allow, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.parties.map((p) => `${p.domain}:${p.status}`).sort()).toEqual([
      "vendor1.example:authorized",
      "vendor2.example:rogue",
    ]);
    expect(report.scan.source?.kind).toBe("har");
    expect(r.stderr).toMatch(/read 1 HAR file\(s\): 1 page\(s\), 3 request\(s\)/);
    const ok = await runCli([
      "analyze",
      har,
      "--first-party",
      "vendor1.example",
      "--first-party",
      "vendor2.example",
      "--allowlist",
      allow,
      "--format",
      "text",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/HAR/);
  });

  it.each([
    ["not JSON", "<!doctype html><p>saved the page, not the HAR", /is not valid JSON/],
    ["not a HAR", '{"captureVersion":2,"pages":[]}', /is JSON but not a HAR/],
    [
      "truncated",
      '{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-12-01T10:00:00Z","request":{"url":"https://a.exa',
      /cut short|not valid JSON/,
    ],
    [
      "without entries",
      '{"log":{"version":"1.2","creator":{"name":"x"},"entries":[]}}',
      /without entries/,
    ],
  ])("a HAR %s: exit 2 naming the file, nothing on stdout", async (_name, content, msg) => {
    const f = path.join(tmp, `bad-${_name.replace(/\W/g, "")}.har`);
    await writeFile(f, content);
    const r = await runCli(["analyze", f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(f);
    expect(r.stderr).toMatch(msg);
  });

  it("a missing file is exit 2; no file at all is a usage error", async () => {
    const r = await runCli(["analyze", path.join(tmp, "nope.har")]);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/cannot read the HAR \(ENOENT\)/),
    ]);
    expect((await runCli(["analyze"])).code).toBe(2);
  });

  it("reads a 10,000-entry, 60 MB HAR within a 96 MB heap, in seconds", async () => {
    const har = path.join(tmp, "big.har");
    await writeHar(har, 10_000, 6000);
    const out = path.join(tmp, "big.json");
    const t0 = Date.now();
    const r = await runCli(["analyze", har, "--format", "json", "-o", out], {
      env: { NODE_OPTIONS: "--max-old-space-size=96" },
      timeoutMs: 120_000,
    });
    const seconds = (Date.now() - t0) / 1000;
    expect(r.stderr).not.toMatch(/heap|internal error/i);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.summary.requests).toBe(10_000);
    expect(report.parties).toHaveLength(20);
    expect(seconds).toBeLessThan(60);
  }, 150_000);
});
