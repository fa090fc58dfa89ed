// The behaviour hooks in real Chromium against the gadget-mart fixture site and real vendor SDKs
// served by the fixture internet (FingerprintJS 3.4.2, rrweb's recorder): what each probe, listener
// and observer records, in about:blank iframes and blob workers too; that the hooks look native;
// and that FingerprintJS computes the same visitor id with the hooks as without. One browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partyProbes } from "../../src/analyze/behaviour/probes.js";
import { scriptPartyOf } from "../../src/analyze/behaviour/script-party.js";
import { capturePage } from "../../src/crawl/capture-page.js";
import { type LaunchedBrowser, launchBrowser } from "../../src/crawl/launch-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { BehaviourRecord, CapturedPage } from "../../src/model/capture.js";

const SITE = "https://www.gadget-mart.example";
const FP = "https://cdn.fpvendor.example/v3/fp.min.js";

let server: FixtureServer;
let b: LaunchedBrowser;
let home: CapturedPage;
let probe: CapturedPage;
let account: CapturedPage;
let live: CapturedPage;
let editor: CapturedPage;
let native: Record<string, unknown> = {};

const run = (
  url: string,
  extra: Parameters<typeof capturePage>[3] extends infer O ? Partial<O> : never = {},
) =>
  capturePage(b, `p-${url}`, url, {
    timeoutMs: 20_000,
    dwellMs: 300,
    maxBodyBytes: 256 * 1024,
    ...extra,
  });

/** The visitor id fpvendor's agent reported to its API, from the n-th identify call on. */
async function visitorId(since: number): Promise<string> {
  const r = await server.waitForRequest(
    (x) => x.method === "POST" && x.path.startsWith("/v1/identify"),
    { since },
  );
  return (JSON.parse(r.body.toString()) as { visitorId: string }).visitorId;
}

const NATIVE_PROBE = `(() => {
  const ts = Function.prototype.toString;
  const f = HTMLCanvasElement.prototype.toDataURL;
  const g = Object.getOwnPropertyDescriptor(Navigator.prototype, "hardwareConcurrency").get;
  return {
    toDataURL: ts.call(f), name: f.name, length: f.length, hasPrototype: "prototype" in f,
    getter: ts.call(g), getterName: g.name, toStringItself: ts.call(ts),
    viaString: String(HTMLCanvasElement.prototype.getContext), addEventListener: ts.call(EventTarget.prototype.addEventListener),
    ownKeys: Object.getOwnPropertyNames(window).filter((k) => k.startsWith("__sk")).length,
  };
})()`;

beforeAll(async () => {
  server = await startFixtureServer();
  b = await launchBrowser({
    blockThirdPartyCookies: false,
    hostRules: server.hostRules,
    insecure: true,
  });
  home = await run(`${SITE}/`, {
    inspect: async (top) => {
      const r = await top.send("Runtime.evaluate", {
        expression: NATIVE_PROBE,
        returnByValue: true,
      });
      native = (r.result as { value: Record<string, unknown> }).value;
    },
  });
  probe = await run(`${SITE}/probe.html`);
  account = await run(`${SITE}/account.html`, {
    fillForms: { identity: { email: "jane.doe@example.com" } },
  });
  live = await run(`${SITE}/live.html`);
  editor = await run(`${SITE}/editor.html`);
}, 120_000);
afterAll(async () => {
  await b?.close();
  await server?.close();
});

const of = (page: CapturedPage, script: string) =>
  (page.behaviour ?? []).filter((r) => r.script.startsWith(script));
const apis = (rs: BehaviourRecord[]) => rs.map((r) => r.api);

describe("FingerprintJS 3.4.2, served as a vendor would", () => {
  it("records its canvas, WebGL, audio, font and navigator probes, attributed to fp.min.js", () => {
    const rs = of(home, FP);
    const canvas = rs.find((r) => r.api === "HTMLCanvasElement.toDataURL");
    expect(canvas?.detail).toMatchObject({ text: true, shapes: true });
    expect(Number(canvas?.detail?.width)).toBeGreaterThanOrEqual(16);
    expect(rs.some((r) => r.detail?.param === "UNMASKED_RENDERER_WEBGL")).toBe(true);
    expect(rs.find((r) => r.api === "OfflineAudioContext.startRendering")?.detail).toMatchObject({
      oscillator: true,
      compressor: true,
    });
    // Fonts are measured in a srcdoc iframe: the hooks reach it.
    const widths = rs.find((r) => r.api === "HTMLElement.offsetWidth");
    expect(widths?.count).toBeGreaterThanOrEqual(20);
    expect(apis(rs)).toEqual(
      expect.arrayContaining([
        "Navigator.hardwareConcurrency",
        "Navigator.deviceMemory",
        "Navigator.plugins",
        "Screen.colorDepth",
      ]),
    );
    const probes = partyProbes(home.behaviour ?? [], scriptPartyOf(home));
    expect(probes.find((p) => p.party === "fpvendor.example")?.families).toEqual([
      "canvas",
      "webgl",
      "audio",
      "fonts",
      "navigator",
    ]);
  });

  it("computes the same visitor id with the hooks as without them, in the same browser set-up", async () => {
    let since = server.received.length;
    await run(`${SITE}/`);
    const withHooks = await visitorId(since);
    b.behaviourHooks = false;
    try {
      since = server.received.length;
      const off = await run(`${SITE}/`);
      expect(off.behaviour).toBeUndefined();
      const withoutHooks = await visitorId(since);
      expect(withHooks).toMatch(/^[0-9a-f]{32}$/);
      expect(withoutHooks).toBe(withHooks);
    } finally {
      b.behaviourHooks = true;
    }
  }, 60_000);
});

describe("the hooks look native", () => {
  it("Function.prototype.toString, name, length and prototype of hooked functions are the originals'", () => {
    expect(native).toEqual({
      toDataURL: "function toDataURL() { [native code] }",
      name: "toDataURL",
      length: 0,
      hasPrototype: false,
      getter: "function get hardwareConcurrency() { [native code] }",
      getterName: "get hardwareConcurrency",
      toStringItself: "function toString() { [native code] }",
      viaString: "function getContext() { [native code] }",
      addEventListener: "function addEventListener() { [native code] }",
      ownKeys: 0,
    });
  });
});

describe("clean-prototype and worker bypasses", () => {
  it("sees toDataURL taken from a fresh about:blank iframe's prototype", () => {
    const r = of(probe, "https://cdn.sneakyprobe.example/p.js").find(
      (x) => x.api === "HTMLCanvasElement.toDataURL",
    );
    expect(r).toBeDefined();
    expect(r?.detail).toMatchObject({ width: 220, height: 30 });
  });

  it("sees a blob worker's OffscreenCanvas read and hardware reads, and names the party that made it", () => {
    const worker = probe.targets.find((t) => t.type === "worker");
    const rs = (probe.behaviour ?? []).filter((r) => r.targetId === worker?.id);
    expect(apis(rs)).toEqual(
      expect.arrayContaining([
        "OffscreenCanvas.convertToBlob",
        "WorkerNavigator.hardwareConcurrency",
      ]),
    );
    expect(scriptPartyOf(probe)(rs[0]?.script ?? "")).toBe("sneakyprobe.example");
  });
});

describe("listeners, observers, submits and sockets", () => {
  it("records formsy's keystroke listeners on the e-mail field and the submit's time", () => {
    const rs = of(account, "https://cdn.formsy.example/forms.js");
    expect(rs.map((r) => [r.api, r.detail?.target])).toEqual(
      expect.arrayContaining([
        ["addEventListener:keyup", "input:email"],
        ["addEventListener:blur", "input:email"],
      ]),
    );
    expect(account.submits?.length).toBe(1);
    const beacon = account.requests.find((r) =>
      r.url.startsWith("https://collect.formsy.example/f"),
    );
    expect(beacon?.startedMs).toBeLessThan(account.submits?.[0]?.ms ?? 0);
  });

  it("records mirrorcast's whole-document observer and the frames it streamed over its socket", () => {
    const obs = of(live, "https://cdn.mirrorcast.example/").find(
      (r) => r.api === "MutationObserver.observe",
    );
    expect(obs?.detail).toMatchObject({ target: "html", childList: true });
    const ws = live.requests.find((r) => r.resourceType === "WebSocket");
    const first = Buffer.from(ws?.wsFrames?.[0]?.base64 ?? "", "base64").toString();
    expect(JSON.parse(first)).toMatchObject({ k: "snap" });
    expect(first).toContain("<h1>Live help</h1>");
  });
});

describe("ordinary pages are not probes", () => {
  it("a chart drawing on a canvas, a one-off navigator.language read, the site's own stats: no probe family", () => {
    const probes = partyProbes(home.behaviour ?? [], scriptPartyOf(home)).map((p) => p.party);
    expect(probes).toEqual(["fpvendor.example"]);
    expect(of(home, "https://cdn.chartkit.example/").some((r) => r.family === "canvas")).toBe(
      false,
    );
    expect(apis(of(home, "https://cdn.langwidget.example/"))).toEqual(["Navigator.language"]);
  });

  it("a first-party canvas editor reads its own canvas: recorded, but the site's own", () => {
    const rs = of(editor, `${SITE}/js/case-editor.js`);
    expect(apis(rs)).toContain("CanvasRenderingContext2D.getImageData");
    expect(partyProbes(editor.behaviour ?? [], scriptPartyOf(editor)).map((p) => p.party)).toEqual([
      "gadget-mart.example",
    ]);
  });
});
