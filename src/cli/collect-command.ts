// `skimscan collect` (listen for visitors' CSP reports) and `skimscan collect report` (what they
// saw). The listener runs until SIGINT/SIGTERM, then stops taking requests, finishes those in
// flight (every acknowledged report is already stored) and exits 130.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { Option } from "commander";
import { renderSummary, type SummaryFormat } from "../collect/render-summary.js";
import { startCollector } from "../collect/server.js";
import { openStore } from "../collect/store.js";
import { parseSince, summarize } from "../collect/summarize.js";
import { loadAllowlist } from "../config/allowlist.js";
import { EXIT, UsageError } from "../errors.js";
import { watchInterrupts } from "./interrupt.js";
import type { CommandContext } from "./knowledge-commands.js";
import { makeLogger } from "./output.js";
import { parseCount } from "./parse-values.js";

export const DEFAULT_DB = "skimscan-reports.db";

interface ListenFlags {
  port: string;
  host: string;
  db: string;
  allowlist?: string;
  keepQuery?: boolean;
  maxBody: string;
  rate: string;
  color: boolean;
  quiet?: boolean;
}

interface ReportFlags {
  db?: string;
  since?: string;
  format: SummaryFormat;
  output?: string;
}

export function registerCollect(program: Command, ctx: CommandContext): void {
  const collect = program
    .command("collect")
    .description("receive the CSP reports of real visitors' browsers and store them")
    .option("--port <n>", "port to listen on (0: any free port)", "8787")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <file|url>", "SQLite file, or a postgres:// URL", DEFAULT_DB)
    .option("-a, --allowlist <file>", "judge each blocked host against this allowlist")
    .option("--keep-query", "keep query strings and fragments of reported URLs")
    .option("--max-body <bytes>", "largest body accepted", "65536")
    .option("--rate <n>", "reports per minute per client", "120")
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no info messages")
    .action(async (flags: ListenFlags) => {
      ctx.setExitCode(await listen(flags, ctx));
    });
  collect
    .command("report")
    .description("what visitors' browsers reported: rogue hosts, authorized hosts blocked")
    // No default here: commander hands a --db after `report` to the parent command, whose value
    // (given or default) is then the one to use.
    .option("--db <file|url>", `SQLite file, or a postgres:// URL (default: ${DEFAULT_DB})`)
    .option("--since <when>", "only reports since: 7d, 12h, 30m or an ISO date")
    .addOption(
      new Option("--format <fmt>", "output")
        .choices(["text", "json", "markdown", "html"])
        .default("text"),
    )
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (flags: ReportFlags) => {
      const db = flags.db ?? String(collect.opts().db ?? DEFAULT_DB);
      const since = flags.since === undefined ? undefined : parseSince(flags.since);
      if (flags.since !== undefined && !since)
        throw new UsageError(`--since '${flags.since}' is not 7d, 12h, 30m or an ISO date.`);
      const store = await openStore(db, { writer: false });
      try {
        const summary = summarize(await store.reports(since), await store.rejections(), since);
        const text = renderSummary(summary, flags.format);
        if (flags.output) await writeFile(flags.output, text);
        else ctx.streams.stdout.write(text);
      } finally {
        await store.close();
      }
      ctx.setExitCode(EXIT.ok);
    });
}

async function listen(flags: ListenFlags, ctx: CommandContext): Promise<number> {
  const log = makeLogger(ctx.streams, {
    quiet: flags.quiet === true,
    verbose: false,
    noColor: !flags.color,
  });
  const port = parseCount("--port", flags.port, { min: 0, max: 65_535 });
  const maxBodyBytes = parseCount("--max-body", flags.maxBody, { min: 256, max: 10_000_000 });
  const ratePerMinute = parseCount("--rate", flags.rate, { min: 1, max: 1_000_000 });
  const allowlist = flags.allowlist ? await loadAllowlist(flags.allowlist) : undefined;
  for (const w of allowlist?.warnings ?? []) log("warn", w);
  const store = await openStore(flags.db, { writer: true });
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const interrupt = watchInterrupts((sig) => {
    log("warn", `${sig}: stopping after the requests in flight`);
    stop();
  });
  try {
    const collector = await startCollector({
      port,
      host: flags.host,
      store,
      ...(allowlist ? { allowlist: allowlist.allowlist } : {}),
      keepQuery: flags.keepQuery === true,
      maxBodyBytes,
      ratePerMinute,
      log: (level, m) => log(level, m),
    }).catch(async (err) => {
      await store.close();
      throw new UsageError(`cannot listen on ${flags.host}:${port}: ${(err as Error).message}`);
    });
    // Always said, even with --quiet: a caller with --port 0 needs the port.
    ctx.streams.stderr.write(
      `skimscan: collecting CSP reports at ${collector.url} into ${store.kind} (schema ${store.schemaVersion})\n`,
    );
    await stopped;
    await collector.close();
    const rejected = Object.values(collector.counters.rejected).reduce((a, b) => a + b, 0);
    log("info", `stored ${collector.counters.accepted} report(s), refused ${rejected}`);
    return EXIT.interrupted;
  } finally {
    interrupt.dispose();
  }
}
