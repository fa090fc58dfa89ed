// The command-line program: commands and flags of the public contract, errors turned into one
// clear message and a contract exit code. Thin glue: the work is in scan/report/demo commands.
import { Command, CommanderError, Option } from "commander";
import { EXIT, SkimscanError, UsageError } from "../errors.js";
import { FAIL_ON_HELP, parseFailOn } from "../gate/policy.js";
import { TOOL } from "../package-info.js";
import type { DiffFormat } from "../report/render-diff.js";
import { FORMATS } from "../report/renderers.js";
import { type BrowserFlags, browserSettings, MAX_BODY_BYTES } from "./browser-flags.js";
import { registerCompare } from "./compare-command.js";
import { type CrawlFlags, crawlSettings, withCrawlFlags } from "./crawl-flags.js";
import { runDemo } from "./demo-command.js";
import { runDiff } from "./diff-command.js";
import { parseFormat, planOutputs } from "./emit-report.js";
import {
  type IntegrityFlags,
  integritySettings,
  withDeviceFlag,
  withIntegrityJudgeFlags,
} from "./integrity-flags.js";
import { registerExplain, registerInit } from "./knowledge-commands.js";
import { type LeakFlags, parseLeakFlags, withLeakFlags } from "./leak-flags.js";
import { makeLogger, type Streams } from "./output.js";
import { collect, parseCount, parseDomain, parseStartUrl } from "./parse-values.js";
import { type PrivacyFlags, privacySettings, withPrivacyFlags } from "./privacy-flags.js";
import { runReport } from "./report-command.js";
import { runScan } from "./scan-command.js";

interface CommonFlags {
  format?: string;
  output?: string[];
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

interface ScanFlags extends CommonFlags, LeakFlags, BrowserFlags, IntegrityFlags {
  failOn?: string[];
  baseline?: string[];
  minPages?: string;
  allowlist?: string;
  firstParty?: string[];
  entities?: string[];
  filterList?: string[];
  hostRules?: string;
  insecure?: boolean;
}

const DEFAULT_TIMEOUT_MS = "30000";
const DEFAULT_DWELL_MS = "2000";

export async function runCli(argv: string[], streams: Streams = processStreams()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("skimscan")
    .description("Find the third parties skimming audience data from a website.")
    .version(TOOL.version)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => streams.stderr.write(s),
    });

  const withOutputFlags = (cmd: Command) =>
    cmd
      .addOption(new Option("--format <fmt>", "report format on stdout").choices([...FORMATS]))
      .option(
        "-o, --output <file>",
        "write the report to a file, format from its extension (repeatable)",
        collect,
      )
      .option("--no-color", "never colour the output")
      .option("-q, --quiet", "no progress or info messages, only warnings and errors")
      .option("--verbose", "debug messages on stderr");
  const withJudgeFlags = (cmd: Command) =>
    cmd
      .option("-a, --allowlist <file>", "allowlist (YAML or JSON)")
      .option(
        "--first-party <domain>",
        "an extra registrable domain of the site (repeatable)",
        collect,
      )
      .option(
        "--entities <file>",
        "company map (Disconnect, DuckDuckGo or third-party-web JSON), before the bundled one (repeatable)",
        collect,
      )
      .option(
        "--filter-list <file>",
        "EasyList/EasyPrivacy-style list: matching requests carry the rule (repeatable)",
        collect,
      )
      .option("--fail-on <condition>", `when to exit 1: ${FAIL_ON_HELP} (repeatable)`, collect)
      .option(
        "--baseline <report>",
        "JSON report of an earlier run; new means new since (repeatable)",
        collect,
      )
      .option("--min-pages <n>", "with --baseline: ignore a new party seen on fewer pages", "1");
  const withBrowserFlags = (cmd: Command) =>
    cmd
      .option("--chrome-path <path>", "browser executable")
      .option("--block-third-party-cookies", "scan as a browser that blocks third-party cookies")
      .option("--timeout <ms>", "hard time limit per page", DEFAULT_TIMEOUT_MS)
      .option(
        "--dwell <ms>",
        "extra wait after the network is quiet, for late tags",
        DEFAULT_DWELL_MS,
      )
      .option("--save-capture <file>", "write the raw capture, replayable with `skimscan report`");

  const scan = program
    .command("scan")
    .description("scan pages or a site and print the exposure report")
    .argument("[url...]", "pages to scan (start pages of a crawl)");
  withJudgeFlags(scan);
  withIntegrityJudgeFlags(scan);
  withDeviceFlag(scan);
  withLeakFlags(scan, { forms: true });
  scan
    .option("--host-rules <rules>", 'Chromium host-resolver rules, e.g. "MAP * 127.0.0.1:8443"')
    .option("--insecure", "accept invalid TLS certificates");
  withBrowserFlags(scan);
  withPrivacyFlags(scan);
  withCrawlFlags(scan);
  withOutputFlags(scan).action(async (urls: string[], flags: ScanFlags & CrawlFlags) => {
    const log = makeLogger(streams, settingsOf(flags));
    if (urls.length === 0 && !flags.urlsFile) {
      throw new UsageError("scan needs at least one URL (or --urls-file FILE).");
    }
    const privacy = privacySettings(flags as ScanFlags & PrivacyFlags);
    exitCode = await runScan(
      {
        ...reportSettings(flags),
        ...browserSettings(flags),
        urls: urls.map(parseStartUrl),
        crawl: crawlSettings(flags),
        ...(privacy ? { privacy } : {}),
        device: flags.device ?? "desktop",
        quiet: flags.quiet === true,
        hostRules: flags.hostRules,
        insecure: flags.insecure === true,
      },
      streams,
      log,
    );
  });

  const demo = program
    .command("demo")
    .description("scan the bundled demo publisher site (no network needed)");
  withLeakFlags(demo, { forms: true });
  withBrowserFlags(demo);
  withOutputFlags(demo).action(async (flags: ScanFlags) => {
    const log = makeLogger(streams, settingsOf(flags));
    exitCode = await runDemo(
      {
        ...reportSettings(flags),
        ...browserSettings(flags),
      },
      streams,
      log,
    );
  });

  program
    .command("diff")
    .description("compare two JSON reports: parties, findings and cookies added and removed")
    .argument("<old>", "the earlier JSON report")
    .argument("<new>", "the later JSON report")
    .addOption(
      new Option("--format <fmt>", "diff format")
        .choices(["text", "markdown", "json"])
        .default("text"),
    )
    .option("-o, --output <file>", "write the diff to a file instead of stdout")
    .option(
      "--fail-on <condition>",
      `when to exit 1 (default new-rogue): ${FAIL_ON_HELP} (repeatable)`,
      collect,
    )
    .option("--min-pages <n>", "ignore a new party seen on fewer pages", "1")
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no info messages")
    .action(async (oldFile: string, newFile: string, flags: DiffFlags) => {
      const log = makeLogger(streams, {
        quiet: flags.quiet === true,
        verbose: false,
        noColor: !flags.color,
      });
      exitCode = await runDiff(
        {
          oldFile,
          newFile,
          format: flags.format,
          output: flags.output,
          failOn: parseFailOn(flags.failOn ?? ["new-rogue"]),
          minPages: parseCount("--min-pages", flags.minPages),
        },
        streams,
        log,
      );
    });

  const knowledgeContext = {
    streams,
    withBrowserFlags,
    maxBodyBytes: MAX_BODY_BYTES,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };
  registerInit(program, knowledgeContext);
  registerExplain(program, knowledgeContext);
  registerCompare(program, knowledgeContext);

  const report = program
    .command("report")
    .description("rebuild a report from a saved capture, without a browser")
    .argument("<capture>", "capture JSON written by --save-capture");
  withJudgeFlags(report);
  withIntegrityJudgeFlags(report);
  withLeakFlags(report);
  withOutputFlags(report).action(async (file: string, flags: ScanFlags) => {
    const log = makeLogger(streams, settingsOf(flags));
    exitCode = await runReport(file, reportSettings(flags), streams, log);
  });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    return handleError(err, streams);
  }
}

function settingsOf(flags: CommonFlags) {
  return { quiet: flags.quiet === true, verbose: flags.verbose === true, noColor: !flags.color };
}

function reportSettings(flags: ScanFlags) {
  const format = flags.format === undefined ? undefined : parseFormat(flags.format);
  return {
    allowlistFile: flags.allowlist,
    firstParty: (flags.firstParty ?? []).map((d) => parseDomain("--first-party", d)),
    entitiesFiles: flags.entities ?? [],
    filterListFiles: flags.filterList ?? [],
    targets: planOutputs(format, flags.output ?? []),
    noColor: !flags.color,
    verbose: flags.verbose === true,
    failOn: parseFailOn(flags.failOn ?? []),
    baselineFiles: flags.baseline ?? [],
    minPages: parseCount("--min-pages", flags.minPages ?? "1"),
    leak: parseLeakFlags(flags),
    integrity: integritySettings(flags),
  };
}

interface DiffFlags {
  format: DiffFormat;
  output?: string;
  failOn?: string[];
  minPages: string;
  color: boolean;
  quiet?: boolean;
}

function handleError(err: unknown, streams: Streams): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message; help and version are not errors.
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT.ok;
    if (err.code === "commander.help") return EXIT.ok;
    return EXIT.usage;
  }
  if (err instanceof SkimscanError) {
    streams.stderr.write(`skimscan: ${err.message}\n`);
    if (err.hint) streams.stderr.write(`  ${err.hint}\n`);
    return err.exitCode;
  }
  // Not an error we know: a bug. Say so with the stack; exit 3 so CI never reads it as a verdict.
  const e = err as Error;
  streams.stderr.write(`skimscan: internal error (please report it): ${e?.stack ?? String(err)}\n`);
  return EXIT.nothingScanned;
}

function processStreams(): Streams {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
