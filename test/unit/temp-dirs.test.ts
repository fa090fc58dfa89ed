// skimscan's temp folders carry its pid; the next run removes those of runs that are gone and
// older than a day, and nothing else (a live run's folders, other programs' folders, files).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  isStaleTempDir,
  makeTempDir,
  removeStaleTempDirs,
  tempDirPrefix,
} from "../../src/crawl/temp-dirs.js";

const DAY = 24 * 3600 * 1000;
let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("skimscan temp folders", () => {
  it("are named after skimscan, this process and their kind", () => {
    root = mkdtempSync(path.join(os.tmpdir(), "temp-dirs-test-"));
    expect(tempDirPrefix("profile", 42)).toBe("skimscan-42-profile-");
    const dir = makeTempDir("capture", root);
    expect(path.basename(dir)).toMatch(new RegExp(`^skimscan-${process.pid}-capture-\\w{6}$`));
  });

  it("a folder is stale when ours, older than a day, and its process gone", () => {
    const rules = { maxAgeMs: DAY, now: 10 * DAY, isAlive: (pid: number) => pid === 7 };
    const old = 8 * DAY;
    expect(isStaleTempDir("skimscan-9-profile-abc", old, rules)).toBe(true);
    expect(isStaleTempDir("skimscan-profile-abc", old, rules)).toBe(true); // pid-less, older version
    expect(isStaleTempDir("skimscan-7-profile-abc", old, rules)).toBe(false); // still running
    expect(isStaleTempDir(`skimscan-${process.pid}-capture-a`, old, rules)).toBe(false); // us
    expect(isStaleTempDir("skimscan-9-profile-abc", 9.5 * DAY, rules)).toBe(false); // recent
    expect(isStaleTempDir("skimscan-bench-abc", old, rules)).toBe(false); // not a kind we make
    expect(isStaleTempDir("other-9-profile-abc", old, rules)).toBe(false);
  });

  it("removes the stale folders of dead runs, and only those", () => {
    root = mkdtempSync(path.join(os.tmpdir(), "temp-dirs-test-"));
    const make = (name: string, ageMs: number, file = false) => {
      const p = path.join(root as string, name);
      if (file) writeFileSync(p, "x");
      else {
        mkdirSync(p);
        writeFileSync(path.join(p, "Preferences"), "{}");
      }
      const t = (Date.now() - ageMs) / 1000;
      utimesSync(p, t, t);
    };
    make("skimscan-999999-profile-old", 2 * DAY);
    make("skimscan-999998-capture-old", 3 * DAY);
    make("skimscan-999997-profile-new", 3600 * 1000);
    make(`skimscan-${process.pid}-profile-mine`, 2 * DAY);
    make("skimscan-999996-profile-afile", 2 * DAY, true);
    make("someone-else", 5 * DAY);
    const removed = removeStaleTempDirs({ root, isAlive: () => false });
    expect(removed.map((p) => path.basename(p)).sort()).toEqual([
      "skimscan-999998-capture-old",
      "skimscan-999999-profile-old",
    ]);
    expect(readdirSync(root).sort()).toEqual(
      [
        "skimscan-999996-profile-afile",
        "skimscan-999997-profile-new",
        `skimscan-${process.pid}-profile-mine`,
        "someone-else",
      ].sort(),
    );
  });
});
