// findBrowser: the search order of --chrome-path in the README, checked against real temporary files.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/crawl/find-browser.js";

let dir: string;
let fakeChrome: string;
let otherChrome: string;
let emptyHome: string;

function exe(p: string): string {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, "#!/bin/sh\n");
  chmodSync(p, 0o755);
  return p;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-find-browser-"));
  fakeChrome = exe(path.join(dir, "bin", "chrome"));
  otherChrome = exe(path.join(dir, "bin", "other-chrome"));
  emptyHome = path.join(dir, "home-empty");
  mkdirSync(emptyHome);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("findBrowser", () => {
  it("uses an existing --chrome-path first, over the environment", () => {
    const r = findBrowser({ chromePath: fakeChrome, env: { CHROME_PATH: otherChrome } });
    expect(r.path).toBe(fakeChrome);
    expect(r.tried).toEqual([fakeChrome]);
  });

  it("reports a missing --chrome-path without falling back to anything else", () => {
    const missing = path.join(dir, "nope", "chrome");
    const r = findBrowser({ chromePath: missing, env: { CHROME_PATH: otherChrome } });
    expect(r.path).toBeUndefined();
    expect(r.tried).toEqual([missing]);
  });

  it("prefers PUPPETEER_EXECUTABLE_PATH over CHROME_PATH", () => {
    const r = findBrowser({
      env: { PUPPETEER_EXECUTABLE_PATH: fakeChrome, CHROME_PATH: otherChrome },
    });
    expect(r.path).toBe(fakeChrome);
  });

  it("skips a CHROME_PATH that does not exist and lists it as tried", () => {
    const missing = path.join(dir, "missing-chrome");
    const r = findBrowser({ env: { CHROME_PATH: missing }, home: emptyHome });
    expect(r.tried[0]).toBe(missing);
    expect(r.path).not.toBe(missing);
    expect(r.tried).toContain("/usr/bin/chromium");
  });

  it("rejects a directory given as the browser", () => {
    const r = findBrowser({ chromePath: dir });
    expect(r.path).toBeUndefined();
  });

  it("falls back to puppeteer's cache, newest build first, after the system paths", () => {
    const home = path.join(dir, "home-cache");
    const base = path.join(home, ".cache", "puppeteer", "chrome");
    exe(path.join(base, "linux-9.0.1", "chrome-linux64", "chrome"));
    const newest = exe(path.join(base, "linux-148.0.7778.0", "chrome-linux64", "chrome"));
    const system = [path.join(dir, "no-system-chrome")];
    const r = findBrowser({ env: {}, home, systemPaths: system });
    expect(r.path).toBe(newest);
    expect(r.tried).toEqual([system[0], newest]);
  });

  it("lists every place it looked when nothing is found", () => {
    const system = [path.join(dir, "a"), path.join(dir, "b")];
    const r = findBrowser({
      env: { CHROME_PATH: path.join(dir, "c") },
      home: emptyHome,
      systemPaths: system,
    });
    expect(r.path).toBeUndefined();
    expect(r.tried.slice(0, 3)).toEqual([path.join(dir, "c"), ...system]);
    expect(r.tried[3]).toContain(path.join(".cache", "puppeteer", "chrome"));
  });

  it("finds this machine's Debian Chromium with no options", () => {
    const r = findBrowser({ env: {} });
    expect(r.path).toBe("/usr/bin/chromium");
  });
});
