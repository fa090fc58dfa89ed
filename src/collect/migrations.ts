// The collector's database schema, versioned: the same tables on SQLite and PostgreSQL, each
// migration applied once and recorded in schema_migrations. Only the id column's type differs.

export type Dialect = "sqlite" | "postgres";

export interface Migration {
  version: number;
  description: string;
  sql: (d: Dialect) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "csp_reports and collect_rejections",
    sql: (d) => [
      `CREATE TABLE csp_reports (
        id ${d === "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"},
        received_at TEXT NOT NULL,
        mechanism TEXT NOT NULL,
        document_url TEXT NOT NULL,
        blocked_url TEXT NOT NULL,
        blocked_host TEXT NOT NULL,
        party TEXT NOT NULL,
        verdict TEXT NOT NULL,
        directive TEXT NOT NULL,
        disposition TEXT NOT NULL,
        source_file TEXT,
        status_code INTEGER,
        ua_family TEXT NOT NULL
      )`,
      "CREATE INDEX csp_reports_received_at ON csp_reports (received_at)",
      "CREATE INDEX csp_reports_host ON csp_reports (blocked_host)",
      "CREATE TABLE collect_rejections (reason TEXT PRIMARY KEY, count INTEGER NOT NULL)",
    ],
  },
];

export const CREATE_MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";
