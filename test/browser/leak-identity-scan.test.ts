// `skimscan scan --identity email=…` in real Chromium: the CLI types the seeded address into the
// newsletter form, and the report names the vendor that received it SHA-256-hashed; the identity
// itself is recorded as keys only. One browser (one scan) for the file.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { isFindingOf, type Report } from "../../src/model/report.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const PAGE = "https://www.newsletter-daily.example/";
const EMAIL_SHA256 = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d";

let server: FixtureServer;
let code: number;
let stdout = "";
let stderr = "";
let report: Report;

beforeAll(async () => {
  server = await startFixtureServer();
  ({ code, stdout, stderr } = await runCliInProcess([
    "scan",
    PAGE,
    "--identity",
    "email=Jane.Doe@Example.com",
    "-a",
    path.join(FIXTURES_DIR, "allowlists/newsletter-daily.yaml"),
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "300",
    "--format",
    "json",
  ]));
  report = JSON.parse(stdout) as Report;
});
afterAll(() => server?.close());

describe("scan --identity on the newsletter site", () => {
  it("exits 0: the identity partner is authorized, nothing rogue", () => {
    expect(code, stderr).toBe(0);
    expect(report.summary.rogue).toBe(0);
  });

  it("typed the address into the form with key events and submitted it", () => {
    const post = server.received.find((r) => r.path.startsWith("/api/subscribe"));
    expect(post?.body.toString()).toBe("email=Jane.Doe%40Example.com&list=daily");
  });

  it("reports pii-leak to idmatch.example, sha256 of the normalised address in the query's em", () => {
    const f = report.findings
      .filter(isFindingOf("pii-leak"))
      .find((x) => x.party === "idmatch.example");
    expect(f?.severity).toBe("high");
    expect(f?.page).toBe(PAGE);
    expect(f?.evidence).toMatchObject({ kind: "email", seeded: true, form: "sha256" });
    expect(f?.evidence.encoding).toContain("sha256");
    const samples = (f?.evidence.requests ?? []) as {
      url: string;
      location: string;
      key: string;
    }[];
    const sample = samples[0];
    expect(sample).toMatchObject({ location: "query", key: "em" });
    expect(sample?.url).toContain(`em=${EMAIL_SHA256}`);
    expect(report.findings.filter((x) => x.code === "pii-leak")).toHaveLength(1);
  });

  it("records the identity's keys, never its value", () => {
    expect(report.scan.options).toMatchObject({
      identity: { email: "<redacted>" },
      fillForms: "safe",
      maxCookieDays: 395,
    });
    expect(stdout.toLowerCase()).not.toContain("jane.doe@example.com");
  });
});
