import { describe, expect, it } from "vitest";
import { isPixel, requestKind } from "../../src/analyze/request-kind.js";
import type { CapturedRequest } from "../../src/model/capture.js";
import { makeRequest } from "./helpers/capture-builder.js";

function image(over: Partial<CapturedRequest>): CapturedRequest {
  return makeRequest("i", "https://px.vendor.example/p", {
    resourceType: "Image",
    mimeType: "image/gif",
    ...over,
  });
}

describe("pixels", () => {
  it.each([
    ["1×1 gif", { image: { width: 1, height: 1 }, bodyBytes: 43 }, true],
    ["2×2 png", { image: { width: 2, height: 2 }, bodyBytes: 300 }, true],
    ["3×1 image", { image: { width: 3, height: 1 }, bodyBytes: 60 }, false],
    ["16×16 icon, even a tiny one", { image: { width: 16, height: 16 }, bodyBytes: 90 }, false],
    ["no decode, under 100 bytes", { bodyBytes: 99 }, true],
    ["no decode, 100 bytes", { bodyBytes: 100 }, false],
    ["204 No Content", { status: 204, bodyBytes: 0, mimeType: undefined }, true],
    ["empty 200", { bodyBytes: 0 }, true],
    ["404 small body", { status: 404, bodyBytes: 20 }, false],
    [
      "no response at all",
      { status: undefined, bodyBytes: 0, failure: "net::ERR_CONNECTION_REFUSED" },
      false,
    ],
  ])("%s → %s", (_name, over, pixel) => {
    expect(isPixel(image(over as Partial<CapturedRequest>))).toBe(pixel);
  });

  it("an Other GET answered with a tiny image is a pixel, a tiny script is not", () => {
    expect(isPixel(image({ resourceType: "Other", bodyBytes: 35 }))).toBe(true);
    expect(
      isPixel(image({ resourceType: "Other", mimeType: "text/javascript", bodyBytes: 35 })),
    ).toBe(false);
    expect(isPixel(image({ resourceType: "Script", bodyBytes: 35 }))).toBe(false);
  });

  it("a first-party spacer is kind other, the same gif from a third party is a pixel", () => {
    const spacer = image({ image: { width: 1, height: 1 }, bodyBytes: 43 });
    expect(requestKind(spacer, false, false)).toBe("other");
    expect(requestKind(spacer, true, false)).toBe("pixel");
  });
});

describe("requestKind", () => {
  it.each([
    ["top document", { resourceType: "Document" }, true, "document"],
    ["subframe document", { resourceType: "Document" }, false, "iframe"],
    ["script", { resourceType: "Script" }, false, "script"],
    ["xhr", { resourceType: "XHR" }, false, "xhr"],
    ["fetch", { resourceType: "Fetch" }, false, "fetch"],
    ["keepalive fetch", { resourceType: "Fetch", beacon: "keepalive" }, false, "beacon"],
    ["sendBeacon", { resourceType: "Ping", beacon: "sendBeacon" }, false, "beacon"],
    ["<a ping>", { resourceType: "Ping" }, false, "beacon"],
    ["websocket", { resourceType: "WebSocket" }, false, "websocket"],
    ["stylesheet", { resourceType: "Stylesheet" }, false, "other"],
    ["big image", { resourceType: "Image", image: { width: 300, height: 250 } }, false, "other"],
  ])("%s → %s", (_name, over, main, kind) => {
    expect(
      requestKind(
        makeRequest("r", "https://x.vendor.example/", over as Partial<CapturedRequest>),
        true,
        main,
      ),
    ).toBe(kind);
  });
});
