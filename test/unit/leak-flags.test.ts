// --identity, --max-cookie-days, --search-param, --fill-forms: validation (exit 2 with a clear
// message), what reaches the leak checks, and what scan.options records (identity values redacted).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseIdentity, parseLeakFlags } from "../../src/cli/leak-flags.js";
import { UsageError } from "../../src/errors.js";
import type { Report } from "../../src/model/report.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

describe("parseIdentity", () => {
  it("reads email, phone and name in any order, trimmed", () => {
    expect(
      parseIdentity(" name=Jane Doe , email=Jane.Doe@Example.com,phone=+44 20 7946 0958"),
    ).toEqual({
      email: "Jane.Doe@Example.com",
      phone: "+44 20 7946 0958",
      name: "Jane Doe",
    });
  });
  it.each([
    ["mail=a@b.example", /unknown key 'mail'/],
    ["email=", /email has no value/],
    ["email=not-an-address", /not an e-mail address/],
    ["phone=call me", /not a phone number/],
    ["name=Jo", /too short/],
    ["email=a@b.example,email=c@d.example", /given twice/],
  ])("%s is a usage error", (text, message) => {
    expect(() => parseIdentity(text)).toThrow(UsageError);
    expect(() => parseIdentity(text)).toThrow(message);
  });
});

describe("parseLeakFlags", () => {
  it("defaults: 395 days, the default search parameters, no identity, nothing redacted", () => {
    const s = parseLeakFlags({});
    expect(s.leaks.maxCookieDays).toBe(395);
    expect(s.leaks.searchParams).toContain("q");
    expect(s.leaks.identity).toBeUndefined();
    expect(s.record).toEqual({ maxCookieDays: 395 });
  });
  it("adds --search-param names to the defaults and records only the added ones", () => {
    const s = parseLeakFlags({ searchParam: ["term", "q"] });
    expect(s.leaks.searchParams).toEqual(expect.arrayContaining(["q", "query", "s", "term"]));
    expect(s.leaks.searchParams?.filter((p) => p === "q")).toHaveLength(1);
    expect(s.record.searchParams).toEqual(["term", "q"]);
  });
  it("records the identity's keys with the values redacted", () => {
    const s = parseLeakFlags({
      identity: "email=jane@example.com,name=Jane Doe",
      fillForms: "all",
    });
    expect(s.leaks.identity).toEqual({ email: "jane@example.com", name: "Jane Doe" });
    expect(s.fillForms).toBe("all");
    expect(s.record).toEqual({
      identity: { email: "<redacted>", name: "<redacted>" },
      fillForms: "all",
      maxCookieDays: 395,
    });
    expect(JSON.stringify(s.record)).not.toContain("jane");
  });
  it.each([
    [{ maxCookieDays: "0" }, /--max-cookie-days/],
    [{ maxCookieDays: "13 months" }, /--max-cookie-days/],
    [{ searchParam: ["a b"] }, /--search-param/],
    [
      { fillForms: "everything", identity: "email=a@b.example" },
      /--fill-forms expects safe or all/,
    ],
    [{ fillForms: "all" }, /--fill-forms needs --identity/],
  ])("%o is a usage error", (flags, message) => {
    expect(() => parseLeakFlags(flags)).toThrow(message);
  });
});

describe("the flags on `skimscan report` (saved demo capture)", () => {
  const capture = path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.capture.json");
  const allowlist = path.join(FIXTURES_DIR, "allowlists/dailybugle.yaml");

  it("exit 2 with the message for a bad value, before anything is read", async () => {
    const r = await runCliInProcess([
      "report",
      capture,
      "--identity",
      "email=nope",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--identity: 'nope' is not an e-mail address.");
    expect(r.stdout).toBe("");
  });

  it("--max-cookie-days and --search-param reach the checks; options are recorded, identity redacted", async () => {
    const base = await runCliInProcess(["report", capture, "-a", allowlist, "--format", "json"]);
    const tuned = await runCliInProcess([
      "report",
      capture,
      "-a",
      allowlist,
      "--format",
      "json",
      "--max-cookie-days",
      "30",
      "--identity",
      "email=jane.doe@example.com",
    ]);
    const a = JSON.parse(base.stdout) as Report;
    const b = JSON.parse(tuned.stdout) as Report;
    const longLived = (r: Report) =>
      r.findings.filter((f) => f.code === "long-lived-cookie").map((f) => f.evidence.name);
    expect(longLived(a)).toEqual(["sk_vid"]);
    // uid asks for exactly 395 days: under a 30-day limit it is long-lived too.
    expect(longLived(b)).toEqual(expect.arrayContaining(["sk_vid", "uid"]));
    expect(b.scan.options).toMatchObject({
      maxCookieDays: 30,
      identity: { email: "<redacted>" },
    });
    expect(tuned.stdout).not.toContain("jane.doe@example.com");
  });
});
