// Stack helpers of the capture: CDP stacks with async parents, and the script URLs on a V8
// Error().stack as the cookie and storage hooks see them.
import { describe, expect, it } from "vitest";
import {
  scriptUrlsFromErrorStack,
  toCapturedInitiator,
  toCapturedStack,
} from "../../src/capture/stacks.js";

describe("scriptUrlsFromErrorStack", () => {
  it("names the writing script first and drops our own hook frames", () => {
    const stack = [
      "Error",
      "    at set (skimscan-cookie-hook:12:19)",
      "    at https://cdn.vendor.test/c.js:3:19",
      "    at loadAll (https://tags.pipe.test/tp.js?id=1:6:5)",
      "    at https://tags.pipe.test/tp.js?id=1:9:3",
    ].join("\n");
    expect(scriptUrlsFromErrorStack(stack)).toEqual([
      "https://cdn.vendor.test/c.js",
      "https://tags.pipe.test/tp.js?id=1",
    ]);
  });

  it("attributes eval'd code to the script that called eval", () => {
    const stack = [
      "Error",
      "    at Object.set [as cookie] (skimscan-cookie-hook:5:1)",
      "    at eval (eval at run (https://tags.pipe.test/tp.js:20:7), <anonymous>:1:17)",
      "    at run (https://tags.pipe.test/tp.js:20:7)",
    ].join("\n");
    expect(scriptUrlsFromErrorStack(stack)).toEqual(["https://tags.pipe.test/tp.js"]);
  });

  it("returns nothing for code without a URL", () => {
    expect(scriptUrlsFromErrorStack("Error\n    at <anonymous>:1:1")).toEqual([]);
    expect(scriptUrlsFromErrorStack("")).toEqual([]);
  });
});

describe("toCapturedStack / toCapturedInitiator", () => {
  it("keeps frames and the async parent chain with descriptions", () => {
    const cdp = {
      callFrames: [
        {
          url: "https://a.test/x.js",
          functionName: "f",
          scriptId: "7",
          lineNumber: 1,
          columnNumber: 2,
        },
      ],
      parent: {
        description: "setTimeout",
        callFrames: [
          {
            url: "https://a.test/y.js",
            functionName: "",
            scriptId: "8",
            lineNumber: 3,
            columnNumber: 4,
          },
        ],
      },
    };
    expect(toCapturedStack(cdp)).toEqual({
      frames: [
        {
          url: "https://a.test/x.js",
          functionName: "f",
          scriptId: "7",
          lineNumber: 1,
          columnNumber: 2,
        },
      ],
      parent: {
        description: "setTimeout",
        frames: [
          {
            url: "https://a.test/y.js",
            functionName: "",
            scriptId: "8",
            lineNumber: 3,
            columnNumber: 4,
          },
        ],
      },
    });
  });

  it("hides skimscan's own hook frames from page stacks", () => {
    const cdp = {
      callFrames: [
        {
          url: "skimscan-keepalive-hook",
          functionName: "fetch",
          scriptId: "3",
          lineNumber: 0,
          columnNumber: 0,
        },
        {
          url: "https://t.test/tag.js",
          functionName: "send",
          scriptId: "9",
          lineNumber: 5,
          columnNumber: 1,
        },
      ],
    };
    expect(toCapturedStack(cdp)?.frames.map((f) => f.url)).toEqual(["https://t.test/tag.js"]);
  });

  it("maps parser and preflight initiators and defaults to other", () => {
    expect(toCapturedInitiator({ type: "parser", url: "https://p.test/", lineNumber: 4 })).toEqual({
      type: "parser",
      url: "https://p.test/",
      lineNumber: 4,
    });
    expect(toCapturedInitiator({ type: "preflight", requestId: "12.3" })).toEqual({
      type: "preflight",
      requestId: "12.3",
    });
    expect(toCapturedInitiator(undefined)).toEqual({ type: "other" });
  });
});
