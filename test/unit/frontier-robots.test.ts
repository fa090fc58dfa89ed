// robots.txt: group selection, longest-match precedence, wildcards, Crawl-delay, fetch outcomes.
import { describe, expect, it } from "vitest";
import { parseRobots, robotsFromResponse } from "../../src/frontier/robots.js";

const site = "https://pub.example";

describe("parseRobots: precedence", () => {
  const robots = parseRobots(`
# a publisher's robots.txt
User-agent: *
Disallow: /account/
Allow: /account/help
Disallow: /search
Allow: /search$
Disallow: /*.json$
Disallow: /*?print=
Disallow: /p
Allow: /page
Disallow: /tie
Allow: /tie
Disallow: /caf%C3%A9/
Disallow: /ünï/
Crawl-delay: 2

User-agent: skimscan
User-agent: otherbot
Disallow: /private
Crawl-delay: 0.5

User-agent: skimscan-news
Disallow: /
Sitemap: https://pub.example/sitemap.xml
`);

  it.each([
    // path, agent, allowed
    ["/", "somebot", true],
    ["/account/orders", "somebot", false],
    ["/account/help", "somebot", true],
    ["/account/help/faq", "somebot", true],
    ["/search", "somebot", true],
    ["/search?q=x", "somebot", false],
    ["/search/advanced", "somebot", false],
    ["/data/feed.json", "somebot", false],
    ["/data/feed.json?x=1", "somebot", true],
    ["/news/a?print=1", "somebot", false],
    ["/news/a?x=1&print=1", "somebot", true],
    ["/pages", "somebot", true],
    ["/post", "somebot", false],
    ["/tie", "somebot", true],
    ["/café/menu", "somebot", false],
    ["/caf%c3%a9/menu", "somebot", false],
    ["/%C3%BCn%C3%AF/x", "somebot", false],
    ["/robots.txt", "skimscan-news", true],
    // skimscan has its own group: the * rules do not apply to it at all
    ["/account/orders", "skimscan", true],
    ["/private/x", "skimscan", false],
    ["/private/x", "otherbot", false],
    ["/private/x", "SkimScan/0.1 (+https://skimscan.example)", false],
    // the most specific agent wins: skimscan-news over skimscan
    ["/anything", "skimscan-news", false],
    ["/anything", "skimscan-news-extra", false],
  ])("%s for %s → %s", (path, agent, allowed) => {
    expect(robots.isAllowed(`${site}${path}`, agent)).toBe(allowed);
  });

  it("exposes Crawl-delay of the group that applies", () => {
    expect(robots.crawlDelay("somebot")).toBe(2);
    expect(robots.crawlDelay("skimscan")).toBe(0.5);
    expect(robots.crawlDelay("skimscan-news")).toBeUndefined();
  });

  it("collects Sitemap lines wherever they are", () => {
    expect(robots.sitemaps).toEqual(["https://pub.example/sitemap.xml"]);
  });
});

describe("parseRobots: precedence examples of the robots.txt specification's documentation", () => {
  it.each([
    // rules, path, allowed
    ["Allow: /p\nDisallow: /", "/page", true],
    ["Allow: /folder\nDisallow: /folder", "/folder/page", true],
    ["Allow: /page\nDisallow: /*.htm", "/page.htm", false],
    ["Allow: /page\nDisallow: /*.ph", "/page.php5", true],
    ["Allow: /$\nDisallow: /", "/", true],
    ["Allow: /$\nDisallow: /", "/page.htm", false],
    ["Disallow: /fish*", "/fishheads/yummy.html", false],
    ["Disallow: /fish*", "/Fish.asp", true],
    ["Disallow: /*.php$", "/filename.php", false],
    ["Disallow: /*.php$", "/filename.php?parameters", true],
    ["Disallow: /*.php$", "/filename.php/", true],
    ["Disallow: /fish*.php", "/fishheads/catfish.php?parameters", false],
    ["Disallow: /a*a$", "/a", true],
    ["Disallow: /a*a$", "/aa", false],
    ["Disallow: /*.php$", "/x.php.php", false],
    ["Disallow: /**x", "/abcx", false],
    ["Disallow: /*", "/", false],
    ["Disallow: *", "/anything", false], // a bare "*" matches everything, as in Google's parser
  ])("%j on %s → %s", (rules, path, allowed) => {
    expect(parseRobots(`User-agent: *\n${rules}\n`).isAllowed(`${site}${path}`, "skimscan")).toBe(
      allowed,
    );
  });
});

describe("parseRobots: hostile patterns", () => {
  it("matches many wildcards against a long path without backtracking", () => {
    const robots = parseRobots(`User-agent: *\nDisallow: /${"*a".repeat(30)}*b$\n`);
    const started = performance.now();
    expect(robots.isAllowed(`${site}/${"a".repeat(5000)}`, "skimscan")).toBe(true);
    expect(robots.isAllowed(`${site}/${"a".repeat(5000)}b`, "skimscan")).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("parseRobots: grouping details", () => {
  it("merges groups that name the same agent", () => {
    const r = parseRobots(
      "User-agent: a\nDisallow: /x\n\nUser-agent: b\nDisallow: /y\n\nUser-agent: a\nDisallow: /z\n",
    );
    expect(r.isAllowed(`${site}/x`, "a")).toBe(false);
    expect(r.isAllowed(`${site}/z`, "a")).toBe(false);
    expect(r.isAllowed(`${site}/y`, "a")).toBe(true);
  });

  it("ignores rules before any user-agent line, comments, unknown keys and CRLF", () => {
    const r = parseRobots(
      "Disallow: /early\r\nUser-agent: * # everyone\r\nNoindex: /x\r\nDisallow: /late # why\r\n",
    );
    expect(r.isAllowed(`${site}/early`, "bot")).toBe(true);
    expect(r.isAllowed(`${site}/late`, "bot")).toBe(false);
    expect(r.isAllowed(`${site}/x`, "bot")).toBe(true);
  });

  it("treats an empty Disallow as allow-all", () => {
    const r = parseRobots("User-agent: *\nDisallow:\n");
    expect(r.isAllowed(`${site}/anything`, "bot")).toBe(true);
  });

  it("allows everything with no group for the agent and no * group", () => {
    const r = parseRobots("User-agent: googlebot\nDisallow: /\n");
    expect(r.isAllowed(`${site}/a`, "skimscan")).toBe(true);
    expect(r.isAllowed(`${site}/a`, "googlebot")).toBe(false);
  });

  it("never throws on junk", () => {
    const r = parseRobots("\u0000<html>\n::::\nUser-agent\nDisallow /x\n");
    expect(r.isAllowed(`${site}/x`, "bot")).toBe(true);
    expect(r.isAllowed("not a url", "bot")).toBe(false);
  });
});

describe("robotsFromResponse", () => {
  it.each([
    [200, "User-agent: *\nDisallow: /x", false, true],
    [404, "<html>not found</html>", true, true],
    [410, "", true, true],
    [500, "", false, false],
    [503, "", false, false],
    [undefined, "", false, false],
  ])("status %s: /x allowed %s, / allowed %s", (status, body, xAllowed, rootAllowed) => {
    const r = robotsFromResponse(status, body);
    expect(r.isAllowed(`${site}/x`, "skimscan")).toBe(xAllowed);
    expect(r.isAllowed(`${site}/`, "skimscan")).toBe(rootAllowed);
  });
});
