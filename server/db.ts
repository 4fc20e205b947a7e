/**
 * The two stores behind one small interface: embedded PGlite in a data
 * directory, or a PostgreSQL server through `pg`. Both speak the same SQL
 * with `$1` parameters, so nothing above this file knows which it has.
 *
 * On PostgreSQL several server processes may share one database, and the
 * database may go away (restarted, network down) while they run. The pool is
 * set up so that a request never waits for it without bound: a connection is
 * had within {@link TIMEOUTS}.connect or not at all, a statement runs at most
 * `statement` (the server cancels it), and a statement on a connection that
 * died without saying so (no FIN, a frozen host) is given up after `read`.
 * Every such failure is one that {@link isUnavailable} recognises, so the
 * request is answered 503 with Retry-After; the pool replaces dead
 * connections by itself once the database is back.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';

/** What server/pglite-thread.mjs is asked, and answers. */
type Ask = { op: 'query'; text: string; params: unknown[] } | { op: 'exec'; text: string } | { op: 'close' };
type Answer = { id: number; rows?: unknown[]; error?: Record<string, unknown> };

export interface Sql {
  /** The rows of one statement. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A connection of its own, for work that must not be cut short by a web request's timeouts. */
export interface Session extends Sql {
  /** Several statements separated by semicolons, no parameters. */
  exec(script: string): Promise<void>;
}

export interface Store extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Several statements separated by semicolons, no parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` while holding the advisory lock `key`: no other process on the
   * same database runs an `exclusively` with that key meanwhile (it waits;
   * `onWait` is called first when it has to). `fn` gets a connection of its
   * own without the web timeouts, for work such as migrations that may take
   * long. On PGlite, where one process owns the data, it simply runs `fn`.
   */
  exclusively<T>(key: bigint, fn: (session: Session) => Promise<T>, onWait?: () => void): Promise<T>;
  close(): Promise<void>;
}

/** Milliseconds: the bounds a web request's use of PostgreSQL is held to. */
export const TIMEOUTS = {
  /** Opening a connection (an unreachable host must not hold a request). */
  connect: 5_000,
  /**
   * Waiting for a free connection of the pool. Generous: 1,000 bookings at
   * once on one process waited up to 2 s on an idle 2-core machine, and a
   * wait that ends here is a 503; while the host cannot be reached, it caps
   * the turns a request waits behind connection attempts of `connect` each.
   */
  queue: 10_000,
  /** One statement, enforced by the server (statement_timeout). */
  statement: 8_000,
  /** One statement's answer, enforced here: a connection dead without a FIN is given up. */
  read: 10_000,
  /** A transaction left open by a stuck process gives its locks back (idle_in_transaction_session_timeout). */
  idleInTransaction: 15_000,
} as const;

/**
 * Whether `error` says the database cannot be reached at the moment (the
 * server restarting, the network down, no connection to be had in time, a
 * statement given up by a timeout) rather than that a statement is wrong:
 * such a request is answered 503 with Retry-After, never 500.
 */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  // 08: connection exception; 53300: too many connections; 57014: statement
  // cancelled (statement_timeout); 57P01-57P03: the server is shutting down
  // or starting.
  if (/^08|^57P0[123]$|^57014$|^53300$/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
    return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (
    /PGlite's thread ended|Connection terminated|timeout exceeded when trying to connect|timeout expired|Client has encountered a connection error|Query read timeout|Client was closed and is not queryable|Connection lost/i.test(
      message,
    )
  )
    return true;
  return e?.cause !== undefined && e.cause !== error && isUnavailable(e.cause);
}

/** Milliseconds without an answer, while asked, after which PGlite's thread is taken for stuck (openPglite). */
export const PGLITE_STALL = 60_000;

/**
 * PGlite in `dir` (created when missing); `memory://` keeps it in memory.
 *
 * It runs on a worker thread (server/pglite-thread.mjs): a statement in
 * WebAssembly no longer holds up this thread's requests, and a machine's
 * second core takes it. PGlite has one connection, so a transaction holds it
 * to itself: statements asked for meanwhile wait for the commit, as they did
 * in PGlite's own `transaction()`. Should the thread end without `close()`
 * (a fault in the WebAssembly), what was asked fails as unavailable and
 * `onLost` is told: the store cannot come back in this process.
 *
 * PGlite cannot cut a statement short (no statement_timeout in the
 * WebAssembly), so a thread that answers nothing for `stall` ms while asked
 * (a statement that never ends, a sync that never returns) is taken for
 * stuck: it is stopped, and that is the same loss: what waits fails as
 * unavailable (503), `onLost` is told, and the server stops to be started
 * again, where on PostgreSQL a statement is given up after `TIMEOUTS.read`.
 * A busy thread answers statement after statement, and none of the server's
 * takes more than a few seconds (a 10,000-row list is applied in 2).
 */
export async function openPglite(dir: string, onLost?: (error: Error) => void, stall = PGLITE_STALL): Promise<Store> {
  if (dir !== 'memory://') mkdirSync(dir, { recursive: true });
  const thread = new Worker(new URL('./pglite-thread.mjs', import.meta.url), {
    workerData: dir === 'memory://' ? dir : join(dir, 'pglite'),
  });
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let last = 0;
  let gone: Error | undefined;
  const end = (error: Error) => {
    gone ??= error;
    for (const w of waiting.values()) w.reject(gone);
    waiting.clear();
  };
  /** When the thread last answered, or was asked while nothing waited. */
  let heard = Date.now();
  const ask = (a: Ask) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (gone) return reject(gone);
      const id = ++last;
      if (!waiting.size) heard = Date.now();
      waiting.set(id, { resolve, reject });
      thread.postMessage({ ...a, id });
    });
  const ready = new Promise<unknown[]>((resolve, reject) => waiting.set(0, { resolve, reject }));
  thread.on('message', ({ id, rows, error }: Answer) => {
    heard = Date.now();
    const w = waiting.get(id);
    waiting.delete(id);
    if (error) w?.reject(Object.assign(new Error(String(error.message)), error));
    else w?.resolve(rows ?? []);
  });
  let opened = false;
  let closing = false;
  thread.on('error', (error) => end(Object.assign(new Error(`PGlite's thread ended: ${error.message}`), { cause: error })));
  thread.on('exit', (code) => {
    end(new Error(`PGlite's thread ended (exit code ${code})`));
    if (opened && !closing) onLost?.(gone!);
  });
  await ready;
  opened = true;
  const watch = setInterval(
    () => {
      if (!waiting.size || Date.now() - heard < stall) return;
      end(new Error(`PGlite's thread ended: it answered nothing for ${stall / 1000} s and was stopped`));
      void thread.terminate();
    },
    Math.min(stall / 4, 5_000),
  );
  watch.unref();
  thread.once('exit', () => clearInterval(watch));

  const run = <T>(text: string, params: unknown[] = []) => ask({ op: 'query', text, params }) as Promise<T[]>;
  // A transaction holds the one connection: what is asked meanwhile waits for it to end.
  let holders = 0;
  let held: Promise<unknown> = Promise.resolve();
  const outside = <T>(send: () => Promise<T>) => (holders ? held.then(send) : send());
  const query = <T>(text: string, params?: unknown[]) => outside(() => run<T>(text, params));
  const exec = async (script: string) => {
    await outside(() => ask({ op: 'exec', text: script }));
  };
  const transaction = <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
    holders++;
    const done = held.then(async () => {
      await run('BEGIN');
      try {
        const value = await fn({ query: run });
        await run('COMMIT');
        return value;
      } catch (error) {
        await run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    held = done.catch(() => undefined).finally(() => holders--);
    return done;
  };
  return {
    kind: 'pglite',
    query,
    transaction,
    exec,
    // One process owns a PGlite directory (main.ts locks it): nobody to wait for.
    exclusively: (_key, fn) => fn({ query, exec }),
    close: async () => {
      if (gone) return;
      closing = true;
      const exited = new Promise((resolve) => thread.once('exit', resolve));
      await ask({ op: 'close' }).catch(() => undefined);
      await exited;
    },
  };
}

/** At most this many statement texts are prepared under a name on each connection. */
const MOST_NAMED = 256;

/** A pool of connections to the PostgreSQL server at `url`. */
export async function openPostgres(url: string, max = 16): Promise<Store> {
  const { default: pg } = await import('pg');
  // The pool's connectionTimeoutMillis bounds the wait for a free connection;
  // each new connection gets its own, shorter bound for being opened.
  class Client extends pg.Client {
    constructor(config?: ClientConfig) {
      super({ ...config, connectionTimeoutMillis: TIMEOUTS.connect });
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max,
    Client,
    connectionTimeoutMillis: TIMEOUTS.queue,
    statement_timeout: TIMEOUTS.statement,
    query_timeout: TIMEOUTS.read,
    idle_in_transaction_session_timeout: TIMEOUTS.idleInTransaction,
    keepAlive: true,
  });
  // An idle connection the server drops must not take the process down.
  pool.on('error', (error) => console.error(`[db] idle connection lost: ${error.message}`));
  await pool.query('SELECT 1');
  // Statements with parameters are prepared once per connection under a name and then only bound
  // and run: PostgreSQL parses and plans each text once instead of on every request (a booking's
  // three statements among them). The texts are the server's own, a few dozen; past MOST_NAMED
  // the rest go unnamed, so no connection's prepared statements grow without bound.
  const names = new Map<string, string>();
  const statement = (text: string, values: unknown[]) => {
    let name = names.get(text);
    if (!name && values.length && names.size < MOST_NAMED) names.set(text, (name = `dj_${names.size}`));
    return name ? { name, text, values } : { text, values };
  };
  return {
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(statement(text, params))).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      // Checked out, a client whose connection dies between two statements
      // emits 'error'; unheard, that event would end the process.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost ??= error);
      client.on('error', onError);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A dead connection is not rolled back (the server does that when it
        // goes) but thrown away; one whose ROLLBACK fails is thrown away too,
        // never handed to the next request in the middle of a transaction.
        if (lost || isUnavailable(error)) broken = lost ?? (error as Error);
        else await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken ?? lost);
      }
    },
    exec: async (script) => {
      await pool.query(script);
    },
    exclusively: async (key, fn, onWait) => {
      // A session-level lock on a connection of its own: held across the
      // transactions fn runs, given back by the server if this process dies.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUTS.connect, keepAlive: true });
      let lost: Error | undefined;
      client.on('error', (error) => (lost ??= error));
      await client.connect();
      try {
        const [{ got }] = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [key.toString()])).rows;
        if (!got) {
          onWait?.();
          await client.query('SELECT pg_advisory_lock($1)', [key.toString()]);
        }
        const result = await fn({
          query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query('SELECT pg_advisory_unlock($1)', [key.toString()]);
        return result;
      } finally {
        await client.end().catch(() => undefined);
        if (lost) console.error(`[db] lock connection lost: ${lost.message}`);
      }
    },
    close: () => pool.end(),
  };
}
