// The crawl flags of `scan` (issue 3): declared here and turned into CrawlSettings, each bad value
// a UsageError that names the flag, before any browser starts.
import type { Command } from "commander";
import { Option } from "commander";
import { quoteValue, UsageError } from "../errors.js";
import { DEFAULT_IGNORED_PARAMS, globProblem, readUrlsFile } from "../frontier/index.js";
import { collect, parseCount } from "./parse-values.js";
import { type CrawlSettings, DEFAULT_CRAWL } from "./scan-command.js";

export interface CrawlFlags {
  maxPages?: string;
  depth: string;
  concurrency: string;
  sitemap?: boolean;
  urlsFile?: string;
  include?: string[];
  exclude?: string[];
  ignoreParam?: string[];
  respectRobots?: boolean;
  rate?: string;
  header?: string[];
  cookie?: string[];
  session: "shared" | "fresh";
}

/** `defaults.concurrency`: compare's modes are one visitor each, so it loads one page at a time. */
export function withCrawlFlags(cmd: Command, defaults: { concurrency?: string } = {}): Command {
  return cmd
    .option(
      "--max-pages <n>",
      "most pages to visit (default: only the pages given; 100 with --depth or --sitemap)",
    )
    .option("--depth <n>", "follow same-site links this many clicks from the start pages", "0")
    .option(
      "--concurrency <n>",
      "pages loaded at the same time in the one browser",
      defaults.concurrency ?? "2",
    )
    .option("--sitemap", "also visit the site's sitemap pages (robots.txt Sitemap, /sitemap.xml)")
    .option("--urls-file <file>", "also visit the URLs in this file (one per line, # comments)")
    .option(
      "--include <glob>",
      "only visit paths matching this glob, e.g. /news/** (repeatable)",
      collect,
    )
    .option("--exclude <glob>", "never visit paths matching this glob (repeatable)", collect)
    .option(
      "--ignore-param <name>",
      "a query parameter that does not make another page, besides utm_* and the like (repeatable)",
      collect,
    )
    .option("--respect-robots", "skip pages robots.txt disallows (off: it is your own site)")
    .option("--rate <pages/s>", "at most this many page starts per second per origin")
    .option(
      "--header <'Name: value'>",
      "send this header to the site's own hosts only (staging, previews; repeatable)",
      collect,
    )
    .option(
      "--cookie <name=value>",
      "set this cookie for the site's own domains only (repeatable)",
      collect,
    )
    .addOption(
      new Option(
        "--session <mode>",
        "shared: one visitor per lane, cookies carried; fresh: a new visitor per page",
      )
        .choices(["shared", "fresh"])
        .default("shared"),
    );
}

export function crawlSettings(flags: CrawlFlags): CrawlSettings {
  const globs = (flag: string, list: string[] | undefined) => {
    for (const g of list ?? []) {
      const problem = globProblem(g);
      if (problem) throw new UsageError(`${flag} ${quoteValue(g)}: ${problem}.`);
    }
    return list ?? [];
  };
  let rate: number | undefined;
  if (flags.rate !== undefined) {
    rate = Number(flags.rate);
    if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) {
      throw new UsageError(
        `--rate expects pages per second above 0 (e.g. 0.5 or 2), got ${quoteValue(flags.rate)}.`,
      );
    }
  }
  return {
    ...DEFAULT_CRAWL,
    ...(flags.maxPages !== undefined
      ? { maxPages: parseCount("--max-pages", flags.maxPages) }
      : {}),
    depth: parseCount("--depth", flags.depth, { min: 0, max: 100 }),
    concurrency: parseCount("--concurrency", flags.concurrency, { min: 1, max: 32 }),
    sitemap: flags.sitemap === true,
    fileUrls: flags.urlsFile ? readUrlsFile(flags.urlsFile) : [],
    include: globs("--include", flags.include),
    exclude: globs("--exclude", flags.exclude),
    ...(flags.ignoreParam?.length
      ? { ignoredParams: [...DEFAULT_IGNORED_PARAMS, ...flags.ignoreParam.map((p) => p.trim())] }
      : {}),
    respectRobots: flags.respectRobots === true,
    ...(rate ? { rate } : {}),
    headers: (flags.header ?? []).map(parseHeader),
    cookies: (flags.cookie ?? []).map(parseCookie),
    session: flags.session,
  };
}

function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(":");
  const name = colon > 0 ? text.slice(0, colon).trim() : "";
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(
      `--header expects 'Name: value', got ${quoteValue(`${text.split(":")[0]}…`)}.`,
      "For example: --header 'Authorization: Basic …'",
    );
  }
  if (/^(host|cookie|content-length|connection)$/i.test(name)) {
    throw new UsageError(
      `--header cannot set ${name}${/cookie/i.test(name) ? "; use --cookie name=value" : ""}.`,
    );
  }
  return [name, text.slice(colon + 1).trim()];
}

function parseCookie(text: string): [string, string] {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(
      `--cookie expects name=value, got ${quoteValue(`${text.split("=")[0]}…`)}.`,
    );
  }
  return [name, text.slice(eq + 1).trim()];
}
