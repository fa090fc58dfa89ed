// The command-line program: commands and flags of the public contract, errors turned into one
// clear message and a contract exit code. Thin glue: the work is in scan/report/demo commands.
import { Command, CommanderError, Option } from "commander";
import { EXIT, SkimscanError, UsageError } from "../errors.js";
import { FAIL_ON_HELP, parseFailOn } from "../gate/policy.js";
import { TOOL } from "../package-info.js";
import type { DiffFormat } from "../report/render-diff.js";
import { runAnalyze } from "./analyze-command.js";
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
import { registerCollect } from "./collect-command.js";
import { registerCompare } from "./compare-command.js";
import { type CrawlFlags, crawlSettings, withCrawlFlags } from "./crawl-flags.js";
import { registerCsp } from "./csp-command.js";
import { type CspFlags, cspSettings, withCspFlags } from "./csp-flags.js";
import { registerDataset } from "./dataset-command.js";
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
import { runPerSite } from "./per-site.js";
import { type PerSiteFlags, perSiteSettings, withPerSiteFlags } from "./per-site-flags.js";
import { type PrivacyFlags, privacySettings, withPrivacyFlags } from "./privacy-flags.js";
import { registerQueue } from "./queue-command.js";
import {
  type RemoteBrowserFlags,
  remoteBrowserSettings,
  withBrowserEndpointFlag,
} from "./remote-browser-flags.js";
import { runReport } from "./report-command.js";
import type { ReportSettings } from "./report-pipeline.js";
import { prepareJudgement } from "./report-pipeline.js";
import { runScan, type ScanSettings } from "./scan-command.js";
import { registerWorker } from "./worker-command.js";

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
    IntegrityFlags,
    PerSiteFlags,
    RemoteBrowserFlags {
  validateOnly?: boolean;
}

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
  withBrowserEndpointFlag(scan);
  withPrivacyFlags(scan);
  withCrawlFlags(scan);
  withCspFlags(scan);
  withPerSiteFlags(scan);
  scan.addOption(new Option("--validate-only").hideHelp());
  withLogFlags(withOutputFlags(scan)).action(
    async (urls: string[], flags: ScanFlags & CspFlags) => {
      const log = makeLogger(streams, logSettings(flags));
      if (urls.length === 0 && !flags.urlsFile) {
        throw new UsageError("scan needs at least one URL (or --urls-file FILE).");
      }
      const privacy = privacySettings(flags);
      const csp = cspSettings(flags);
      const settings: ScanSettings = {
        ...reportSettings(flags),
        ...browserSettings(flags),
        ...networkSettings(flags),
        ...remoteBrowserSettings(flags, { ...flags, ...privacy }),
        urls: urls.map(parseStartUrl),
        crawl: crawlSettings(flags),
        ...(privacy ? { privacy } : {}),
        device: flags.device ?? "desktop",
        ...(csp ? { csp } : {}),
        quiet: flags.quiet === true,
      };
      if (flags.validateOnly) {
        // `queue add` checks a job's flags here, with the scan's own parser, before queueing.
        if (urls.length > 0)
          throw new UsageError(
            `unexpected argument '${urls[0]}': the sites come from --urls-file.`,
          );
        await prepareJudgement(settings, log);
        return;
      }
      const perSite = perSiteSettings(flags, settings);
      exitCode = perSite
        ? await runPerSite(settings, perSite, streams, log)
        : await runScan(settings, streams, log);
    },
  );

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
  registerCsp(program, knowledgeContext);
  registerCollect(program, knowledgeContext);
  registerDataset(program, knowledgeContext);
  const queueContext = {
    ...knowledgeContext,
    runCli: (args: string[], s: Streams) => runCli(args, s),
  };
  registerQueue(program, queueContext);
  registerWorker(program, queueContext);

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

  const analyze = program
    .command("analyze")
    .description("judge HAR recordings (DevTools, Firefox, WebPageTest, browsertime), no browser")
    .argument("<har...>", "HAR files: each HAR page becomes a report page");
  withGateFlags(withJudgeFlags(analyze));
  withLeakFlags(analyze);
  withLogFlags(withOutputFlags(analyze)).action(async (files: string[], flags: ScanFlags) => {
    const log = makeLogger(streams, logSettings(flags));
    exitCode = await runAnalyze(files, reportSettings(flags), streams, log);
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
