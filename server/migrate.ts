/**
 * Migrations are the plain SQL files of server/migrations/, applied in name
 * order at start, each once, each in its own transaction. The same files run
 * on PGlite and on PostgreSQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from './db.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Applies the migrations not applied yet; returns their names. */
export async function migrate(store: Store, dir = MIGRATIONS_DIR): Promise<string[]> {
  await store.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at text NOT NULL)');
  const done = new Set((await store.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const applied: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    if (done.has(name)) continue;
    const sql = readFileSync(dir + name, 'utf8');
    const at = new Date().toISOString();
    await store.exec(`BEGIN;\n${sql}\n;INSERT INTO schema_migrations (name, applied_at) VALUES ('${name.replace(/'/g, "''")}', '${at}');\nCOMMIT;`);
    applied.push(name);
  }
  return applied;
}
