// Child process of concurrent-writer.test.ts: another program writing to the same library.
// It takes the write lock, holds it 0.3–2 s while changing a row, commits, and starts again
// shortly after, until killed. Usage: node lock-holder.js <library.db>
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(process.argv[2], { timeout: 60_000 });
db.pragma('journal_mode = WAL');
const write = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
let round = 0;
for (;;) {
  db.exec('BEGIN IMMEDIATE');
  write.run('test.concurrent-writer', JSON.stringify(round++));
  if (round === 1) process.stdout.write('locked\n');
  sleep(300 + Math.random() * 1700);
  db.exec('COMMIT');
  sleep(200 + Math.random() * 300);
}
