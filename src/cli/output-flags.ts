// The report output flags (--format, -o) of the commands that print a report: scan, demo, report.
import { type Command, Option } from "commander";
import { FORMATS } from "../report/renderers.js";
import { type OutputTarget, parseFormat, planOutputs } from "./emit-report.js";
import { collect } from "./parse-values.js";

export interface OutputFlags {
  format?: string;
  output?: string[];
}

export function withOutputFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option("--format <fmt>", "report format on stdout").choices([...FORMATS]))
    .option(
      "-o, --output <file>",
      "write the report to a file, format from its extension (repeatable)",
      collect,
    );
}

export function outputTargets(flags: OutputFlags): OutputTarget[] {
  const format = flags.format === undefined ? undefined : parseFormat(flags.format);
  return planOutputs(format, flags.output ?? []);
}
