// Company maps users bring with --entities: each format detected and read, others refused, and
// the user's map combined before the bundled one.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  bundledEntityMap,
  combineEntityMaps,
  type EntityMap,
} from "../../src/analyze/entities/entity-map.js";
import { detectEntityFormat, parseUserEntities } from "../../src/analyze/entities/user-entities.js";
import { ConfigError, EXIT } from "../../src/errors.js";

const DIR = path.join(import.meta.dirname, "..", "fixtures", "entities");
const load = (name: string): EntityMap =>
  parseUserEntities(readFileSync(path.join(DIR, name), "utf8"), path.join(DIR, name));

type Row = [
  file: string,
  format: string,
  host: string,
  entity: string | undefined,
  category: string,
];

const ROWS: Row[] = [
  [
    "disconnect-entities.json",
    "Disconnect entities.json",
    "adnetwork.example",
    "Adnetwork Holdings",
    "unknown",
  ],
  [
    "disconnect-entities.json",
    "Disconnect entities.json",
    "x.adn-cdn.example",
    "Adnetwork Holdings",
    "unknown",
  ],
  [
    "disconnect-entities.json",
    "Disconnect entities.json",
    "ADNETWORK-NEWS.example.",
    "Adnetwork Holdings",
    "unknown",
  ],
  [
    "disconnect-entities.json",
    "Disconnect entities.json",
    "a.pixel.adnetwork-sync.example",
    "Adnetwork Holdings",
    "unknown",
  ],
  ["disconnect-entities.json", "Disconnect entities.json", "adnetwork-sync.example", undefined, ""],
  [
    "disconnect-entities.json",
    "Disconnect entities.json",
    "www.google-analytics.com",
    "Google",
    "unknown",
  ],
  ["disconnect-entities.json", "Disconnect entities.json", "d123.cloudfront.net", undefined, ""],
  ["disconnect-entities.json", "Disconnect entities.json", "cloudfront.net", "Google", "unknown"],
  [
    "disconnect-services.json",
    "Disconnect services.json",
    "cdn.adnetwork.example",
    "Adnetwork Holdings",
    "advertising",
  ],
  [
    "disconnect-services.json",
    "Disconnect services.json",
    "counter.example",
    "Counter Inc",
    "analytics",
  ],
  [
    "disconnect-services.json",
    "Disconnect services.json",
    "share.example:443",
    "Sharebuttons",
    "social",
  ],
  ["disconnect-services.json", "Disconnect services.json", "printy.example", "Printy", "unknown"],
  [
    "ddg-entity-map.json",
    "DuckDuckGo Tracker Radar entity_map.json",
    "adnetwork.example",
    "Adnetwork",
    "unknown",
  ],
  [
    "ddg-entity-map.json",
    "DuckDuckGo Tracker Radar entity_map.json",
    "t.counter.example",
    "Counter Analytics GmbH",
    "unknown",
  ],
  [
    "ddg-domain-map.json",
    "DuckDuckGo Tracker Radar domain_map.json",
    "www.adnetwork.example",
    "Adnetwork",
    "unknown",
  ],
  [
    "ddg-domain-map.json",
    "DuckDuckGo Tracker Radar domain_map.json",
    "counter.example",
    "Counter Analytics GmbH",
    "unknown",
  ],
  ["ddg-tds.json", "DuckDuckGo tds.json", "adnetwork.example", "Adnetwork", "advertising"],
  ["ddg-tds.json", "DuckDuckGo tds.json", "counter.example", "Counter", "analytics"],
  ["ddg-tds.json", "DuckDuckGo tds.json", "img.adn-cdn.example", "Adnetwork", "unknown"],
  [
    "third-party-web-entities.json",
    "third-party-web entities.json",
    "adnetwork.example",
    "Adnetwork",
    "advertising",
  ],
  [
    "third-party-web-entities.json",
    "third-party-web entities.json",
    "pixel.adn-sync.example",
    "Adnetwork",
    "advertising",
  ],
  [
    "third-party-web-entities.json",
    "third-party-web entities.json",
    "x.counter.example",
    "Counter",
    "analytics",
  ],
];

describe("parseUserEntities", () => {
  it.each(ROWS)("%s (%s): %s → %s %s", (file, format, host, entity, category) => {
    const text = readFileSync(path.join(DIR, file), "utf8");
    expect(detectEntityFormat(JSON.parse(text))).toBe(format);
    const info = load(file).lookup(host);
    if (entity === undefined) {
      expect(info).toBeUndefined();
      return;
    }
    expect(info).toMatchObject({ entity, category, source: path.join(DIR, file) });
  });

  it("lists domains and entities of a user's map", () => {
    const map = load("disconnect-entities.json");
    expect(map.domainsOf("adnetwork holdings")).toEqual([
      "adn-cdn.example",
      "adnetwork-news.example",
      "adnetwork.example",
      "pixel.adnetwork-sync.example",
    ]);
    expect(map.entities()).toEqual(["Adnetwork Holdings", "Google"]);
  });

  it.each([
    ["random.json", /not a company map skimscan knows/],
    ["not-json.csv", /not valid JSON/],
  ])("refuses %s with a ConfigError naming the file and the formats", (file, message) => {
    const full = path.join(DIR, file);
    let error: unknown;
    try {
      parseUserEntities(readFileSync(full, "utf8"), full);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.file).toBe(full);
    expect(e.message).toContain(full);
    expect(e.message).toMatch(message);
    expect(e.message).toContain("Disconnect entities.json");
    expect(e.message).toContain("DuckDuckGo Tracker Radar entity_map.json");
  });

  it.each([
    ["[]", /not a company map/],
    ["{}", /not a company map/],
    ['{"entities": {}}', /not a company map/],
    ['{"entities": {"X": {"properties": []}}}', /names no domains/],
    ["42", /not a company map/],
    ["null", /not a company map/],
  ])("refuses %s", (text, message) => {
    expect(() => parseUserEntities(text, "x.json")).toThrow(message);
  });
});

describe("combineEntityMaps", () => {
  it("lets the user's map win and fills an unknown category from the bundled map", () => {
    const user = load("disconnect-entities.json");
    const map = combineEntityMaps(user, bundledEntityMap());
    // The user says who; the bundled map still knows what Google Analytics does.
    expect(map.lookup("www.google-analytics.com")).toMatchObject({
      entity: "Google",
      category: "analytics",
    });
    expect(map.lookup("www.google-analytics.com")?.source).toMatch(
      /disconnect-entities\.json\+third-party-web$/,
    );
    // Only the user knows this one.
    expect(map.lookup("adnetwork.example")).toMatchObject({
      entity: "Adnetwork Holdings",
      category: "unknown",
    });
    expect(map.explain("www.google-analytics.com")).toMatchObject({
      matched: "google-analytics.com",
      scope: "domain",
      info: { entity: "Google", category: "analytics" },
    });
    // Only the bundled map knows this one.
    expect(map.lookup("bat.bing.com")?.entity).toBe("Microsoft");
    expect(map.lookup("nobody.example")).toBeUndefined();
  });

  it("earlier maps win over later ones", () => {
    const a = load("third-party-web-entities.json");
    const b = load("disconnect-services.json");
    expect(combineEntityMaps(a, b).lookup("adnetwork.example")?.entity).toBe("Adnetwork");
    expect(combineEntityMaps(b, a).lookup("adnetwork.example")?.entity).toBe("Adnetwork Holdings");
  });

  it("domainsOf drops a domain an earlier map gives to someone else", () => {
    const user = parseUserEntities(
      JSON.stringify({ entities: { "Tag Co": { resources: ["googletagmanager.com"] } } }),
      "user.json",
    );
    const map = combineEntityMaps(user, bundledEntityMap());
    expect(map.domainsOf("Google")).not.toContain("googletagmanager.com");
    expect(map.domainsOf("Google")).toContain("google-analytics.com");
    expect(map.domainsOf("tag co")).toEqual(["googletagmanager.com"]);
    expect(map.entities()).toContain("Tag Co");
    expect(map.entities()).toContain("Google");
  });
});
