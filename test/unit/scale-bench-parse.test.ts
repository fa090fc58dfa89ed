import { describe, expect, it } from "vitest";
import { doneSites } from "../../bench/cli-process.js";
import { parseInfo } from "../../bench/redis-process.js";

describe("the scale bench's parsers", () => {
  it("reads Redis INFO lines as numbers, skipping section headers", () => {
    const info = parseInfo(
      "# Memory\r\nused_memory:1048576\r\nused_memory_dataset:4096\r\nused_memory_human:1.00M\r\n\r\n# Stats\r\ntotal_commands_processed:42\r\n",
    );
    expect(info.get("used_memory")).toBe(1_048_576);
    expect(info.get("used_memory_dataset")).toBe(4096);
    expect(info.get("total_commands_processed")).toBe(42);
    expect(info.get("used_memory_human")).toBeNaN();
    expect(info.has("# Memory")).toBe(false);
  });

  it("lists the sites a worker logged as done, in order, repeats kept", () => {
    const stderr = [
      "worker w-1: 2 at a time, reports to out/",
      "www.a.example: done (exit 1)",
      "www.b.example-1a2b3c4d: done (exit 0)",
      "www.c.example: retrying (timeout)",
      "www.a.example: done (exit 1)",
    ].join("\n");
    expect(doneSites(stderr)).toEqual(["www.a.example", "www.b.example-1a2b3c4d", "www.a.example"]);
  });
});
