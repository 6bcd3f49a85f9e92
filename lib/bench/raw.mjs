// The benchmark's floor: the same SQL per database with plain `pg` — one connection per database,
// each migration in a transaction, the same concurrency, no tracking and no locks.
// Plain JavaScript on purpose, so its start-up is node's own.
import fs from 'node:fs';
import pg from 'pg';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function onDatabase(database) {
  const client = new pg.Client({ ...job.connection, database });
  await client.connect();
  try {
    if (job.mode === 'status') {
      await client.query('SELECT * FROM _migration_versions ORDER BY id').catch(() => null);
      return;
    }
    for (const sql of job.sql) {
      await client.query('BEGIN');
      await client.query(sql);
      await client.query('COMMIT');
    }
  } finally {
    await client.end();
  }
}

let next = 0;
async function worker() {
  while (next < job.databases.length) await onDatabase(job.databases[next++]);
}
await Promise.all(Array.from({ length: job.concurrency }, worker));
const rssMb = process.resourceUsage().maxRSS / 1024;
process.stderr.write(JSON.stringify({ rssMb }) + '\n');
