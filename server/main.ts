/**
 * The reference endpoint server: `npm start` (after the build) or
 * `node --import tsx server/main.ts`. Settings come from the environment
 * (server/config.ts, README "Reference server").
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { API, createApp, MIN_TOKEN_LENGTH } from './app.js';
import { configFrom, type Config } from './config.js';
import { loadKey, vault } from './crypto.js';
import { openPglite, openPostgres, type Store } from './db.js';
import { migrate } from './migrate.js';
import { BookingOffice } from './office.js';
import { seedDemo } from './seed.js';

const HOUR = 3_600_000;

/** Where the data is, without a password. */
const describeStore = (config: Config) => {
  if (!config.databaseUrl) return `PGlite in ${join(config.dataDir, 'pglite')}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`;
};

/**
 * One server per PGlite data directory: a second would corrupt it. The lock
 * is a pid file; one left by a killed server (its pid gone) is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'server.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      let alive = false;
      try {
        alive = pid > 0 && pid !== process.pid && process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`Another server (pid ${pid}) is using ${dir}; stop it or set another DJ_DATA_DIR.`);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}.`);
}

async function main(): Promise<void> {
  const config = configFrom();
  if (config.adminToken && config.adminToken.length < MIN_TOKEN_LENGTH) {
    throw new Error(`DJ_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -hex 24\`).`);
  }
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const { key, source } = loadKey(config.dataKey, config.dataDir);
  let store: Store;
  try {
    store = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  const applied = await migrate(store);
  if (config.seed === 'demo') await seedDemo(store);
  const office = new BookingOffice(store, vault(key));

  const purge = async () => {
    try {
      const gone = await office.purge(config.retentionDays);
      if (gone) console.log(`Purged ${gone} booking(s) of open days more than ${config.retentionDays} days past.`);
    } catch (error) {
      console.error(`[purge] ${(error as Error).message}`);
    }
  };
  await purge();
  const purgeTimer = setInterval(purge, HOUR);
  purgeTimer.unref();

  const app = createApp({ config, store, office });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }) as Server;
  // Slow clients may not hold a connection open for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // One write, so whoever waits for the URL gets the whole banner with it.
  console.log(
    [
      `dj-widgets reference server: ${origin}/`,
      `  API ${origin}${API} · OpenAPI ${origin}/openapi.json`,
      `  store: ${describeStore(config)}${applied.length ? ` (migrations applied: ${applied.join(', ')})` : ''}; seed: ${config.seed}`,
      `  ID numbers encrypted with the key from ${source}; bookings kept ${config.retentionDays} days after their open day`,
      config.adminToken
        ? `  staff API on at ${origin}${API}/admin (bearer token from DJ_ADMIN_TOKEN)`
        : '  staff API off: set DJ_ADMIN_TOKEN (at least 16 characters) to turn it on',
    ].join('\n'),
  );

  // SIGTERM: stop taking connections, let the requests in flight finish,
  // then close the store. A second signal, or 10 s, ends it at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: finishing the requests in flight, then stopping.`);
    clearInterval(purgeTimer);
    setTimeout(() => {
      console.error('Requests still running after 10 s; stopping anyway.');
      process.exit(1);
    }, 10_000).unref();
    server.close(async () => {
      await store.close().catch(() => undefined);
      unlock();
      console.log('Stopped.');
      process.exit(0);
    });
    // A keep-alive connection goes idle once its last response is out; close it then.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(`The server did not start: ${(error as Error).message}`);
  process.exit(1);
});
