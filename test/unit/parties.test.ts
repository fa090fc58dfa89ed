// Parties are finished where they are built: company and its source, cookies and filter-list
// matches are on the party aggregateParties returns, before any check or renderer reads it.
import { describe, expect, it } from "vitest";
import { aggregateCookies } from "../../src/analyze/cookies.js";
import { judgeRequests } from "../../src/analyze/judge-requests.js";
import { aggregateParties } from "../../src/analyze/parties.js";
import {
  makeCapture,
  makeCookieWrite,
  makePage,
  makeRequest,
  parser,
} from "./helpers/capture-builder.js";

const PAGE = "https://www.pub.example/";

function scan() {
  const page = makePage(PAGE);
  page.requests.push(
    makeRequest("a", "https://px.adnet.example/p.gif", { initiator: parser(PAGE) }),
    makeRequest("b", "https://cdn.widget.example/w.js", { initiator: parser(PAGE) }),
  );
  page.cookieWrites.push(
    makeCookieWrite({
      name: "uid",
      domain: "px.adnet.example",
      url: "https://px.adnet.example/p.gif",
    }),
    // Set by widget on adnet's domain: counts for both.
    makeCookieWrite({
      name: "w",
      domain: ".adnet.example",
      setBy: "script",
      url: PAGE,
      script: "https://cdn.widget.example/w.js",
    }),
  );
  const capture = makeCapture([page]);
  return { capture, judged: judgeRequests(capture, {}) };
}

describe("aggregateParties", () => {
  const lookup = (host: string) =>
    host.endsWith("adnet.example")
      ? { entity: "AdNet", category: "ad", source: "skimscan-overlay", parent: "AdGroup" }
      : undefined;

  it("gives each party its company, the source of that knowledge and its parent", () => {
    const { judged } = scan();
    const [adnet, widget] = aggregateParties(judged.requests, lookup);
    expect(adnet).toMatchObject({
      domain: "adnet.example",
      entity: "AdNet",
      category: "ad",
      entitySource: "skimscan-overlay",
      parentEntity: "AdGroup",
    });
    expect(widget?.entitySource).toBeUndefined();
    // Key order is the report's: the source comes after the chains, as the JSON contract has it.
    expect(Object.keys(adnet ?? {}).slice(-3)).toEqual([
      "loadedBy",
      "entitySource",
      "parentEntity",
    ]);
  });

  it("counts cookies for their party and their setter, and filter-list matches when lists were given", () => {
    const { capture, judged } = scan();
    const cookies = aggregateCookies(capture).map((c) => c.cookie);
    const first = judged.requests.find((r) => r.party === "adnet.example");
    const matches = new Map(first ? [[first, { rule: "||adnet.example^", list: "l.txt" }]] : []);
    const parties = aggregateParties(judged.requests, undefined, {
      cookies,
      filterMatches: matches,
    });
    expect(parties.map((p) => [p.domain, p.cookies, p.filterMatches])).toEqual([
      ["adnet.example", 2, 1],
      ["widget.example", 1, 0],
    ]);
    // Without lists the field is absent, not 0.
    expect(aggregateParties(judged.requests, undefined, { cookies })[0]).not.toHaveProperty(
      "filterMatches",
    );
  });
});
