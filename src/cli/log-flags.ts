// The flags of where and how much the CLI speaks (--no-color, --quiet, --verbose), on every command.
import type { Command } from "commander";
import type { OutputSettings } from "./output.js";

export interface LogFlags {
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export function withLogFlags(cmd: Command): Command {
  return cmd
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no progress or info messages, only warnings and errors")
    .option("--verbose", "debug messages on stderr");
}

export function logSettings(flags: LogFlags): OutputSettings {
  return { quiet: flags.quiet === true, verbose: flags.verbose === true, noColor: !flags.color };
}
