// The user agent and client hints of a normal desktop Chromium, derived from the real browser's
// version: headless Chromium announces "HeadlessChrome" and sites then serve fewer ads. The
// brands follow Chromium's own GREASE algorithm, so they match what the browser sends by itself
// on requests no target override reaches (service worker scripts, unload beacons).
import type { Protocol } from "./cdp-connection.js";

export interface UserAgentOverride {
  userAgent: string;
  acceptLanguage: string;
  platform: string;
  userAgentMetadata: Protocol.Emulation.UserAgentMetadata;
}

const GREASE_CHARS = [" ", "(", ":", "-", ".", "/", ")", ";", "=", "?", "_"];
const GREASE_VERSIONS = ["8", "99", "24"];

/** Chromium's brand list for a major version (components/embedder_support/user_agent_utils.cc). */
export function chromiumBrands(
  major: number,
  version: string,
  full: boolean,
): Array<{ brand: string; version: string }> {
  const c = (i: number) => GREASE_CHARS[i % GREASE_CHARS.length] ?? " ";
  const greaseVersion = GREASE_VERSIONS[major % GREASE_VERSIONS.length] ?? "8";
  const grease = {
    brand: `Not${c(major)}A${c(major + 1)}Brand`,
    version: full ? `${greaseVersion}.0.0.0` : greaseVersion,
  };
  const chromium = { brand: "Chromium", version };
  // Two brands have two orders, picked by the major version.
  return major % 2 === 0 ? [grease, chromium] : [chromium, grease];
}

/**
 * @param product Browser.getVersion().product, e.g. "HeadlessChrome/156.0.8078.108"
 * @param browserUserAgent the browser's own user agent ("" when not known yet): its OS is kept
 */
export function normalUserAgent(product: string, browserUserAgent: string): UserAgentOverride {
  const full = /\/([\d.]+)/.exec(product)?.[1] ?? "0.0.0.0";
  const majorText = full.split(".")[0] ?? "0";
  const major = Number(majorText);
  const isMac = browserUserAgent
    ? /Macintosh/.test(browserUserAgent)
    : process.platform === "darwin";
  const os = isMac ? "Macintosh; Intel Mac OS X 10_15_7" : "X11; Linux x86_64";
  // Chrome's reduced user agent: only the major version, minor parts zeroed.
  const userAgent = `Mozilla/5.0 (${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${majorText}.0.0.0 Safari/537.36`;
  return {
    userAgent,
    acceptLanguage: "en-US,en",
    platform: isMac ? "MacIntel" : "Linux x86_64",
    userAgentMetadata: {
      brands: chromiumBrands(major, majorText, false),
      fullVersionList: chromiumBrands(major, full, true),
      fullVersion: full,
      platform: isMac ? "macOS" : "Linux",
      platformVersion: isMac ? "15.0.0" : "",
      architecture: isMac ? "arm" : "x86",
      model: "",
      mobile: false,
      bitness: "64",
      wow64: false,
    },
  };
}
