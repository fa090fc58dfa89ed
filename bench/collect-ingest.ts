// Bench of `skimscan collect`: CSP reports ingested per second on this machine, each one parsed,
// judged against the demo allowlist and durably stored before its 204 (SQLite; PostgreSQL too when
// SKIMSCAN_BENCH_PG is a postgres:// URL). Run: node dist/bench/collect-ingest.js [reports] [clients]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCollector } from "../src/collect/server.js";
import { openStore } from "../src/collect/store.js";
import { loadAllowlist } from "../src/config/allowlist.js";
import { FIXTURES_DIR } from "../src/package-info.js";

const total = Number(process.argv[2] ?? 2000);
const clients = Number(process.argv[3] ?? 8);

const body = (i: number) =>
  JSON.stringify({
    "csp-report": {
      "document-uri": `https://www.dailybugle.example/news/${i % 50}.html`,
      "effective-directive": i % 3 ? "img-src" : "connect-src",
      "blocked-uri": `https://${i % 2 ? "pixel.trackwell.example" : "collect.metricsly.example"}/p.gif?i=${i}`,
      disposition: "enforce",
    },
  });

async function bench(db: string): Promise<number> {
  const { allowlist } = await loadAllowlist(
    path.join(FIXTURES_DIR, "allowlists", "dailybugle.yaml"),
  );
  const store = await openStore(db, { writer: true });
  const collector = await startCollector({
    port: 0,
    host: "127.0.0.1",
    store,
    allowlist,
    keepQuery: false,
    maxBodyBytes: 65536,
    ratePerMinute: 1e9,
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = next++;
        const res = await fetch(collector.url, {
          method: "POST",
          headers: { "Content-Type": "application/csp-report" },
          body: body(i),
        });
        if (res.status !== 204) throw new Error(`report ${i}: HTTP ${res.status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await collector.close();
  return total / seconds;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-bench-collect-"));
try {
  const sqlite = await bench(path.join(dir, "bench.db"));
  console.log(`sqlite: ${total} reports, ${clients} clients: ${sqlite.toFixed(0)} reports/s`);
  const pg = process.env.SKIMSCAN_BENCH_PG;
  if (pg) {
    const rate = await bench(pg);
    console.log(`postgres: ${total} reports, ${clients} clients: ${rate.toFixed(0)} reports/s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
