// The page's last deadline: a capture that never returns no longer holds the crawl.
import { describe, expect, it } from "vitest";
import type { KeptBrowser } from "../../src/crawl/browser-keeper.js";
import { pageHardLimitMs, watchPage } from "../../src/crawl/page-watchdog.js";

function browser(onClose: () => void = () => undefined): {
  kept: KeptBrowser;
  closed: () => number;
} {
  let closes = 0;
  const kept = {
    generation: 1,
    died: new AbortController().signal,
    b: {
      close: async () => {
        closes++;
        onClose();
      },
    },
  } as unknown as KeptBrowser;
  return { kept, closed: () => closes };
}

describe("watchPage", () => {
  it("passes a capture that ends in time through, and leaves the browser alone", async () => {
    const { kept, closed } = browser();
    const r = await watchPage(Promise.resolve("page"), kept, 1000, () => undefined);
    expect(r).toEqual({ done: true, value: "page" });
    expect(closed()).toBe(0);
  });

  it("ends the browser when the capture overruns, then gives the page up if it still hangs", async () => {
    const { kept, closed } = browser();
    const said: string[] = [];
    const started = Date.now();
    const r = await watchPage(new Promise<string>(() => undefined), kept, 50, (m) => said.push(m));
    expect(r.done).toBe(false);
    expect(closed()).toBe(1);
    expect(said[0]).toContain("did not end within 50 ms");
    expect(Date.now() - started).toBeLessThan(50 + 5_000 + 1_000);
  });

  it("fails the page even when ending the browser lets the capture return", async () => {
    let release: (v: string) => void = () => undefined;
    const capture = new Promise<string>((resolve) => {
      release = resolve;
    });
    const { kept } = browser(() => release("late page"));
    const r = await watchPage(capture, kept, 20, () => undefined);
    expect(r).toMatchObject({ done: false });
  });

  it("allows the load timeout, the dwell and a margin for leaving and closing", () => {
    expect(pageHardLimitMs(30_000, 2_000)).toBe(62_000);
  });
});
