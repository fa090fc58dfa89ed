// `skimscan demo`: serve the bundled demo publisher on loopback and scan it like a real site,
// judged by its own allowlist. Exits 0 when the scan worked, whatever it found.
import { readFileSync } from "node:fs";
import path from "node:path";
import { EXIT } from "../errors.js";
import { startFixtureServer } from "../fixture-internet/server.js";
import { FIXTURES_DIR } from "../package-info.js";
import type { Logger, Streams } from "./output.js";
import { runScan, type ScanSettings } from "./scan-command.js";

/** The demo's pages and allowlist come from its ground-truth file, which tests also check. */
const groundTruth = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, "demo-ground-truth.json"), "utf8"),
) as { pages: string[]; allowlist: string };
export const DEMO_PAGES = groundTruth.pages;
export const DEMO_ALLOWLIST = path.join(FIXTURES_DIR, groundTruth.allowlist);

export type DemoSettings = Omit<ScanSettings, "urls" | "hostRules" | "insecure" | "allowlistFile">;

export async function runDemo(
  settings: DemoSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const server = await startFixtureServer();
  log("info", `demo: serving the bundled sites on 127.0.0.1:${server.port}`);
  try {
    const code = await runScan(
      {
        ...settings,
        urls: DEMO_PAGES,
        hostRules: server.hostRules,
        insecure: true,
        allowlistFile: DEMO_ALLOWLIST,
      },
      streams,
      log,
    );
    return code === EXIT.policyViolated ? EXIT.ok : code;
  } finally {
    await server.close();
  }
}
