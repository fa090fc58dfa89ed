// Files a job needs (allowlist, company maps, filter lists, baselines), stored once in Redis under
// the SHA-256 of their content and written back to a local cache by each worker that needs them.
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { ConfigError } from "../errors.js";
import { writeFileAtomic } from "../files/atomic-write.js";
import { parseBlobRef } from "./job-args.js";

export const BLOB_KEY_PREFIX = "skimscan:blob:";

export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Reads each file once; returns its hash. A file that cannot be read is a ConfigError (exit 2). */
export async function readBlobs(files: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const file of new Set(files)) {
    try {
      out.set(file, await readFile(file));
    } catch (err) {
      throw new ConfigError(`cannot read (${(err as NodeJS.ErrnoException).code ?? err}).`, file);
    }
  }
  return out;
}

/** Stores each content once (SET NX: a second add of the same file writes nothing). */
export async function storeBlobs(redis: Redis, contents: Iterable<Buffer>): Promise<number> {
  let stored = 0;
  for (const data of contents) {
    const set = await redis.set(`${BLOB_KEY_PREFIX}${sha256(data)}`, data, "NX");
    if (set === "OK") stored++;
  }
  return stored;
}

/** Where a worker keeps the files it fetched: by hash, under the file's own name. */
export function blobCacheDir(): string {
  return path.join(os.tmpdir(), "skimscan-blobs");
}

/** Replaces every `blob:` argument by a local file holding that content (fetched if needed). */
export async function materialiseArgs(redis: Redis, args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) {
    const ref = parseBlobRef(a);
    if (!ref) {
      out.push(a);
      continue;
    }
    const dir = path.join(blobCacheDir(), ref.hash);
    const file = path.join(dir, ref.name);
    const cached = await readFile(file).catch(() => undefined);
    if (!cached || sha256(cached) !== ref.hash) {
      const data = await redis.getBuffer(`${BLOB_KEY_PREFIX}${ref.hash}`);
      if (!data || sha256(data) !== ref.hash)
        throw new ConfigError(`the job's file ${ref.name} (${ref.hash}) is not in Redis.`);
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(file, data);
    }
    out.push(file);
  }
  return out;
}
