// What a crawl reads from a settled page besides its traffic: the links to follow and what a bot
// wall would show (title, the start of the document), judged with detectBotChallenge.
import type { CdpSession } from "../capture/cdp-connection.js";
import { detectBotChallenge } from "../frontier/index.js";
import type { CapturedPage } from "../model/capture.js";

export interface PageProbe {
  links: string[];
  title: string;
  snippet: string;
}

const PROBE = `(() => {
  const links = [];
  for (const a of document.links) {
    const h = a.href;
    links.push(typeof h === "string" ? h : String(h && h.baseVal || ""));
  }
  const root = document.documentElement;
  return { links, title: document.title || "", snippet: root ? root.outerHTML.slice(0, 4096) : "" };
})()
//# sourceURL=skimscan-probe`;

/** Reads the top document; undefined when the page will not answer. */
export async function probePage(top: CdpSession): Promise<PageProbe | undefined> {
  const r = await top
    .send("Runtime.evaluate", { expression: PROBE, returnByValue: true, timeout: 1500 })
    .catch(() => undefined);
  const v = r?.result?.value as PageProbe | undefined;
  if (!v || !Array.isArray(v.links)) return undefined;
  return v;
}

/** The top document's own response: the first Document request of the page's tab. */
export function documentRequest(page: CapturedPage) {
  return page.requests.find((r) => r.resourceType === "Document" && r.targetType === "page");
}

/** "Cloudflare challenge" and the like when the page is a bot wall or WAF block. */
export function botWall(page: CapturedPage, probe: PageProbe | undefined): string | undefined {
  const doc = documentRequest(page);
  return detectBotChallenge({
    ...(page.httpStatus !== undefined ? { status: page.httpStatus } : {}),
    ...(doc?.responseHeaders ? { headers: doc.responseHeaders } : {}),
    title: probe?.title ?? "",
    bodySnippet: probe?.snippet ?? "",
  });
}
