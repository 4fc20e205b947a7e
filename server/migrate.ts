/**
 * Migrations are the plain SQL files of server/migrations/, applied in name
 * order at start, each once, each in its own transaction. The same files run
 * on PGlite and on PostgreSQL.
 *
 * Several processes may start together on one PostgreSQL database (several
 * server processes behind one proxy, all restarted by one deploy). They take
 * turns: the whole of `migrate`, from creating schema_migrations to the last
 * file, and whatever the caller runs after it (`after`, e.g. the demo seed,
 * which rewrites whole tables), runs under one advisory lock, so the first
 * applies the files and the others find them applied. Without it two starts
 * both found 001 missing and one of them failed on the other's tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Session, Store } from './db.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * The advisory lock key of migrations ("djmigrat" in ASCII): one fixed
 * number, so every version of the server takes the same lock.
 */
export const MIGRATION_LOCK = 0x646a_6d69_6772_6174n;

export interface MigrateOptions {
  /** Where the .sql files are. */
  dir?: string;
  /** Runs after the migrations, still under the lock (set-up that must not run twice at once). */
  after?: (session: Session) => Promise<void>;
  /** Called when another process holds the lock and this one waits for it. */
  onWait?: () => void;
}

/** Applies the migrations not applied yet; returns their names. */
export async function migrate(store: Store, options: string | MigrateOptions = {}): Promise<string[]> {
  const {
    dir = MIGRATIONS_DIR,
    after,
    onWait = () => console.log('Another process is migrating this database; waiting for it.'),
  } = typeof options === 'string' ? { dir: options } : options;
  return store.exclusively(
    MIGRATION_LOCK,
    async (db) => {
      const applied = await applyMissing(db, dir);
      await after?.(db);
      return applied;
    },
    onWait,
  );
}

async function applyMissing(db: Session, dir: string): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at text NOT NULL)');
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const applied: string[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    if (done.has(name)) continue;
    const sql = readFileSync(dir + name, 'utf8');
    const at = new Date().toISOString();
    await db.exec(
      `BEGIN;\n${sql}\n;INSERT INTO schema_migrations (name, applied_at) VALUES ('${name.replace(/'/g, "''")}', '${at}');\nCOMMIT;`,
    );
    applied.push(name);
  }
  return applied;
}
