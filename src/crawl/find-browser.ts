// Finds a Chrome or Chromium executable in the order the README gives for --chrome-path (and
// docs/ARCHITECTURE.md, "Launch"). Imports only Node built-ins: scripts/setup.mjs loads it from
// dist/ before anything else is installed.
import { readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface FindBrowserOptions {
  /** An explicit --chrome-path: when given it is the only candidate, so a typo is never masked. */
  chromePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Home directory for puppeteer's cache (tests point it at a temp dir). */
  home?: string;
  /** Overrides the system install locations (tests use it to reach the cache fallback). */
  systemPaths?: string[];
}

export interface FoundBrowser {
  path?: string;
  /** Every candidate looked at, in order, for the "no browser found" message. */
  tried: string[];
}

const SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Puppeteer's cache: ~/.cache/puppeteer/chrome/<platform>-<version>/chrome-linux64/chrome, newest first. */
function puppeteerCacheCandidates(home: string): string[] {
  const base = path.join(home, ".cache", "puppeteer", "chrome");
  let builds: string[];
  try {
    builds = readdirSync(base);
  } catch {
    return [path.join(base, "*", "chrome-linux64", "chrome")];
  }
  const byVersion = (a: string, b: string) =>
    b.localeCompare(a, undefined, { numeric: true, sensitivity: "base" });
  return builds.sort(byVersion).map((b) => path.join(base, b, "chrome-linux64", "chrome"));
}

export function findBrowser(opts: FindBrowserOptions = {}): FoundBrowser {
  const tried: string[] = [];
  if (opts.chromePath) {
    const p = path.resolve(opts.chromePath);
    tried.push(p);
    return isFile(p) ? { path: p, tried } : { tried };
  }
  const env = opts.env ?? process.env;
  const candidates = [
    env.PUPPETEER_EXECUTABLE_PATH,
    env.CHROME_PATH,
    ...(opts.systemPaths ?? SYSTEM_PATHS),
    ...puppeteerCacheCandidates(opts.home ?? os.homedir()),
  ].filter((c): c is string => typeof c === "string" && c.length > 0);
  for (const c of candidates) {
    tried.push(c);
    if (isFile(c)) return { path: c, tried };
  }
  return { tried };
}
