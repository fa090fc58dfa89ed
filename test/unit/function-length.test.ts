// The browser layer stays readable: no function in src/crawl or src/capture over 80 lines.
// Long functions there grew closures over shared mutable state (the old crawl loop); a reviewer
// runs this test to keep it from coming back.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const LIMIT = 80;
const FOLDERS = ["src/crawl", "src/capture"];

interface LongFunction {
  where: string;
  lines: number;
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name))
    return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name))
    return parent.name.text;
  return "(anonymous)";
}

/** Functions longer than the limit, counting the lines of their body (nested functions included). */
function longFunctions(file: string, text: string, limit = LIMIT): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.body.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.body.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) out.push({ where: `${file}:${start + 1} ${nameOf(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

describe("function length in the browser layer", () => {
  it("finds a long function (the check can fail)", () => {
    const body = Array.from({ length: 90 }, (_, i) => `  const a${i} = ${i};`).join("\n");
    const found = longFunctions(
      "x.ts",
      `export function big() {\n${body}\n}\nconst ok = () => 1;\n`,
    );
    expect(found).toEqual([{ where: "x.ts:1 big", lines: 92 }]);
  });

  it(`has no function over ${LIMIT} lines in ${FOLDERS.join(" and ")}`, () => {
    const found = FOLDERS.flatMap((folder) =>
      tsFiles(path.join(PACKAGE_ROOT, folder)).flatMap((file) =>
        longFunctions(path.relative(PACKAGE_ROOT, file), readFileSync(file, "utf8")),
      ),
    );
    expect(found.map((f) => `${f.where}: ${f.lines} lines`)).toEqual([]);
  });
});
