// Writes the report: to stdout in --format when no --output is given, else to each --output file
// in the format its extension names (falling back to --format). `-o -` means stdout.
import { quoteValue, UsageError } from "../errors.js";
import type { Report } from "../model/report.js";
import {
  FORMATS,
  type Format,
  formatFromExtension,
  render,
  type Style,
} from "../report/renderers.js";
import { colorEnabled, type Logger, makeChalk, type Streams } from "./output.js";
import { writeOutput } from "./output-paths.js";

export interface OutputTarget {
  /** A file path, or "-" for stdout. */
  file: string;
  format: Format;
}

export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(
    `--format ${quoteValue(value)} is not known.`,
    `Use one of: ${FORMATS.join(", ")}.`,
  );
}

/** Decide every output before the scan starts, so a typo fails in a second, not after a crawl. */
export function planOutputs(format: Format | undefined, outputs: string[]): OutputTarget[] {
  if (outputs.length === 0) return [{ file: "-", format: format ?? "text" }];
  return outputs.map((file) => {
    const fmt = file === "-" ? format : (formatFromExtension(file) ?? format);
    if (!fmt) {
      throw new UsageError(
        `cannot tell the format of --output ${quoteValue(file)} from its extension.`,
        `Use an extension (.json .html .md .sarif .xml .txt .csv) or add --format.`,
      );
    }
    return { file, format: fmt };
  });
}

function styleFor(streams: Streams, noColor: boolean): Style {
  const chalk = makeChalk(colorEnabled(streams.stdout, streams.env, noColor));
  return {
    bold: (s) => chalk.bold(s),
    dim: (s) => chalk.dim(s),
    red: (s) => chalk.red(s),
    yellow: (s) => chalk.yellow(s),
    green: (s) => chalk.green(s),
    cyan: (s) => chalk.cyan(s),
  };
}

/** Writes the report to every target; returns the files that could not be written (each said). */
export async function emitReport(
  report: Report,
  targets: OutputTarget[],
  streams: Streams,
  opts: { noColor: boolean; verbose: boolean; sarifLocation?: string },
  log: Logger,
): Promise<string[]> {
  const failed: string[] = [];
  for (const target of targets) {
    const toStdout = target.file === "-";
    // Colour only for the text report on a terminal, never in a file or a machine format.
    const style =
      toStdout && target.format === "text" ? styleFor(streams, opts.noColor) : undefined;
    const text = render(target.format, report, {
      style,
      verbose: opts.verbose,
      width: toStdout ? (streams.stdout as { columns?: number }).columns : undefined,
      sarifLocation: opts.sarifLocation,
    });
    if (toStdout) {
      streams.stdout.write(text);
    } else if (!(await writeOutput(target.file, text, `the ${target.format} report`, log))) {
      failed.push(target.file);
    }
  }
  return failed;
}
