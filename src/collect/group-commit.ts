// Group commit: reports that arrive while a commit is on disk wait for the next one, which takes
// them all in one transaction. Each caller's promise resolves only after its own rows are durable,
// so acknowledging on resolve keeps the promise that nothing acknowledged is lost, at the cost of
// one fsync round per batch instead of per report.
import type { StoredReport } from "./judge-report.js";
import type { ReportStore } from "./store.js";

export function groupCommit(store: ReportStore, maxBatch = 500): ReportStore {
  let queue: Array<{ rows: readonly StoredReport[]; done: (err?: unknown) => void }> = [];
  let running: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    // Let the requests that arrived during the last (blocking) write reach the queue first.
    await new Promise((r) => setImmediate(r));
    while (queue.length > 0) {
      const batch: typeof queue = [];
      let size = 0;
      while (queue.length > 0 && size < maxBatch) {
        const item = queue.shift() as (typeof queue)[number];
        batch.push(item);
        size += item.rows.length;
      }
      try {
        await store.insert(batch.flatMap((b) => b.rows));
        for (const b of batch) b.done();
        await new Promise((r) => setImmediate(r));
      } catch (err) {
        // One bad batch must not fail the others' reports: retry them one caller at a time.
        for (const b of batch) await store.insert(b.rows).then(() => b.done(), b.done);
        void err;
      }
    }
  };
  return {
    ...store,
    kind: store.kind,
    schemaVersion: store.schemaVersion,
    insert(rows) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ rows, done: (err) => (err ? reject(err) : resolve()) });
        running ??= flush().finally(() => {
          running = undefined;
        });
      });
    },
    async close() {
      await running;
      queue = [];
      await store.close();
    },
  };
}
