// `skimscan csp --allowlist A --from report.json…`: the Content-Security-Policy the site needs,
// written from what the scans saw and what the allowlist authorizes, linted, printed.
import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { Option } from "commander";
import { buildReport } from "../analyze/build-report.js";
import { type GeneratedPolicy, generatePolicy } from "../analyze/csp/generate-policy.js";
import { inlineScriptsOf } from "../analyze/csp/inline-scripts.js";
import { type LintFinding, lintPolicy } from "../analyze/csp/lint-policy.js";
import { loadAllowlist } from "../config/allowlist.js";
import { ConfigError, EXIT, UsageError } from "../errors.js";
import type { Capture } from "../model/capture.js";
import type { Report } from "../model/report.js";
import { loadCapture } from "./capture-file.js";
import type { CommandContext } from "./knowledge-commands.js";
import { type Logger, makeLogger } from "./output.js";
import { collect, parseDomain } from "./parse-values.js";
import { loadReportFile } from "./report-file.js";

interface CspFlags {
  allowlist?: string;
  from?: string[];
  firstParty?: string[];
  format: "header" | "meta" | "json";
  reportUri?: string;
  scriptMode: "hosts" | "strict-dynamic";
  output?: string;
  color: boolean;
  quiet?: boolean;
}

export function registerCsp(program: Command, ctx: CommandContext): void {
  program
    .command("csp")
    .description("write the Content-Security-Policy the site needs from reports or captures")
    .option("-a, --allowlist <file>", "allowlist (YAML or JSON): only its parties get in")
    .option("--from <file>", "JSON report or capture of the site (repeatable)", collect)
    .option(
      "--first-party <domain>",
      "an extra registrable domain of the site (repeatable)",
      collect,
    )
    .addOption(
      new Option("--format <fmt>", "output").choices(["header", "meta", "json"]).default("header"),
    )
    .option("--report-uri <url>", "add report-uri and report-to (e.g. a `skimscan collect` URL)")
    .addOption(
      new Option("--script-mode <mode>", "script-src: host allowlist, or nonce + 'strict-dynamic'")
        .choices(["hosts", "strict-dynamic"])
        .default("hosts"),
    )
    .option("-o, --output <file>", "write the policy to a file instead of stdout")
    .option("--no-color", "never colour the output")
    .option("-q, --quiet", "no lint warnings on stderr")
    .action(async (flags: CspFlags) => {
      const log = makeLogger(ctx.streams, {
        quiet: flags.quiet === true,
        verbose: false,
        noColor: !flags.color,
      });
      ctx.setExitCode(await runCsp(flags, ctx, log));
    });
}

async function runCsp(flags: CspFlags, ctx: CommandContext, log: Logger): Promise<number> {
  if (!flags.allowlist)
    throw new UsageError(
      "csp needs --allowlist: only the parties it authorizes get into the policy.",
    );
  if (!flags.from?.length)
    throw new UsageError(
      "csp needs at least one --from FILE (a JSON report or a capture of the site).",
    );
  if (flags.reportUri && !/^https?:\/\//.test(flags.reportUri))
    throw new UsageError(`--report-uri '${flags.reportUri}' is not an http(s) URL.`);
  const { allowlist, warnings } = await loadAllowlist(flags.allowlist);
  for (const w of warnings) log("warn", w);
  const firstParty = (flags.firstParty ?? []).map((d) => parseDomain("--first-party", d));
  const reports: Report[] = [];
  const captures: Capture[] = [];
  for (const file of flags.from) {
    if (await isCapture(file)) {
      const capture = await loadCapture(file);
      captures.push(capture);
      reports.push(buildReport(capture, { allowlist, firstParty }));
    } else reports.push(await loadReportFile(file, "--from"));
  }
  const generated = generatePolicy(reports, {
    allowlist,
    // Inline scripts are only known when every input is a capture.
    ...(captures.length === flags.from.length ? { inline: inlineScriptsOf(captures) } : {}),
    scriptMode: flags.scriptMode,
    ...(flags.reportUri ? { reportUri: flags.reportUri } : {}),
  });
  const lint = lintPolicy(generated.header);
  for (const n of generated.notes) log("info", n);
  for (const f of lint.filter((l) => l.severity !== "info"))
    log(
      "warn",
      `csp_evaluator (${f.severity}) ${f.directive}${f.value ? ` ${f.value}` : ""}: ${f.description}`,
    );
  const text = render(generated, lint, flags.format);
  if (flags.output) {
    await writeFile(flags.output, text);
    log("info", `wrote the policy to ${flags.output}`);
  } else ctx.streams.stdout.write(text);
  return EXIT.ok;
}

async function isCapture(file: string): Promise<boolean> {
  let head: string;
  try {
    head = (await readFile(file, "utf8")).slice(0, 4096);
  } catch (err) {
    throw new ConfigError(`cannot read it (${(err as NodeJS.ErrnoException).code ?? err}).`, file);
  }
  return /"captureVersion"\s*:/.test(head);
}

export function render(
  g: GeneratedPolicy,
  lint: LintFinding[],
  format: CspFlags["format"],
): string {
  if (format === "json") {
    const out = {
      header: g.header,
      ...(g.reportingEndpoints ? { reportingEndpoints: g.reportingEndpoints } : {}),
      directives: g.directives,
      excluded: g.excluded,
      notes: g.notes,
      lint,
    };
    return `${JSON.stringify(out, null, 2)}\n`;
  }
  if (format === "meta") {
    // A <meta> policy cannot carry report-uri, report-to, frame-ancestors or sandbox.
    const kept = [...g.policy].filter(([d]) => !["report-uri", "report-to"].includes(d));
    const value = kept.map(([d, s]) => [d, ...s].join(" ")).join("; ");
    return `<meta http-equiv="Content-Security-Policy" content="${value.replace(/"/g, "&quot;")}">\n`;
  }
  return `${g.header}\n`;
}
