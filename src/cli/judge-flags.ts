// The judgement flags (what the parties are judged against) and the gate flags (when to exit 1),
// declared once for every command that judges: scan, demo, report, compare, init, explain.
import type { Command } from "commander";
import { FAIL_ON_HELP, type FailOn, parseFailOn } from "../gate/policy.js";
import { collect, parseCount, parseDomain } from "./parse-values.js";

export interface KnowledgeFlags {
  firstParty?: string[];
  entities?: string[];
}

export interface JudgeFlags extends KnowledgeFlags {
  allowlist?: string;
  filterList?: string[];
}

export interface GateFlags {
  failOn?: string[];
  baseline?: string[];
  minPages?: string;
}

/** --first-party and --entities: who is who (also on init and explain, which take no allowlist). */
export function withKnowledgeFlags(cmd: Command): Command {
  return cmd
    .option(
      "--first-party <domain>",
      "an extra registrable domain of the site (repeatable)",
      collect,
    )
    .option(
      "--entities <file>",
      "company map (Disconnect, DuckDuckGo or third-party-web JSON), before the bundled one (repeatable)",
      collect,
    );
}

export function withAllowlistFlag(cmd: Command): Command {
  return cmd.option("-a, --allowlist <file>", "allowlist (YAML or JSON)");
}

export function withJudgeFlags(cmd: Command): Command {
  return withKnowledgeFlags(withAllowlistFlag(cmd)).option(
    "--filter-list <file>",
    "EasyList/EasyPrivacy-style list: matching requests carry the rule (repeatable)",
    collect,
  );
}

export function withGateFlags(cmd: Command): Command {
  return cmd
    .option("--fail-on <condition>", `when to exit 1: ${FAIL_ON_HELP} (repeatable)`, collect)
    .option(
      "--baseline <report>",
      "JSON report of an earlier run; new means new since (repeatable)",
      collect,
    )
    .option("--min-pages <n>", "with --baseline: ignore a new party seen on fewer pages", "1");
}

export function knowledgeSettings(flags: KnowledgeFlags) {
  return {
    firstParty: (flags.firstParty ?? []).map((d) => parseDomain("--first-party", d)),
    entitiesFiles: flags.entities ?? [],
  };
}

export function judgeSettings(flags: JudgeFlags) {
  return {
    ...(flags.allowlist !== undefined ? { allowlistFile: flags.allowlist } : {}),
    ...knowledgeSettings(flags),
    filterListFiles: flags.filterList ?? [],
  };
}

export function gateSettings(flags: GateFlags): {
  failOn: FailOn[];
  baselineFiles: string[];
  minPages: number;
} {
  return {
    failOn: parseFailOn(flags.failOn ?? []),
    baselineFiles: flags.baseline ?? [],
    minPages: parseCount("--min-pages", flags.minPages ?? "1"),
  };
}
