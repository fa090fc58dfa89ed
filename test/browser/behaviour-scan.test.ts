// `skimscan scan` on the gadget-mart site in real Chromium, as a user runs it: the behaviour
// findings in the text report (key logging, session recording, fingerprinting), and the one
// definition of tracking naming, under --signals dnt,gpc, an analytics SDK whose only tracking is
// a stored device id in a gzip fetch body, and not the SDK that stops on the signal.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const SITE = "https://www.gadget-mart.example";
let server: FixtureServer;
let text = "";
let code = -1;
let signals: Report;

const common = () => [
  "--host-rules",
  server.hostRules,
  "--insecure",
  "--dwell",
  "300",
  "--timeout",
  "20000",
];

beforeAll(async () => {
  server = await startFixtureServer();
  const scan = await runCliInProcess([
    "scan",
    `${SITE}/account.html`,
    `${SITE}/replay.html`,
    `${SITE}/`,
    "--identity",
    "email=jane.doe@example.com",
    "-a",
    path.join(FIXTURES_DIR, "allowlists/gadget-mart.yaml"),
    "--no-color",
    ...common(),
  ]);
  text = scan.stdout;
  code = scan.code;
  const dnt = await runCliInProcess([
    "scan",
    `${SITE}/deals.html`,
    "--signals",
    "dnt,gpc",
    "--format",
    "json",
    ...common(),
  ]);
  signals = JSON.parse(dnt.stdout) as Report;
}, 180_000);
afterAll(() => server?.close());

describe("behaviour findings in the text report", () => {
  it("exits 1 (rogue parties) and names key logging, session recording and fingerprinting", () => {
    expect(code).toBe(1);
    expect(text).toMatch(/HIGH\s+key-logging[\s\S]*formsy\.example/);
    expect(text).toMatch(/HIGH\s+session-recording[\s\S]*replayco\.example/);
    expect(text).toMatch(/fingerprinting[\s\S]*fpvendor\.example/);
  });
});

describe("one definition of tracking under --signals dnt,gpc", () => {
  it("names eventpipe, whose only tracking is its stored device id in a gzip fetch body", () => {
    const named = signals.findings
      .filter((f) => f.code.startsWith("ignores-"))
      .map((f) => `${f.code} ${f.party}`);
    expect(named.sort()).toEqual([
      "ignores-dnt eventpipe.example",
      "ignores-gpc eventpipe.example",
    ]);
    const f = signals.findings.find((x) => x.code === "ignores-dnt");
    expect(f?.evidence).toMatchObject({ cookieCount: 0, identifierRequests: 1 });
    const first = ((f?.evidence.trackingRequests ?? []) as { reason: string; kind: string }[])[0];
    expect(first).toMatchObject({
      kind: "fetch",
      reason: "stored-identifier",
    });
  });

  it("does not name politepipe, which stopped; parties count tracking by the same definition", () => {
    expect(signals.parties.find((p) => p.domain === "eventpipe.example")?.tracking).toBe(1);
    expect(signals.parties.find((p) => p.domain === "politepipe.example")?.tracking).toBe(0);
  });
});
