// `skimscan dataset DIR… --out OUT`: flatten per-site reports into tables for pandas, R or DuckDB.
import { type Command, Option } from "commander";
import { readSiteReports } from "../dataset/read-reports.js";
import { type DatasetFormat, writeDataset } from "../dataset/write-dataset.js";
import { EXIT, UsageError } from "../errors.js";
import { makeLogger, type Streams } from "./output.js";

interface DatasetFlags {
  out?: string;
  format: DatasetFormat;
  color: boolean;
  quiet?: boolean;
}

export function registerDataset(
  program: Command,
  ctx: { streams: Streams; setExitCode: (code: number) => void },
): void {
  program
    .command("dataset")
    .description(
      "flatten per-site reports into tables: sites, pages, parties, requests, cookies, findings",
    )
    .argument("<dir...>", "result directories (scan --per-site --output-dir, worker --out)")
    .option("--out <dir>", "where to write the tables")
    .addOption(
      new Option("--format <fmt>", "table format").choices(["csv", "parquet"]).default("csv"),
    )
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no info messages")
    .action(async (dirs: string[], flags: DatasetFlags) => {
      const log = makeLogger(ctx.streams, {
        quiet: flags.quiet === true,
        verbose: false,
        noColor: !flags.color,
      });
      if (!flags.out) throw new UsageError("dataset needs --out DIR (where to write the tables).");
      const sites = await readSiteReports(dirs, (m) => log("warn", m));
      if (sites.length === 0)
        throw new UsageError(
          `no per-site reports (*.json) found in ${dirs.join(", ")}.`,
          "Give directories written by `scan --per-site --output-dir` or `skimscan worker --out`.",
        );
      const written = await writeDataset(sites, flags.out, flags.format);
      for (const w of written) log("info", `wrote ${w.file} (${w.rows} rows)`);
      ctx.setExitCode(EXIT.ok);
    });
}
