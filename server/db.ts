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

/**
 * Whether `error` says the database cannot be reached at the moment (the
 * server restarting, the network down, no connection to be had in time)
 * rather than that a statement is wrong: such a request is answered 503 with
 * Retry-After, never 500.
 */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  // 08: connection exception; 57P01-57P03: the server is shutting down or starting.
  if (/^08|^57P0[123]$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
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
