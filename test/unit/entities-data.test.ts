// Keeps the generated third-party-web module, the overlay and the category mapping honest
// against the installed third-party-web package.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isSharedSuffix } from "../../src/analyze/entities/domain-index.js";
import { bundledEntityMap } from "../../src/analyze/entities/entity-map.js";
import {
  CATEGORY_OVERRIDES,
  COMPANIES,
  EXTRA_DOMAINS,
  OPERATOR_ONLY_SUFFIXES,
} from "../../src/analyze/entities/overlay.js";
import {
  THIRD_PARTY_WEB_DATA,
  THIRD_PARTY_WEB_VERSION,
} from "../../src/analyze/entities/third-party-web-data.js";
import {
  CATEGORIES,
  categoryFromThirdPartyWeb,
  categoryFromWord,
  isCategory,
} from "../../src/domain/categories.js";

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve("third-party-web/package.json"));
const installed = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
  version: string;
};
const upstream = JSON.parse(
  readFileSync(path.join(pkgDir, "dist", "entities-nostats.json"), "utf8"),
) as { name: string; company?: string; category: string; domains: string[] }[];
const lines = THIRD_PARTY_WEB_DATA.split("\n").map((l) => l.split("\t"));

describe("generated third-party-web data", () => {
  it("matches the installed package (else run: node scripts/build-entities.mjs)", () => {
    expect(THIRD_PARTY_WEB_VERSION).toBe(installed.version);
    expect(lines.length).toBe(upstream.length);
    upstream.forEach((e, i) => {
      const [name, company, category, domains] = lines[i] ?? [];
      expect(name).toBe(e.name.trim());
      expect(company || name).toBe((e.company ?? e.name).trim());
      expect(category).toBe(e.category);
      expect(domains ? domains.split(" ") : []).toEqual(e.domains.map((d) => d.toLowerCase()));
    });
  });

  it("maps every third-party-web category deliberately", () => {
    const used = new Set(upstream.map((e) => e.category));
    for (const c of used) {
      const mapped = categoryFromThirdPartyWeb(c);
      // Only "other" may become unknown; a new upstream category must get a decision.
      if (c !== "other") expect(mapped, c).not.toBe("unknown");
    }
    expect(categoryFromThirdPartyWeb("hosting")).toBe("cdn");
    expect(categoryFromThirdPartyWeb("marketing")).toBe("advertising");
    expect(categoryFromThirdPartyWeb("consent-provider")).toBe("consent");
    expect(categoryFromThirdPartyWeb("brand-new")).toBe("unknown");
  });

  it("licence notice travels with the data", () => {
    const source = readFileSync(
      path.join(import.meta.dirname, "../../src/analyze/entities/third-party-web-data.ts"),
      "utf8",
    );
    expect(source).toContain("Copyright (c) 2019 Patrick Hulce");
    expect(source).toContain("Permission is hereby granted");
  });
});

describe("overlay", () => {
  const names = new Set(lines.map(([name]) => name));
  const companies = new Set(lines.map(([name, company]) => company || name));

  it("names only companies and entities that exist upstream (catches upstream renames)", () => {
    for (const key of Object.keys(COMPANIES)) {
      expect(companies.has(key) || names.has(key), key).toBe(true);
    }
    for (const key of Object.keys(CATEGORY_OVERRIDES)) expect(names.has(key), key).toBe(true);
  });

  it("gives every rule a reason and valid categories", () => {
    for (const rule of Object.values(COMPANIES)) expect(rule.why.length).toBeGreaterThan(10);
    for (const o of Object.values(CATEGORY_OVERRIDES)) expect(isCategory(o.category)).toBe(true);
    for (const x of EXTRA_DOMAINS) {
      expect(isCategory(x.category)).toBe(true);
      expect(x.why.length).toBeGreaterThan(10);
      expect(bundledEntityMap().lookup(x.domain)?.entity).toBe(x.entity);
    }
  });

  it("operator-only suffixes really are public suffixes", () => {
    for (const s of OPERATOR_ONLY_SUFFIXES) expect(isSharedSuffix(s, new Set())).toBe(true);
    expect(isSharedSuffix("cloudfront.net", OPERATOR_ONLY_SUFFIXES)).toBe(true);
    expect(isSharedSuffix("googleapis.com", OPERATOR_ONLY_SUFFIXES)).toBe(false);
    expect(isSharedSuffix("doubleclick.net", OPERATOR_ONLY_SUFFIXES)).toBe(false);
  });
});

describe("categoryFromWord", () => {
  it.each([
    ["Advertising", "advertising"],
    ["Ad Motivated Tracking", "advertising"],
    ["Action Pixels", "advertising"],
    ["Analytics", "analytics"],
    ["Audience Measurement", "analytics"],
    ["Session Replay", "analytics"],
    ["Social", "social"],
    ["Social - Share", "social"],
    ["Tag Manager", "tag-manager"],
    ["Consent Management Platform", "consent"],
    ["CDN", "cdn"],
    ["Embedded Content", "content"],
    ["Content", "content"],
    ["Support Chat Widget", "customer-success"],
    ["Online Payment", "utility"],
    ["Federated Login", "utility"],
    ["Fraud Prevention", "utility"],
    ["FingerprintingInvasive", "unknown"],
    ["Cryptomining", "unknown"],
    ["video", "video"],
    ["ad", "advertising"],
  ])("%s → %s", (word, expected) => {
    expect(categoryFromWord(word)).toBe(expected);
    expect(CATEGORIES).toContain(categoryFromWord(word));
  });
});
