// Typed errors that the CLI turns into one clear message and a contract exit code.
// Anything else that escapes is a bug and is rethrown with its stack.

/** Exit codes of the public contract (README.md, "Exit codes"). */
export const EXIT = {
  ok: 0,
  policyViolated: 1,
  usage: 2,
  nothingScanned: 3,
  interrupted: 130,
} as const;

export class SkimscanError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** What the user can do about it, printed after the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad flag, flag combination or argument (exit 2). */
export class UsageError extends SkimscanError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** An unreadable or invalid configuration file such as the allowlist (exit 2). */
export class ConfigError extends SkimscanError {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    hint?: string,
  ) {
    super(file ? `${file}${line ? `:${line}` : ""}: ${message}` : message, EXIT.usage, hint);
  }
}

/** The browser could not be found or started, so nothing could be scanned (exit 3). */
export class BrowserError extends SkimscanError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.nothingScanned, hint);
  }
}

/** Longest value a message quotes whole; longer ones are cut, with their length said. */
export const QUOTE_MAX = 80;

/**
 * A value as a message quotes it: cut to a sensible length (a 5 MB string given as a host name
 * must not become 5 MB of stderr), control characters escaped. `json`: in JSON's double quotes
 * (the allowlist's messages), else in single quotes (the command line's).
 */
export function quoteValue(value: unknown, { max = QUOTE_MAX, json = false } = {}): string {
  const text = typeof value === "string" ? value : String(JSON.stringify(value) ?? value);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  const quoted = json
    ? JSON.stringify(cut)
    : // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
      `'${cut.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}'`;
  return text.length > max ? `${quoted} (${text.length} characters)` : quoted;
}
