// action.yml is a valid composite action: checked against a strict JSON Schema of GitHub's
// metadata syntax (test/fixtures/schemas), and against itself: every input reaches the scan step
// through the environment (never pasted into a script), every output comes from a step that sets
// it, every step's script exists and parses.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PACKAGE_ROOT } from "../../src/package-info.js";

interface Step {
  run?: string;
  uses?: string;
  id?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(path.join(PACKAGE_ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const schema = JSON.parse(
  readFileSync(
    path.join(PACKAGE_ROOT, "test/fixtures/schemas/github-action-metadata.schema.json"),
    "utf8",
  ),
);
const validate = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
}).compile(schema);

describe("action.yml", () => {
  it("validates against the metadata schema", () => {
    const ok = validate(action);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    expect(action.runs.using).toBe("composite");
  });

  it("the schema is strict: it refuses what GitHub refuses", () => {
    const broken = structuredClone(action) as unknown as Record<string, unknown>;
    const steps = (broken.runs as { steps: Record<string, unknown>[] }).steps;
    delete (steps.find((s) => s.run) as Record<string, unknown>).shell; // run needs shell
    expect(validate(broken)).toBe(false);
    expect(validate({ ...action, colour: "red" })).toBe(false);
    expect(validate({ name: "x", description: "y", runs: { using: "node12", main: "a.js" } })).toBe(
      false,
    );
  });

  it("passes every input to the scan step by environment, never by an expression inside a script", () => {
    const scan = action.runs.steps.find((s) => s.id === "scan") as Step;
    const env = Object.values(scan.env ?? {}).join("\n");
    for (const name of Object.keys(action.inputs)) {
      if (name === "node-version") continue; // given to actions/setup-node
      expect(env, name).toContain(`\${{ inputs.${name} }}`);
    }
    for (const step of action.runs.steps) expect(step.run ?? "").not.toContain("${{");
  });

  it("sets every declared output, from a step that exists", () => {
    const script = readFileSync(path.join(PACKAGE_ROOT, "scripts/action-scan.sh"), "utf8");
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.scan.outputs.${name} }}`);
      expect(script).toContain(`echo "${name}=`);
    }
  });

  it("runs scripts that ship in the repository and parse", () => {
    for (const step of action.runs.steps.filter((s) => s.run)) {
      const script = /"\$GITHUB_ACTION_PATH\/([^"]+)"/.exec(step.run as string)?.[1] as string;
      expect(existsSync(path.join(PACKAGE_ROOT, script)), script).toBe(true);
      const check = spawnSync("bash", ["-n", path.join(PACKAGE_ROOT, script)]);
      expect(check.status, check.stderr.toString()).toBe(0);
    }
  });
});
