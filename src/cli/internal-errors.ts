// A bug that escapes every await (a rejected promise nobody holds, a throw in an event handler)
// would end Node with exit 1, which the contract keeps for "policy violated". The process guard
// says "internal error" and turns the run's exit code into 3; a stray rejection lets the run
// finish, so the capture and the report are still written.
import { EXIT } from "../errors.js";

export interface ProcessGuard {
  /** The run's own exit code, or 3 when an internal error happened meanwhile. */
  exitCode(code: number): number;
}

export function guardProcess(stderr: NodeJS.WritableStream = process.stderr): ProcessGuard {
  let failed = false;
  const say = (err: unknown) => {
    const e = err as Error | undefined;
    stderr.write(`skimscan: internal error (please report it): ${e?.stack ?? String(err)}\n`);
  };
  process.on("unhandledRejection", (err) => {
    failed = true;
    say(err);
  });
  process.on("uncaughtException", (err) => {
    say(err);
    // The state is unknown after a throw nobody caught: stop, never with 1.
    process.exit(EXIT.nothingScanned);
  });
  return {
    exitCode: (code) => (failed && code !== EXIT.interrupted ? EXIT.nothingScanned : code),
  };
}
