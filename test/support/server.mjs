/**
 * Starts the real reference server for a test: its own process, a free port,
 * a fresh PGlite data directory, or, when DATABASE_URL is set, a fresh
 * database on that PostgreSQL server (dropped again by `stop()`).
 *
 *   const server = await startServer();
 *   await fetch(`${server.api}/open-days`);
 *   await server.stop();
 *
 * Rate limits are off unless a test sets them (`env: {DJ_RATE_BOOKING: '3'}`);
 * the staff API is on with {@link STAFF_TOKEN}.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const STAFF_TOKEN = 'test-staff-token-0123456789';
/** The PostgreSQL server the suite runs against too, when set. */
export const PG_URL = process.env.DATABASE_URL || '';
export const STORE = PG_URL ? 'postgres' : 'pglite';

let databases = 0;

/** A new, empty database on the PostgreSQL server at PG_URL; returns its URL and a drop function. */
export async function freshDatabase() {
  const { default: pg } = await import('pg');
  const name = `dj_test_${process.pid}_${Date.now().toString(36)}_${databases++}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts a server. `dataDir` and `database` (from an earlier server) reuse
 * its data, for restarts; `env` adds or overrides settings.
 */
export async function startServer({ env = {}, dataDir, database } = {}) {
  const ownDir = !dataDir;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'dj-server-'));
  const db = PG_URL ? (database ?? (await freshDatabase())) : undefined;
  const { DATABASE_URL: _, ...parent } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...parent,
      PORT: '0',
      DJ_DATA_DIR: dir,
      DJ_ADMIN_TOKEN: STAFF_TOKEN,
      DJ_LOG: '0',
      DJ_RATE_BOOKING: '0',
      DJ_RATE_LOOKUP: '0',
      DJ_RATE_CANCEL: '0',
      ...(db ? { DATABASE_URL: db.url } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const origin = await new Promise((resolve, reject) => {
    // Generous: on a loaded 2-core machine PGlite's first start alone can take
    // half a minute. A server that never listens is killed, not left running
    // to hold the test run open.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s:\n${output}`));
    }, 120_000);
    const look = () => {
      const m = /reference server: (http:\/\/[^/\s]+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', look);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });

  let stopped = false;
  const cleanup = async (keepData) => {
    if (keepData) return;
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    if (db && !database) await db.drop();
  };
  return {
    origin,
    api: `${origin}/dj-api/v1`,
    dataDir: dir,
    database: db,
    child,
    exited,
    /** Everything the server printed so far. */
    output: () => output,
    /** SIGTERM and wait; the data is removed unless `keepData`. Resolves to the exit. */
    async stop({ keepData = false } = {}) {
      if (stopped) return exited;
      stopped = true;
      child.kill('SIGTERM');
      const exit = await exited;
      await cleanup(keepData);
      return exit;
    },
    /** SIGKILL, as a crash: the data stays for a restart. */
    async crash() {
      stopped = true;
      child.kill('SIGKILL');
      return exited;
    },
    /** Removes what a crashed server left. */
    cleanup: () => cleanup(false),
  };
}

/** Headers of the staff API. */
export const staffHeaders = { Authorization: `Bearer ${STAFF_TOKEN}`, 'Content-Type': 'application/json' };

/**
 * The staff API's view of a booking made through the public API: the
 * session's list, unmasked, and the one entry with `code`.
 */
export async function findBookingAsStaff(api, { openDayId, sessionId, code }) {
  const res = await fetch(`${api}/admin/open-days/${encodeURIComponent(openDayId)}/sessions/${encodeURIComponent(sessionId)}/bookings`, {
    headers: staffHeaders,
  });
  if (res.status !== 200) throw new Error(`staff list answered ${res.status}: ${await res.text()}`);
  const { items } = await res.json();
  return items.find((b) => b.code === code);
}

/**
 * Runs one SQL statement on a stopped server's store: the PostgreSQL
 * database at `databaseUrl` when the suite runs on PostgreSQL, else the
 * PGlite directory in `dataDir`. Returns its rows.
 */
export async function sqlOn({ databaseUrl, dataDir }, text) {
  if (PG_URL) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(join(dataDir, 'pglite'));
  try {
    return (await db.query(text)).rows;
  } finally {
    await db.close();
  }
}
