// The publisher's allowlist file (YAML or JSON): parsed, validated, every error naming file:line.
import { readFile } from "node:fs/promises";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { normalizeConfigHost } from "../domain/host-pattern.js";
import { partyOf } from "../domain/party.js";
import { ConfigError, quoteValue } from "../errors.js";
import { type AllowlistEntry, parseEntry } from "./allowlist-entry.js";

export type { AllowlistEntry, EntryKind } from "./allowlist-entry.js";

export interface Allowlist {
  file?: string;
  /** Registrable domains of the site itself. */
  firstParty: string[];
  authorized: AllowlistEntry[];
  denied: AllowlistEntry[];
}

const TOP_KEYS = ["firstParty", "authorized", "denied"] as const;

function lineOf(node: unknown, lc: LineCounter): number | undefined {
  const offset = (node as Node | undefined)?.range?.[0];
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

/** Parses allowlist text (YAML; JSON is valid YAML). Throws ConfigError naming file:line and entry. */
export function parseAllowlist(
  text: string,
  file: string,
): { allowlist: Allowlist; warnings: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lineCounter.linePos(syntax.pos[0]).line;
    throw new ConfigError(
      `syntax error: ${syntax.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`,
      file,
      line,
    );
  }
  const allowlist: Allowlist = { file, firstParty: [], authorized: [], denied: [] };
  const warnings: string[] = [];
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) {
    warnings.push(`${file}: the allowlist is empty: every third party will be judged rogue`);
    return { allowlist, warnings };
  }
  if (!isMap(root)) {
    throw new ConfigError(
      "the allowlist must be a map with the keys firstParty, authorized, denied",
      file,
      lineOf(root, lineCounter),
    );
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const line = lineOf(pair.key, lineCounter);
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(
        `unknown key ${quoteValue(key, { json: true })} (allowed: ${TOP_KEYS.join(", ")})`,
        file,
        line,
      );
    }
    const value = pair.value;
    if (value === null || (isScalar(value) && value.value === null)) continue;
    if (!isSeq(value))
      throw new ConfigError(`${key} must be a list`, file, lineOf(value, lineCounter) ?? line);
    value.items.forEach((item, i) => {
      const where = `${key}[${i}]`;
      if (key === "firstParty") {
        allowlist.firstParty.push(firstPartyDomain(item, where, file, lineCounter, warnings));
      } else {
        allowlist[key as "authorized" | "denied"].push(
          parseEntry(item, { file, lineCounter, where }),
        );
      }
    });
  }
  allowlist.firstParty = [...new Set(allowlist.firstParty)];
  return { allowlist, warnings };
}

function firstPartyDomain(
  item: unknown,
  where: string,
  file: string,
  lc: LineCounter,
  warnings: string[],
): string {
  const line = lineOf(item, lc);
  const text = isScalar(item) && typeof item.value === "string" ? item.value.trim() : "";
  const host = text.includes("*") ? "" : normalizeConfigHost(text);
  if (host === "") {
    throw new ConfigError(
      `${where} (${quoteValue(text, { json: true })}): firstParty takes registrable domains such as publisher.example`,
      file,
      line,
    );
  }
  const party = partyOf(host);
  if (party !== host) {
    warnings.push(
      `${file}:${line ?? "?"}: firstParty ${quoteValue(text, { json: true })} is not a registrable domain; using ${party}`,
    );
  }
  return party;
}

/** Reads and parses an allowlist file; ConfigError when it cannot be read or is invalid. */
export async function loadAllowlist(
  file: string,
): Promise<{ allowlist: Allowlist; warnings: string[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === "ENOENT"
        ? "allowlist file not found"
        : `cannot read the allowlist (${code ?? String(error)})`,
      file,
      undefined,
      "check the path given to --allowlist",
    );
  }
  return parseAllowlist(text, file);
}
