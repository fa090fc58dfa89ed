// Marks keepalive fetches made while the page is alive (CDP does not flag them): a hook on fetch
// in every frame reports the URL and method of each fetch called with keepalive: true.
import type { CapturedRequest, CapturedTarget } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import type { Collector } from "./collector.js";
import { hookSource, installHook, newBindingName } from "./hook-channel.js";

const BODY = `
  const fetch0 = globalThis.fetch;
  if (typeof fetch0 === "function") {
    globalThis.fetch = function (input, init) {
      try {
        const isReq = typeof Request === "function" && input instanceof Request;
        const keepalive = (init && init.keepalive) || (isReq && input.keepalive);
        if (keepalive) {
          const url = new URL(isReq ? input.url : String(input), document.baseURI).href;
          const method = String((init && init.method) || (isReq && input.method) || "GET").toUpperCase();
          post({ url, method });
        }
      } catch {}
      return fetch0.apply(this, arguments);
    };
  }
`;

export class KeepaliveHookCollector implements Collector {
  private readonly calls: Array<{ url: string; method: string; targetId: string }> = [];
  private readonly binding = newBindingName("skk");
  private readonly source = hookSource(this.binding, BODY, "skimscan-keepalive-hook");

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    if (target.type !== "page" && target.type !== "iframe") return Promise.resolve();
    return installHook(session, this.binding, this.source, (m) => {
      this.calls.push({
        url: String(m.data.url),
        method: String(m.data.method),
        targetId: target.id,
      });
    });
  }

  /** Marks the fetch each keepalive call made (first unmarked match by URL, method and target). */
  mark(requests: CapturedRequest[]): void {
    for (const call of this.calls) {
      const r = requests.find(
        (x) =>
          !x.beacon &&
          (x.resourceType === "Fetch" || x.resourceType === "XHR") &&
          x.url === call.url &&
          x.method === call.method &&
          x.targetId === call.targetId,
      );
      if (r) r.beacon = "keepalive";
    }
  }
}
