// The scan flags a queue job carries (pure). Flags that name a file on the adding machine (the
// allowlist, company maps, filter lists, baselines) are replaced by a reference to the file's
// content, stored once in Redis by its hash, so a worker on another machine reads the same bytes.
// Flags that are the worker's business (where reports go, which browser) are refused.
import { UsageError } from "../errors.js";

/** Flags whose value is a file to carry by content; short forms map to their long name. */
export const FILE_FLAGS: Record<string, string> = {
  "--allowlist": "--allowlist",
  "-a": "--allowlist",
  "--entities": "--entities",
  "--filter-list": "--filter-list",
  "--baseline": "--baseline",
};

/** Flags a job cannot carry, and why. */
export const WORKER_FLAGS: Record<string, string> = {
  "--output": "the worker writes each report to --out DIR/<site-id>.json",
  "-o": "the worker writes each report to --out DIR/<site-id>.json",
  "--format": "the worker writes JSON reports",
  "--save-capture": "the worker writes DIR/<site-id>.capture.jsonl",
  "--chrome-path": "give it to the worker, whose machine has the browser",
  "--browser-endpoint": "give it to the worker, whose network reaches the browser",
  "--per-site": "every job is one site already",
  "--output-dir": "the worker writes to its --out",
  "--sites-at-once": "give the worker --concurrency",
  "--validate-only": "internal",
};

/** A file-valued flag found in the arguments: where its value is and which flag it is. */
export interface FileArg {
  index: number;
  flag: string;
  file: string;
}

const BLOB_PREFIX = "blob:";

/** Splits `--flag=value` so every flag and value is its own token. */
export function normaliseArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const m = /^(--[^=]+)=(.*)$/s.exec(a);
    if (m && (m[1] as string) in FILE_FLAGS) out.push(m[1] as string, m[2] as string);
    else out.push(a);
  }
  return out;
}

/** The refused flags and the file-valued ones (their values are the next token). */
export function inspectArgs(args: readonly string[]): FileArg[] {
  const files: FileArg[] = [];
  args.forEach((a, i) => {
    const name = a.startsWith("--") ? (a.split("=")[0] as string) : a;
    const why = WORKER_FLAGS[name];
    if (why) throw new UsageError(`queue add: ${name} is not a job's flag: ${why}.`);
    const flag = FILE_FLAGS[a];
    if (flag) {
      const file = args[i + 1];
      if (file === undefined) throw new UsageError(`queue add: ${a} needs a file.`);
      files.push({ index: i + 1, flag, file });
    }
  });
  return files;
}

/** The arguments with each file replaced by `blob:<hash>/<name>` (hash of its content). */
export function withBlobRefs(
  args: readonly string[],
  files: readonly FileArg[],
  hashOf: (file: string) => string,
): string[] {
  const out = [...args];
  for (const f of files) out[f.index] = blobRef(hashOf(f.file), f.file);
  return out;
}

export function blobRef(hash: string, file: string): string {
  const name = file.split(/[\\/]/).pop() || "file";
  return `${BLOB_PREFIX}${hash}/${name}`;
}

/** `blob:<hash>/<name>` → its parts; undefined for anything else. */
export function parseBlobRef(value: string): { hash: string; name: string } | undefined {
  const m = /^blob:([0-9a-f]{64})\/([^/\\]+)$/.exec(value);
  if (!m || m[2] === "." || m[2] === "..") return undefined;
  return { hash: m[1] as string, name: m[2] as string };
}
