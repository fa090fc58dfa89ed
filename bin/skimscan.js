#!/usr/bin/env node
// Entry point: loads the built CLI (run `npm run setup` or `npm run build` first in a checkout).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = new URL("../dist/src/cli/", import.meta.url);
if (!existsSync(fileURLToPath(new URL("main.js", dist)))) {
  process.stderr.write(
    "skimscan is not built: run `npm run setup` (or `npm run build`) in its folder.\n",
  );
  process.exitCode = 2;
} else {
  const { guardProcess } = await import(new URL("internal-errors.js", dist).href);
  const guard = guardProcess();
  const { runCli } = await import(new URL("main.js", dist).href);
  process.exitCode = guard.exitCode(await runCli(process.argv.slice(2)));
}
