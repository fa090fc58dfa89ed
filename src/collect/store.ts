// Where received reports are kept: an embedded SQLite file (default) or PostgreSQL (--db
// postgres://…). One interface, the same schema; a write resolves only once it is durable, so an
// acknowledged report survives a crash.
import type { StoredReport } from "./judge-report.js";

export interface ReportStore {
  readonly kind: "sqlite" | "postgres";
  /** The schema version after migrations. */
  readonly schemaVersion: number;
  insert(rows: readonly StoredReport[]): Promise<void>;
  reject(reason: string): Promise<void>;
  /** Reports received at or after `since` (ISO), oldest first. */
  reports(since?: string): Promise<StoredReport[]>;
  rejections(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export const COLUMNS = [
  "received_at",
  "mechanism",
  "document_url",
  "blocked_url",
  "blocked_host",
  "party",
  "verdict",
  "directive",
  "disposition",
  "source_file",
  "status_code",
  "ua_family",
] as const;

export function rowValues(r: StoredReport): Array<string | number | null> {
  return [
    r.receivedAt,
    r.mechanism,
    r.documentUrl,
    r.blockedUrl,
    r.blockedHost,
    r.party,
    r.verdict,
    r.directive,
    r.disposition,
    r.sourceFile ?? null,
    r.statusCode ?? null,
    r.uaFamily,
  ];
}

export function fromRow(row: Record<string, unknown>): StoredReport {
  const s = (k: string) => String(row[k] ?? "");
  return {
    receivedAt: s("received_at"),
    mechanism: s("mechanism") as StoredReport["mechanism"],
    documentUrl: s("document_url"),
    blockedUrl: s("blocked_url"),
    blockedHost: s("blocked_host"),
    party: s("party"),
    verdict: s("verdict"),
    directive: s("directive"),
    disposition: s("disposition") === "report" ? "report" : "enforce",
    ...(row.source_file ? { sourceFile: s("source_file") } : {}),
    ...(row.status_code !== null && row.status_code !== undefined
      ? { statusCode: Number(row.status_code) }
      : {}),
    uaFamily: s("ua_family"),
  };
}

/** Opens the store a --db value names: a postgres:// URL, else a SQLite file (created). */
export async function openStore(db: string, opts: { writer: boolean }): Promise<ReportStore> {
  if (/^postgres(ql)?:\/\//i.test(db)) {
    const { openPostgresStore } = await import("./postgres-store.js");
    return openPostgresStore(db);
  }
  const { openSqliteStore } = await import("./sqlite-store.js");
  return openSqliteStore(db, opts);
}
