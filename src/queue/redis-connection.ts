// The Redis a queue lives in: checked once, quickly, before anything is queued or a worker starts.
// An unreachable Redis is a clear error naming the URL (exit 3), never a hang; a URL that is not
// redis:// or rediss:// is a usage error (exit 2). Passwords never appear in messages.
import type { ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { EXIT, SkimscanError, UsageError } from "../errors.js";

const CONNECT_TIMEOUT_MS = 3_000;

/** The URL as shown to people: the password replaced. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--redis '${url}' is not a URL.`, "Give e.g. redis://127.0.0.1:6379.");
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new UsageError(
      `--redis '${redactRedisUrl(url)}' is not a redis:// or rediss:// URL.`,
      "Give e.g. redis://127.0.0.1:6379.",
    );
}

/** Options for BullMQ's connections: it requires maxRetriesPerRequest null for workers. */
export function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS };
}

/** Connects once without retrying; throws exit 3 naming the URL when Redis does not answer. */
export async function connectRedis(url: string): Promise<Redis> {
  checkRedisUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // Errors are reported by connect()/ping() below; without a listener ioredis prints them too.
  let lastError: Error | undefined;
  client.on("error", (err: Error) => {
    lastError = err;
  });
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (err) {
    client.disconnect();
    throw new SkimscanError(
      `cannot reach Redis at ${redactRedisUrl(url)}: ${(lastError ?? (err as Error)).message}`,
      EXIT.nothingScanned,
      "Start redis-server there (or give the right --redis URL) and try again.",
    );
  }
}
