// A throwaway redis-server for the scale bench: a free port, no persistence, stopped after; and
// the INFO figures the bench reads (memory, commands processed, CPU).
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";

export interface BenchRedis {
  url: string;
  info(): Promise<RedisFigures>;
  stop(): Promise<void>;
}

export interface RedisFigures {
  /**
   * used_memory_dataset: used_memory less Redis's overhead (scripts cached by EVAL, client
   * buffers), so deltas are the keys' own memory: a first add loads BullMQ's Lua scripts.
   */
  usedMemory: number;
  commands: number;
  cpuSeconds: number;
}

/** `key:value` lines of INFO as numbers. */
export function parseInfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** A redis-server on a free port of 127.0.0.1, no persistence (the bench and the tests). */
export async function startRedisProcess(
  bin = "/usr/bin/redis-server",
): Promise<{ port: number; url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    bin,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await ready(child);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code}: ${out}`));
    });
  });
}

export async function startBenchRedis(bin = "/usr/bin/redis-server"): Promise<BenchRedis> {
  const server = await startRedisProcess(bin);
  const url = server.url;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  return {
    url,
    async info() {
      const i = parseInfo(await client.info());
      return {
        usedMemory: i.get("used_memory_dataset") ?? 0,
        // INFO itself is a command: the bench's own calls are a handful per figure.
        commands: i.get("total_commands_processed") ?? 0,
        cpuSeconds: (i.get("used_cpu_user") ?? 0) + (i.get("used_cpu_sys") ?? 0),
      };
    },
    stop: () => {
      client.disconnect();
      return server.stop();
    },
  };
}
