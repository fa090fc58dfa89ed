// The `integrity` attributes of the script elements in every page and out-of-process frame, read
// once the page has settled (src resolved by the browser → attribute). A script element that a
// loader removed again before then is not seen; its script is reported without an attribute.
import type { CapturedTarget } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import type { Collector } from "./collector.js";

const EXPRESSION = `JSON.stringify(Array.from(document.querySelectorAll("script[integrity][src]"), (s) => [s.src, s.getAttribute("integrity")]))
//# sourceURL=skimscan-integrity`;

export class IntegrityAttributesCollector implements Collector {
  private readonly sessions = new Set<CdpSession>();
  /** Script URL → the integrity attribute of an element that loaded it. */
  readonly byUrl = new Map<string, string>();

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    if (target.type === "page" || target.type === "iframe") this.sessions.add(session);
    return Promise.resolve();
  }

  detached(session: CdpSession): void {
    this.sessions.delete(session);
  }

  /** Reads every document's attributes; a target that does not answer is left out. */
  async read(): Promise<void> {
    await Promise.allSettled(
      [...this.sessions].map(async (s) => {
        const res = await s.send("Runtime.evaluate", {
          expression: EXPRESSION,
          returnByValue: true,
        });
        const pairs = JSON.parse(String(res.result?.value ?? "[]")) as Array<[string, string]>;
        for (const [src, attribute] of pairs)
          if (!this.byUrl.has(src)) this.byUrl.set(src, attribute);
      }),
    );
  }
}
