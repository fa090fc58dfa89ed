// --filter-list matching with @ghostery/adblocker: options, request types, exceptions across
// lists, and the matching rule (with its list) as evidence.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileFilterLists } from "../../src/analyze/filter-lists/filter-list.js";

const DIR = path.join(import.meta.dirname, "..", "fixtures", "filter-lists");
const PRIVACY = path.join(DIR, "privacy-mini.txt");
const ADS = path.join(DIR, "ads-mini.txt");
const lists = [PRIVACY, ADS].map((name) => ({ name, text: readFileSync(name, "utf8") }));
const engine = compileFilterLists(lists);
const PAGE = "https://www.publisher.example/article/1";

type Row = [url: string, type: string, sourceUrl: string, rule: string | undefined, list?: string];

const ROWS: Row[] = [
  // $third-party
  [
    "https://tracker.rogue.test/p.gif?u=1",
    "Image",
    PAGE,
    "||tracker.rogue.test^$third-party",
    PRIVACY,
  ],
  [
    "https://cdn.tracker.rogue.test/t.js",
    "Script",
    PAGE,
    "||tracker.rogue.test^$third-party",
    PRIVACY,
  ],
  ["https://tracker.rogue.test/p.gif", "Image", "https://tracker.rogue.test/", undefined],
  // $image, with CDP, report and webRequest type names
  [
    "https://pixel.adnetwork.example/i?x=1",
    "Image",
    PAGE,
    "||pixel.adnetwork.example^$image",
    PRIVACY,
  ],
  [
    "https://pixel.adnetwork.example/i?x=1",
    "image",
    PAGE,
    "||pixel.adnetwork.example^$image",
    PRIVACY,
  ],
  [
    "https://pixel.adnetwork.example/i?x=1",
    "pixel",
    PAGE,
    "||pixel.adnetwork.example^$image",
    PRIVACY,
  ],
  ["https://pixel.adnetwork.example/i.js", "Script", PAGE, undefined],
  // $ping,xmlhttprequest on a path pattern
  [
    "https://stats.vendor.example/collect?tid=G-1",
    "Ping",
    PAGE,
    "/collect?tid=$ping,xmlhttprequest",
    PRIVACY,
  ],
  [
    "https://stats.vendor.example/collect?tid=G-1",
    "beacon",
    PAGE,
    "/collect?tid=$ping,xmlhttprequest",
    PRIVACY,
  ],
  [
    "https://stats.vendor.example/collect?tid=G-1",
    "XHR",
    PAGE,
    "/collect?tid=$ping,xmlhttprequest",
    PRIVACY,
  ],
  ["https://stats.vendor.example/collect?tid=G-1", "Script", PAGE, undefined],
  // $domain= scoped to the publisher
  [
    "https://analytics.partner.example/track.js",
    "Script",
    PAGE,
    "||analytics.partner.example/track.js$script,domain=publisher.example",
    PRIVACY,
  ],
  ["https://analytics.partner.example/track.js", "Script", "https://other.example/", undefined],
  // An exception in one list lifts a block from another
  ["https://tracker.rogue.test/allowed/ad.gif", "Image", PAGE, undefined],
  // The second list, and a rule both lists carry (the first list gets the credit)
  ["https://ads.adnetwork.example/slot?id=3", "Script", PAGE, "||ads.adnetwork.example^", ADS],
  ["https://img.vendor.example/banner-ad-300x250.png", "Image", PAGE, "/banner-ad-$image", ADS],
  ["https://img.vendor.example/banner-ad-300x250.png", "Script", PAGE, undefined],
  // $subdocument: frames
  [
    "https://frames.adnetwork.example/f.html",
    "iframe",
    PAGE,
    "||frames.adnetwork.example^$subdocument",
    ADS,
  ],
  [
    "https://frames.adnetwork.example/f.html",
    "sub_frame",
    PAGE,
    "||frames.adnetwork.example^$subdocument",
    ADS,
  ],
  ["https://frames.adnetwork.example/f.js", "Script", PAGE, undefined],
  // Nothing to do with any rule
  ["https://www.publisher.example/app.js", "Script", PAGE, undefined],
  ["https://cdn.publisher-cdn.example/x.png", "Image", PAGE, undefined],
  ["https://clean.vendor.example/widget.js", "SomeFutureType", PAGE, undefined],
];

describe("compileFilterLists().match", () => {
  it.each(ROWS)("%s (%s) → %s", (url, type, sourceUrl, rule, list) => {
    const m = engine.match({ url, type, sourceUrl });
    if (rule === undefined) {
      expect(m).toBeUndefined();
      return;
    }
    expect(m).toEqual({ rule, list });
  });

  it("counts the network rules of each list and ignores cosmetic rules and comments", () => {
    // privacy: 4 blocking + 1 exception; ads: 5 rules, one repeating a privacy rule (counted there).
    expect(engine.ruleCounts).toEqual({ [PRIVACY]: 5, [ADS]: 4 });
    expect(compileFilterLists([{ name: "empty", text: "! nothing\n" }]).ruleCounts).toEqual({
      empty: 0,
    });
  });

  it("matches nothing with no lists, and survives URLs it cannot judge", () => {
    const none = compileFilterLists([]);
    expect(
      none.match({ url: "https://tracker.rogue.test/p.gif", type: "Image", sourceUrl: PAGE }),
    ).toBeUndefined();
    expect(
      engine.match({ url: "data:image/gif;base64,R0lGOD", type: "Image", sourceUrl: PAGE }),
    ).toBeUndefined();
    expect(engine.match({ url: "not a url", type: "Image", sourceUrl: "" })).toBeUndefined();
  });
});
