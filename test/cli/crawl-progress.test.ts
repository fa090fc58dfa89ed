// The crawl's progress display: a bar only on a TTY, never with --quiet or in CI; it counts done
// and known pages, failures and rogue parties (judged with the allowlist as each page completes).
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Streams } from "../../src/cli/output.js";
import { RogueCounter, startProgress, wantBar } from "../../src/cli/progress.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { CapturedPage, CapturedRequest } from "../../src/model/capture.js";

function streams(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  const stderr = Object.assign(new PassThrough(), { isTTY, columns: 160 });
  let text = "";
  stderr.on("data", (d) => {
    text += String(d);
  });
  const s: Streams = { stdout: new PassThrough(), stderr, env };
  return { s, text: () => text };
}

function request(url: string): CapturedRequest {
  return {
    id: url,
    url,
    method: "GET",
    resourceType: "Image",
    targetId: "t1",
    targetType: "page",
    initiator: { type: "parser" },
    redirects: [],
    requestHeaders: {},
    setCookies: [],
    bodyBytes: 0,
    startedMs: 1,
  };
}

function page(url: string, hosts: string[], outcome: CapturedPage["outcome"] = "ok"): CapturedPage {
  return {
    id: "p1",
    url,
    finalUrl: url,
    outcome,
    timedOut: false,
    startedAt: "2026-11-29T10:00:00.000Z",
    finishedAt: "2026-11-29T10:00:02.000Z",
    targets: [],
    frames: [],
    requests: [request(url), ...hosts.map((h) => request(`https://${h}/p.gif`))],
    scripts: [],
    cookieWrites: [],
    jar: [],
    storage: [],
  };
}

describe("when a bar is drawn", () => {
  it("only on a TTY, not with --quiet, not in CI", () => {
    expect(wantBar(streams(true).s, false)).toBe(true);
    expect(wantBar(streams(false).s, false)).toBe(false);
    expect(wantBar(streams(true).s, true)).toBe(false);
    expect(wantBar(streams(true, { CI: "true" }).s, false)).toBe(false);
    expect(wantBar(streams(true, { CI: "false" }).s, false)).toBe(true);
  });
});

describe("rogue parties so far", () => {
  it("counts distinct rogue parties with an allowlist, across pages", () => {
    const { allowlist } = parseAllowlist("authorized:\n  - good-vendor.example\n", "allow.yaml");
    const c = new RogueCounter("2026-11-29T10:00:00.000Z", allowlist, []);
    expect(c.label).toBe("rogue");
    expect(
      c.add(page("https://www.site.example/", ["px.good-vendor.example", "px.bad.example"])),
    ).toBe(1);
    expect(c.add(page("https://www.site.example/b", ["cdn.bad.example", "x.worse.example"]))).toBe(
      2,
    );
  });

  it("counts unlisted parties without one", () => {
    const c = new RogueCounter("2026-11-29T10:00:00.000Z", undefined, []);
    expect(c.label).toBe("unlisted");
    expect(c.add(page("https://www.site.example/", ["px.a.example", "static.site.example"]))).toBe(
      1,
    );
  });
});

describe("what the user sees", () => {
  it("a TTY gets a bar with pages, failures, rogue parties and rate", () => {
    const { s, text } = streams(true);
    const lines: string[] = [];
    const p = startProgress(s, (_l, m) => lines.push(m), {
      quiet: false,
      rogue: new RogueCounter("2026-11-29T10:00:00.000Z", undefined, []),
    });
    p.page(page("https://www.site.example/", ["px.a.example"]), {
      done: 1,
      failed: 0,
      queued: 3,
      inFlight: 1,
    });
    p.page(page("https://www.site.example/x", [], "failed"), {
      done: 2,
      failed: 1,
      queued: 2,
      inFlight: 1,
    });
    p.stop();
    expect(text()).toMatch(
      /crawling \[.*\] 2\/5 pages \| 1 failed \| 1 unlisted \| [\d.]+\/min \| ETA/,
    );
    expect(lines).toEqual([]); // no per-page lines under a bar
  });

  it("elsewhere one info line per page", () => {
    const { s, text } = streams(false);
    const lines: string[] = [];
    const p = startProgress(s, (l, m) => lines.push(`${l}: ${m}`), {
      quiet: false,
      rogue: new RogueCounter("2026-11-29T10:00:00.000Z", undefined, []),
    });
    p.page(page("https://www.site.example/", ["px.a.example"]), {
      done: 1,
      failed: 0,
      queued: 1,
      inFlight: 0,
    });
    p.stop();
    expect(text()).toBe("");
    expect(lines).toEqual(["info: ok: https://www.site.example/ — 2 requests [1 done, 1 to go]"]);
  });
});
