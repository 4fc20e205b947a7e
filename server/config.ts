/**
 * The server's settings, all from the environment, each checked at start so a
 * typo stops the server with a sentence instead of running half-configured.
 */
import { resolve } from 'node:path';

export interface RateLimits {
  /** Requests per minute per client address; 0 turns the limit off. */
  booking: number;
  lookup: number;
  cancel: number;
}

export interface Config {
  host: string;
  port: number;
  /** PGlite's data and the generated data key live here. */
  dataDir: string;
  /** PostgreSQL instead of PGlite when set. */
  databaseUrl?: string;
  /** 32-byte key for ID numbers; generated into dataDir when absent. */
  dataKey?: string;
  /** Bearer token of the staff API; the staff API is off without one. */
  adminToken?: string;
  /** Origins allowed to call the API from a browser (CORS); none by default. */
  allowedOrigins: string[];
  /** Days after its open day that a booking is kept (the privacy notice's retention period). */
  retentionDays: number;
  rateLimits: RateLimits;
  /**
   * How many reverse proxies stand in front of the server (0: none, the
   * socket's address is the client's). With N, the client is the address the
   * outermost trusted proxy appended to X-Forwarded-For: the Nth hop from the
   * right. Hops further left are written by the client and prove nothing.
   */
  trustProxy: number;
  /** One line per request on stdout (method, route, status, time: never personal data). */
  log: boolean;
  /** `demo`: seed the demo data from mocks/fixtures at start; `none`: leave the database as it is. */
  seed: 'demo' | 'none';
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
}

const int = (env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return n;
};

export function configFrom(env: NodeJS.ProcessEnv = process.env): Config {
  const origins = (env.DJ_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin !== new URL(origin).origin) throw new Error(`DJ_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path).`);
  }
  const seed = env.DJ_SEED ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new Error(`DJ_SEED must be "demo" or "none", not "${seed}".`);
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8080, 0, 65535),
    dataDir: resolve(env.DJ_DATA_DIR || './.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    dataKey: env.DJ_DATA_KEY || undefined,
    adminToken: env.DJ_ADMIN_TOKEN || undefined,
    allowedOrigins: origins,
    retentionDays: int(env, 'DJ_RETENTION_DAYS', 30, 0, 3650),
    rateLimits: {
      booking: int(env, 'DJ_RATE_BOOKING', 10),
      lookup: int(env, 'DJ_RATE_LOOKUP', 30),
      cancel: int(env, 'DJ_RATE_CANCEL', 10),
    },
    trustProxy: int(env, 'DJ_TRUST_PROXY', 0, 0, 10),
    log: env.DJ_LOG !== '0',
    seed,
    bodyLimit: int(env, 'DJ_BODY_LIMIT', 16 * 1024, 256),
  };
}
