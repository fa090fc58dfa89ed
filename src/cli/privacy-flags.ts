// The privacy flags of `scan` (--signals, --consent, --opt-out-cookie): defined once, parsed into
// the settings of a privacy visit, each bad value a usage error naming the flag.
import { type Command, Option } from "commander";
import type { ConsentAction } from "../consent/autoconsent-driver.js";
import { parseOptOutCookie } from "../consent/opt-out-cookies.js";
import type { PrivacySettings } from "../consent/privacy-visitor.js";
import { quoteValue, UsageError } from "../errors.js";
import { collect } from "./parse-values.js";

export interface PrivacyFlags {
  signals?: string;
  consent?: ConsentAction;
  optOutCookie?: string[];
}

export function withPrivacyFlags(cmd: Command): Command {
  cmd
    .option("--signals <list>", "privacy signals the browser sends: dnt, gpc or dnt,gpc")
    .addOption(
      new Option(
        "--consent <action>",
        "handle the consent banner: none (record what fires first), reject or accept",
      ).choices(["none", "reject", "accept"]),
    );
  return withOptOutCookieFlag(cmd);
}

/** Also on compare, whose modes say the signals and the consent answer. */
export function withOptOutCookieFlag(cmd: Command): Command {
  return cmd.option(
    "--opt-out-cookie <NAME=VALUE@domain>",
    "an opt-out cookie the visitor's browser already holds (repeatable)",
    collect,
  );
}

export function optOutCookies(flags: PrivacyFlags) {
  return (flags.optOutCookie ?? []).map((c) => parseOptOutCookie("--opt-out-cookie", c));
}

export function parseSignals(flag: string, text: string): { dnt: boolean; gpc: boolean } {
  const out = { dnt: false, gpc: false };
  for (const raw of text.split(",")) {
    const s = raw.trim().toLowerCase();
    if (s === "dnt" || s === "gpc") out[s] = true;
    else
      throw new UsageError(
        `${flag}: unknown signal ${quoteValue(raw)}.`,
        "Use dnt, gpc or dnt,gpc.",
      );
  }
  return out;
}

/** Undefined when no privacy flag was given: the scan then runs as it always did. */
export function privacySettings(flags: PrivacyFlags): PrivacySettings | undefined {
  if (!flags.signals && !flags.consent && !flags.optOutCookie?.length) return undefined;
  const signals = flags.signals ? parseSignals("--signals", flags.signals) : undefined;
  return {
    dnt: signals?.dnt ?? false,
    gpc: signals?.gpc ?? false,
    ...(flags.consent ? { consent: flags.consent } : {}),
    optOutCookies: optOutCookies(flags),
  };
}
