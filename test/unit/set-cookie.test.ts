// parseSetCookie: the attributes and the requested lifetime of Set-Cookie lines and
// document.cookie strings, as the site asked for them.
import { describe, expect, it } from "vitest";
import {
  defaultCookiePath,
  parseSetCookie,
  splitSetCookieHeader,
} from "../../src/capture/set-cookie.js";

const now = new Date("2026-11-29T10:00:00.000Z");

describe("parseSetCookie", () => {
  it("reads every attribute of a third-party cookie", () => {
    const c = parseSetCookie(
      "uid=abc123; Domain=.Tracker.test; Path=/x; Max-Age=3600; Secure; HttpOnly; SameSite=None; Partitioned",
      "https://px.tracker.test/p/pixel.gif",
      now,
    );
    expect(c).toEqual({
      name: "uid",
      value: "abc123",
      domain: "tracker.test",
      hostOnly: false,
      path: "/x",
      requestedExpires: "2026-11-29T11:00:00.000Z",
      secure: true,
      httpOnly: true,
      sameSite: "None",
      partitioned: true,
      deletion: false,
    });
  });

  it("defaults domain to the host and path to the URL's directory", () => {
    const c = parseSetCookie("a=1", "https://www.site.test/news/today/article.html", now);
    expect(c?.domain).toBe("www.site.test");
    expect(c?.hostOnly).toBe(true);
    expect(c?.path).toBe("/news/today");
    expect(c?.requestedExpires).toBeUndefined();
  });

  it("keeps the requested expiry beyond Chromium's 400-day cap", () => {
    const c = parseSetCookie("id=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT", "https://a.test/", now);
    expect(c?.requestedExpires).toBe("2031-01-01T00:00:00.000Z");
  });

  it("lets Max-Age win over Expires", () => {
    const c = parseSetCookie(
      "id=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT; Max-Age=60",
      "https://a.test/",
      now,
    );
    expect(c?.requestedExpires).toBe("2026-11-29T10:01:00.000Z");
  });

  it("marks Max-Age=0 and past expiries as deletions", () => {
    expect(parseSetCookie("old=; Max-Age=0", "https://a.test/", now)?.deletion).toBe(true);
    expect(parseSetCookie("old=; Max-Age=-5", "https://a.test/", now)?.deletion).toBe(true);
    expect(
      parseSetCookie("old=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "https://a.test/", now)
        ?.deletion,
    ).toBe(true);
  });

  it("is case-insensitive on attributes and tolerant of junk", () => {
    const c = parseSetCookie(
      "k=v; SAMESITE=lax; secure; max-age=abc; path=relative; foo",
      "https://a.test/",
      now,
    );
    expect(c?.sameSite).toBe("Lax");
    expect(c?.secure).toBe(true);
    expect(c?.requestedExpires).toBeUndefined();
    expect(c?.path).toBe("/");
  });

  it("keeps '=' inside values and reads a nameless cookie", () => {
    expect(parseSetCookie("t=a=b==; Path=/", "https://a.test/", now)?.value).toBe("a=b==");
    const nameless = parseSetCookie("justvalue", "https://a.test/", now);
    expect(nameless?.name).toBe("");
    expect(nameless?.value).toBe("justvalue");
    expect(parseSetCookie("", "https://a.test/", now)).toBeUndefined();
  });
});

describe("set-cookie helpers", () => {
  it("splits CDP's newline-joined Set-Cookie header", () => {
    expect(splitSetCookieHeader("a=1; Path=/\nb=2\n")).toEqual(["a=1; Path=/", "b=2"]);
    expect(splitSetCookieHeader(undefined)).toEqual([]);
  });

  it("computes RFC 6265 default paths", () => {
    expect(defaultCookiePath("/")).toBe("/");
    expect(defaultCookiePath("/a")).toBe("/");
    expect(defaultCookiePath("/a/b/c")).toBe("/a/b");
    expect(defaultCookiePath("")).toBe("/");
  });
});
