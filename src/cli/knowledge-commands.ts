// The commander definitions of `init` and `explain`, kept out of main.ts so that file stays glue.
import { type Command, Option } from "commander";
import { type BrowserFlags, browserSettings } from "./browser-flags.js";
import { runExplain } from "./explain-command.js";
import { runInit } from "./init-command.js";
import { makeLogger, type Streams } from "./output.js";
import { collect, parseCount, parseDomain, parseStartUrl } from "./parse-values.js";

interface OutputFlags {
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

interface InitFlags extends OutputFlags, BrowserFlags {
  output?: string;
  force?: boolean;
  expiresDays: string;
  firstParty?: string[];
  entities?: string[];
  hostRules?: string;
  insecure?: boolean;
}

interface ExplainFlags extends OutputFlags {
  allowlist?: string;
  page?: string;
  firstParty?: string[];
  entities?: string[];
  format: "text" | "json";
  date?: string;
}

export interface CommandContext {
  streams: Streams;
  /** The same browser flags as `scan` (--chrome-path, --timeout, --dwell, …). */
  withBrowserFlags: (cmd: Command) => Command;
  maxBodyBytes: number;
  setExitCode: (code: number) => void;
}

const DEFAULT_EXPIRES_DAYS = "30";

function logSettings(flags: OutputFlags) {
  return { quiet: flags.quiet === true, verbose: flags.verbose === true, noColor: !flags.color };
}

function withCommonFlags(cmd: Command): Command {
  return cmd
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
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no progress or info messages, only warnings and errors")
    .option("--verbose", "debug messages on stderr");
}

export function registerInit(program: Command, ctx: CommandContext): void {
  const init = program
    .command("init")
    .description("scan a site and write a starter allowlist of every third party on it now")
    .argument("<url...>", "pages to scan")
    .option("-o, --output <file>", "write the allowlist here (default: stdout)")
    .option("--force", "overwrite an existing --output file")
    .option("--expires-days <n>", "days until the written approvals lapse", DEFAULT_EXPIRES_DAYS)
    .option("--host-rules <rules>", 'Chromium host-resolver rules, e.g. "MAP * 127.0.0.1:8443"')
    .option("--insecure", "accept invalid TLS certificates");
  withCommonFlags(ctx.withBrowserFlags(init)).action(async (urls: string[], flags: InitFlags) => {
    const log = makeLogger(ctx.streams, logSettings(flags));
    ctx.setExitCode(
      await runInit(
        {
          urls: urls.map(parseStartUrl),
          output: flags.output,
          force: flags.force === true,
          expiresDays: parseCount("--expires-days", flags.expiresDays, { min: 1, max: 3650 }),
          firstParty: (flags.firstParty ?? []).map((d) => parseDomain("--first-party", d)),
          entitiesFiles: flags.entities ?? [],
          ...browserSettings(flags),
          hostRules: flags.hostRules,
          insecure: flags.insecure === true,
        },
        ctx.streams,
        log,
      ),
    );
  });
}

export function registerExplain(program: Command, ctx: CommandContext): void {
  const explain = program
    .command("explain")
    .description("which allowlist entry decides for a host or URL, and what the company map says")
    .argument("<host-or-url>", "a host (px.vendor.example) or a URL")
    .option("-a, --allowlist <file>", "allowlist (YAML or JSON)")
    .option("--page <url>", "the publisher's page it would load on (first party, pages: scope)")
    .addOption(
      new Option("--format <fmt>", "output format").choices(["text", "json"]).default("text"),
    )
    .option("--date <YYYY-MM-DD>", "judge expiries on this day instead of today (UTC)");
  withCommonFlags(explain).action(async (target: string, flags: ExplainFlags) => {
    const log = makeLogger(ctx.streams, logSettings(flags));
    ctx.setExitCode(
      await runExplain(
        {
          target,
          allowlistFile: flags.allowlist,
          page: flags.page,
          firstParty: (flags.firstParty ?? []).map((d) => parseDomain("--first-party", d)),
          entitiesFiles: flags.entities ?? [],
          format: flags.format,
          date: flags.date,
        },
        ctx.streams,
        log,
      ),
    );
  });
}
