// The JSON Schema of the public report: real reports validate, broken ones are rejected, and every
// key of the TypeScript model appears in it with the same optionality (a guard against drift).
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { renderJson } from "../../src/report/render-json.js";
import { loadReport, withoutAllowlist } from "../fixtures/reports/load-report.js";

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
};

const schema = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "schema/report.schema.json"), "utf8"),
) as SchemaNode;

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}
const validate = validator();

function errorsOf(report: unknown): string[] {
  validate(report);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ""}`);
}

describe("report JSON Schema", () => {
  it.each(["dailybugle-report", "hostile-report"] as const)("accepts the fixture %s", (name) => {
    expect(errorsOf(loadReport(name))).toEqual([]);
  });

  it("accepts the json renderer's output and a report judged without an allowlist", () => {
    const rendered = JSON.parse(renderJson(loadReport("dailybugle-report")));
    expect(errorsOf(rendered)).toEqual([]);
    expect(errorsOf(withoutAllowlist(loadReport("dailybugle-report")))).toEqual([]);
  });

  it("accepts a page's failure kind and rejects one outside the list", () => {
    const r = loadReport("dailybugle-report");
    const page = r.scan.pages[0] as Report["scan"]["pages"][number];
    Object.assign(page, {
      outcome: "failed",
      reason: "blocked: WAF (HTTP 403)",
      failure: "blocked",
    });
    expect(errorsOf(r)).toEqual([]);
    Object.assign(page, { failure: "gremlins" });
    expect(errorsOf(r).join("\n")).toMatch(/failure enum/);
  });

  it("accepts a report carrying a policy verdict and baseline marks", () => {
    const r = loadReport("dailybugle-report");
    r.policy = {
      failOn: ["new-rogue"],
      violated: true,
      reasons: ["new rogue"],
      baselines: ["a.json"],
    };
    (r.parties[2] as Report["parties"][number]).new = true;
    (r.findings[0] as Report["findings"][number]).new = false;
    expect(errorsOf(r)).toEqual([]);
  });

  const broken: [string, (r: Report) => void, string][] = [
    ["a missing top-level field", (r) => delete (r as Partial<Report>).summary, "required"],
    [
      "a missing party field",
      (r) => delete (r.parties[0] as Partial<Report["parties"][0]>).loadedBy,
      "required",
    ],
    [
      "a missing cookie field",
      (r) => delete (r.cookies[0] as Partial<Report["cookies"][0]>).blocked,
      "required",
    ],
    [
      "a missing finding id",
      (r) => delete (r.findings[0] as Partial<Report["findings"][0]>).id,
      "required",
    ],
    ["a bad party status", (r) => ((r.parties[0] as { status: string }).status = "evil"), "enum"],
    [
      "a bad request verdict",
      (r) => ((r.requests[0] as { verdict: string }).verdict = "ok"),
      "enum",
    ],
    ["a bad request kind", (r) => ((r.requests[0] as { kind: string }).kind = "tracker"), "enum"],
    [
      "a bad finding severity",
      (r) => ((r.findings[0] as { severity: string }).severity = "critical"),
      "enum",
    ],
    [
      "a bad page outcome",
      (r) => ((r.scan.pages[0] as { outcome: string }).outcome = "done"),
      "enum",
    ],
    ["schemaVersion 2", (r) => ((r as { schemaVersion: number }).schemaVersion = 2), "const"],
    [
      "a count that is not an integer",
      (r) => ((r.summary as { rogue: unknown }).rogue = "4"),
      "type",
    ],
    ["an unknown top-level key", (r) => Object.assign(r, { extra: 1 }), "additionalProperties"],
    ["a date that is not ISO 8601", (r) => (r.scan.startedAt = "yesterday"), "pattern"],
  ];
  it.each(broken)("rejects %s", (_name, breakIt, keyword) => {
    const r = loadReport("dailybugle-report");
    breakIt(r);
    const errors = errorsOf(r);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.includes(` ${keyword} `))).toBe(true);
  });
});

/** Walks the interfaces of src/model/report.ts: each property and whether it is optional. */
function modelShapes(): Map<string, ts.NodeArray<ts.TypeElement>> {
  const file = path.join(PACKAGE_ROOT, "src/model/report.ts");
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const shapes = new Map<string, ts.NodeArray<ts.TypeElement>>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) shapes.set(node.name.text, node.members);
  });
  return shapes;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  if (!ref) return node;
  return schema.$defs?.[ref.replace("#/$defs/", "")];
}

function compare(
  members: ts.NodeArray<ts.TypeElement>,
  node: SchemaNode | undefined,
  where: string,
): string[] {
  const problems: string[] = [];
  const target = resolve(node);
  if (!target?.properties) return [`${where}: no object schema`];
  const props = members.filter(ts.isPropertySignature);
  const names = props.map((p) => p.name.getText());
  for (const name of Object.keys(target.properties)) {
    if (!names.includes(name)) problems.push(`${where}.${name}: in the schema, not in the model`);
  }
  for (const p of props) {
    const name = p.name.getText();
    const child = target.properties[name];
    if (!child) {
      problems.push(`${where}.${name}: missing from the schema`);
      continue;
    }
    const required = (target.required ?? []).includes(name);
    if (required === Boolean(p.questionToken)) {
      problems.push(
        `${where}.${name}: ${p.questionToken ? "optional" : "required"} in the model only`,
      );
    }
    let type = p.type;
    let sub: SchemaNode | undefined = child;
    if (type && ts.isArrayTypeNode(type)) {
      type = type.elementType;
      sub = resolve(child)?.items;
    }
    if (type && ts.isTypeLiteralNode(type))
      problems.push(...compare(type.members, sub, `${where}.${name}`));
  }
  return problems;
}

describe("schema and TypeScript model agree", () => {
  const shapes = modelShapes();
  it("covers every interface of the model", () => {
    const expected = [...shapes.keys()].filter((n) => n !== "Report").sort();
    expect(expected.length).toBeGreaterThan(5);
    for (const name of expected) expect(schema.$defs?.[name], name).toBeDefined();
  });
  it.each([...shapes.keys()])("%s: same keys, same optionality", (name) => {
    const members = shapes.get(name) as ts.NodeArray<ts.TypeElement>;
    const node = name === "Report" ? schema : schema.$defs?.[name];
    expect(compare(members, node, name)).toEqual([]);
  });
});
