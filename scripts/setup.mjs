#!/usr/bin/env node
// One-step set-up behind `npm test`, `npm run demo` and `npm run bench`: installs npm
// dependencies when missing or stale, builds, and installs Debian's Chromium when no browser is found.
// Uses only Node built-ins: it runs before anything else is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", process.stderr, process.stderr] });
  if (r.status !== 0) {
    log(`'${cmd} ${args.join(" ")}' failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
};

// 1. Dependencies: reinstall when the lock file changed since the last install.
const lock = path.join(root, "package-lock.json");
const stamp = path.join(root, "node_modules", ".skimscan-lock-hash");
const lockHash = createHash("sha256").update(readFileSync(lock)).digest("hex");
if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== lockHash) {
  log("installing npm dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(stamp, lockHash);
}

// 2. Build (tsc is incremental enough; a fresh clone has no dist/).
log("building…");
run("npx", ["tsc", "-p", "tsconfig.build.json"]);

// 3. A browser: the same search the scanner does at run time.
const { findBrowser } = await import(path.join(root, "dist/src/crawl/find-browser.js"));
let found = findBrowser({});
if (!found.path) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    log(`no Chromium or Chrome found (looked in: ${found.tried.join(", ")}).`);
    log("Install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH.");
    process.exit(1);
  }
  log("no browser found: installing Debian's chromium (apt-get)…");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"]);
  found = findBrowser({});
  if (!found.path) {
    log("chromium was installed but not found; set CHROME_PATH to its executable.");
    process.exit(1);
  }
}
let version = "";
try {
  // The Debian wrapper script chatters on stderr; only the version line matters.
  version = execFileSync(found.path, ["--version"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
} catch {}
log(`browser: ${found.path} ${version}`);

// 4. Services the tests start on their own (queue: redis-server; collect: PostgreSQL). Installed
//    from Debian when missing; nothing is started here.
const hasPostgres = () =>
  existsSync("/usr/lib/postgresql") &&
  spawnSync("sh", ["-c", "ls /usr/lib/postgresql/*/bin/initdb"], { stdio: "ignore" }).status === 0;
const missing = [
  ...(spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0
    ? []
    : ["redis-server"]),
  ...(hasPostgres() ? [] : ["postgresql"]),
];
if (missing.length > 0) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    log(`installing ${missing.join(", ")} (apt-get)…`);
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", ...missing]);
  } else {
    log(`missing ${missing.join(", ")}: the queue and collect tests need them (apt-get install).`);
  }
}
