// Child process of fault-injection.test.ts: runs one tag-write batch over every track of a
// library with the compiled code (dist/node), printing "done <n>" after each file so the parent
// can SIGKILL it at a chosen point. Usage: node kill-batch-child.js <library.db> <genres JSON>
import { openLibrary } from '../../dist/node/core/service/library-schema.js';
import { writeBatch } from '../../dist/node/core/tags/batch.js';

const [dbPath, genresJson] = process.argv.slice(2);
const genres = JSON.parse(genresJson);
const db = openLibrary(dbPath);
const rows = db.prepare("SELECT id, path, size, mtime_ms FROM tracks WHERE status = 'present' ORDER BY id").all();
const items = rows.map((r) => ({
  trackId: r.id,
  path: r.path,
  expectedSize: r.size,
  expectedMtimeMs: r.mtime_ms,
  genres,
}));
const result = await writeBatch(db, items, {
  mode: 'replace',
  onProgress: (p) => process.stdout.write(`done ${p.done}\n`),
});
process.stdout.write(
  `${JSON.stringify({ batch: result.batch, written: result.written, skipped: result.skipped, failed: result.failed, errors: result.items.filter((i) => i.status === 'failed') })}\n`,
);
db.close();
