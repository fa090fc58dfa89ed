// scan.options is one record: the capture's (crawl-options.ts) plus what the report adds, with
// one convention — a key is absent when its flag was not given, never null or [].
import { describe, expect, it } from "vitest";
import { reportOptionsRecord } from "../../src/cli/report-options.js";
import { crawlOptionsRecord } from "../../src/crawl/crawl-options.js";
import { REDACTED } from "../../src/model/redacted.js";

const base = {
  startUrls: ["https://www.site.example/"],
  maxPages: 1,
  maxDepth: 0,
  concurrency: 2,
  session: "shared" as const,
  blockThirdPartyCookies: false,
  timeoutMs: 30_000,
  dwellMs: 2000,
  insecure: false,
  maxBodyBytes: 65_536,
};

function nothingEmpty(record: Record<string, unknown>) {
  for (const [key, value] of Object.entries(record)) {
    expect(value, key).not.toBeNull();
    expect(value, key).not.toBeUndefined();
    if (Array.isArray(value)) expect(value.length, key).toBeGreaterThan(0);
  }
}

describe("the options record", () => {
  it("leaves out what was not given, in the capture's part and the report's part", () => {
    const capture = crawlOptionsRecord({ ...base, include: [], exclude: [] });
    nothingEmpty(capture);
    expect(capture).not.toHaveProperty("hostRules");
    expect(capture).not.toHaveProperty("rate");
    const report = reportOptionsRecord({
      firstParty: [],
      targets: [],
      noColor: false,
      verbose: false,
      failOn: [],
      baselineFiles: [],
      minPages: 1,
      entitiesFiles: [],
      filterListFiles: [],
    });
    expect(report).toEqual({});
  });

  it("records what was given, secrets redacted with the one spelling", () => {
    const capture = crawlOptionsRecord({
      ...base,
      hostRules: "MAP * 127.0.0.1:8443",
      exclude: ["/account/**"],
      ignoredParams: ["utm_source", "ref"],
      rate: 2,
      access: { headers: [["X-Token", "s3cret"]], cookies: [["sid", "s3cret"]] },
    });
    expect(capture).toMatchObject({
      hostRules: "MAP * 127.0.0.1:8443",
      exclude: ["/account/**"],
      ignoreParams: ["utm_source", "ref"],
      rate: 2,
      headers: [`X-Token: ${REDACTED}`],
      cookies: [`sid=${REDACTED}`],
    });
    expect(JSON.stringify(capture)).not.toContain("s3cret");
    const report = reportOptionsRecord({
      allowlistFile: "allow.yaml",
      firstParty: ["pub-cdn.example"],
      targets: [{ file: "-", format: "json" }],
      noColor: false,
      verbose: false,
      failOn: [],
      baselineFiles: [],
      minPages: 1,
      entitiesFiles: ["map.json"],
    });
    expect(report).toEqual({
      allowlist: "allow.yaml",
      firstParty: ["pub-cdn.example"],
      formats: ["json"],
      entities: ["map.json"],
    });
  });
});
