import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAllowlist, parseAllowlist } from "../../src/config/allowlist.js";
import { ConfigError } from "../../src/errors.js";

const FILE = "allow.yaml";

function errorOf(text: string): ConfigError {
  try {
    parseAllowlist(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseAllowlist: the contract's example", () => {
  const text = `firstParty: [publisher.example, publisher-cdn.example]   # the site's own domains
authorized:
  - analytics-vendor.example
  - "*.cdn.partner.example"
  - pixel.partner.example
  - entity: Google
    categories: [analytics]
    expires: 2027-06-30
    note: "contract PRIV-12"
  - url: https://static.partner.example/lib/
    pages: ["/news/**"]
denied:
  - badtracker.example
`;
  const { allowlist, warnings } = parseAllowlist(text, FILE);

  it("reads firstParty", () => {
    expect(allowlist.firstParty).toEqual(["publisher.example", "publisher-cdn.example"]);
    expect(allowlist.file).toBe(FILE);
  });

  it("expands string shorthands: domain, host pattern, exact host", () => {
    expect(allowlist.authorized.slice(0, 3).map((e) => [e.kind, e.value, e.rule, e.line])).toEqual([
      ["domain", "analytics-vendor.example", "domain:analytics-vendor.example", 3],
      ["host", "*.cdn.partner.example", "host:*.cdn.partner.example", 4],
      ["host", "pixel.partner.example", "host:pixel.partner.example", 5],
    ]);
  });

  it("reads object entries with all optional keys", () => {
    expect(allowlist.authorized[3]).toEqual({
      kind: "entity",
      value: "Google",
      rule: "entity:Google",
      categories: ["analytics"],
      expires: "2027-06-30",
      note: "contract PRIV-12",
      line: 6,
    });
    expect(allowlist.authorized[4]).toMatchObject({
      kind: "url",
      value: "https://static.partner.example/lib/",
      pages: ["/news/**"],
      line: 10,
    });
    expect(allowlist.denied).toEqual([
      { kind: "domain", value: "badtracker.example", rule: "domain:badtracker.example", line: 13 },
    ]);
  });

  it("accepts entity and categories entries without a warning (the company map applies them)", () => {
    expect(warnings).toEqual([]);
  });
});

describe("parseAllowlist: accepted variants", () => {
  it("reads JSON", () => {
    const { allowlist } = parseAllowlist(
      '{"firstParty": ["pub.example"], "authorized": ["vendor.example", {"host": "a.b.example", "expires": "2026-01-01"}]}',
      "allow.json",
    );
    expect(allowlist.authorized.map((e) => e.rule)).toEqual([
      "domain:vendor.example",
      "host:a.b.example",
    ]);
    expect(allowlist.authorized[1]?.expires).toBe("2026-01-01");
  });

  it("normalizes case, trailing dots and Unicode hosts", () => {
    const { allowlist } = parseAllowlist(
      "authorized:\n  - Vendor.Example.\n  - shop.bücher.example\n",
      FILE,
    );
    expect(allowlist.authorized.map((e) => e.rule)).toEqual([
      "domain:vendor.example",
      "host:shop.xn--bcher-kva.example",
    ]);
  });

  it("treats an empty file as an empty allowlist, with a warning", () => {
    const { allowlist, warnings } = parseAllowlist("# nothing yet\n", FILE);
    expect(allowlist.authorized).toEqual([]);
    expect(warnings[0]).toContain("empty");
  });

  it("accepts an empty list key", () => {
    expect(parseAllowlist("authorized:\ndenied: []\n", FILE).allowlist.authorized).toEqual([]);
  });

  it("reads categories of a domain entry, lower-cased, without a warning", () => {
    const { allowlist, warnings } = parseAllowlist(
      "authorized:\n  - domain: vendor.example\n    categories: [Advertising, analytics]\n",
      FILE,
    );
    expect(warnings).toEqual([]);
    expect(allowlist.authorized[0]?.categories).toEqual(["advertising", "analytics"]);
  });

  it("turns a non-registrable firstParty host into its domain, with a warning", () => {
    const { allowlist, warnings } = parseAllowlist("firstParty: [www.pub.example]\n", FILE);
    expect(allowlist.firstParty).toEqual(["pub.example"]);
    expect(warnings[0]).toContain("allow.yaml:1");
  });
});

describe("parseAllowlist: every error names file:line and the entry", () => {
  it.each([
    ["YAML syntax", "authorized:\n  - a.example\n  - b.example: c: d\n", 3, "syntax error"],
    [
      "unknown top-level key",
      "firstParty: [a.example]\nallowed:\n  - b.example\n",
      2,
      'unknown key "allowed"',
    ],
    [
      "unknown entry key",
      "authorized:\n  - domain: a.example\n    notes: typo\n",
      3,
      'authorized[0] (domain: "a.example"): unknown key "notes"',
    ],
    [
      "two kinds in one entry",
      "authorized:\n  - a.example\n  - domain: b.example\n    host: c.b.example\n",
      3,
      "authorized[1]",
    ],
    ["no kind", "denied:\n  - note: who?\n", 2, "needs one of domain, host, entity, url"],
    [
      "bad date",
      "authorized:\n  - domain: a.example\n    expires: 2027-02-30\n",
      3,
      "bad expires date",
    ],
    [
      "date in another format",
      "authorized:\n  - domain: a.example\n    expires: 30/06/2027\n",
      3,
      "YYYY-MM-DD",
    ],
    [
      "star in the middle",
      'authorized:\n  - ok.example\n  - "cdn.*.partner.example"\n',
      3,
      "bad host pattern",
    ],
    ["pattern over a public suffix", 'authorized:\n  - "*.co.uk"\n', 2, "public suffix"],
    ["pattern over a TLD", 'denied:\n  - "*.example"\n', 2, "public suffix"],
    [
      "star in a domain",
      'authorized:\n  - domain: "*.a.example"\n',
      2,
      "a domain cannot contain '*'",
    ],
    ["URL in a string", "authorized:\n  - https://a.example/x\n", 2, "{ url: ... }"],
    ["host with a path", "authorized:\n  - host: a.example/x\n", 2, "bad host"],
    ["host with bad characters", "authorized:\n  - host: a!b.example\n", 2, "bad host"],
    ["empty label", "authorized:\n  - a..example\n", 2, "empty label"],
    ["url not absolute", "authorized:\n  - url: /lib/x.js\n", 2, "not an absolute URL"],
    ["url of another scheme", "authorized:\n  - url: ftp://a.example/\n", 2, "http(s)"],
    ["list expected", "authorized: a.example\n", 1, "authorized must be a list"],
    ["firstParty not a list", "firstParty:\n  domain: a.example\n", 2, "firstParty must be a list"],
    [
      "categories not a list",
      "authorized:\n  - domain: a.example\n    categories: ads\n",
      3,
      "categories must be a list",
    ],
    [
      "unknown category",
      "authorized:\n  - entity: Google\n    categories: [ads]\n",
      3,
      'unknown category "ads" (known: advertising, analytics',
    ],
    [
      "pages glob not a path",
      "authorized:\n  - domain: a.example\n    pages: [news/*]\n",
      3,
      'must start with "/"',
    ],
    [
      "pages glob with a triple star",
      "authorized:\n  - domain: a.example\n    pages: [/news/***]\n",
      3,
      "use * (one segment) or ** (any depth)",
    ],
    ["number as entry", "authorized:\n  - {domain: 42x}\n  - [nested]\n", 3, "authorized[1]"],
    ["duplicate key", "authorized: []\nauthorized: []\n", 2, "syntax error"],
    ["root not a map", "- a.example\n", 1, "must be a map"],
    ["firstParty pattern", 'firstParty: ["*.a.example"]\n', 1, "firstParty[0]"],
  ])("%s", (_name, text, line, fragment) => {
    const error = errorOf(text);
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`${FILE}:${line}: `);
    expect(error.message).toContain(fragment);
    expect(error.exitCode).toBe(2);
  });
});

describe("loadAllowlist", () => {
  it("reads a file from disk", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "skimscan-allow-"));
    const file = path.join(dir, "allowlist.yaml");
    await writeFile(file, "authorized:\n  - vendor.example\n");
    const { allowlist } = await loadAllowlist(file);
    expect(allowlist.file).toBe(file);
    expect(allowlist.authorized[0]?.rule).toBe("domain:vendor.example");
    await rm(dir, { recursive: true, force: true });
  });

  it("fails with a ConfigError naming the missing file", async () => {
    const missing = path.join(tmpdir(), "skimscan-no-such-allowlist.yaml");
    await expect(loadAllowlist(missing)).rejects.toThrow(ConfigError);
    await expect(loadAllowlist(missing)).rejects.toThrow(`${missing}: allowlist file not found`);
  });
});
