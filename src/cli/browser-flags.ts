// The browser flags every capturing command shares (scan, demo, init, compare), declared and
// parsed once; the network flags (--host-rules, --insecure) of the commands that load real sites.
import type { Command } from "commander";
import { parseDuration } from "./parse-values.js";

/** Request bodies are kept up to this size for the leak analysis. */
export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_TIMEOUT_MS = "30000";
export const DEFAULT_DWELL_MS = "2000";

export interface BrowserFlags {
  chromePath?: string;
  blockThirdPartyCookies?: boolean;
  timeout: string;
  dwell: string;
}

export interface NetworkFlags {
  hostRules?: string;
  insecure?: boolean;
}

export interface SaveCaptureFlags {
  saveCapture?: string;
}

export function withBrowserFlags(cmd: Command): Command {
  return cmd
    .option(
      "--chrome-path <path>",
      "browser executable (default: $CHROME_PATH, then the usual places)",
    )
    .option("--block-third-party-cookies", "visit as a browser that blocks third-party cookies")
    .option("--timeout <ms>", "hard time limit per page", DEFAULT_TIMEOUT_MS)
    .option(
      "--dwell <ms>",
      "extra wait after the network is quiet, for late tags",
      DEFAULT_DWELL_MS,
    );
}

export function withNetworkFlags(cmd: Command): Command {
  return cmd
    .option("--host-rules <rules>", 'Chromium host-resolver rules, e.g. "MAP * 127.0.0.1:8443"')
    .option("--insecure", "accept invalid TLS certificates");
}

/** Not on compare: its modes are several captures, each kept with --reports-dir's reports. */
export function withSaveCaptureFlag(cmd: Command): Command {
  return cmd.option(
    "--save-capture <file>",
    "write the raw capture, replayable with `skimscan report`",
  );
}

export function browserSettings(flags: BrowserFlags & SaveCaptureFlags) {
  return {
    chromePath: flags.chromePath,
    blockThirdPartyCookies: flags.blockThirdPartyCookies === true,
    timeoutMs: parseDuration("--timeout", flags.timeout, { min: 1000 }),
    dwellMs: parseDuration("--dwell", flags.dwell),
    ...(flags.saveCapture !== undefined ? { saveCapture: flags.saveCapture } : {}),
    maxBodyBytes: MAX_BODY_BYTES,
  };
}

export function networkSettings(flags: NetworkFlags) {
  return {
    ...(flags.hostRules !== undefined ? { hostRules: flags.hostRules } : {}),
    insecure: flags.insecure === true,
  };
}
