// Exact loadedBy chains on small hand-made captures shaped like CDP's initiators and stacks.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import type { CapturedPage } from "../../src/model/capture.js";
import {
  byScript,
  MAIN_FRAME,
  makeCapture,
  makePage,
  makeRequest,
  makeScript,
  parser,
  stack,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/";
const TAG = "https://tags.tagpilot.example/tag.js";
const C = "https://cdn.vendor.example/c.js";
const PIXEL = "https://px.vendor.example/p.gif";
const ROGUE = "https://px.rogue.example/p.gif";

const img = {
  resourceType: "Image",
  image: { width: 1, height: 1 },
  bodyBytes: 43,
  mimeType: "image/gif",
};

function report(page: CapturedPage) {
  return buildReport(makeCapture([page]), {});
}
function party(page: CapturedPage, domain: string) {
  const p = report(page).parties.find((x) => x.domain === domain);
  if (!p) throw new Error(`no party ${domain}`);
  return p;
}
function requestOf(page: CapturedPage, url: string) {
  const r = report(page).requests.find((x) => x.url === url);
  if (!r) throw new Error(`no request ${url}`);
  return r;
}
function withTag(...more: ReturnType<typeof makeRequest>[]): CapturedPage {
  const page = makePage(PAGE);
  page.requests.push(makeRequest("tag", TAG, { initiator: parser(PAGE) }), ...more);
  return page;
}

describe("external tag injects a script that fires a pixel", () => {
  const page = withTag(
    makeRequest("c", C, { initiator: byScript(stack(TAG)) }),
    makeRequest("px", PIXEL, { ...img, initiator: byScript(stack(C)) }),
    makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack(C)) }),
  );
  it("ends the chain at the party's own first resource (c.js)", () => {
    expect(party(page, "vendor.example").loadedBy).toEqual([[PAGE, TAG, C]]);
  });
  it("names the tag for the tag's own party", () => {
    expect(party(page, "tagpilot.example").loadedBy).toEqual([[PAGE, TAG]]);
  });
  it("runs to the request itself for a party with nothing earlier in the chain", () => {
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, C, ROGUE]]);
  });
  it("gives each request its initiators without the page and itself", () => {
    expect(requestOf(page, ROGUE).initiators).toEqual([TAG, C]);
    expect(requestOf(page, TAG).initiators).toEqual([]);
    expect(requestOf(page, PIXEL).kind).toBe("pixel");
  });
  it("joins on the outermost script of a stack (a library called by the tag)", () => {
    const LIB = "https://cdn.lib.example/lib.js";
    const p = withTag(
      makeRequest("lib", LIB, { initiator: parser(PAGE) }),
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack(LIB, TAG)) }),
    );
    expect(party(p, "rogue.example").loadedBy).toEqual([[PAGE, TAG, LIB, ROGUE]]);
  });
});

describe("inline script injected by a tag (tag-manager custom HTML)", () => {
  it("shows the inserted script as (inline), after the tag that created it", () => {
    const page = withTag(
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack(["", "42"])) }),
    );
    page.scripts.push(makeScript("42", "", { kind: "inline", createdBy: stack(TAG) }));
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, "(inline)", ROGUE]]);
    expect(requestOf(page, ROGUE).initiators).toEqual([TAG, "(inline)"]);
  });
  it("shows eval'd code as (eval)", () => {
    const page = withTag(
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack(["", "77"])) }),
    );
    page.scripts.push(makeScript("77", "", { kind: "eval", createdBy: stack(TAG) }));
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, "(eval)", ROGUE]]);
  });
  it("an inline script of the page's own markup is the page itself", () => {
    const page = makePage(PAGE);
    page.requests.push(
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack([PAGE, "5"])) }),
    );
    page.scripts.push(makeScript("5", PAGE, { kind: "inline" }));
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, ROGUE]]);
  });
});

describe("document.write", () => {
  const DW = "https://cdn.written.example/dw.js";
  it("a script written by the tag, reported with the tag's stack", () => {
    const page = withTag(
      makeRequest("dw", DW, { initiator: byScript(stack(TAG)) }),
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack(DW)) }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, DW, ROGUE]]);
  });
  it("a parser initiator that carries the writer's stack", () => {
    const page = withTag(
      makeRequest("dw", DW, { initiator: { ...parser(PAGE), stack: stack(TAG) } }),
    );
    expect(party(page, "written.example").loadedBy).toEqual([[PAGE, TAG, DW]]);
  });
  it("a written inline script (document URL, created by the tag) fires a pixel", () => {
    const page = withTag(
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack([PAGE, "9"])) }),
    );
    page.scripts.push(makeScript("9", PAGE, { kind: "inline", createdBy: stack(TAG) }));
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, "(inline)", ROGUE]]);
  });
});

describe("Promise / setTimeout hop (async parent stacks)", () => {
  it("follows the async parent to the script that scheduled the callback", () => {
    const page = withTag(
      makeRequest("c", C, { initiator: byScript(stack(TAG)) }),
      makeRequest("rogue", ROGUE, {
        ...img,
        initiator: byScript({
          frames: [],
          parent: { description: "setTimeout", frames: stack(C).frames },
        }),
      }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, C, ROGUE]]);
  });
  it("a callback in one script scheduled by another: outermost scheduler first", () => {
    const page = withTag(
      makeRequest("c", C, { initiator: parser(PAGE) }),
      makeRequest("rogue", ROGUE, {
        ...img,
        initiator: byScript({
          ...stack(C),
          parent: { description: "Promise.then", ...stack(TAG) },
        }),
      }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, C, ROGUE]]);
  });
});

describe("script-created cross-site iframe", () => {
  const FRAME = "https://ads.adnet.example/frame.html";
  const AD = "https://ads.adnet.example/ad.js";
  function page(docInitiator: "script" | "createdBy"): CapturedPage {
    const p = withTag(
      makeRequest("frame", FRAME, {
        resourceType: "Document",
        frameId: "F-ad",
        initiator: docInitiator === "script" ? byScript(stack(TAG)) : { type: "other" },
      }),
      makeRequest("ad", AD, {
        targetId: "T-ad",
        targetType: "iframe",
        frameId: "F-ad",
        initiator: parser(FRAME),
      }),
      makeRequest("rogue", ROGUE, {
        ...img,
        targetId: "T-ad",
        targetType: "iframe",
        frameId: "F-ad",
        initiator: byScript(stack(AD)),
      }),
      makeRequest("rogue2", "https://px.rogue2.example/p.gif", {
        ...img,
        targetId: "T-ad",
        targetType: "iframe",
        frameId: "F-ad",
        initiator: { type: "other" },
      }),
    );
    p.targets.push({ id: "T-ad", type: "iframe", url: FRAME, parentId: p.targets[0]?.id });
    p.frames.push({
      id: "F-ad",
      parentId: MAIN_FRAME,
      url: FRAME,
      targetId: "T-ad",
      documentRequestId: "frame",
      ...(docInitiator === "createdBy" ? { createdBy: stack(TAG) } : {}),
    });
    return p;
  }
  for (const how of ["script", "createdBy"] as const) {
    it(`chains page → tag → frame → script → pixel (frame found via ${how})`, () => {
      const p = page(how);
      expect(party(p, "adnet.example").loadedBy).toEqual([[PAGE, TAG, FRAME]]);
      expect(party(p, "rogue.example").loadedBy).toEqual([[PAGE, TAG, FRAME, AD, ROGUE]]);
      expect(party(p, "rogue2.example").loadedBy).toEqual([
        [PAGE, TAG, FRAME, "https://px.rogue2.example/p.gif"],
      ]);
      expect(requestOf(p, FRAME).kind).toBe("iframe");
      expect(requestOf(p, FRAME).target).toBe("page");
      expect(requestOf(p, ROGUE).target).toBe("iframe");
    });
  }
});

describe("redirects", () => {
  it("a cookie-sync redirect: each hop's party is reached through the hops before it", () => {
    const SYNC = "https://sync.adnet.example/s?u=1";
    const page = withTag(
      makeRequest("px", ROGUE, {
        ...img,
        initiator: byScript(stack(TAG)),
        redirects: [{ url: SYNC, status: 302, location: ROGUE, setCookies: [] }],
      }),
    );
    expect(party(page, "adnet.example").loadedBy).toEqual([[PAGE, TAG, SYNC]]);
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, SYNC, ROGUE]]);
    const r = report(page);
    expect(r.parties.find((p) => p.domain === "adnet.example")?.requests).toBe(1);
    expect(r.parties.find((p) => p.domain === "rogue.example")?.pixels).toBe(1);
    expect(r.parties.find((p) => p.domain === "adnet.example")?.pixels).toBe(0);
    expect(r.requests.find((x) => x.url === ROGUE)?.redirects).toEqual([
      { url: SYNC, status: 302 },
    ]);
  });
  it("a script loaded through a redirect keeps its hops in later chains", () => {
    const SHORT = "https://t.short.example/c";
    const page = withTag(
      makeRequest("c", C, {
        initiator: byScript(stack(TAG)),
        redirects: [{ url: SHORT, status: 302, setCookies: [] }],
      }),
      makeRequest("rogue", ROGUE, { ...img, initiator: byScript(stack(C)) }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, SHORT, C, ROGUE]]);
  });
  it("a redirected top document is still the page", () => {
    const page = makePage("http://pub.example/", { finalUrl: PAGE });
    page.requests[0] = makeRequest("doc", PAGE, {
      resourceType: "Document",
      redirects: [{ url: "http://pub.example/", status: 301, setCookies: [] }],
    });
    page.requests.push(
      makeRequest("rogue", ROGUE, { ...img, initiator: parser("http://pub.example/") }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([["http://pub.example/", ROGUE]]);
  });
});

describe("workers and robustness", () => {
  it("a worker's request without a stack is brought in by the worker script's own loader", () => {
    const W = "https://cdn.vendor.example/worker.js";
    const page = withTag(
      makeRequest("w", W, { resourceType: "Other", initiator: byScript(stack(TAG)) }),
      makeRequest("home", "https://collect.rogue.example/c", {
        resourceType: "Fetch",
        method: "POST",
        targetId: "T-w",
        targetType: "worker",
        frameId: undefined,
        initiator: { type: "other" },
      }),
    );
    page.targets.push({ id: "T-w", type: "worker", url: W, parentId: page.targets[0]?.id });
    expect(party(page, "rogue.example").loadedBy).toEqual([
      [PAGE, TAG, W, "https://collect.rogue.example/c"],
    ]);
  });
  it("survives an initiator cycle", () => {
    const A = "https://a.loop.example/a.js";
    const B = "https://b.loop.example/b.js";
    const page = makePage(PAGE);
    page.requests.push(
      makeRequest("a", A, { initiator: byScript(stack(B)) }),
      makeRequest("b", B, { initiator: byScript(stack(A)) }),
    );
    const p = party(page, "loop.example");
    expect(p.loadedBy.length).toBeGreaterThan(0);
    for (const chain of p.loadedBy) expect(chain.length).toBeLessThan(6);
  });
  it("survives missing scripts and frames", () => {
    const page = makePage(PAGE);
    page.requests.push(
      makeRequest("x", ROGUE, {
        ...img,
        frameId: "F-gone",
        initiator: byScript(stack(["", "404"])),
      }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, ROGUE]]);
  });
});

describe("distinct ways in", () => {
  it("folds the same path on many pages (per-page query strings aside) into one chain", () => {
    const pages = ["https://www.pub.example/a", "https://www.pub.example/b"].map((url) => {
      const p = makePage(url);
      p.requests.push(
        makeRequest("tag", TAG, { initiator: parser(url) }),
        makeRequest("px", `${ROGUE}?ref=${encodeURIComponent(url)}`, {
          ...img,
          initiator: byScript(stack(TAG)),
        }),
      );
      return p;
    });
    const r = buildReport(makeCapture(pages), {});
    expect(r.parties.find((p) => p.domain === "rogue.example")?.loadedBy).toEqual([
      [
        "https://www.pub.example/a",
        TAG,
        `${ROGUE}?ref=${encodeURIComponent("https://www.pub.example/a")}`,
      ],
    ]);
  });
  it("keeps different paths apart, shortest first", () => {
    const page = withTag(
      makeRequest("c", C, { initiator: byScript(stack(TAG)) }),
      makeRequest("r1", ROGUE, { ...img, initiator: byScript(stack(C)) }),
      makeRequest("r2", `${ROGUE}?direct`, { ...img, initiator: parser(PAGE) }),
    );
    expect(party(page, "rogue.example").loadedBy).toEqual([
      [PAGE, `${ROGUE}?direct`],
      [PAGE, TAG, C, ROGUE],
    ]);
  });
});

describe("friendly (about:blank) iframes written by a tag", () => {
  it("credits the tag that created the frame, for markup and scripts inside it", () => {
    const INNER = "https://cdn.adnet.example/inner.js";
    const page = withTag(
      makeRequest("inner", INNER, { frameId: "F-blank", initiator: parser("about:blank") }),
      makeRequest("rogue", ROGUE, {
        ...img,
        frameId: "F-blank",
        initiator: byScript(stack(INNER)),
      }),
      makeRequest("rogue2", "https://px.rogue2.example/p.gif", {
        ...img,
        frameId: "F-blank",
        initiator: parser("about:blank"),
      }),
    );
    page.frames.push({
      id: "F-blank",
      parentId: MAIN_FRAME,
      url: "about:blank",
      targetId: page.targets[0]?.id ?? "",
      createdBy: stack(TAG),
    });
    expect(party(page, "rogue.example").loadedBy).toEqual([[PAGE, TAG, INNER, ROGUE]]);
    expect(party(page, "rogue2.example").loadedBy).toEqual([
      [PAGE, TAG, "https://px.rogue2.example/p.gif"],
    ]);
  });
});
