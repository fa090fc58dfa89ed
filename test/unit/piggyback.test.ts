// piggyback: who let a rogue party in, on hand-made captures and on real-Chromium captures of the
// demo publisher and the piggyback fixture site.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { containerIdOf } from "../../src/analyze/checks/piggyback.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { type Finding, type FindingOf, isFindingOf } from "../../src/model/report.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";
import {
  byScript,
  makeCapture,
  makePage,
  makeRequest,
  parser,
  stack,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/";
const GTM = "https://www.googletagmanager.com/gtm.js?id=GTM-K7Q2XZ9";
const VENDOR = "https://cdn.vendor.example/v.js";
const img = { resourceType: "Image", image: { width: 1, height: 1 } };

function allow(yaml: string) {
  return parseAllowlist(yaml, "a.yaml").allowlist;
}
const piggybacks = (findings: Finding[]) => findings.filter(isFindingOf("piggyback"));
const one = (findings: Finding[], party: string) => {
  const hits = piggybacks(findings).filter((f) => f.party === party);
  expect(hits, `one piggyback for ${party}`).toHaveLength(1);
  return hits[0] as FindingOf<"piggyback">;
};

const ALLOW = allow("authorized:\n  - googletagmanager.com\n  - vendor.example\n");

/** page → GTM (a tag manager per the bundled company map) → vendor v.js → rogue pixel. */
function vendorChain(): Capture {
  const page = makePage(PAGE);
  page.requests.push(
    makeRequest("gtm", GTM, { initiator: parser(PAGE) }),
    makeRequest("v", VENDOR, { initiator: byScript(stack(GTM)) }),
    makeRequest("px", "https://px.rogue.example/p.gif?u=1", {
      ...img,
      initiator: byScript(stack(VENDOR)),
    }),
    makeRequest("own", "https://px.vendor.example/hit.gif", {
      ...img,
      initiator: byScript(stack(VENDOR)),
    }),
    makeRequest("direct", "https://px.direct.example/d.gif", { ...img, initiator: parser(PAGE) }),
    makeRequest("chat", "https://widget.chat.example/w.js", { initiator: byScript(stack(GTM)) }),
  );
  return makeCapture([page]);
}

describe("piggyback on a hand-made chain", () => {
  const report = buildReport(vendorChain(), { allowlist: ALLOW });

  it("names the authorized vendor and its script that brought a rogue party in (high)", () => {
    const f = one(report.findings, "rogue.example");
    expect(f.severity).toBe("high");
    expect(f.evidence).toMatchObject({
      via: "vendor",
      loader: "vendor.example",
      loaderStatus: "authorized",
      script: VENDOR,
      scriptKind: "script",
      through: [],
      request: "https://px.rogue.example/p.gif?u=1",
      chain: [PAGE, GTM, VENDOR, "https://px.rogue.example/p.gif?u=1"],
    });
  });

  it("reports the tag manager's own deployment lower, naming the container", () => {
    const f = one(report.findings, "chat.example");
    expect(f.severity).toBe("low");
    expect(f.evidence).toMatchObject({
      via: "tag-manager",
      loader: "googletagmanager.com",
      container: GTM,
      containerId: "GTM-K7Q2XZ9",
    });
  });

  it("is silent for authorized parties, the vendor's own hosts and tags in the page's HTML", () => {
    const parties = piggybacks(report.findings).map((f) => f.party);
    expect(parties).not.toContain("vendor.example");
    expect(parties).not.toContain("googletagmanager.com");
    expect(parties).not.toContain("direct.example");
    expect(
      report.findings.some((f) => f.code === "rogue-party" && f.party === "direct.example"),
    ).toBe(true);
  });

  it("without an allowlist, a vendor's partner is info and the tag manager's tags are not reported", () => {
    const r = buildReport(vendorChain(), {});
    expect(piggybacks(r.findings).map((f) => `${f.party}:${f.severity}`)).toEqual([
      "rogue.example:info",
    ]);
  });

  it("keeps the same id across runs and page parameters (key: script without query)", () => {
    const a = one(report.findings, "rogue.example");
    const cap = vendorChain();
    for (const r of cap.pages[0]?.requests ?? []) r.url = r.url.replace("?u=1", "?u=2");
    const again = buildReport(cap, { allowlist: ALLOW });
    expect(one(again.findings, "rogue.example").id).toBe(a.id);
  });
});

describe("piggyback across a rogue iframe, a redirect, inline scripts and the site's own script", () => {
  const SITE_JS = "https://www.pub.example/js/site.js";
  const FRAME = "https://sync.partner.example/frame.html";
  const US = "https://sync.partner.example/us.js";
  function capture(): Capture {
    const page = makePage(PAGE);
    page.frames.push({ id: "F-sync", parentId: "F-main", url: FRAME, targetId: "T-sync" });
    page.requests.push(
      makeRequest("site", SITE_JS, { initiator: parser(PAGE) }),
      makeRequest("v", VENDOR, { initiator: parser(PAGE) }),
      makeRequest("fr", FRAME, {
        resourceType: "Document",
        frameId: "F-sync",
        targetId: "T-sync",
        targetType: "iframe",
        initiator: byScript(stack(VENDOR)),
      }),
      makeRequest("us", US, {
        frameId: "F-sync",
        targetId: "T-sync",
        targetType: "iframe",
        initiator: parser(FRAME),
      }),
      makeRequest("px", "https://px.deep.example/px.gif", {
        ...img,
        frameId: "F-sync",
        targetId: "T-sync",
        targetType: "iframe",
        initiator: byScript(stack(US)),
      }),
      makeRequest("hop", "https://match.broker.example/m?uid=1", {
        ...img,
        redirects: [{ url: "https://px.vendor.example/sync?uid=1", status: 302, setCookies: [] }],
        initiator: byScript(stack(VENDOR)),
      }),
      makeRequest("mine", "https://cdn.rogue-own.example/x.js", {
        initiator: byScript(stack(SITE_JS)),
      }),
    );
    return makeCapture([page]);
  }
  const report = buildReport(capture(), { allowlist: allow("authorized:\n  - vendor.example\n") });

  it("walks back past the rogue iframe to the vendor that created it", () => {
    expect(one(report.findings, "partner.example").evidence).toMatchObject({
      loader: "vendor.example",
      script: VENDOR,
      through: [],
    });
    const deep = one(report.findings, "deep.example");
    expect(deep.severity).toBe("high");
    expect(deep.evidence).toMatchObject({
      loader: "vendor.example",
      script: VENDOR,
      through: ["partner.example"],
    });
  });

  it("names the vendor's redirect hop when a sync redirect brought the party", () => {
    expect(one(report.findings, "broker.example").evidence).toMatchObject({
      loader: "vendor.example",
      script: "https://px.vendor.example/sync?uid=1",
      scriptKind: "redirect",
    });
  });

  it("calls a party the site's own script loaded the publisher's deployment (low)", () => {
    const f = one(report.findings, "rogue-own.example");
    expect(f.severity).toBe("low");
    expect(f.evidence).toMatchObject({
      via: "first-party",
      loader: "pub.example",
      script: SITE_JS,
    });
  });
});

describe("container ids", () => {
  it.each([
    ["https://www.googletagmanager.com/gtm.js?id=GTM-K7Q2XZ9", "GTM-K7Q2XZ9"],
    ["https://tags.tagpilot.example/containers/TP-PB7Q2.js", "TP-PB7Q2"],
    ["https://tags.tagpilot.example/container.js?id=TP-4F2K9", "TP-4F2K9"],
    ["https://cdn.vendor.example/hb.js?site=pbnews", undefined],
    ["https://cdn.vendor.example/AB-CDEF.js", undefined], // no digit: a word, not an id
    ["https://cdn.audiencenet.example/an.js?pid=db-2231", undefined], // lower case: an account
  ])("%s → %s", (url, id) => {
    expect(containerIdOf(url)).toBe(id);
  });
});

function recorded(capture: string, allowlist: string) {
  const cap = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, capture), "utf8")) as Capture;
  const file = path.join(FIXTURES_DIR, "allowlists", allowlist);
  return buildReport(cap, {
    allowlist: parseAllowlist(readFileSync(file, "utf8"), file).allowlist,
  });
}

describe("piggyback on the demo capture (real Chromium)", () => {
  const report = recorded("test/fixtures/captures/dailybugle-demo.capture.json", "dailybugle.yaml");

  it("skimlytics: brought by authorized audiencenet via sync.js after tagpilot's container (high)", () => {
    const f = one(report.findings, "skimlytics.example");
    expect(f.severity).toBe("high");
    expect(f.evidence).toMatchObject({ via: "vendor", loader: "audiencenet.example" });
    expect(f.evidence.script).toMatch(/^https:\/\/cdn\.audiencenet\.example\/sync\.js/);
    expect(f.evidence.chain.slice(0, 2)).toEqual([
      "https://www.dailybugle.example/",
      "https://tags.tagpilot.example/container.js?id=TP-4F2K9",
    ]);
  });

  it("databroker: brought by authorized adserve-exchange through its /sync redirect (high)", () => {
    const f = one(report.findings, "databroker.example");
    expect(f.severity).toBe("high");
    expect(f.evidence).toMatchObject({
      loader: "adserve-exchange.example",
      scriptKind: "redirect",
    });
    expect(f.evidence.script).toMatch(/^https:\/\/ads\.adserve-exchange\.example\/sync\?/);
  });

  it("socialreach: the publisher's own tag manager (custom HTML in TP-4F2K9), low", () => {
    const f = one(report.findings, "socialreach.example");
    expect(f.severity).toBe("low");
    expect(f.evidence).toMatchObject({
      via: "tag-manager",
      loader: "tagpilot.example",
      containerId: "TP-4F2K9",
    });
  });

  it("trackwell (an <img> in the page's own HTML) and authorized parties are no piggyback", () => {
    expect(
      piggybacks(report.findings)
        .map((f) => f.party)
        .sort(),
    ).toEqual(["databroker.example", "skimlytics.example", "socialreach.example"]);
  });
});

describe("piggyback on the piggyback-news capture (tag manager → two scripts → iframe)", () => {
  const report = recorded(
    "test/fixtures/leaks/captures/piggyback.capture.json",
    "piggyback-news.yaml",
  );
  const truth = JSON.parse(readFileSync(path.join(FIXTURES_DIR, "leak-ground-truth.json"), "utf8"))
    .sites.piggyback as {
    expectedFindings: { code: string; party: string; loadedByParty: string; via: string }[];
    notExpected: { code: string; party: string }[];
  };

  it.each(truth.expectedFindings)("$party loaded by $loadedByParty via $via", (e) => {
    const f = one(report.findings, e.party);
    expect(f.evidence.loader).toBe(e.loadedByParty);
    expect(String(f.evidence.script).replace(/\?.*$/, "")).toBe(e.via);
  });

  it("severities: adbridge's partners high (skimlytics through the partnerhub iframe), the container's widget low", () => {
    expect(one(report.findings, "partnerhub.example").severity).toBe("high");
    expect(one(report.findings, "skimlytics.example").evidence.through).toEqual([
      "partnerhub.example",
    ]);
    expect(one(report.findings, "helpbubble.example")).toMatchObject({
      severity: "low",
      evidence: { via: "tag-manager", containerId: "TP-PB7Q2" },
    });
  });

  it.each(truth.notExpected)("no $code for $party", (e) => {
    expect(report.findings.some((f) => f.code === e.code && f.party === e.party)).toBe(false);
  });
});
