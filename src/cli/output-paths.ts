// Every file the CLI is asked to write (-o, --save-capture, --reports-dir) is checked before the
// browser starts, so an unwritable path costs a second and not a crawl; a write that still fails
// at the end is said by name while every other output is written.
import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { quoteValue, UsageError } from "../errors.js";
import type { Logger } from "./output.js";

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

async function kindOf(p: string): Promise<"dir" | "file" | "missing"> {
  try {
    return (await stat(p)).isDirectory() ? "dir" : "file";
  } catch (err) {
    if (code(err) === "ENOENT") return "missing";
    // ENOTDIR: a parent is a file; the caller's walk up finds it.
    if (code(err) === "ENOTDIR") return "missing";
    throw err;
  }
}

/** The nearest folder that exists above `dir` (or `dir` itself); throws when a file is in the way. */
async function nearestFolder(flag: string, shown: string, dir: string): Promise<string> {
  let d = path.resolve(dir);
  for (;;) {
    const kind = await kindOf(d);
    if (kind === "dir") return d;
    if (kind === "file") {
      throw new UsageError(
        `cannot write ${flag} ${quoteValue(shown)}: ${d} is a file, not a folder.`,
        "Give a path in a folder you can write to.",
      );
    }
    const up = path.dirname(d);
    if (up === d) return d;
    d = up;
  }
}

/** Creating (and removing) a file there is the only test that holds for root, /proc and read-only mounts. */
async function probeFolder(flag: string, shown: string, folder: string): Promise<void> {
  // pid + random: two scans of one process (a worker's jobs, --per-site) may probe in the same ms.
  const probe = path.join(
    folder,
    `.skimscan-write-check-${process.pid}-${randomBytes(6).toString("hex")}`,
  );
  try {
    const fh = await open(probe, "wx");
    await fh.close();
    await rm(probe, { force: true });
  } catch (err) {
    throw new UsageError(
      `cannot write ${flag} ${quoteValue(shown)}: ${folder} is not writable (${code(err)}).`,
      "Give a path in a folder you can write to.",
    );
  }
}

/** A file the command will write: not a folder, in a folder that is (or can be made) writable. */
export async function checkOutputFile(flag: string, file: string): Promise<void> {
  const target = path.resolve(file);
  let existing: "dir" | "file" | "missing" = "missing";
  try {
    existing = (await lstat(target)).isDirectory() ? "dir" : "file";
  } catch {
    // Missing (or under a file): the folder check below says which.
  }
  if (existing === "dir") {
    throw new UsageError(`cannot write ${flag} ${quoteValue(file)}: it is a folder.`);
  }
  const folder = await nearestFolder(flag, file, path.dirname(target));
  await probeFolder(flag, file, folder);
}

/** A folder the command will write files into. */
export async function checkOutputDir(flag: string, dir: string): Promise<void> {
  const folder = await nearestFolder(flag, dir, dir);
  await probeFolder(flag, dir, folder);
}

/** Writes one output; on failure says which and returns false, so the others are still written. */
export async function writeOutput(
  file: string,
  text: string,
  what: string,
  log: Logger,
): Promise<boolean> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, text);
    log("info", `wrote ${what} to ${file}`);
    return true;
  } catch (err) {
    log("error", `could not write ${what} to ${file} (${code(err)})`);
    return false;
  }
}
