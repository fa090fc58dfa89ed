// scan --csp POLICY | --csp-file FILE [--csp-report-only]: the policy to put on the site's own
// responses while scanning, read and checked before any browser starts.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parsePolicy } from "../analyze/csp/policy.js";
import { ConfigError, UsageError } from "../errors.js";

export interface CspFlags {
  csp?: string;
  cspFile?: string;
  cspReportOnly?: boolean;
}

export interface CspSettings {
  policy: string;
  reportOnly: boolean;
}

export function withCspFlags(cmd: Command): Command {
  return cmd
    .option("--csp <policy>", "put this Content-Security-Policy on the site's own responses")
    .option("--csp-file <file>", "the same, read from a file (e.g. written by `skimscan csp`)")
    .option("--csp-report-only", "the policy only reports (Content-Security-Policy-Report-Only)");
}

export function cspSettings(flags: CspFlags): CspSettings | undefined {
  if (flags.csp !== undefined && flags.cspFile !== undefined)
    throw new UsageError("give --csp or --csp-file, not both.");
  let text = flags.csp;
  if (flags.cspFile !== undefined) {
    try {
      text = readFileSync(flags.cspFile, "utf8");
    } catch (err) {
      throw new ConfigError(
        `cannot read the --csp-file (${(err as NodeJS.ErrnoException).code ?? err}).`,
        flags.cspFile,
      );
    }
  }
  if (text === undefined) {
    if (flags.cspReportOnly) throw new UsageError("--csp-report-only needs --csp or --csp-file.");
    return undefined;
  }
  const policy = headerValue(text);
  const where = flags.cspFile ? `${flags.cspFile}: ` : "--csp: ";
  if (/[\r\n]/.test(policy) || parsePolicy(policy).size === 0)
    throw new UsageError(
      `${where}no Content-Security-Policy directive found.`,
      "Give a header value such as \"default-src 'self'; img-src 'self' https://cdn.example\".",
    );
  return { policy, reportOnly: flags.cspReportOnly === true };
}

/** A file may hold the bare value or a `Content-Security-Policy: …` header line. */
function headerValue(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .join(" ");
  return line.replace(/^content-security-policy(-report-only)?\s*:\s*/i, "").trim();
}
