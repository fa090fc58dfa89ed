// --rate across every worker: one small Lua script keeps each origin's next allowed page start in
// Redis, read against Redis's own clock so machines with skewed clocks still space their starts.
import type { Redis } from "ioredis";
import type { TurnTaker } from "../frontier/shared-turns.js";

export const RATE_KEY_PREFIX = "skimscan:rate:";

const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot > now then return slot - now end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], now + interval, 'PX', interval + 60000)
return 0
`;

export function redisTurnTaker(redis: Redis): TurnTaker {
  return async (url, rate) => {
    const interval = Math.ceil(1000 / rate);
    const wait = await redis.eval(CLAIM, 1, `${RATE_KEY_PREFIX}${new URL(url).origin}`, interval);
    return Number(wait);
  };
}
