// The autoconsent driver's message protocol against a fake CDP session: what it installs, how it
// answers the content script (rules and config per action, main-world evals, the self-test) and
// what it records. The real content script and rules run in the browser tests.
import { describe, expect, it } from "vitest";
import type { CdpSession } from "../../src/capture/cdp-connection.js";
import { type ConsentAction, ConsentDriver } from "../../src/consent/autoconsent-driver.js";

/** CDP payloads as the fake sees them: plain JSON. */
// biome-ignore lint/suspicious/noExplicitAny: a test double reads whatever the driver sent.
type CdpParams = Record<string, any>;

class FakeSession implements CdpSession {
  readonly sessionId = "S";
  readonly sent: { method: string; params: CdpParams }[] = [];
  private readonly listeners = new Map<string, ((p: CdpParams) => void)[]>();
  /** What Runtime.evaluate of a rule's eval returns. */
  evalValue: unknown = true;

  readonly send = (async (method: string, params: CdpParams = {}) => {
    this.sent.push({ method, params });
    if (method === "Runtime.evaluate" && params.returnByValue)
      return { result: { value: this.evalValue } };
    return {};
  }) as CdpSession["send"];

  readonly on: CdpSession["on"] = (method, listener) => {
    const l = listener as (p: CdpParams) => void;
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), l]);
  };

  emit(method: string, params: CdpParams): void {
    for (const l of this.listeners.get(method) ?? []) l(params);
  }

  /** The page calling our binding with a message, from execution context 7. */
  post(binding: string, msg: unknown): void {
    this.emit("Runtime.bindingCalled", {
      name: binding,
      payload: JSON.stringify(msg),
      executionContextId: 7,
    });
  }

  /** Messages sent back to the content script (autoconsentReceiveMessage calls). */
  replies(): { contextId: number; msg: CdpParams }[] {
    return this.sent
      .filter((s) => s.method === "Runtime.evaluate" && !s.params.returnByValue)
      .map((s) => {
        const m = /autoconsentReceiveMessage\((.*)\)\n/s.exec(String(s.params.expression));
        return { contextId: s.params.contextId, msg: JSON.parse(m?.[1] ?? "null") };
      });
  }
}

async function installed(action: ConsentAction) {
  const driver = new ConsentDriver(action);
  const session = new FakeSession();
  await driver.install(session);
  const binding = String(session.sent.find((s) => s.method === "Runtime.addBinding")?.params.name);
  return { driver, session, binding };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("ConsentDriver", () => {
  it("installs a private binding and the content script before the page loads", async () => {
    const { session, binding } = await installed("reject");
    expect(binding).toMatch(/^__skimscan_consent_[0-9a-f]{12}$/);
    const script = session.sent.find((s) => s.method === "Page.addScriptToEvaluateOnNewDocument");
    const source = String(script?.params.source);
    // The page never sees the binding: the wrapper takes it and deletes it first.
    expect(source).toContain(`delete globalThis[${JSON.stringify(binding)}]`);
    expect(source).toContain("autoconsentReceiveMessage");
    expect(source).toContain("sourceURL=skimscan-autoconsent");
  });

  it.each([
    ["reject", "optOut"],
    ["accept", "optIn"],
    ["none", null],
  ] as const)(
    "answers init for %s with autoAction %s, the full rules and no cosmetic hiding",
    async (action, auto) => {
      const { session, binding } = await installed(action);
      session.post(binding, { type: "init", url: "https://www.pub.example/" });
      await tick();
      const [reply] = session.replies();
      expect(reply?.contextId).toBe(7);
      expect(reply?.msg.type).toBe("initResp");
      expect(reply?.msg.config).toMatchObject({
        enabled: true,
        autoAction: auto,
        enablePrehide: false,
        enableCosmeticRules: false,
        enableHeuristicDetection: false,
      });
      expect(reply?.msg.rules.autoconsent.length).toBeGreaterThan(100);
    },
  );

  it("runs a rule's eval in the page's main world and returns the value", async () => {
    const { session, binding } = await installed("reject");
    session.evalValue = false;
    session.post(binding, { type: "eval", id: "e1", code: "window.Cookiebot.declined === true" });
    await tick();
    await tick();
    const evaluated = session.sent.find((s) => s.params.returnByValue);
    expect(evaluated?.params).toMatchObject({
      expression: "window.Cookiebot.declined === true",
      contextId: 7,
      awaitPromise: true,
    });
    expect(session.replies().at(-1)?.msg).toEqual({ type: "evalResp", id: "e1", result: false });
  });

  it("records the CMP, the click, the result and the self-test it asks for", async () => {
    const { driver, session, binding } = await installed("reject");
    const before = Date.now();
    session.post(binding, { type: "cmpDetected", cmp: "Cybotcookiebot" });
    session.post(binding, { type: "popupFound", cmp: "Cybotcookiebot" });
    session.post(binding, {
      type: "optOutResult",
      cmp: "Cybotcookiebot",
      result: true,
      scheduleSelfTest: true,
    });
    await tick();
    expect(session.replies().at(-1)?.msg).toEqual({ type: "selfTest" });
    const done = driver.finish(Date.now() + 5000);
    session.post(binding, { type: "selfTestResult", cmp: "Cybotcookiebot", result: true });
    const seen = await done;
    expect(seen).toMatchObject({
      cmps: ["Cybotcookiebot"],
      cmp: "Cybotcookiebot",
      popupFound: true,
      actionResult: true,
      selfTest: true,
      errors: [],
    });
    expect(seen.actionAt).toBeGreaterThanOrEqual(before);
  });

  it("stops waiting at the deadline when the rule never finishes", async () => {
    const { driver, session, binding } = await installed("reject");
    session.post(binding, { type: "popupFound", cmp: "Onetrust" });
    const start = Date.now();
    const seen = await driver.finish(start + 150);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(seen.popupFound).toBe(true);
    expect(seen.actionResult).toBeUndefined();
  });

  it("with none it records the banner but never a click, and does not wait", async () => {
    const { driver, session, binding } = await installed("none");
    session.post(binding, { type: "popupFound", cmp: "Onetrust" });
    session.post(binding, { type: "autoconsentError", details: { msg: "Found multiple CMPs" } });
    const start = Date.now();
    const seen = await driver.finish(start + 5000);
    expect(Date.now() - start).toBeLessThan(100);
    expect(seen.actionAt).toBeUndefined();
    expect(seen.errors).toEqual(['{"msg":"Found multiple CMPs"}']);
  });

  it("ignores other bindings and malformed payloads", async () => {
    const { driver, session } = await installed("reject");
    session.post("__someone_else", { type: "popupFound", cmp: "X" });
    session.emit("Runtime.bindingCalled", { name: "x", payload: "{not json" });
    expect((await driver.finish(Date.now())).popupFound).toBe(false);
  });
});
