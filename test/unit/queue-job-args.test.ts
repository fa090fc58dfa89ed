import { describe, expect, it } from "vitest";
import { worstExit } from "../../src/cli/worst-exit.js";
import {
  blobRef,
  inspectArgs,
  normaliseArgs,
  parseBlobRef,
  withBlobRefs,
} from "../../src/queue/job-args.js";
import { transientFailure } from "../../src/queue/transient.js";

const HASH = "a".repeat(64);

describe("a job's scan flags", () => {
  it("finds file flags in every spelling and replaces them by content references", () => {
    const args = normaliseArgs([
      "--depth",
      "1",
      "-a",
      "/home/me/allow.yaml",
      "--entities=maps/ddg.json",
      "--filter-list",
      "lists/easy.txt",
      "--header",
      "X-A: b",
    ]);
    const files = inspectArgs(args);
    expect(files.map((f) => [f.flag, f.file])).toEqual([
      ["--allowlist", "/home/me/allow.yaml"],
      ["--entities", "maps/ddg.json"],
      ["--filter-list", "lists/easy.txt"],
    ]);
    const out = withBlobRefs(args, files, () => HASH);
    expect(out).toEqual([
      "--depth",
      "1",
      "-a",
      `blob:${HASH}/allow.yaml`,
      "--entities",
      `blob:${HASH}/ddg.json`,
      "--filter-list",
      `blob:${HASH}/easy.txt`,
      "--header",
      "X-A: b",
    ]);
  });

  it("refuses the worker's own flags, naming them", () => {
    expect(() => inspectArgs(["-o", "x.json"])).toThrow(/-o is not a job's flag/);
    expect(() => inspectArgs(["--output-dir=x"])).toThrow(/--output-dir/);
    expect(() => inspectArgs(["--chrome-path", "/x"])).toThrow(/worker/);
    expect(() => inspectArgs(["--allowlist"])).toThrow(/needs a file/);
  });

  it("blob references are parsed strictly (no path tricks)", () => {
    expect(parseBlobRef(blobRef(HASH, "dir/allow.yaml"))).toEqual({
      hash: HASH,
      name: "allow.yaml",
    });
    expect(parseBlobRef(`blob:${HASH}/..`)).toBeUndefined();
    expect(parseBlobRef(`blob:${HASH}/a/b`)).toBeUndefined();
    expect(parseBlobRef("blob:abc/x")).toBeUndefined();
    expect(parseBlobRef("allow.yaml")).toBeUndefined();
  });
});

describe("transient failures", () => {
  it("trusts failure kinds when the capture has them", () => {
    expect(transientFailure(["x"], ["timeout"])).toBe(true);
    expect(transientFailure(["x"], ["browser-gone"])).toBe(true);
    expect(transientFailure(["net::ERR_TIMED_OUT"], ["blocked"])).toBe(false);
  });
  it("falls back to the reasons' words", () => {
    expect(transientFailure(["no response within 30000 ms"], [undefined])).toBe(true);
    expect(transientFailure(["browser did not start: x"], [])).toBe(true);
    expect(transientFailure(["net::ERR_CONNECTION_REFUSED"], [])).toBe(true);
    expect(transientFailure(["robots.txt disallows it"], [undefined])).toBe(false);
  });
});

describe("the worst exit code of many sites", () => {
  it("orders 130 > 3 > 2 > 1 > 0 and reads unknown codes as 3", () => {
    expect(worstExit([])).toBe(0);
    expect(worstExit([0, 1, 0])).toBe(1);
    expect(worstExit([1, 3, 0])).toBe(3);
    expect(worstExit([3, 130, 1])).toBe(130);
    expect(worstExit([0, 42])).toBe(3);
    expect(worstExit([130, 42])).toBe(130);
  });
});
