// --include / --exclude globs: what each pattern form covers, and exclude-wins semantics.
import { describe, expect, it } from "vitest";
import { compileGlobs, globProblem, pathFilter } from "../../src/domain/path-glob.js";

describe("compileGlobs", () => {
  it.each([
    // pattern, path, query, matches
    ["/news/*", "/news/today", "", true],
    ["/news/*", "/news/", "", true],
    ["/news/*", "/news/2026/today", "", false],
    ["/news/*", "/news", "", false],
    ["/news/**", "/news/2026/05/today", "", true],
    ["/news/**", "/news", "", true],
    ["/news/**", "/news/", "", true],
    ["/news/**", "/newsletter", "", false],
    ["/news/**", "/other/news/x", "", false],
    ["/a/**/b", "/a/b", "", true],
    ["/a/**/b", "/a/x/y/b", "", true],
    ["/a/**/b", "/a/x/y/bc", "", false],
    ["/article-*.html", "/article-42.html", "", true],
    ["/article-*.html", "/article-42.htm", "", false],
    ["/article-*.html", "/x/article-42.html", "", false],
    ["*.pdf", "/files/2026/report.pdf", "", true],
    ["*.pdf", "/report.pdf", "", true],
    ["*.pdf", "/report.pdfx", "", false],
    ["print/**", "/news/print/today", "", true],
    ["print/**", "/news/printers", "", false],
    ["/", "/", "", true],
    ["/", "/a", "", false],
    ["**", "/anything/at/all", "", true],
    ["/search?*", "/search", "?q=x", true],
    ["/search?*", "/search", "", true],
    ["/search?q=*", "/search", "?page=2", false],
    ["/news/*?page=*", "/news/world", "?page=2", true],
    ["/news/*?page=*", "/news/world", "?sort=1", false],
    ["/tag/*", "/tag/x", "?page=2", true],
    ["/a.b", "/aXb", "", false],
    ["/(x)", "/(x)", "", true],
    ["/nachrichten/über-uns", "/nachrichten/%C3%BCber-uns", "", true],
    ["/nachrichten/%C3%BCber-uns", "/nachrichten/%C3%BCber-uns", "", true],
    ["/News/**", "/news/x", "", false],
  ])("%s on %s%s → %s", (pattern, path, query, matches) => {
    expect(compileGlobs([pattern])(path, query)).toBe(matches);
  });

  it("matches when any pattern matches, and never for an empty list", () => {
    const m = compileGlobs(["/a/**", "/b/*"]);
    expect(m("/a/x/y")).toBe(true);
    expect(m("/b/x")).toBe(true);
    expect(m("/c")).toBe(false);
    expect(compileGlobs([])("/a")).toBe(false);
  });
});

describe("pathFilter", () => {
  const url = (p: string) => new URL(`https://pub.example${p}`);

  it("includes everything when there is no include pattern", () => {
    const f = pathFilter({});
    expect(f(url("/anything"))).toBeUndefined();
  });

  it("keeps only included paths", () => {
    const f = pathFilter({ include: ["/news/**"] });
    expect(f(url("/news/a"))).toBeUndefined();
    expect(f(url("/sport/a"))).toBe("not-included");
  });

  it("lets exclude win over include", () => {
    const f = pathFilter({ include: ["/news/**"], exclude: ["/news/archive/**", "/account/**"] });
    expect(f(url("/news/a"))).toBeUndefined();
    expect(f(url("/news/archive/1999"))).toBe("excluded");
    expect(f(url("/account"))).toBe("excluded");
    expect(f(url("/sport"))).toBe("not-included");
  });

  it("excludes by query when the pattern has one", () => {
    const f = pathFilter({ exclude: ["/search?*", "*?replytocom=*"] });
    expect(f(url("/search?q=privacy"))).toBe("excluded");
    expect(f(url("/news/a?replytocom=5"))).toBe("excluded");
    expect(f(url("/news/a?page=2"))).toBeUndefined();
  });
});

describe("globProblem", () => {
  it.each([
    ["", "empty"],
    ["/a b", "spaces"],
    ["/a/***", "***"],
    ["https://pub.example/news/**", "not a URL"],
  ])("rejects %j", (pattern, says) => {
    expect(globProblem(pattern)).toContain(says);
  });

  it("accepts the documented forms", () => {
    for (const p of ["/news/**", "*.pdf", "/search?*", "/a/**/b", "print/**"]) {
      expect(globProblem(p)).toBeUndefined();
    }
  });
});
