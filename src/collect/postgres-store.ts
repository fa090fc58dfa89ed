// The PostgreSQL store (--db postgres://…): the same schema and migrations as SQLite; a batch is
// one transaction, committed (and so durable) before the report is acknowledged.
import pg from "pg";
import { ConfigError } from "../errors.js";
import type { StoredReport } from "./judge-report.js";
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS } from "./migrations.js";
import { COLUMNS, fromRow, type ReportStore, rowValues } from "./store.js";

export async function openPostgresStore(url: string): Promise<ReportStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new ConfigError(
      `cannot use the PostgreSQL database: ${(err as Error).message}`,
      redact(url),
    );
  }
  const placeholders = COLUMNS.map((_, i) => `$${i + 1}`).join(", ");
  const insertSql = `INSERT INTO csp_reports (${COLUMNS.join(", ")}) VALUES (${placeholders})`;
  return {
    kind: "postgres",
    schemaVersion: Math.max(...MIGRATIONS.map((m) => m.version)),
    async insert(rows: readonly StoredReport[]) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const r of rows) await client.query(insertSql, rowValues(r));
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async reject(reason: string) {
      await pool.query(
        "INSERT INTO collect_rejections (reason, count) VALUES ($1, 1) ON CONFLICT (reason) DO UPDATE SET count = collect_rejections.count + 1",
        [reason],
      );
    },
    async reports(since?: string) {
      const res = since
        ? await pool.query("SELECT * FROM csp_reports WHERE received_at >= $1 ORDER BY id", [since])
        : await pool.query("SELECT * FROM csp_reports ORDER BY id");
      return res.rows.map((r) => fromRow(r as Record<string, unknown>));
    },
    async rejections() {
      const res = await pool.query("SELECT reason, count FROM collect_rejections ORDER BY reason");
      return Object.fromEntries(res.rows.map((r) => [String(r.reason), Number(r.count)]));
    },
    async close() {
      await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    // One migrator at a time, even with several collectors starting together.
    await client.query("BEGIN");
    await client.query("LOCK TABLE schema_migrations IN EXCLUSIVE MODE");
    const done = new Set(
      (await client.query("SELECT version FROM schema_migrations")).rows.map((r) =>
        Number(r.version),
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const sql of m.sql("postgres")) await client.query(sql);
      await client.query(
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
        [m.version, m.description, new Date().toISOString()],
      );
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The database URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:<redacted>@");
}
