// schema/report.schema.json compiled once: the errors a report has against the public contract.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

export const REPORT_SCHEMA = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "schema/report.schema.json"), "utf8"),
) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(REPORT_SCHEMA);

/** "<path> <keyword> <message>" per error; empty for a valid report. */
export function reportSchemaErrors(report: unknown): string[] {
  validate(report);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ""}`);
}
