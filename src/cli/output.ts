// Where the CLI speaks: stdout carries only the report; logs, warnings and progress go to stderr.
// Colour is decided once, from NO_COLOR / FORCE_COLOR / the TTY, never for machine formats.
import { Chalk } from "chalk";

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export type Logger = (level: LogLevel, message: string) => void;

export interface OutputSettings {
  quiet: boolean;
  verbose: boolean;
  /** --no-color given. */
  noColor: boolean;
}

/** Colour for a stream: off with NO_COLOR or --no-color, forced by FORCE_COLOR, else only on a TTY. */
export function colorEnabled(
  stream: Streams["stdout"],
  env: NodeJS.ProcessEnv,
  noColor: boolean,
): boolean {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== "")) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

export function makeChalk(enabled: boolean): InstanceType<typeof Chalk> {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export function makeLogger(streams: Streams, settings: OutputSettings): Logger {
  const chalk = makeChalk(colorEnabled(streams.stderr, streams.env, settings.noColor));
  const tag: Record<LogLevel, string> = {
    debug: chalk.dim("debug"),
    info: chalk.cyan("info"),
    warn: chalk.yellow("warning"),
    error: chalk.red("error"),
  };
  return (level, message) => {
    if (level === "debug" && !settings.verbose) return;
    if (settings.quiet && (level === "info" || level === "debug")) return;
    streams.stderr.write(`skimscan ${tag[level]}: ${message}\n`);
  };
}
