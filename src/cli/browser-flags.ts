// The browser flags every capturing command shares (scan, demo, init, compare), parsed once.
import { parseDuration } from "./parse-values.js";

/** Request bodies are kept up to this size for the leak analysis. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface BrowserFlags {
  chromePath?: string;
  blockThirdPartyCookies?: boolean;
  timeout: string;
  dwell: string;
  saveCapture?: string;
}

export function browserSettings(flags: BrowserFlags) {
  return {
    chromePath: flags.chromePath,
    blockThirdPartyCookies: flags.blockThirdPartyCookies === true,
    timeoutMs: parseDuration("--timeout", flags.timeout, { min: 1000 }),
    dwellMs: parseDuration("--dwell", flags.dwell),
    saveCapture: flags.saveCapture,
    maxBodyBytes: MAX_BODY_BYTES,
  };
}
