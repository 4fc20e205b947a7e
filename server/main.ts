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
import { createKeyFile, keyFileIn, keyFingerprint, parseKey, readKeyFile, vault } from './crypto.js';
import { openPglite, openPostgres, type Store } from './db.js';
import { migrate } from './migrate.js';
import { BookingOffice } from './office.js';
import { seedDemo, seedDoor } from './seed.js';

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
      let alive: boolean;
      try {
        alive = pid > 0 && pid !== process.pid && process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`Another server (pid ${pid}) is using ${dir}; stop it or set another DJ_DATA_DIR.`, { cause: error });
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}.`);
}

/**
 * The data key, held against the database before anything is written with
 * it. `DJ_DATA_KEY` wins; else the key file of the data directory, which is
 * generated only for a database that holds no bookings and no fingerprint:
 * for one that does, a new key would make its ID numbers unreadable and let
 * a second booking by the same ID number through. The first start stores the
 * key's fingerprint; every later one must match it.
 */
async function settleKey(store: Store, config: Config, envKey: Buffer | undefined): Promise<{ key: Buffer; source: string }> {
  const file = keyFileIn(config.dataDir);
  const where = describeStore(config);
  const storedPrint = async () => (await store.query<{ fingerprint: string }>('SELECT fingerprint FROM data_key'))[0]?.fingerprint;
  const [{ bookings }] = await store.query<{ bookings: number }>('SELECT count(*)::int AS bookings FROM bookings');
  let stored = await storedPrint();

  let key = envKey;
  const source = envKey ? 'DJ_DATA_KEY' : file;
  if (!key) key = readKeyFile(file);
  if (!key) {
    if (stored || bookings > 0) {
      throw new Error(
        `The data key file ${file} is missing, but ${where} ` +
          `${bookings > 0 ? `already holds ${bookings} booking(s) encrypted with a key` : 'was set up with a data key (its fingerprint is stored there)'}. ` +
          `Restore ${file} from your backup (or set DJ_DATA_KEY to that key) and start again. ` +
          'No new key is made: the ID numbers stored could not be read with it.',
      );
    }
    key = createKeyFile(file);
  }

  const mismatch = () => {
    let hint = '';
    if (envKey) {
      const fileKey = (() => {
        try {
          return readKeyFile(file);
        } catch {
          return undefined;
        }
      })();
      if (fileKey && keyFingerprint(fileKey) === stored)
        hint = ` The key in ${file} is the right one: unset DJ_DATA_KEY, or set it to that key.`;
    }
    return new Error(
      `The data key from ${source} is not the key the data in ${where} was encrypted with. ` +
        `Started with it, the server could not read the ID numbers it holds and would let one ID number book twice. ` +
        `Restore the original key from your backup into ${envKey ? 'DJ_DATA_KEY' : file} and start again.${hint}`,
    );
  };
  if (!stored) {
    // A database from before the fingerprint: a sealed ID number tells whether the key is its key.
    const [sealed] = await store.query<{ code: string; id_number: string }>(
      'SELECT code, id_number FROM bookings WHERE id_number IS NOT NULL LIMIT 1',
    );
    if (sealed) {
      try {
        vault(key).decrypt(sealed.id_number, sealed.code);
      } catch {
        throw mismatch();
      }
    }
    // Processes starting together on one PostgreSQL: the first fingerprint stays, the others are held against it.
    await store.query('INSERT INTO data_key (one, fingerprint, created_at) VALUES (true, $1, $2) ON CONFLICT DO NOTHING', [
      keyFingerprint(key),
      new Date().toISOString(),
    ]);
    stored = await storedPrint();
  }
  if (stored !== keyFingerprint(key)) throw mismatch();
  return { key, source };
}

interface Running {
  store: Store;
  server: Server;
  purgeTimer: NodeJS.Timeout;
  /** Where the data key came from. */
  source: string;
  /** The migrations this start applied. */
  applied: string[];
  /** The demo's booking codes of today's open day (DJ_DEMO=1), to try the desk's check-in with. */
  doorCodes: string[];
}

/**
 * Opens the store, migrates, settles the key, seeds and listens. Whatever
 * stops it on the way closes what it opened and gives the data directory
 * back (`unlock`), so the next start, with the fault mended, finds it free.
 */
async function start(config: Config, envKey: Buffer | undefined, unlock: () => void, lost: () => void): Promise<Running> {
  let store: Store | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  let server: Server | undefined;
  try {
    store = config.databaseUrl
      ? await openPostgres(config.databaseUrl)
      : await openPglite(config.dataDir, (error) => {
          // Nothing can be booked or read any more: stop, so that whoever runs the server starts it again.
          console.error(`${error.message}: the data can no longer be reached; stopping. Start the server again.`);
          lost();
        });
    const applied = await migrate(store);
    const { key, source } = await settleKey(store, config, envKey);
    if (config.seed === 'demo') await seedDemo(store);
    const doorCodes = config.demo ? await seedDoor(store) : [];
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
    purgeTimer = setInterval(purge, HOUR);
    purgeTimer.unref();

    const app = createApp({ config, store, office });
    const listening = serve({
      fetch: app.fetch,
      hostname: config.host,
      port: config.port,
      // Slow clients may not hold a connection open for ever: headers within
      // 10 s, the whole request within 30 s. Node looks for late connections
      // only every connectionsCheckingInterval (30 s by default, so a limit
      // fired up to 30 s late); every second keeps them close to what they say.
      serverOptions: { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
    }) as Server;
    server = listening;
    await new Promise<void>((resolve, reject) => {
      listening.once('listening', resolve);
      listening.once('error', reject);
    });
    return { store, server, purgeTimer, source, applied, doorCodes };
  } catch (error) {
    clearInterval(purgeTimer);
    server?.close();
    await store?.close().catch(() => undefined);
    unlock();
    throw error;
  }
}

async function main(): Promise<void> {
  const config = configFrom();
  if (config.adminToken && config.adminToken.length < MIN_TOKEN_LENGTH) {
    throw new Error(`DJ_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -hex 24\`).`);
  }
  const envKey = config.dataKey ? parseKey(config.dataKey) : undefined;
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  // Once listening, a store lost for good stops the server as SIGTERM does (the requests in flight
  // are answered, 503), with exit code 1; before that, at once.
  let lost: () => void = () => {
    unlock();
    process.exit(1);
  };
  const { store, server, purgeTimer, source, applied, doorCodes } = await start(config, envKey, unlock, () => lost());
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
      config.staffTokens.length
        ? `  staff API on at ${origin}${API}/admin (bearer tokens: ${config.staffTokens.map((t) => t.name).join(', ')}; every action in the audit log)`
        : '  staff API off: set DJ_ADMIN_TOKEN (at least 16 characters) to turn it on',
      ...(config.staffTokens.length ? [`  staff desk (open days, check-in, lists): ${origin}/demo/staff.html`] : []),
      ...(config.demoToken ? [`  demo staff token, this run only: ${config.demoToken}`] : []),
      ...(doorCodes.length ? [`  today's demo open day at the door: check in with ${doorCodes.join(', ')}`] : []),
    ].join('\n'),
  );

  // SIGTERM: stop taking connections, let the requests in flight finish,
  // then close the store. A second signal, or 10 s, ends it at once.
  let stopping = false;
  const stop = (signal: string, code = 0) => {
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
      process.exit(code);
    });
    // A keep-alive connection goes idle once its last response is out; close it then.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
  };
  lost = () => stop('Store lost', 1);
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(`The server did not start: ${(error as Error).message}`);
  process.exit(1);
});
