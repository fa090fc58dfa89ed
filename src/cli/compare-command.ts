// `skimscan compare <url...> --modes none,reject,accept,dnt,gpc`: the same pages visited once per
// mode by a fresh visitor (a new browser and profile each), judged like a scan, folded into one
// report of who appeared in which mode. The crawl flags apply to the first mode; the pages it
// visited are then the pages of every other mode. Exit 1 when any mode has a privacy finding.
import path from "node:path";
import { type Command, Option } from "commander";
import { buildReport } from "../analyze/build-report.js";
import { EXIT, UsageError } from "../errors.js";
import type { Report } from "../model/report.js";
import { type CompareFormat, renderCompare } from "../report/render-compare.js";
import { buildCompare, type Mode, parseModes } from "../signals/compare.js";
import {
  type BrowserFlags,
  browserSettings,
  type NetworkFlags,
  networkSettings,
  withBrowserFlags,
  withNetworkFlags,
} from "./browser-flags.js";
import { type CrawlFlags, crawlSettings, withCrawlFlags } from "./crawl-flags.js";
import { watchInterrupts } from "./interrupt.js";
import { type JudgeFlags, judgeSettings, withJudgeFlags } from "./judge-flags.js";
import { type LogFlags, logSettings, withLogFlags } from "./log-flags.js";
import { colorEnabled, type Logger, makeChalk, makeLogger, type Streams } from "./output.js";
import { checkOutputDir, checkOutputFile, writeOutput } from "./output-paths.js";
import { parseStartUrl } from "./parse-values.js";
import { optOutCookies, type PrivacyFlags, withOptOutCookieFlag } from "./privacy-flags.js";
import {
  type RemoteBrowserFlags,
  remoteBrowserSettings,
  withBrowserEndpointFlag,
} from "./remote-browser-flags.js";
import { reportOptionsRecord } from "./report-options.js";
import { prepareJudgement, type ReportSettings } from "./report-pipeline.js";
import { captureScan } from "./scan-command.js";

/** compare has no --save-capture: its modes are several captures. */
interface CompareFlags
  extends LogFlags,
    JudgeFlags,
    BrowserFlags,
    NetworkFlags,
    RemoteBrowserFlags,
    CrawlFlags,
    Pick<PrivacyFlags, "optOutCookie"> {
  modes: string;
  format: CompareFormat;
  output?: string;
  reportsDir?: string;
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
    .option("--reports-dir <dir>", "also write each mode's full JSON report there (<mode>.json)");
  withJudgeFlags(compare);
  withOptOutCookieFlag(compare);
  withBrowserFlags(withNetworkFlags(compare));
  withBrowserEndpointFlag(compare);
  withLogFlags(withCrawlFlags(compare, { concurrency: "1" })).action(
    async (urls: string[], flags: CompareFlags) => {
      ctx.setExitCode(await runCompare(urls, flags, ctx));
    },
  );
}

async function runCompare(rawUrls: string[], flags: CompareFlags, ctx: CompareContext) {
  const { streams } = ctx;
  const log = makeLogger(streams, logSettings(flags));
  let modes: Mode[];
  try {
    modes = parseModes(flags.modes);
  } catch (err) {
    throw new UsageError(`--modes: ${(err as Error).message}`);
  }
  const urls = rawUrls.map(parseStartUrl);
  const optOuts = optOutCookies(flags);
  const judged: ReportSettings = {
    ...judgeSettings(flags),
    targets: [],
    noColor: !flags.color,
    verbose: flags.verbose === true,
    failOn: [],
    baselineFiles: [],
    minPages: 1,
  };
  const judgement = await prepareJudgement(judged, log);
  const browser = browserSettings(flags);
  const network = networkSettings(flags);
  const remote = remoteBrowserSettings(
    flags,
    { ...flags, dnt: modes.some((m) => m.dnt), gpc: modes.some((m) => m.gpc) },
    "--modes",
  );
  let crawl = crawlSettings(flags);
  // Every output is known to be writable before the first browser starts.
  if (flags.output && flags.output !== "-") await checkOutputFile("--output", flags.output);
  if (flags.reportsDir) await checkOutputDir("--reports-dir", flags.reportsDir);
  const interrupt = watchInterrupts((sig) =>
    log("warn", `${sig}: stopping; the partial compare report is being written.`),
  );
  const startedAt = new Date().toISOString();
  const runs: { mode: Mode; report: Report }[] = [];
  let pages = urls;
  const unwritten: string[] = [];
  try {
    for (const mode of modes) {
      if (interrupt.signal.aborted) break;
      log("info", `mode ${mode.name}: a fresh visitor`);
      const modeLog: Logger = (level, message) => log(level, `[${mode.name}] ${message}`);
      const { capture } = await captureScan(
        {
          ...browser,
          ...network,
          ...remote,
          urls: pages,
          crawl,
          privacy: {
            dnt: mode.dnt,
            gpc: mode.gpc,
            ...(mode.consent ? { consent: mode.consent } : {}),
            optOutCookies: optOuts,
          },
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
        firstParty: judged.firstParty,
        options: { ...reportOptionsRecord(judged), mode: mode.name },
        warnings: judgement.warnings,
        ...(judgement.knowledge?.entities ? { entities: judgement.knowledge.entities } : {}),
        ...(judgement.knowledge?.filters ? { filters: judgement.knowledge.filters } : {}),
      });
      runs.push({ mode, report });
      if (flags.reportsDir) {
        const file = path.join(flags.reportsDir, `${mode.name}.json`);
        const text = `${JSON.stringify(report, null, 2)}\n`;
        if (!(await writeOutput(file, text, `the ${mode.name} report`, log))) unwritten.push(file);
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
  else if (!(await writeOutput(flags.output as string, text, "the compare report", log))) {
    unwritten.push(flags.output as string);
  }
  if (interrupt.received) return EXIT.interrupted;
  if (unwritten.length > 0) {
    log("error", `not written: ${unwritten.join(", ")}; every other output was (exit 2)`);
    return EXIT.usage;
  }
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
