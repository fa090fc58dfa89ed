// Runs the CLI inside the test's own process (runCli of src/cli/main.ts, no build needed) with
// captured streams and no colour: for tests whose fixture server lives in this process.
import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli/main.js";

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliInProcess(args: string[]): Promise<InProcessResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (d) => {
    stdout += d;
  });
  err.on("data", (d) => {
    stderr += d;
  });
  const code = await runCli(args, { stdout: out, stderr: err, env: { NO_COLOR: "1" } });
  return { code, stdout, stderr };
}
