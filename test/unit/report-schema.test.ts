// The JSON Schema of the public report: real reports validate, broken ones are rejected, and every
// key of the TypeScript model appears in it with the same optionality (a guard against drift).
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { CHECKS } from "../../src/analyze/checks/index.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Report } from "../../src/model/report.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";
import { renderJson } from "../../src/report/render-json.js";
import { PRIVACY_CODES } from "../../src/signals/compare.js";
import { loadReport, withoutAllowlist } from "../fixtures/reports/load-report.js";
import { REPORT_SCHEMA, reportSchemaErrors } from "../helpers/report-schema.js";

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
};

const schema = REPORT_SCHEMA as SchemaNode;
const GROUND_TRUTH = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, "leak-ground-truth.json"), "utf8"),
) as { sites: Record<string, { allowlist: string }> };
const errorsOf = reportSchemaErrors;

/** Recorded captures of the fixture sites and the allowlist each was judged with. */
const RECORDED: [string, string][] = [
  ["test/fixtures/captures/dailybugle-demo.capture.json", "allowlists/dailybugle.yaml"],
  ...["hashed-email", "id-sync", "negatives", "piggyback", "search-term", "session-cookie"].map(
    (site): [string, string] => [
      `test/fixtures/leaks/captures/${site}.capture.json`,
      String(GROUND_TRUTH.sites[site]?.allowlist),
    ],
  ),
];

describe("report JSON Schema", () => {
  it("accepts the reports built from recorded real-Chromium captures, evidence typed per code", () => {
    const codes = new Set<string>();
    for (const [capture, allowlistFile] of RECORDED) {
      const file = path.join(FIXTURES_DIR, allowlistFile);
      const { allowlist } = parseAllowlist(readFileSync(file, "utf8"), file);
      const recorded = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, capture), "utf8"));
      const identity = { email: "jane.doe@example.com" };
      for (const report of [
        buildReport(recorded, { allowlist, leaks: { identity } }),
        buildReport(recorded, {}),
      ]) {
        expect(errorsOf(report), capture).toEqual([]);
        for (const f of report.findings) codes.add(f.code);
      }
    }
    // The privacy codes are validated where their captures are built (signals-checks.test.ts).
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(["id-sync", "piggyback", "pii-leak", "rogue-party", "url-leak"]),
    );
  });

  it("rejects evidence that is not its code's shape", () => {
    const r = loadReport("dailybugle-report");
    const f = r.findings.find((x) => x.code === "rogue-cookie");
    if (f) Object.assign(f.evidence, { writes: "two" });
    expect(errorsOf(r).some((e) => e.includes("/evidence/writes type"))).toBe(true);
    const g = loadReport("dailybugle-report");
    Object.assign(g.findings[0]?.evidence ?? {}, { surprise: 1 });
    expect(errorsOf(g).some((e) => e.includes("additionalProperties"))).toBe(true);
  });

  it("keeps the evidence of a code it does not know open (a newer skimscan's report)", () => {
    const r = loadReport("dailybugle-report");
    r.findings.push({ ...r.findings[0], code: "future-check", evidence: { x: 1 } } as never);
    expect(errorsOf(r)).toEqual([]);
  });

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
    ["schemaVersion 3", (r) => ((r as { schemaVersion: number }).schemaVersion = 3), "const"],
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

/** The schema's name for a model interface (the generic FindingOf<C> is the schema's Finding). */
const SCHEMA_NAME: Record<string, string> = { FindingOf: "Finding" };

/**
 * Walks the interfaces of src/model/report.ts: each property (inherited ones from `extends` of the
 * same file included) and whether it is optional.
 */
function modelShapes(): Map<string, ts.TypeElement[]> {
  const file = path.join(PACKAGE_ROOT, "src/model/report.ts");
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const declared = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) declared.set(node.name.text, node);
  });
  const membersOf = (node: ts.InterfaceDeclaration): ts.TypeElement[] => [
    ...(node.heritageClauses ?? []).flatMap((h) =>
      h.types.flatMap((t) => {
        const base = declared.get(t.expression.getText());
        return base ? membersOf(base) : [];
      }),
    ),
    ...node.members,
  ];
  const shapes = new Map<string, ts.TypeElement[]>();
  for (const [name, node] of declared) shapes.set(SCHEMA_NAME[name] ?? name, membersOf(node));
  return shapes;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  if (!ref) return node;
  return schema.$defs?.[ref.replace("#/$defs/", "")];
}

function compare(
  members: readonly ts.TypeElement[],
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

describe("every check's evidence in the schema", () => {
  type Branch = { if?: { properties?: { code?: { const?: string } } }; then?: SchemaNode };
  const finding = schema.$defs?.Finding as SchemaNode & { allOf?: Branch[] };
  const branches = new Map(
    (finding.allOf ?? []).map((b) => [b.if?.properties?.code?.const, b.then?.properties?.evidence]),
  );
  it.each(CHECKS.map((c) => c.meta.code))("%s: chosen by its code, defined in $defs", (code) => {
    const evidence = branches.get(code);
    expect(evidence?.$ref, `Finding.allOf has no branch for ${code}`).toMatch(/^#\/\$defs\//);
    expect(resolve(evidence)?.properties, `${evidence?.$ref} is not defined`).toBeDefined();
  });
  it("knows no code the registry does not run (the compare's privacy codes included)", () => {
    const codes = new Set<string>(CHECKS.map((c) => c.meta.code));
    for (const code of branches.keys()) expect(codes.has(String(code)), code).toBe(true);
    for (const code of PRIVACY_CODES) expect(codes.has(code), code).toBe(true);
  });
});

describe("schema and TypeScript model agree", () => {
  const shapes = modelShapes();
  it("covers every interface of the model", () => {
    const expected = [...shapes.keys()].filter((n) => n !== "Report").sort();
    expect(expected.length).toBeGreaterThan(5);
    for (const name of expected) expect(schema.$defs?.[name], name).toBeDefined();
  });
  it.each([...shapes.keys()])("%s: same keys, same optionality", (name) => {
    const members = shapes.get(name) as ts.TypeElement[];
    const node = name === "Report" ? schema : schema.$defs?.[name];
    expect(compare(members, node, name)).toEqual([]);
  });
});
