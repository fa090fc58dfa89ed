// Drives a page's consent banner with @duckduckgo/autoconsent over raw CDP: its content script runs
// in every document of the page's tab before any page script, talks to us through a private binding,
// and we answer with its rules and the action (reject → optOut, accept → optIn, none → detect only).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { CdpResult, CdpSession } from "../capture/cdp-connection.js";
import { newBindingName } from "../capture/hook-channel.js";

export type ConsentAction = "none" | "reject" | "accept";

/** What the driver saw on one page, in wall-clock ms (the runner maps it onto the page's clock). */
export interface ConsentObservation {
  cmps: string[];
  popupFound: boolean;
  cmp?: string;
  actionAt?: number;
  actionResult?: boolean;
  selfTest?: boolean;
  errors: string[];
}

/** A message of the autoconsent content script (its own JSON; fields are checked as read). */
type ConsentMessage = Record<string, unknown>;

interface Bundle {
  script: string;
  rules: unknown;
}

let bundle: Bundle | undefined;

/** The content script and the full rule set (opt-in steps are only in the full rules), read once. */
function loadBundle(): Bundle {
  if (bundle) return bundle;
  const require = createRequire(import.meta.url);
  const main = require.resolve("@duckduckgo/autoconsent");
  const script = readFileSync(path.join(path.dirname(main), "autoconsent.playwright.js"), "utf8");
  const rulesFile = require.resolve("@duckduckgo/autoconsent/rules/rules.json");
  const rules = JSON.parse(readFileSync(rulesFile, "utf8")) as { autoconsent: unknown };
  bundle = { script, rules: { autoconsent: rules.autoconsent } };
  return bundle;
}

/** Page scripts never see our channel: the wrapper takes the binding and the global off at once. */
function contentSource(binding: string, script: string): string {
  return `(() => {
  const send = globalThis[${JSON.stringify(binding)}];
  if (typeof send !== "function") return;
  try { delete globalThis[${JSON.stringify(binding)}]; } catch {}
  window.autoconsentSendMessage = (m) => { try { send(JSON.stringify(m)); } catch {} return Promise.resolve(); };
${script}
  try { delete window.autoconsentSendMessage; } catch {}
})();
//# sourceURL=skimscan-autoconsent`;
}

export class ConsentDriver {
  private readonly binding = newBindingName("skimscan_consent");
  private readonly seen: ConsentObservation = { cmps: [], popupFound: false, errors: [] };
  private resultWaiters: Array<() => void> = [];
  private actionDone = false;
  private selfTestScheduled = false;

  constructor(private readonly action: ConsentAction) {}

  /** Call on the tab's top session before it navigates. */
  install(top: CdpSession): Promise<void> {
    return this.attach(top);
  }

  /**
   * Call on each out-of-process iframe's session while it is paused: consent managers that show
   * their banner in a cross-site iframe (Sourcepoint, TrustArc) are detected and clicked there.
   */
  installFrame(frame: CdpSession): Promise<void> {
    return this.attach(frame);
  }

  private async attach(session: CdpSession): Promise<void> {
    const { script } = loadBundle();
    session.on("Runtime.bindingCalled", (p) => {
      if (p.name !== this.binding) return;
      let msg: ConsentMessage;
      try {
        const parsed: unknown = JSON.parse(String(p.payload));
        if (!parsed || typeof parsed !== "object") return;
        msg = parsed as ConsentMessage;
      } catch {
        return;
      }
      void this.onMessage(session, msg, Number(p.executionContextId));
    });
    await session.send("Runtime.addBinding", { name: this.binding });
    await session.send("Page.addScriptToEvaluateOnNewDocument", {
      source: contentSource(this.binding, script),
    });
  }

  private reply(
    session: CdpSession,
    contextId: number,
    msg: unknown,
  ): Promise<CdpResult<"Runtime.evaluate"> | undefined> {
    const expression = `window.autoconsentReceiveMessage && window.autoconsentReceiveMessage(${JSON.stringify(msg)})\n//# sourceURL=skimscan-autoconsent-reply`;
    return session.send("Runtime.evaluate", { expression, contextId }).catch(() => undefined);
  }

  private async onMessage(
    session: CdpSession,
    msg: ConsentMessage,
    contextId: number,
  ): Promise<void> {
    switch (msg.type) {
      case "init":
        await this.reply(session, contextId, {
          type: "initResp",
          config: this.config(),
          rules: loadBundle().rules,
        });
        return;
      case "eval": {
        const r = await session
          .send("Runtime.evaluate", {
            expression: String(msg.code),
            contextId,
            returnByValue: true,
            awaitPromise: true,
          })
          .catch(() => undefined);
        await this.reply(session, contextId, {
          type: "evalResp",
          id: msg.id,
          result: r?.result?.value,
        });
        return;
      }
      case "cmpDetected":
        if (!this.seen.cmps.includes(String(msg.cmp))) this.seen.cmps.push(String(msg.cmp));
        return;
      case "popupFound":
        this.seen.popupFound = true;
        this.seen.cmp ??= String(msg.cmp);
        // With an automatic action the rule starts clicking right after this message.
        if (this.action !== "none") this.seen.actionAt ??= Date.now();
        return;
      case "optOutResult":
      case "optInResult":
        this.seen.actionResult = msg.result === true;
        this.actionDone = true;
        this.selfTestScheduled = msg.scheduleSelfTest === true;
        this.wake();
        // The rule's own test reads the CMP's state back (e.g. Cookiebot.declined).
        if (this.selfTestScheduled) await this.reply(session, contextId, { type: "selfTest" });
        return;
      case "selfTestResult":
        this.seen.selfTest = msg.result === true;
        this.wake();
        return;
      case "autoconsentError":
        this.seen.errors.push(JSON.stringify(msg.details ?? msg).slice(0, 300));
        return;
    }
  }

  private wake(): void {
    for (const w of this.resultWaiters.splice(0)) w();
  }

  /** When a popup was found and acted on, waits (bounded) for the action and the self-test. */
  async finish(until: number): Promise<ConsentObservation> {
    if (this.seen.popupFound && this.action !== "none") {
      const pending = () =>
        !this.actionDone || (this.selfTestScheduled && this.seen.selfTest === undefined);
      while (pending() && Date.now() < until) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.max(0, until - Date.now()));
          this.resultWaiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    }
    return this.peek();
  }

  /** What was seen so far, without waiting. */
  peek(): ConsentObservation {
    return { ...this.seen, cmps: [...this.seen.cmps], errors: [...this.seen.errors] };
  }

  private config(): Record<string, unknown> {
    return {
      enabled: true,
      autoAction: this.action === "reject" ? "optOut" : this.action === "accept" ? "optIn" : null,
      disabledCmps: [],
      // Hiding a banner is not a choice: only rules that click count.
      enablePrehide: false,
      enableCosmeticRules: false,
      enableGeneratedRules: true,
      enableHeuristicDetection: false,
      enablePopupMutationObserver: false,
      heuristicMode: "off",
      detectRetries: 20,
      isMainWorld: false,
      prehideTimeout: 2000,
      visualTest: false,
      performanceLoggingEnabled: false,
      heuristicPopupSearchTimeout: 0,
      logs: {
        lifecycle: false,
        rulesteps: false,
        detectionsteps: false,
        evals: false,
        errors: false,
        messages: false,
        waits: false,
      },
    };
  }
}
