// The user agent and client hints of a normal desktop Chrome, derived from the real browser's
// version: headless Chromium announces "HeadlessChrome" and sites then serve fewer ads.
import type { CdpParams } from "./cdp-connection.js";

export interface UserAgentOverride {
  userAgent: string;
  acceptLanguage: string;
  platform: string;
  userAgentMetadata: CdpParams;
}

/**
 * @param product Browser.getVersion().product, e.g. "HeadlessChrome/156.0.8078.108"
 * @param browserUserAgent the browser's own user agent ("" when not known yet): its OS is kept
 */
export function normalUserAgent(product: string, browserUserAgent: string): UserAgentOverride {
  const full = /\/([\d.]+)/.exec(product)?.[1] ?? "0.0.0.0";
  const major = full.split(".")[0] ?? "0";
  const isMac = browserUserAgent
    ? /Macintosh/.test(browserUserAgent)
    : process.platform === "darwin";
  const os = isMac ? "Macintosh; Intel Mac OS X 10_15_7" : "X11; Linux x86_64";
  // Chrome's reduced user agent: only the major version, minor parts zeroed.
  const userAgent = `Mozilla/5.0 (${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
  const brands = (version: string) => [
    { brand: "Not)A;Brand", version: version === major ? "8" : "8.0.0.0" },
    { brand: "Chromium", version },
    { brand: "Google Chrome", version },
  ];
  return {
    userAgent,
    acceptLanguage: "en-US,en",
    platform: isMac ? "MacIntel" : "Linux x86_64",
    userAgentMetadata: {
      brands: brands(major),
      fullVersionList: brands(full),
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
