/**
 * Several reference server processes on one PostgreSQL database, as a
 * district runs them behind one proxy (docs/deploy.md): started at the same
 * moment, sharing one data key, each its own process and port.
 *
 *   const cluster = await startCluster(3);                       // a fresh database on DATABASE_URL
 *   const cluster = await startCluster(2, { databaseUrl: pg.url }); // or on a given server
 *   cluster.servers[0].api;
 *   await cluster.stop();
 */
import { randomBytes } from 'node:crypto';
import { freshDatabase, startServer } from './server.mjs';

/**
 * Starts `n` servers at once. `databaseUrl` names the database to share
 * (kept afterwards); without it a fresh database on DATABASE_URL is made and
 * dropped by `stop()`. `env` goes to every server.
 */
export async function startCluster(n, { databaseUrl, env = {} } = {}) {
  const db = databaseUrl ? { url: databaseUrl, drop: async () => undefined } : await freshDatabase();
  // One key for all: each process must read the ID numbers the others sealed.
  const shared = { DJ_DATA_KEY: randomBytes(32).toString('base64'), ...env, DATABASE_URL: db.url };
  const started = await Promise.allSettled(Array.from({ length: n }, () => startServer({ database: db, env: shared })));
  const servers = started.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { servers, database: db, stop };
}

/** The i-th of the servers, round the ring. */
export const nth = (servers, i) => servers[i % servers.length];
