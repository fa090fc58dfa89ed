// Output paths are checked before any browser starts (exit 2 naming the flag and the path), and a
// write that still fails at the end is said while the others go on. Real files, real /proc.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOutputDir, checkOutputFile, writeOutput } from "../../src/cli/output-paths.js";
import { UsageError } from "../../src/errors.js";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-outpaths-"));
  await writeFile(path.join(tmp, "a-file"), "x");
  await mkdir(path.join(tmp, "a-dir"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function problem(check: Promise<void>): Promise<string> {
  try {
    await check;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  return "";
}

describe("checkOutputFile", () => {
  it("accepts a new file, in a folder still to be made, and an existing file", async () => {
    await checkOutputFile("-o", path.join(tmp, "r.json"));
    await checkOutputFile("-o", path.join(tmp, "new", "deeper", "r.json"));
    await checkOutputFile("-o", path.join(tmp, "a-file"));
    // The check leaves nothing behind.
    expect((await readdir(tmp)).sort()).toEqual(["a-dir", "a-file"]);
  });

  it("refuses a path under a file, naming the flag, the path and the file", async () => {
    const file = path.join(tmp, "a-file", "cap.jsonl");
    const m = await problem(checkOutputFile("--save-capture", file));
    expect(m).toContain(`--save-capture '${file}'`);
    expect(m).toContain(`${path.join(tmp, "a-file")} is a file`);
  });

  it("refuses /proc, which even root cannot write", async () => {
    const m = await problem(checkOutputFile("-o", "/proc/skimscan/r.json"));
    expect(m).toMatch(/-o '\/proc\/skimscan\/r\.json': \/proc is not writable/);
  });

  it("refuses a folder as the file", async () => {
    expect(await problem(checkOutputFile("-o", path.join(tmp, "a-dir")))).toMatch(/is a folder/);
  });
});

describe("checkOutputDir", () => {
  it("accepts a folder to be made, refuses one under a file or in /proc", async () => {
    await checkOutputDir("--reports-dir", path.join(tmp, "reports"));
    expect(await problem(checkOutputDir("--reports-dir", path.join(tmp, "a-file", "r")))).toMatch(
      /is a file/,
    );
    expect(await problem(checkOutputDir("--reports-dir", "/proc/reports"))).toMatch(/not writable/);
  });
});

describe("writeOutput", () => {
  it("writes, or says which output failed and returns false", async () => {
    const said: string[] = [];
    const log = (_level: string, m: string) => said.push(m);
    expect(await writeOutput(path.join(tmp, "w", "ok.txt"), "hi", "the text report", log)).toBe(
      true,
    );
    expect(await readFile(path.join(tmp, "w", "ok.txt"), "utf8")).toBe("hi");
    const bad = path.join(tmp, "a-file", "no.txt");
    expect(await writeOutput(bad, "hi", "the text report", log)).toBe(false);
    expect(said.at(-1)).toMatch(new RegExp(`could not write the text report to ${bad} \\(E`));
  });
});
