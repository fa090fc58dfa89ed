// Reading a JSON report written earlier (--baseline, `skimscan diff`), with a clear error when the
// file is not one.
import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { READABLE_SCHEMA_VERSIONS, type Report } from "../model/report.js";

export async function loadReportFile(file: string, flag: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(
      `cannot read the ${flag} report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      file,
    );
  }
  let data: Partial<Report>;
  try {
    data = JSON.parse(text) as Partial<Report>;
  } catch (err) {
    throw new ConfigError(
      `is not JSON: ${(err as Error).message}`,
      file,
      undefined,
      "Give a report written with --format json.",
    );
  }
  if (
    !(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(data?.schemaVersion) ||
    !Array.isArray(data.parties) ||
    !Array.isArray(data.findings)
  ) {
    throw new ConfigError(
      `is not a skimscan JSON report (schemaVersion ${READABLE_SCHEMA_VERSIONS.join(" or ")}).`,
      file,
      undefined,
      "Give a report written by `skimscan scan … --format json` (a capture is not a report).",
    );
  }
  if (!Array.isArray(data.cookies)) data.cookies = [];
  return data as Report;
}
