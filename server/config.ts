/**
 * The server's settings, all from the environment, each checked at start so a
 * typo stops the server with a sentence instead of running half-configured.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** The staff API's bearer tokens must be long enough not to be guessed. */
export const MIN_TOKEN_LENGTH = 16;

export interface RateLimits {
  /** Requests per minute per client address; 0 turns the limit off. */
  booking: number;
  lookup: number;
  cancel: number;
  /** Wrong staff tokens per minute per client address; past it, 429 before any token is looked at. */
  auth: number;
}

/** A staff token and the name the audit log gives whoever uses it. */
export interface StaffToken {
  name: string;
  token: string;
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
  /**
   * Every staff token with its name: DJ_ADMIN_TOKEN as `staff`, and each
   * `name=token` of DJ_ADMIN_TOKENS (one per person or desk, so the audit log
   * says who). Empty: the staff API is off.
   */
  staffTokens: StaffToken[];
  /** Serve dist/*.map (DJ_SOURCE_MAPS=1); off by default, so production hands out no source. */
  sourceMaps: boolean;
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
  /** DJ_DEMO=1 (npm start): the demo, with an open day of today whose bookings the desk can check in. */
  demo: boolean;
  /** With DJ_DEMO=1 and no staff token set: the staff token made for this run (named `demo`), printed at start. */
  demoToken?: string;
  /** `demo`: seed the demo data from src/demo at start; `none`: leave the database as it is. */
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
  const origins = (env.DJ_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== new URL(origin).origin)
      throw new Error(`DJ_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path).`);
  }
  const staffTokens: StaffToken[] = env.DJ_ADMIN_TOKEN ? [{ name: 'staff', token: env.DJ_ADMIN_TOKEN }] : [];
  for (const entry of (env.DJ_ADMIN_TOKENS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [, name, token] = /^([A-Za-z0-9_-]{1,32})=(\S+)$/.exec(entry) ?? [];
    if (!name)
      throw new Error(
        `DJ_ADMIN_TOKENS: each entry is name=token, the name of letters, digits, - and _ (at most 32); "${entry.split('=')[0]}=…" is not.`,
      );
    if (token.length < MIN_TOKEN_LENGTH)
      throw new Error(
        `DJ_ADMIN_TOKENS: the token of "${name}" must be at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -hex 24\`).`,
      );
    if (staffTokens.some((t) => t.name === name))
      throw new Error(`DJ_ADMIN_TOKENS: the name "${name}" is given twice${name === 'staff' ? ' (DJ_ADMIN_TOKEN is named staff)' : ''}.`);
    if (staffTokens.some((t) => t.token === token))
      throw new Error(
        `DJ_ADMIN_TOKENS: "${name}" has the same token as "${staffTokens.find((t) => t.token === token)!.name}"; give each its own.`,
      );
    staffTokens.push({ name, token });
  }
  const seed = env.DJ_SEED ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new Error(`DJ_SEED must be "demo" or "none", not "${seed}".`);
  // The demo (`npm start`): with no staff token set, one made for this run, printed at start, so the
  // staff page can be tried. Never without DJ_DEMO=1, and never over the demo data's absence.
  const demo = env.DJ_DEMO === '1';
  if (demo && seed !== 'demo') throw new Error('DJ_DEMO=1 runs the demo, which needs the demo data: unset DJ_SEED or set it to "demo".');
  const demoToken = demo && !staffTokens.length ? randomBytes(18).toString('base64url') : undefined;
  if (demoToken) staffTokens.push({ name: 'demo', token: demoToken });
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8080, 0, 65535),
    dataDir: resolve(env.DJ_DATA_DIR || './.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    dataKey: env.DJ_DATA_KEY || undefined,
    adminToken: env.DJ_ADMIN_TOKEN || undefined,
    staffTokens,
    sourceMaps: env.DJ_SOURCE_MAPS === '1',
    allowedOrigins: origins,
    retentionDays: int(env, 'DJ_RETENTION_DAYS', 30, 0, 3650),
    rateLimits: {
      booking: int(env, 'DJ_RATE_BOOKING', 10),
      lookup: int(env, 'DJ_RATE_LOOKUP', 30),
      cancel: int(env, 'DJ_RATE_CANCEL', 10),
      auth: int(env, 'DJ_RATE_AUTH', 10),
    },
    trustProxy: int(env, 'DJ_TRUST_PROXY', 0, 0, 10),
    log: env.DJ_LOG !== '0',
    seed,
    demo,
    demoToken,
    bodyLimit: int(env, 'DJ_BODY_LIMIT', 16 * 1024, 256),
  };
}
