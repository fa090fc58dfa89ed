// The command-line program: commands and flags of the public contract, errors turned into one
// clear message and a contract exit code. Thin glue: the work is in scan/report/demo commands.
import { Command, CommanderError, Option } from "commander";
import { EXIT, SkimscanError, UsageError } from "../errors.js";
import { FAIL_ON_HELP, parseFailOn } from "../gate/policy.js";
import { TOOL } from "../package-info.js";
import type { DiffFormat } from "../report/render-diff.js";
import {
  type BrowserFlags,
  browserSettings,
  type NetworkFlags,
  networkSettings,
  type SaveCaptureFlags,
  withBrowserFlags,
  withNetworkFlags,
  withSaveCaptureFlag,
} from "./browser-flags.js";
import { registerCompare } from "./compare-command.js";
import { type CrawlFlags, crawlSettings, withCrawlFlags } from "./crawl-flags.js";
import { runDemo } from "./demo-command.js";
import { runDiff } from "./diff-command.js";
import {
  type IntegrityFlags,
  integritySettings,
  withDeviceFlag,
  withIntegrityJudgeFlags,
} from "./integrity-flags.js";
import {
  type GateFlags,
  gateSettings,
  type JudgeFlags,
  judgeSettings,
  withGateFlags,
  withJudgeFlags,
} from "./judge-flags.js";
import { registerExplain, registerInit } from "./knowledge-commands.js";
import { type LeakFlags, parseLeakFlags, withLeakFlags } from "./leak-flags.js";
import { type LogFlags, logSettings, withLogFlags } from "./log-flags.js";
import { makeLogger, type Streams } from "./output.js";
import { type OutputFlags, outputTargets, withOutputFlags } from "./output-flags.js";
import { collect, parseCount, parseStartUrl } from "./parse-values.js";
import { type PrivacyFlags, privacySettings, withPrivacyFlags } from "./privacy-flags.js";
import { runReport } from "./report-command.js";
import type { ReportSettings } from "./report-pipeline.js";
import { runScan } from "./scan-command.js";

interface ScanFlags
  extends LogFlags,
    OutputFlags,
    JudgeFlags,
    GateFlags,
    LeakFlags,
    BrowserFlags,
    SaveCaptureFlags,
    NetworkFlags,
    PrivacyFlags,
    CrawlFlags,
    IntegrityFlags {}

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

  const scan = program
    .command("scan")
    .description("scan pages or a site and print the exposure report")
    .argument("[url...]", "pages to scan (start pages of a crawl)");
  withGateFlags(withJudgeFlags(scan));
  withDeviceFlag(withIntegrityJudgeFlags(scan));
  withLeakFlags(scan, { forms: true });
  withSaveCaptureFlag(withBrowserFlags(withNetworkFlags(scan)));
  withPrivacyFlags(scan);
  withCrawlFlags(scan);
  withLogFlags(withOutputFlags(scan)).action(async (urls: string[], flags: ScanFlags) => {
    const log = makeLogger(streams, logSettings(flags));
    if (urls.length === 0 && !flags.urlsFile) {
      throw new UsageError("scan needs at least one URL (or --urls-file FILE).");
    }
    const privacy = privacySettings(flags);
    exitCode = await runScan(
      {
        ...reportSettings(flags),
        ...browserSettings(flags),
        ...networkSettings(flags),
        urls: urls.map(parseStartUrl),
        crawl: crawlSettings(flags),
        ...(privacy ? { privacy } : {}),
        device: flags.device ?? "desktop",
        quiet: flags.quiet === true,
      },
      streams,
      log,
    );
  });

  const demo = program
    .command("demo")
    .description("scan the bundled demo publisher site (no network needed)");
  withLeakFlags(demo, { forms: true });
  withSaveCaptureFlag(withBrowserFlags(demo));
  withLogFlags(withOutputFlags(demo)).action(async (flags: ScanFlags) => {
    const log = makeLogger(streams, logSettings(flags));
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
  withGateFlags(withJudgeFlags(report));
  withIntegrityJudgeFlags(report);
  withLeakFlags(report);
  withLogFlags(withOutputFlags(report)).action(async (file: string, flags: ScanFlags) => {
    const log = makeLogger(streams, logSettings(flags));
    exitCode = await runReport(file, reportSettings(flags), streams, log);
  });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    return handleError(err, streams);
  }
}

/** What every report-printing command (scan, demo, report) judges with and writes to. */
function reportSettings(flags: ScanFlags): ReportSettings {
  return {
    ...judgeSettings(flags),
    ...gateSettings(flags),
    targets: outputTargets(flags),
    noColor: !flags.color,
    verbose: flags.verbose === true,
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
