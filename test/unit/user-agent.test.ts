// normalUserAgent: a reduced Chrome user agent without "HeadlessChrome", and client-hint brands
// that follow Chromium's GREASE algorithm (checked against what Chromium 156 sends by itself).
import { describe, expect, it } from "vitest";
import { chromiumBrands, normalUserAgent } from "../../src/capture/user-agent.js";

describe("normalUserAgent", () => {
  it("turns HeadlessChrome into a reduced desktop Chrome user agent", () => {
    const ua = normalUserAgent(
      "HeadlessChrome/156.0.8078.108",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
    );
    expect(ua.userAgent).toBe(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    );
    expect(ua.userAgentMetadata).toMatchObject({
      platform: "Linux",
      mobile: false,
      fullVersion: "156.0.8078.108",
    });
  });

  it("keeps a Mac a Mac", () => {
    const ua = normalUserAgent(
      "Chrome/140.0.1.2",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) …",
    );
    expect(ua.userAgent).toContain("Macintosh");
    expect(ua.userAgentMetadata.platform).toBe("macOS");
  });
});

describe("chromiumBrands", () => {
  it("matches the sec-ch-ua Chromium 156 sends on its own", () => {
    const header = chromiumBrands(156, "156", false)
      .map((b) => `"${b.brand}";v="${b.version}"`)
      .join(", ");
    expect(header).toBe('"Not:A-Brand";v="8", "Chromium";v="156"');
  });

  it("varies the GREASE brand, its version and the order with the major version", () => {
    expect(chromiumBrands(157, "157", false)).toEqual([
      { brand: "Chromium", version: "157" },
      { brand: "Not-A.Brand", version: "99" },
    ]);
    expect(chromiumBrands(156, "156.0.8078.108", true)[0]).toEqual({
      brand: "Not:A-Brand",
      version: "8.0.0.0",
    });
  });
});
