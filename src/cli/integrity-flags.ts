// The script-integrity flags (issue 12): --device for `scan`; --critical-pages and
// --require-justification for every command that judges (scan, report). Defined once here.
import { type Command, Option } from "commander";
import { DEVICE_NAMES, type DeviceName } from "../capture/device-profile.js";
import { globProblem } from "../domain/path-glob.js";
import { UsageError } from "../errors.js";
import { collect } from "./parse-values.js";

export interface IntegrityFlags {
  device?: DeviceName;
  criticalPages?: string[];
  requireJustification?: boolean;
}

export interface IntegritySettings {
  criticalPages: string[];
  requireJustification: boolean;
}

export function withDeviceFlag(cmd: Command): Command {
  return cmd.addOption(
    new Option("--device <profile>", "visitor's device: user agent, client hints, screen, touch")
      .choices([...DEVICE_NAMES])
      .default("desktop"),
  );
}

export function withIntegrityJudgeFlags(cmd: Command): Command {
  return cmd
    .option(
      "--critical-pages <glob>",
      "path glob of payment-like pages: loaded twice, every new script and missing SRI reported (repeatable)",
      collect,
    )
    .option(
      "--require-justification",
      "warn about authorized allowlist entries without justification: (or note:)",
    );
}

export function integritySettings(flags: IntegrityFlags): IntegritySettings {
  const criticalPages = flags.criticalPages ?? [];
  for (const glob of criticalPages) {
    const problem = globProblem(glob);
    if (problem)
      throw new UsageError(
        `--critical-pages '${glob}': ${problem}.`,
        "Give a path glob such as '/checkout/**'.",
      );
  }
  return { criticalPages, requireJustification: flags.requireJustification === true };
}
