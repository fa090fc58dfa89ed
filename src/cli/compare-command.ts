// `skimscan compare <url...> --modes none,reject,accept,dnt,gpc`: the same pages visited once per
// mode by a fresh visitor (a new browser and profile each), judged like a scan, folded into one
// report of who appeared in which mode. The crawl flags apply to the first mode; the pages it
// visited are then the pages of every other mode. Exit 1 when any mode has a privacy finding.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Command, Option } from "commander";
import { buildReport } from "../analyze/build-report.js";
import { parseOptOutCookie } from "../consent/opt-out-cookies.js";
import { EXIT, UsageError } from "../errors.js";
import type { Report } from "../model/report.js";
import { type CompareFormat, renderCompare } from "../report/render-compare.js";
import { buildCompare, type Mode, parseModes } from "../signals/compare.js";
import { type BrowserFlags, browserSettings } from "./browser-flags.js";
import { type CrawlFlags, crawlSettings, withCrawlFlags } from "./crawl-flags.js";
import { watchInterrupts } from "./interrupt.js";
import { colorEnabled, type Logger, makeChalk, makeLogger, type Streams } from "./output.js";
import { collect, parseDomain, parseStartUrl } from "./parse-values.js";
import { prepareJudgement } from "./report-pipeline.js";
import { captureScan } from "./scan-command.js";

/** compare has no --save-capture: BrowserFlags.saveCapture stays undefined. */
interface CompareFlags extends CrawlFlags, BrowserFlags {
  modes: string;
  format: CompareFormat;
  output?: string;
  reportsDir?: string;
  allowlist?: string;
  firstParty?: string[];
  entities?: string[];
  filterList?: string[];
  optOutCookie?: string[];
  hostRules?: string;
  insecure?: boolean;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export interface CompareContext {
  streams: Streams;
  setExitCode(code: number): void;
}

export function registerCompare(program: Command, ctx: CompareContext): void {
  const compare = program
    .command("compare")
    .description("scan the same pages once per privacy mode and show who appears in which")
    .argument(
      "<url...>",
      "pages to visit in each mode (the crawl flags find more in the first mode)",
    )
    .option(
      "--modes <list>",
      "comma list of modes; each is none|reject|accept, dnt, gpc or a +-joined mix (reject+gpc)",
      "none,reject,accept,dnt,gpc",
    )
    .addOption(
      new Option("--format <fmt>", "compare report format")
        .choices(["text", "json"])
        .default("text"),
    )
    .option("-o, --output <file>", "write the compare report to a file instead of stdout")
    .option("--reports-dir <dir>", "also write each mode's full JSON report there (<mode>.json)")
    .option("-a, --allowlist <file>", "allowlist (YAML or JSON)")
    .option(
      "--first-party <domain>",
      "an extra registrable domain of the site (repeatable)",
      collect,
    )
    .option("--entities <file>", "company map, before the bundled one (repeatable)", collect)
    .option("--filter-list <file>", "EasyList/EasyPrivacy-style list (repeatable)", collect)
    .option(
      "--opt-out-cookie <NAME=VALUE@domain>",
      "an opt-out cookie the browser holds in every mode (repeatable)",
      collect,
    )
    .option("--host-rules <rules>", 'Chromium host-resolver rules, e.g. "MAP * 127.0.0.1:8443"')
    .option("--insecure", "accept invalid TLS certificates")
    .option("--chrome-path <path>", "browser executable")
    .option("--block-third-party-cookies", "visit as a browser that blocks third-party cookies")
    .option("--timeout <ms>", "hard time limit per page", "30000")
    .option("--dwell <ms>", "extra wait after the network is quiet, for late tags", "2000")
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no progress or info messages")
    .option("--verbose", "debug messages on stderr");
  withCrawlFlags(compare, { concurrency: "1" }).action(
    async (urls: string[], flags: CompareFlags) => {
      ctx.setExitCode(await runCompare(urls, flags, ctx));
    },
  );
}

async function runCompare(rawUrls: string[], flags: CompareFlags, ctx: CompareContext) {
  const { streams } = ctx;
  const log = makeLogger(streams, {
    quiet: flags.quiet === true,
    verbose: flags.verbose === true,
    noColor: !flags.color,
  });
  let modes: Mode[];
  try {
    modes = parseModes(flags.modes);
  } catch (err) {
    throw new UsageError(`--modes: ${(err as Error).message}`);
  }
  const urls = rawUrls.map(parseStartUrl);
  const firstParty = (flags.firstParty ?? []).map((d) => parseDomain("--first-party", d));
  const optOutCookies = (flags.optOutCookie ?? []).map((c) =>
    parseOptOutCookie("--opt-out-cookie", c),
  );
  const judgement = await prepareJudgement(
    {
      allowlistFile: flags.allowlist,
      firstParty,
      targets: [],
      noColor: !flags.color,
      verbose: flags.verbose === true,
      failOn: [],
      baselineFiles: [],
      minPages: 1,
      entitiesFiles: flags.entities ?? [],
      filterListFiles: flags.filterList ?? [],
    },
    log,
  );
  const interrupt = watchInterrupts((sig) =>
    log("warn", `${sig}: stopping; the partial compare report is being written.`),
  );
  const startedAt = new Date().toISOString();
  const runs: { mode: Mode; report: Report }[] = [];
  const browser = browserSettings(flags);
  let crawl = crawlSettings(flags);
  let pages = urls;
  try {
    for (const mode of modes) {
      if (interrupt.signal.aborted) break;
      log("info", `mode ${mode.name}: a fresh visitor`);
      const modeLog: Logger = (level, message) => log(level, `[${mode.name}] ${message}`);
      const { capture } = await captureScan(
        {
          ...browser,
          urls: pages,
          crawl,
          privacy: {
            dnt: mode.dnt,
            gpc: mode.gpc,
            ...(mode.consent ? { consent: mode.consent } : {}),
            optOutCookies,
          },
          hostRules: flags.hostRules,
          insecure: flags.insecure === true,
          quiet: true,
        },
        modeLog,
      );
      if (runs.length === 0) {
        // The first mode found the pages (crawl flags, --urls-file, sitemap); every other mode
        // visits exactly those, so the modes differ by the visitor alone.
        const seen = capture.pages.filter((p) => p.outcome !== "skipped").map((p) => p.url);
        if (seen.length > 0) {
          pages = [...new Set(seen)];
          crawl = { ...crawl, depth: 0, sitemap: false, fileUrls: [], maxPages: pages.length };
        }
      }
      const report = buildReport(capture, {
        allowlist: judgement.allowlist,
        firstParty,
        options: { mode: mode.name, allowlist: flags.allowlist ?? null },
        warnings: judgement.warnings,
        ...(judgement.knowledge?.entities ? { entities: judgement.knowledge.entities } : {}),
        ...(judgement.knowledge?.filters ? { filters: judgement.knowledge.filters } : {}),
      });
      runs.push({ mode, report });
      if (flags.reportsDir) {
        await mkdir(flags.reportsDir, { recursive: true });
        const file = path.join(flags.reportsDir, `${mode.name}.json`);
        await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
        log("info", `wrote ${file}`);
      }
    }
  } finally {
    interrupt.dispose();
  }
  const compare = buildCompare(runs, {
    startedAt,
    finishedAt: new Date().toISOString(),
    startUrls: urls,
  });
  if (interrupt.received) compare.partial = true;
  const toStdout = !flags.output || flags.output === "-";
  const style =
    toStdout && flags.format === "text"
      ? styleOf(colorEnabled(streams.stdout, streams.env, !flags.color))
      : undefined;
  const text = renderCompare(compare, flags.format, style);
  if (toStdout) streams.stdout.write(text);
  else {
    await mkdir(path.dirname(path.resolve(flags.output as string)), { recursive: true });
    await writeFile(flags.output as string, text);
    log("info", `wrote the compare report to ${flags.output}`);
  }
  if (interrupt.received) return EXIT.interrupted;
  const scanned = runs.some((r) => r.report.scan.pages.some((p) => p.outcome === "ok"));
  if (!scanned) return EXIT.nothingScanned;
  return compare.findings.length > 0 ? EXIT.policyViolated : EXIT.ok;
}

function styleOf(color: boolean) {
  const chalk = makeChalk(color);
  return {
    bold: (s: string) => chalk.bold(s),
    dim: (s: string) => chalk.dim(s),
    red: (s: string) => chalk.red(s),
    yellow: (s: string) => chalk.yellow(s),
    green: (s: string) => chalk.green(s),
    cyan: (s: string) => chalk.cyan(s),
  };
}
