// The leak detectors on a heavy page stay fast: 600 POSTs of 30-event JSON batches and 300 cookies.
import { describe, expect, it } from "vitest";
import { body, cookie, detectLeaks, judged, page, req } from "../fixtures/leaks/build.js";

const PAGE = "https://www.pub.example/a?x=1";

describe("leak analysis at scale", () => {
  it("analyses 90 000 sent values in seconds and finds every synced id", () => {
    const writes = Array.from({ length: 300 }, (_, i) =>
      cookie(`c${i}`, `v${i}x8f7e6d5c4b3a2${i}`, {
        domain: `t${i % 40}.example`,
        url: `https://t${i % 40}.example/`,
      }),
    );
    const requests = Array.from({ length: 600 }, (_, i) => {
      const events = Array.from({ length: 30 }, (_, k) => ({
        id: `e${i}-${k}-a8f7e6d5c4`,
        uid: `v${k}x8f7e6d5c4b3a2${k}`,
        url: PAGE,
        t: 1764400000000 + i,
      }));
      const uid = `v${i % 300}x8f7e6d5c4b3a2${i % 300}`;
      return req(`https://t${i % 50}.example/c?uid=${uid}&u=${encodeURIComponent(PAGE)}`, {
        method: "POST",
        body: body(JSON.stringify(events), "application/json"),
      });
    });
    const input = judged([page(PAGE, { requests, cookieWrites: writes })]);
    const started = performance.now();
    const drafts = detectLeaks(input, { identity: { email: "jane.doe@example.com" } });
    expect(performance.now() - started).toBeLessThan(15_000);
    // Cookie c{k} (k < 30) of t{k % 40} reaches every t{j} (j ≠ k % 40) through the batches.
    const syncs = drafts.filter((d) => d.code === "id-sync");
    expect(syncs.some((d) => d.party === "t1.example" && d.parties?.includes("t0.example"))).toBe(
      true,
    );
    expect(drafts.filter((d) => d.code === "url-leak")).toHaveLength(50);
  });
});
