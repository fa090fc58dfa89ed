// The streamed capture: JSON Lines written page by page, read back by `skimscan report`'s loader in
// visiting order; a file cut short by a killed process still yields its pages, marked partial.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCapture } from "../../src/cli/capture-file.js";
import { CaptureFileWriter, type CaptureHeader } from "../../src/crawl/capture-stream.js";
import { ConfigError } from "../../src/errors.js";
import { uncapturedPage } from "../../src/model/capture.js";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-jsonl-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const header: CaptureHeader = {
  captureVersion: 1,
  tool: { name: "skimscan", version: "0.0.0" },
  startedAt: "2026-11-29T10:00:00.000Z",
  startUrls: ["https://www.site.example/"],
  browser: { version: "Chrome/156", userAgent: "UA" },
  options: {
    blockThirdPartyCookies: false,
    timeoutMs: 1000,
    dwellMs: 0,
    insecure: false,
    maxBodyBytes: 1,
  },
};

describe("JSON Lines capture", () => {
  it("round-trips, pages in the order they were handed out", async () => {
    const file = path.join(tmp, "sub", "c.jsonl");
    const w = new CaptureFileWriter(file);
    await w.header(header);
    // Finished out of order, as concurrent pages do.
    await w.page(uncapturedPage("p2", "https://www.site.example/b", "ok", "x"));
    await w.page(uncapturedPage("p10", "https://www.site.example/j", "failed", "boom"));
    await w.page(uncapturedPage("p1", "https://www.site.example/", "ok", "x"));
    await w.footer({ finishedAt: "2026-11-29T10:01:00.000Z", partial: false, warnings: ["w"] });
    const c = await loadCapture(file);
    expect(c.pages.map((p) => p.id)).toEqual(["p1", "p2", "p10"]);
    expect(c).toMatchObject({ partial: false, warnings: ["w"], startUrls: header.startUrls });
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(5);
  });

  it("reads a file cut short as partial, keeping its pages", async () => {
    const file = path.join(tmp, "cut.jsonl");
    const w = new CaptureFileWriter(file);
    await w.header(header);
    await w.page(uncapturedPage("p1", "https://www.site.example/", "ok", "x"));
    await w.footer({ finishedAt: "x", partial: false, warnings: [] });
    const text = await readFile(file, "utf8");
    await writeFile(file, text.split("\n").slice(0, 2).join("\n"));
    const c = await loadCapture(file);
    expect(c.partial).toBe(true);
    expect(c.pages).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/ends early/);
  });

  it("reads a file cut in the middle of a line: the complete pages before it, partial", async () => {
    const file = path.join(tmp, "cut-mid-line.jsonl");
    const w = new CaptureFileWriter(file);
    await w.header(header);
    await w.page(uncapturedPage("p1", "https://www.site.example/", "ok", "x"));
    await w.page(uncapturedPage("p2", "https://www.site.example/b", "ok", "x"));
    await w.footer({ finishedAt: "x", partial: false, warnings: [] });
    const lines = (await readFile(file, "utf8")).split("\n");
    // Killed while writing the third line: half of it, no newline.
    const third = lines[2] as string;
    await writeFile(file, `${lines.slice(0, 2).join("\n")}\n${third.slice(0, third.length / 2)}`);
    const c = await loadCapture(file);
    expect(c.partial).toBe(true);
    expect(c.pages.map((p) => p.id)).toEqual(["p1"]);
    expect(c.warnings.at(-1)).toMatch(/ends early .*line 3 is cut in the middle/);
  });

  it("an unwritable file is a rejected header, never an unhandled stream error", async () => {
    await writeFile(path.join(tmp, "plain-file"), "x");
    const w = new CaptureFileWriter(path.join(tmp, "plain-file", "c.jsonl"));
    await expect(w.header(header)).rejects.toThrow(/EEXIST|ENOTDIR/);
    const proc = new CaptureFileWriter("/proc/skimscan-capture.jsonl");
    await expect(proc.header(header)).rejects.toThrow(/ENOENT|EACCES|EROFS/);
  });

  it("names a damaged line", async () => {
    const file = path.join(tmp, "bad.jsonl");
    await writeFile(file, `${JSON.stringify({ type: "header", ...header })}\n{not json\n`);
    await expect(loadCapture(file)).rejects.toThrow(ConfigError);
    await expect(loadCapture(file)).rejects.toThrow(/line 2/);
    // Damage before the end is damage, whatever follows.
    const page = JSON.stringify({
      type: "page",
      page: uncapturedPage("p1", "https://a/", "ok", "x"),
    });
    await writeFile(file, `${JSON.stringify({ type: "header", ...header })}\n{not json\n${page}\n`);
    await expect(loadCapture(file)).rejects.toThrow(/line 2 is not JSON/);
  });
});
