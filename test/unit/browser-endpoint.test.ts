// --browser-endpoint: which URLs are endpoints, how they are shown (no tokens), how an http://
// endpoint becomes the browser's WebSocket URL, and which flags are refused beside it.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteBrowserSettings } from "../../src/cli/remote-browser-flags.js";
import {
  describeEndpoint,
  endpointProblem,
  resolveEndpoint,
  socketFromVersion,
} from "../../src/crawl/browser-endpoint.js";
import { UsageError } from "../../src/errors.js";

describe("endpointProblem", () => {
  it.each([
    "ws://browsers:3000",
    "wss://pool.example/chrome?token=abc",
    "http://10.0.0.5:9222",
    "https://pool.example",
  ])("%s is an endpoint", (u) => expect(endpointProblem(u)).toBeUndefined());
  it("says what is wrong otherwise", () => {
    expect(endpointProblem("browsers:3000")).toMatch(/is not ws:/);
    expect(endpointProblem("localhost")).toBe("not a URL");
    expect(endpointProblem("ftp://h:21")).toBe("ftp: is not ws:, wss:, http: or https:");
  });
});

describe("describeEndpoint", () => {
  it("drops credentials and the query (pool tokens) but keeps host, port and path", () => {
    expect(describeEndpoint("wss://me:secret@pool.example:443/chrome?token=abc#x")).toBe(
      "wss://pool.example/chrome",
    );
    expect(describeEndpoint("http://127.0.0.1:9222")).toBe("http://127.0.0.1:9222");
  });
});

describe("socketFromVersion", () => {
  it("keeps the browser's path but the host and port the user reached", () => {
    expect(
      socketFromVersion(
        "http://browsers.internal:9222",
        "ws://127.0.0.1:9222/devtools/browser/1b2c",
      ),
    ).toBe("ws://browsers.internal:9222/devtools/browser/1b2c");
    expect(
      socketFromVersion("https://pool.example?token=t", "ws://localhost/devtools/browser/x"),
    ).toBe("wss://pool.example/devtools/browser/x?token=t");
  });
});

describe("resolveEndpoint", () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string };
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === "/json/version" ? answer.status : 404;
      res.end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("reads webSocketDebuggerUrl from /json/version", async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ webSocketDebuggerUrl: "ws://0.0.0.0:1/devtools/browser/abc" }),
    };
    const port = new URL(base).port;
    expect(await resolveEndpoint(base)).toBe(`ws://127.0.0.1:${port}/devtools/browser/abc`);
  });
  it("a ws:// endpoint is used as it is, unasked", async () => {
    expect(await resolveEndpoint("ws://nowhere.invalid:1/x")).toBe("ws://nowhere.invalid:1/x");
  });
  it("fails clearly without a usable answer", async () => {
    answer = { status: 200, body: "{}" };
    await expect(resolveEndpoint(base)).rejects.toThrow(/names no webSocketDebuggerUrl/);
    answer = { status: 500, body: "" };
    await expect(resolveEndpoint(base)).rejects.toThrow(/HTTP 500/);
  });
});

describe("remoteBrowserSettings", () => {
  const endpoint = { browserEndpoint: "ws://b:3000" };
  it("without an endpoint, launch flags are nobody's concern", () => {
    expect(remoteBrowserSettings({}, { hostRules: "MAP * x", gpc: true })).toEqual({});
  });
  it("passes the endpoint on when nothing launch-only is asked", () => {
    expect(remoteBrowserSettings(endpoint, { insecure: false, dnt: false })).toEqual(endpoint);
  });
  it.each([
    [{ chromePath: "/usr/bin/chromium" }, "--chrome-path"],
    [{ blockThirdPartyCookies: true }, "--block-third-party-cookies"],
    [{ hostRules: "MAP * 127.0.0.1" }, "--host-rules"],
    [{ insecure: true }, "--insecure"],
    [{ dnt: true }, "--signals dnt"],
    [{ gpc: true }, "--signals gpc"],
  ])("refuses %j, naming %s", (launchOnly, flag) => {
    expect(() => remoteBrowserSettings(endpoint, launchOnly)).toThrow(UsageError);
    expect(() => remoteBrowserSettings(endpoint, launchOnly)).toThrow(
      `${flag} cannot be used with --browser-endpoint`,
    );
  });
  it("names compare's --modes when a mode asks for a signal", () => {
    expect(() => remoteBrowserSettings(endpoint, { gpc: true }, "--modes")).toThrow(
      "--modes (gpc) cannot be used",
    );
  });
  it("refuses what is no endpoint, with the accepted forms", () => {
    expect(() => remoteBrowserSettings({ browserEndpoint: "browsers:3000" }, {})).toThrow(
      /--browser-endpoint 'browsers:3000': browsers: is not ws:/,
    );
  });
});
