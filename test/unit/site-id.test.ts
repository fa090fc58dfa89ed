import { describe, expect, it } from "vitest";
import { isSiteId, siteIds } from "../../src/sites/site-id.js";

describe("site ids", () => {
  it("are the host when it is unique, host-hash when lines share a host", () => {
    const ids = siteIds([
      "https://www.a.example/",
      "https://news.b.example/world",
      "https://news.b.example/sport",
      "https://c.example:8443/",
    ]);
    expect(ids[0]).toBe("www.a.example");
    expect(ids[1]).toMatch(/^news\.b\.example-[0-9a-f]{8}$/);
    expect(ids[2]).toMatch(/^news\.b\.example-[0-9a-f]{8}$/);
    expect(ids[1]).not.toBe(ids[2]);
    expect(ids[3]).toBe("c.example_8443");
  });

  it("do not depend on the order of the lines, and a repeated URL is the same site", () => {
    const urls = ["https://x.example/a", "https://x.example/b", "https://y.example/"];
    const fwd = siteIds(urls);
    const rev = siteIds([...urls].reverse()).reverse();
    expect(rev).toEqual(fwd);
    expect(siteIds(["https://z.example/", "https://z.example/"])).toEqual([
      "z.example",
      "z.example",
    ]);
  });

  it("are safe file names", () => {
    for (const id of siteIds(["https://[::1]:8080/", "http://127.0.0.1/", "https://a.example/"]))
      expect(isSiteId(id)).toBe(true);
    expect(isSiteId("../etc")).toBe(false);
    expect(isSiteId("a/b")).toBe(false);
  });
});
