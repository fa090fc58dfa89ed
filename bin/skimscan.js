#!/usr/bin/env node
// Entry point: loads the built CLI (run `npm run setup` or `npm run build` first in a checkout).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    "skimscan is not built: run `npm run setup` (or `npm run build`) in its folder.\n",
  );
  process.exitCode = 2;
} else {
  const { runCli } = await import(main.href);
  process.exitCode = await runCli(process.argv.slice(2));
}
