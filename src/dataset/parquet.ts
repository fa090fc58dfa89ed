// A table as Parquet through hyparquet-writer, with the declared column types (an empty table
// keeps its schema). Timestamps become TIMESTAMP_MILLIS, ints INT64, JSON columns JSON strings.
import { ByteWriter, parquetWrite } from "hyparquet-writer";
import type { Column, ColumnType, Row } from "./schema.js";

const PARQUET_TYPE = {
  string: "STRING",
  json: "JSON",
  int: "INT64",
  bool: "BOOLEAN",
  timestamp: "TIMESTAMP",
} as const;

export function toParquet(columns: readonly Column[], rows: readonly Row[]): Uint8Array {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: columns.map((c) => ({
      name: c.name,
      type: PARQUET_TYPE[c.type],
      nullable: true,
      data: rows.map((r) => convert(c.type, r[c.name] ?? null)),
    })),
    // Same input, same bytes: no writer timestamp, a fixed creator.
    createdBy: "skimscan dataset",
  });
  return new Uint8Array(writer.getBuffer());
}

function convert(type: ColumnType, v: string | number | boolean | null): unknown {
  if (v === null) return null;
  if (type === "int") return BigInt(v as number);
  if (type === "timestamp") {
    const d = new Date(v as string);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return v;
}
