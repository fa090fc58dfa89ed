import { it } from "vitest";
import { capturePages } from "/work/wt/behaviour/src/crawl/capture-pages.js";
import { startFixtureServer } from "/work/wt/behaviour/src/fixture-internet/server.js";
it("exp", async () => {
  const server = await startFixtureServer();
  const pages = (process.env.PAGES ?? "probe.html").split(",").map((p) => `https://www.gadget-mart.example/${p}`);
  const capture = await capturePages({ urls: pages, blockThirdPartyCookies: false, timeoutMs: 15000, dwellMs: 500, hostRules: server.hostRules, insecure: true, maxBodyBytes: 65536 });
  for (const p of capture.pages) {
    console.log(p.url, p.outcome, p.reason ?? "");
    for (const b of p.behaviour ?? []) console.log(" ", b.family, b.api, b.count, b.script.replace(/\?.*/, ""), JSON.stringify(b.detail ?? {}), b.targetId.slice(0, 6));
    console.log("  submits", JSON.stringify(p.submits));
    console.log("  targets", p.targets.map((t) => t.type + ":" + t.url.slice(0, 40)).join(" | "));
  }
  await server.close();
}, 60000);
