// The crawl frontier's public surface: what the crawler needs to decide which pages to visit.

export { compileGlobs, globProblem, type PathMatcher, pathFilter } from "../domain/path-glob.js";
export { type ChallengeEvidence, detectBotChallenge } from "./bot-challenge.js";
export {
  type AddResult,
  Frontier,
  type FrontierEntry,
  type FrontierOptions,
  type FrontierStats,
  type SkippedUrl,
  type SkipReason,
  type UrlSource,
} from "./frontier.js";
export { filterLinks, hasNonPageExtension, NON_PAGE_EXTENSIONS } from "./links.js";
export { OriginRateLimiter, parseRetryAfter, type RateLimiterOptions } from "./rate.js";
export { parseRobots, type Robots, robotsFromResponse } from "./robots.js";
export { decodeMaybeGzip, discoverSitemaps, type ParsedSitemap, parseSitemap } from "./sitemap.js";
export {
  robotsTxtUrl,
  type SitemapWalkResult,
  sitemapRoots,
  walkSitemaps,
} from "./sitemap-walk.js";
export { describeSkip, type SkipLimits } from "./skip-reason.js";
export { DEFAULT_IGNORED_PARAMS, normaliseUrl, pageKey } from "./url-normalise.js";
export { parseUrlsFile, readUrlsFile } from "./urls-file.js";
