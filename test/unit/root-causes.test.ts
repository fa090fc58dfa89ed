// Root causes: a rogue party that brings more rogue parties is reported as their piggyback loader
// (medium), and the "remove these to remove the rest" view names each root once with everything
// it brought, in the text, Markdown and HTML reports.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { renderHtml } from "../../src/report/render-html.js";
import { renderMarkdown } from "../../src/report/render-markdown.js";
import { renderText } from "../../src/report/render-text.js";
import { rootCauses } from "../../src/report/root-causes.js";
import {
  byScript,
  makeCapture,
  makePage,
  makeRequest,
  parser,
  stack,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/";
const EXCHANGE = "https://tags.rogue-exchange.example/hb.js";
const BIDDER = "https://cdn.bidder-one.example/b.js";
const VENDOR = "https://cdn.vendor.example/v.js";
const img = { resourceType: "Image", image: { width: 1, height: 1 } };
const allowlist = parseAllowlist("authorized:\n  - vendor.example\n", "a.yaml").allowlist;

/** page → rogue exchange → bidder (→ its pixel) and two pixels; page → vendor → rogue partner. */
function chains(): Capture {
  const page = makePage(PAGE);
  page.requests.push(
    makeRequest("ex", EXCHANGE, { initiator: parser(PAGE) }),
    makeRequest("b1", BIDDER, { initiator: byScript(stack(EXCHANGE)) }),
    makeRequest("b1px", "https://px.bidder-one.example/p.gif", {
      ...img,
      initiator: byScript(stack(BIDDER, EXCHANGE)),
    }),
    makeRequest("b2", "https://px.bidder-two.example/p.gif", {
      ...img,
      initiator: byScript(stack(EXCHANGE)),
    }),
    makeRequest("b3", "https://sync.bidder-three.example/s.gif", {
      ...img,
      initiator: byScript(stack(EXCHANGE)),
    }),
    makeRequest("v", VENDOR, { initiator: parser(PAGE) }),
    makeRequest("vp", "https://px.partner.example/p.gif", {
      ...img,
      initiator: byScript(stack(VENDOR)),
    }),
  );
  return makeCapture([page]);
}

const report = buildReport(chains(), { allowlist });
const piggy = report.findings.filter((f) => f.code === "piggyback");

describe("piggyback whatever the loader's status", () => {
  it("the rogue exchange is named as the loader of the three bidders (medium)", () => {
    const byExchange = piggy.filter((f) => f.evidence.loader === "rogue-exchange.example");
    expect(byExchange.map((f) => `${f.party}:${f.severity}`).sort()).toEqual([
      "bidder-one.example:medium",
      "bidder-three.example:medium",
      "bidder-two.example:medium",
    ]);
    expect(byExchange[0]?.evidence).toMatchObject({
      loaderStatus: "rogue",
      script: EXCHANGE,
      via: "vendor",
    });
  });

  it("an approved vendor bringing an unapproved party stays high", () => {
    expect(piggy.find((f) => f.party === "partner.example")?.severity).toBe("high");
  });
});

describe("remove these to remove the rest", () => {
  it("names each root once with the parties it brought (a lone partner is its own root, not listed)", () => {
    expect(rootCauses(report)).toEqual([
      {
        root: "rogue-exchange.example",
        status: "rogue",
        brought: ["bidder-one.example", "bidder-three.example", "bidder-two.example"],
      },
    ]);
  });

  it("shows in the text, Markdown and HTML reports", () => {
    const line =
      "rogue-exchange.example (rogue) brought bidder-one.example, bidder-three.example, bidder-two.example";
    expect(renderText(report, { width: 200 })).toContain("REMOVE THESE TO REMOVE THE REST (1)");
    expect(renderText(report, { width: 200 })).toContain(line);
    expect(renderMarkdown(report)).toContain("#### Remove these to remove the rest");
    expect(renderHtml(report)).toContain("Remove these to remove the rest");
  });
});
