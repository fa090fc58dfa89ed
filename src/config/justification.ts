// --require-justification: every authorized entry says why it is there (PCI DSS v4.0.1 6.4.3
// asks for a written business or technical justification of each script on a payment page).
import type { Allowlist, AllowlistEntry } from "./allowlist.js";

/** The entry's justification: `justification:`, else its `note:`. */
export function justificationOf(entry: AllowlistEntry | undefined): string | undefined {
  return entry?.justification ?? entry?.note;
}

/** One configuration warning per authorized entry with neither justification nor note. */
export function justificationWarnings(allowlist: Allowlist): string[] {
  return allowlist.authorized
    .filter((e) => justificationOf(e) === undefined)
    .map(
      (e) =>
        `${allowlist.file ?? "allowlist"}:${e.line ?? "?"}: authorized entry "${e.rule}" has no justification (add justification: or note:)`,
    );
}
