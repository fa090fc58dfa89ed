// The stable id of a finding: code + parties + evidence key, hashed; never a position or a time.
import { createHash } from "node:crypto";

export function findingId(code: string, parties: readonly string[], key: string): string {
  const material = JSON.stringify([code, [...new Set(parties)].sort(), key]);
  return `${code}:${createHash("sha256").update(material).digest("hex").slice(0, 16)}`;
}
