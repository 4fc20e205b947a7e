/**
 * The two stores behind one small interface: embedded PGlite in a data
 * directory, or a PostgreSQL server through `pg`. Both speak the same SQL
 * with `$1` parameters, so nothing above this file knows which it has.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Sql {
  /** The rows of one statement. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Store extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Several statements separated by semicolons, no parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** PGlite in `dir` (created when missing); `memory://` keeps it in memory. */
export async function openPglite(dir: string): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dir !== 'memory://') mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir === 'memory://' ? dir : join(dir, 'pglite'));
  // PGlite runs one statement at a time; its transaction() holds that one
  // connection until the callback ends, so transactions never interleave.
  return {
    kind: 'pglite',
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    transaction: (fn) => db.transaction((tx) => fn({ query: async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows })),
    exec: async (script) => {
      await db.exec(script);
    },
    close: () => db.close(),
  };
}

/** A pool of connections to the PostgreSQL server at `url`. */
export async function openPostgres(url: string, max = 16): Promise<Store> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server drops must not take the process down.
  pool.on('error', (error) => console.error(`[db] idle connection lost: ${error.message}`));
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[] });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (script) => {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}
