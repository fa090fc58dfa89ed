// The commander definitions of `init` and `explain`, kept out of main.ts so that file stays glue.
// Their flags are the shared groups: init loads pages like scan, so it takes the same browser,
// network and crawl flags.
import { type Command, Option } from "commander";
import { UsageError } from "../errors.js";
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
import { type CrawlFlags, crawlSettings, withCrawlFlags } from "./crawl-flags.js";
import { runExplain } from "./explain-command.js";
import { runInit } from "./init-command.js";
import {
  type KnowledgeFlags,
  knowledgeSettings,
  withAllowlistFlag,
  withKnowledgeFlags,
} from "./judge-flags.js";
import { type LogFlags, logSettings, withLogFlags } from "./log-flags.js";
import { makeLogger, type Streams } from "./output.js";
import { parseCount, parseStartUrl } from "./parse-values.js";
import {
  type RemoteBrowserFlags,
  remoteBrowserSettings,
  withBrowserEndpointFlag,
} from "./remote-browser-flags.js";

interface InitFlags
  extends LogFlags,
    KnowledgeFlags,
    BrowserFlags,
    SaveCaptureFlags,
    NetworkFlags,
    RemoteBrowserFlags,
    CrawlFlags {
  output?: string;
  force?: boolean;
  expiresDays: string;
}

interface ExplainFlags extends LogFlags, KnowledgeFlags {
  allowlist?: string;
  page?: string;
  format: "text" | "json";
  date?: string;
}

export interface CommandContext {
  streams: Streams;
  setExitCode: (code: number) => void;
}

const DEFAULT_EXPIRES_DAYS = "30";

export function registerInit(program: Command, ctx: CommandContext): void {
  const init = program
    .command("init")
    .description("scan a site and write a starter allowlist of every third party on it now")
    .argument("[url...]", "pages to scan (start pages of a crawl)")
    .option("-o, --output <file>", "write the allowlist here (default: stdout)")
    .option("--force", "overwrite an existing --output file")
    .option("--expires-days <n>", "days until the written approvals lapse", DEFAULT_EXPIRES_DAYS);
  withKnowledgeFlags(init);
  withSaveCaptureFlag(withBrowserFlags(withNetworkFlags(init)));
  withBrowserEndpointFlag(init);
  withCrawlFlags(init);
  withLogFlags(init).action(async (urls: string[], flags: InitFlags) => {
    const log = makeLogger(ctx.streams, logSettings(flags));
    if (urls.length === 0 && !flags.urlsFile) {
      throw new UsageError("init needs at least one URL (or --urls-file FILE).");
    }
    ctx.setExitCode(
      await runInit(
        {
          urls: urls.map(parseStartUrl),
          ...(flags.output !== undefined ? { output: flags.output } : {}),
          force: flags.force === true,
          expiresDays: parseCount("--expires-days", flags.expiresDays, { min: 1, max: 3650 }),
          ...knowledgeSettings(flags),
          ...browserSettings(flags),
          ...networkSettings(flags),
          ...remoteBrowserSettings(flags, flags),
          crawl: crawlSettings(flags),
          quiet: flags.quiet === true,
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
    .option("--page <url>", "the publisher's page it would load on (first party, pages: scope)")
    .addOption(
      new Option("--format <fmt>", "output format").choices(["text", "json"]).default("text"),
    )
    .option("--date <YYYY-MM-DD>", "judge expiries on this day instead of today (UTC)");
  withLogFlags(withKnowledgeFlags(withAllowlistFlag(explain))).action(
    async (target: string, flags: ExplainFlags) => {
      const log = makeLogger(ctx.streams, logSettings(flags));
      ctx.setExitCode(
        await runExplain(
          {
            target,
            allowlistFile: flags.allowlist,
            page: flags.page,
            ...knowledgeSettings(flags),
            format: flags.format,
            date: flags.date,
          },
          ctx.streams,
          log,
        ),
      );
    },
  );
}
