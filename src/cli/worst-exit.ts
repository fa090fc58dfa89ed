// The exit code of a run of many sites: the worst of theirs, in the contract's order of gravity.
import { EXIT } from "../errors.js";

const GRAVITY: readonly number[] = [
  EXIT.ok,
  EXIT.policyViolated,
  EXIT.usage,
  EXIT.nothingScanned,
  EXIT.interrupted,
];

export function worstExit(codes: readonly number[]): number {
  let worst: number = EXIT.ok;
  for (const code of codes) {
    // A code outside the contract is an internal error: exit 3.
    const c = GRAVITY.includes(code) ? code : EXIT.nothingScanned;
    if (GRAVITY.indexOf(c) > GRAVITY.indexOf(worst)) worst = c;
  }
  return worst;
}
