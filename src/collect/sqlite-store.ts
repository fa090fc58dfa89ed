// The embedded store: one SQLite file through node-sqlite3-wasm (no native build), synchronous
// full-sync writes in a transaction per batch, so an acknowledged report is on disk.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import sqlite from "node-sqlite3-wasm";
import { ConfigError } from "../errors.js";
import type { StoredReport } from "./judge-report.js";
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS } from "./migrations.js";
import { COLUMNS, fromRow, type ReportStore, rowValues } from "./store.js";

export function openSqliteStore(file: string, opts: { writer: boolean }): ReportStore {
  clearStaleLock(file);
  if (opts.writer) writeFileSync(ownerFile(file), String(process.pid));
  let db: sqlite.Database;
  try {
    db = new sqlite.Database(file);
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA synchronous = FULL");
    db.exec(CREATE_MIGRATIONS_TABLE);
  } catch (err) {
    throw new ConfigError(`cannot open the SQLite database: ${(err as Error).message}`, file);
  }
  const applied = new Set(
    db.all("SELECT version FROM schema_migrations").map((r) => Number(r.version)),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.exec("BEGIN");
    try {
      for (const sql of m.sql("sqlite")) db.exec(sql);
      db.run("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)", [
        m.version,
        m.description,
        new Date().toISOString(),
      ]);
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw err;
    }
  }
  const insertSql = `INSERT INTO csp_reports (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
  return {
    kind: "sqlite",
    schemaVersion: Math.max(...MIGRATIONS.map((m) => m.version)),
    async insert(rows: readonly StoredReport[]) {
      db.exec("BEGIN");
      try {
        for (const r of rows) db.run(insertSql, rowValues(r));
        db.exec("COMMIT");
      } catch (err) {
        db.exec("ROLLBACK");
        throw err;
      }
    },
    async reject(reason: string) {
      db.run(
        "INSERT INTO collect_rejections (reason, count) VALUES (?, 1) ON CONFLICT (reason) DO UPDATE SET count = collect_rejections.count + 1",
        [reason],
      );
    },
    async reports(since?: string) {
      const rows = since
        ? db.all("SELECT * FROM csp_reports WHERE received_at >= ? ORDER BY id", [since])
        : db.all("SELECT * FROM csp_reports ORDER BY id");
      return rows.map((r) => fromRow(r as Record<string, unknown>));
    },
    async rejections() {
      return Object.fromEntries(
        db
          .all("SELECT reason, count FROM collect_rejections ORDER BY reason")
          .map((r) => [String(r.reason), Number(r.count)]),
      );
    },
    async close() {
      db.close();
      if (opts.writer) rmSync(ownerFile(file), { force: true });
    },
  };
}

const ownerFile = (file: string) => `${file}.owner`;

/**
 * node-sqlite3-wasm locks with a `<db>.lock` directory, which a killed process leaves behind. The
 * collector writes its pid beside the database; a lock whose owner is gone is stale and removed
 * (SQLite's rollback journal then restores the last committed state on open).
 */
function clearStaleLock(file: string): void {
  const lock = `${file}.lock`;
  if (!existsSync(lock)) return;
  let pid = 0;
  try {
    pid = Number(readFileSync(ownerFile(file), "utf8").trim());
  } catch {}
  if (pid > 0 && pid !== process.pid && alive(pid)) return;
  rmSync(lock, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
