// The pure behaviour classifiers: probe families and their thresholds, payload shapes.
import { describe, expect, it } from "vitest";
import { isCanvasProbe, partyProbes, probeFamilies } from "../../src/analyze/behaviour/probes.js";
import { payloadShape, streamShapes } from "../../src/analyze/behaviour/recording-shape.js";
import { FONT_PROBE_MIN, NAVIGATOR_BREADTH_MIN } from "../../src/analyze/behaviour/thresholds.js";
import type { BehaviourRecord } from "../../src/model/capture.js";

const rec = (
  api: string,
  family: BehaviourRecord["family"],
  more: Partial<BehaviourRecord> = {},
): BehaviourRecord => ({
  api,
  family,
  script: "https://cdn.vendor.example/v.js",
  count: 1,
  targetId: "T",
  ms: 10,
  ...more,
});
const canvasRead = (detail: BehaviourRecord["detail"]) =>
  rec("HTMLCanvasElement.toDataURL", "canvas", { detail });
const NAV = [
  "hardwareConcurrency",
  "deviceMemory",
  "plugins",
  "languages",
  "platform",
  "maxTouchPoints",
  "vendor",
];

describe("canvas probes", () => {
  it("a drawn canvas read back is a probe; an icon, a copied image or a draw without read is not", () => {
    expect(isCanvasProbe(canvasRead({ width: 240, height: 60, text: true, shapes: true }))).toBe(
      true,
    );
    expect(
      isCanvasProbe(
        canvasRead({ width: 220, height: 30, text: false, shapes: false, image: false }),
      ),
    ).toBe(true);
    expect(isCanvasProbe(canvasRead({ width: 8, height: 8, text: true }))).toBe(false);
    expect(
      isCanvasProbe(
        canvasRead({ width: 400, height: 300, image: true, text: false, shapes: false }),
      ),
    ).toBe(false);
    expect(isCanvasProbe(rec("CanvasRenderingContext2D.fillText", "canvas"))).toBe(false);
  });
});

describe("probe families", () => {
  it("navigator breadth needs NAVIGATOR_BREADTH_MIN distinct properties; one language read is nothing", () => {
    const few = NAV.slice(0, NAVIGATOR_BREADTH_MIN - 1).map((k) =>
      rec(`Navigator.${k}`, "navigator"),
    );
    expect(probeFamilies(few).families).toEqual([]);
    const enough = NAV.slice(0, NAVIGATOR_BREADTH_MIN).map((k) =>
      rec(`Navigator.${k}`, "navigator"),
    );
    expect(probeFamilies(enough).families).toEqual(["navigator"]);
    expect(probeFamilies([rec("Navigator.language", "navigator")]).families).toEqual([]);
  });

  it("fonts need FONT_PROBE_MIN distinct fonts measured; a chart's measureText calls are not a probe", () => {
    expect(
      probeFamilies([rec("HTMLElement.offsetWidth", "fonts", { count: FONT_PROBE_MIN })]).families,
    ).toEqual(["fonts"]);
    expect(
      probeFamilies([rec("HTMLElement.offsetWidth", "fonts", { count: FONT_PROBE_MIN - 1 })])
        .families,
    ).toEqual([]);
    expect(
      probeFamilies([
        rec("CanvasRenderingContext2D.measureText", "fonts", { count: 500 }),
        rec("CanvasRenderingContext2D.font", "fonts"),
      ]).families,
    ).toEqual([]);
  });

  it("WebGL is the unmasked renderer or its extension, not every getParameter; audio needs an oscillator", () => {
    expect(
      probeFamilies([
        rec("WebGLRenderingContext.getParameter", "webgl", {
          detail: { param: "UNMASKED_RENDERER_WEBGL" },
        }),
      ]).families,
    ).toEqual(["webgl"]);
    expect(probeFamilies([rec("WebGLRenderingContext.readPixels", "webgl")]).families).toEqual([]);
    expect(
      probeFamilies([
        rec("OfflineAudioContext.startRendering", "audio", {
          detail: { oscillator: true, compressor: true },
        }),
      ]).families,
    ).toEqual(["audio"]);
    expect(
      probeFamilies([
        rec("OfflineAudioContext.startRendering", "audio", { detail: { oscillator: false } }),
      ]).families,
    ).toEqual([]);
  });

  it("groups by the calling script's party; inline code of the page has none", () => {
    const records = [
      canvasRead({ width: 100, height: 50, text: true }),
      rec("WebGLRenderingContext.getExtension", "webgl", {
        script: "https://other.example/x.js",
        detail: { name: "WEBGL_debug_renderer_info" },
      }),
      rec("WebGLRenderingContext.getExtension", "webgl", {
        script: "",
        detail: { name: "WEBGL_debug_renderer_info" },
      }),
    ];
    expect(partyProbes(records).map((p) => [p.party, p.families])).toEqual([
      ["other.example", ["webgl"]],
      ["vendor.example", ["canvas"]],
    ]);
  });
});

describe("payload shapes", () => {
  const rrweb = [
    { type: 4, timestamp: 1, data: { href: "https://x/", width: 1, height: 1 } },
    { type: 2, timestamp: 2, data: { node: { type: 0, childNodes: [] } } },
  ];

  it("rrweb streams, wrapped or bare", () => {
    expect(payloadShape(JSON.stringify(rrweb))).toBe("rrweb");
    expect(payloadShape(JSON.stringify({ session: "s", events: rrweb }))).toBe("rrweb");
  });

  it("node trees and page markup are DOM snapshots; a short HTML snippet is not", () => {
    expect(payloadShape(JSON.stringify({ dom: { tagName: "html", childNodes: [] } }))).toBe(
      "dom-snapshot",
    );
    const page = `<html><head><title>t</title></head><body>${"<div><p>An article paragraph.</p></div>".repeat(8)}</body></html>`;
    expect(payloadShape(JSON.stringify({ k: "snap", html: page }))).toBe("dom-snapshot");
    expect(payloadShape(JSON.stringify({ msg: "<b>hello</b>" }))).toBeUndefined();
  });

  it("interaction events: a batch, or a stream of single ones; an analytics event is neither", () => {
    const moves = Array.from({ length: 5 }, (_, i) => ({ t: i, x: i, y: i }));
    expect(payloadShape(JSON.stringify({ e: moves }))).toBe("events");
    expect(streamShapes(moves.map((m) => JSON.stringify(m)))).toEqual(["events"]);
    expect(streamShapes(moves.slice(0, 4).map((m) => JSON.stringify(m)))).toEqual([]);
    expect(
      payloadShape(
        JSON.stringify({ event: "page_view", device_id: "abc", screen: { x: 1, y: 2 } }),
      ),
    ).toBeUndefined();
  });
});
