// The behaviour checks replayed from a saved real-Chromium capture of the gadget-mart fixture site
// (FingerprintJS 3.4.2, rrweb's recorder, a WebSocket recorder in no known format, a keylogger,
// a clean-prototype prober; a chart, a canvas editor, a language widget and the site's own stats
// as negatives), scanned with --identity email=jane.doe@example.com.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import type { Capture } from "../../src/model/capture.js";
import type { Finding } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const capture = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "test/fixtures/captures/gadget-mart.capture.json"), "utf8"),
) as Capture;
const SITE = "https://www.gadget-mart.example";
const withIdentity = buildReport(capture, {
  leaks: { identity: { email: "jane.doe@example.com" } },
});
const without = buildReport(capture, {});
// biome-ignore lint/suspicious/noExplicitAny: evidence of several codes is read field by field.
const find = (fs: Finding[], code: string): any[] => fs.filter((f) => f.code === code);
const parties = (fs: Finding[]) => fs.map((f) => f.party).sort();

describe("fingerprinting", () => {
  const found = find(withIdentity.findings, "fingerprinting");

  it("names fpvendor and sneakyprobe, and nobody else (no chart, editor, widget or site stats)", () => {
    expect(parties(found)).toEqual(["fpvendor.example", "sneakyprobe.example"]);
  });

  it("fpvendor is high: the same visitor id, stored nowhere, left from two visitor contexts", () => {
    const f = found.find((x) => x.party === "fpvendor.example");
    expect(f?.severity).toBe("high");
    expect(f?.evidence.families).toEqual(["canvas", "webgl", "audio", "fonts", "navigator"]);
    expect(f?.evidence.survivesWithoutCookies).toMatchObject({
      url: "https://api.fpvendor.example/v1/identify",
      key: "visitorId",
      pages: [`${SITE}/`, `${SITE}/index.html`],
    });
    expect(f?.evidence.loadedBy).toContainEqual([
      `${SITE}/`,
      "https://cdn.fpvendor.example/agent.js?key=gm-2231",
      "https://cdn.fpvendor.example/v3/fp.min.js",
    ]);
  });

  it("sneakyprobe is medium (one page): canvas through a clean iframe prototype, WebGL, audio", () => {
    const f = found.find((x) => x.party === "sneakyprobe.example");
    expect(f?.severity).toBe("medium");
    expect(f?.evidence.families).toEqual(["canvas", "webgl", "audio"]);
    expect(f?.evidence.sentIn).toMatchObject({ location: "query", key: "h" });
  });
});

describe("session-recording", () => {
  const found = find(withIdentity.findings, "session-recording");

  it("names the rrweb recorder by its stream and the unknown WebSocket recorder by behaviour", () => {
    expect(parties(found)).toEqual(["mirrorcast.example", "replayco.example"]);
    expect(found.find((f) => f.party === "replayco.example")?.evidence).toMatchObject({
      format: "rrweb",
      observes: "document",
      transports: ["fetch"],
      typedTextSent: true,
    });
    expect(found.find((f) => f.party === "mirrorcast.example")?.evidence).toMatchObject({
      format: "custom",
      shapes: ["dom-snapshot"],
      observes: "html",
      transports: ["websocket"],
      typedTextSent: true,
    });
  });

  it("without --identity nothing is said about typed text", () => {
    const f = find(without.findings, "session-recording");
    expect(parties(f)).toEqual(["mirrorcast.example", "replayco.example"]);
    expect(f.every((x) => !("typedTextSent" in x.evidence))).toBe(true);
  });
});

describe("key-logging", () => {
  const found = find(withIdentity.findings, "key-logging");

  it("formsy shipped the typed address (base64 in a JSON beacon) before the form was submitted", () => {
    const f = found.find((x) => x.party === "formsy.example");
    expect(f?.severity).toBe("high");
    expect(f?.evidence).toMatchObject({ kind: "email", beforeSubmit: true });
    expect(Number(f?.evidence.sentMs)).toBeLessThan(Number(f?.evidence.submitMs));
    expect(f?.evidence.request).toMatchObject({
      location: "body",
      key: "v",
      encoding: ["json", "base64"],
    });
    expect(f?.evidence.listeners).toContainEqual({
      api: "addEventListener:keyup",
      target: "input:email",
      script: "https://cdn.formsy.example/forms.js",
    });
  });

  it("never the site's own search listening to its own input, and nothing without --identity", () => {
    expect(parties(found)).not.toContain("gadget-mart.example");
    expect(find(without.findings, "key-logging")).toEqual([]);
  });
});
