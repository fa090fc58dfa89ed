// A real redis-server for a test: started on a free port with no persistence, stopped after (the
// same starter as the scale bench's).
import { startRedisProcess } from "../../bench/redis-process.js";

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export function startRedis(): Promise<RedisServer> {
  return startRedisProcess(REDIS_SERVER);
}
