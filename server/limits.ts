/**
 * Rate limits: one-minute windows per client address and bucket, each
 * beginning with the client's first request after the last one ended.
 *
 * Two keepers of the counts, one interface:
 * - {@link MemoryLimiter}, for PGlite, where one process holds the data: a
 *   map of the current minute only, bounded in size;
 * - {@link SqlLimiter}, for PostgreSQL, where several processes may serve:
 *   the counts live in the database (migration 006), so a limit holds for a
 *   client whichever process it reaches.
 */
import type { Sql } from './db.js';
import { Gathered, type Waiting } from './gather.js';

export interface Limiter {
  /** Counts one request; 0 when it may go on, else the seconds until it may. */
  take(bucket: string, client: string, perMinute: number): Promise<number>;
  /** Like take, without counting: whether the client is over the limit now. */
  check(bucket: string, client: string, perMinute: number): Promise<number>;
  close(): void;
}

const MINUTE = 60_000;
/** Seconds until a window that began at `start` ends. */
const waitFor = (start: number, now: number) => Math.max(1, Math.ceil((start + MINUTE - now) / 1000));
/** An address as the limiter keys it: short, whatever a proxy wrote. */
const clip = (client: string) => client.slice(0, 64);

/**
 * The network of an address, for when too many addresses are counted: an
 * IPv4 /24 or an IPv6 /48.
 */
export function networkOf(address: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+)\.\d+$/i.exec(address);
  if (v4) return `${v4[1]}.0/24`;
  if (address.includes(':')) return `${address.split(':').slice(0, 3).join(':')}::/48`;
  return address;
}

/**
 * Counts in memory, in two generations of a minute each: a window begun in
 * one generation has ended by the time the next but one drops it, so a whole
 * generation goes at once and no request pays for a sweep. At most
 * `maxClients` addresses are counted one by one; past that, new ones are
 * counted by network, and past a quarter more, all new ones together, so a
 * flood of addresses costs bounded memory and constant time per request.
 */
export class MemoryLimiter implements Limiter {
  private generation = 0;
  private current = new Map<string, { start: number; hits: number }>();
  private previous = new Map<string, { start: number; hits: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly maxClients = 50_000,
  ) {}

  /** How many keys are kept now (for tests of the bound). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The window of a client (begun afresh when its last one has ended). */
  private windowOf(bucket: string, client: string, now: number): { start: number; hits: number } {
    const generation = Math.floor(now / MINUTE);
    if (generation !== this.generation) {
      this.previous = generation === this.generation + 1 ? this.current : new Map();
      this.current = new Map();
      this.generation = generation;
    }
    const own = `${bucket}\n${clip(client)}`;
    const network = `${bucket}\n${networkOf(clip(client))}`;
    const key =
      this.has(own) || this.size < this.maxClients
        ? own
        : this.has(network) || this.size < this.maxClients * 1.25
          ? network
          : `${bucket}\n*`;
    const kept = this.current.get(key) ?? this.previous.get(key);
    if (kept && now - kept.start < MINUTE) return kept;
    const fresh = { start: now, hits: 0 };
    this.previous.delete(key);
    this.current.set(key, fresh);
    return fresh;
  }

  private has(key: string): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  async take(bucket: string, client: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return 0;
    const now = this.now();
    const w = this.windowOf(bucket, client, now);
    if (w.hits >= perMinute) return waitFor(w.start, now);
    w.hits++;
    return 0;
  }

  async check(bucket: string, client: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return 0;
    const now = this.now();
    const w = this.windowOf(bucket, client, now);
    return w.hits >= perMinute ? waitFor(w.start, now) : 0;
  }

  close(): void {}
}

/** One request to count: its key, and the limit it is held to. */
interface Take {
  bucket: string;
  client: string;
  perMinute: number;
}

/**
 * Counts the requests of a batch, each key once: a window that has ended
 * begins again with the batch. The rows are taken in one order (the keys'
 * own), as the sweep takes them, so two statements cannot deadlock.
 */
const TAKE_MANY = `INSERT INTO rate_limits (bucket, client, window_start, hits)
  SELECT t.bucket, t.client, $3, t.n FROM unnest($1::text[], $2::text[], $4::integer[]) AS t(bucket, client, n)
  ORDER BY t.bucket, t.client
  ON CONFLICT (bucket, client) DO UPDATE SET
    hits = CASE WHEN rate_limits.window_start > $3::bigint - ${MINUTE} THEN rate_limits.hits + EXCLUDED.hits ELSE EXCLUDED.hits END,
    window_start = CASE WHEN rate_limits.window_start > $3::bigint - ${MINUTE} THEN rate_limits.window_start ELSE $3 END
  RETURNING bucket, client, hits, window_start`;
/** Ended windows, deleted in the order {@link TAKE_MANY} takes rows in. */
const SWEEP = `DELETE FROM rate_limits WHERE (bucket, client) IN (
  SELECT bucket, client FROM rate_limits WHERE window_start <= $1 ORDER BY bucket, client FOR UPDATE)`;

/**
 * Counts in the database's rate_limits table, shared by every process on it;
 * ended windows deleted every minute. Every request is counted there, so the
 * requests that come in one turn of the event loop are counted together, one
 * statement for all of them (server/gather.ts): under load a statement for
 * each would be half of what the database does for a booking.
 */
export class SqlLimiter implements Limiter {
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly takes: Gathered<Take, number>;
  /**
   * The clients refused in their window, by bucket and client: the window's
   * start. Their further requests of the window are refused from here,
   * uncounted and unread, as the database would refuse them: a flood from one
   * address costs it nothing more.
   */
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly db: Sql,
    readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), MINUTE);
    this.sweeper.unref();
    this.takes = new Gathered((batch) => this.count(batch), 2, 256);
  }

  take(bucket: string, client: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return Promise.resolve(0);
    const wait = this.refusedFor(bucket, client);
    if (wait) return Promise.resolve(wait);
    return this.takes.add({ bucket, client: clip(client), perMinute });
  }

  /** The seconds a client refused in its window still waits, from memory; 0 when not known to be refused. */
  refusedFor(bucket: string, client: string): number {
    const key = `${bucket}\n${clip(client)}`;
    const start = this.refused.get(key);
    if (start === undefined) return 0;
    const now = this.now();
    if (now - start < MINUTE) return waitFor(start, now);
    this.refused.delete(key);
    return 0;
  }

  /** Remembers a client refused in the window that began at `start`; answers its wait. */
  refuse(bucket: string, client: string, start: number): number {
    // Bounded: forgetting only sends the next request to the database.
    if (this.refused.size >= 10_000) this.refused.clear();
    this.refused.set(`${bucket}\n${clip(client)}`, start);
    return waitFor(start, this.now());
  }

  /**
   * A booking request to be counted with its booking, in one statement
   * (dj_book_counted, migration 010; server/office.ts); undefined when the
   * bucket has no limit.
   */
  withBooking(bucket: string, client: string, perMinute: number): CountWithBooking | undefined {
    return perMinute > 0 ? new CountWithBooking(this, bucket, clip(client), perMinute) : undefined;
  }

  /** Deletes the windows that have ended. */
  async sweep(): Promise<void> {
    await this.db.query(SWEEP, [this.now() - MINUTE]);
  }

  /** Counts a batch; each request's count is its place among its key's, after the hits before the batch. */
  private async count(batch: Waiting<Take, number>[]): Promise<void> {
    const now = this.now();
    const keyOf = (t: Take) => `${t.bucket}\n${t.client}`;
    const keys = new Map<string, { take: Take; n: number }>();
    for (const { item } of batch) {
      const key = keys.get(keyOf(item));
      if (key) key.n++;
      else keys.set(keyOf(item), { take: item, n: 1 });
    }
    const list = [...keys.values()];
    const params = [list.map((k) => k.take.bucket), list.map((k) => k.take.client), now, list.map((k) => k.n)];
    let rows: { bucket: string; client: string; hits: number; window_start: string | number }[] | undefined;
    for (let attempt = 1; !rows; attempt++) {
      try {
        rows = await this.db.query(TAKE_MANY, params);
      } catch (error) {
        // Rows are taken in key order everywhere, so this is for what is not foreseen: nothing was
        // written, and the batch goes again, twice at most.
        if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error;
      }
    }
    const counted = new Map(rows.map((r) => [`${r.bucket}\n${r.client}`, r]));
    const seen = new Map<string, number>();
    for (const { item, resolve, reject } of batch) {
      const key = keyOf(item);
      const row = counted.get(key);
      if (!row) {
        reject(new Error(`rate_limits answered no row for ${item.bucket}`));
        continue;
      }
      const place = (seen.get(key) ?? 0) + 1;
      seen.set(key, place);
      const hits = row.hits - keys.get(key)!.n + place;
      // bigint comes back as text from node-postgres.
      resolve(hits > item.perMinute ? this.refuse(item.bucket, item.client, Number(row.window_start)) : 0);
    }
  }

  async check(bucket: string, client: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return 0;
    const wait = this.refusedFor(bucket, client);
    if (wait) return wait;
    const now = this.now();
    const [row] = await this.db.query<{ hits: number; window_start: string | number }>(
      `SELECT hits, window_start FROM rate_limits WHERE bucket = $1 AND client = $2 AND window_start > $3::bigint - ${MINUTE}`,
      [bucket, clip(client), now],
    );
    return row && row.hits >= perMinute ? waitFor(Number(row.window_start), now) : 0;
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

/**
 * One booking request's count, taken by the statement that books (server/office.ts)
 * rather than before its body is read: on PostgreSQL a valid booking then costs one
 * round trip, not two. A request that never reaches that statement (a body refused
 * by the rules, a day that is not there) is counted alone after its answer
 * ({@link counted} still false), so every answer is the one it would be counted
 * alone; and a client refused in its window is refused unread after that
 * ({@link SqlLimiter.refusedFor}).
 */
export class CountWithBooking {
  /** Set once a statement that counted this request has committed: it is not counted again. */
  counted = false;

  constructor(
    private readonly limiter: SqlLimiter,
    readonly bucket: string,
    readonly client: string,
    readonly perMinute: number,
  ) {}

  now(): number {
    return this.limiter.now();
  }

  /** The statement counted the request past the limit, in the window that began at `start`. */
  limited(start: number): Limited {
    this.counted = true;
    return new Limited(this.limiter.refuse(this.bucket, this.client, start));
  }
}

/** Thrown instead of a booking for a request past its limit: the seconds to wait. */
export class Limited extends Error {
  constructor(readonly wait: number) {
    super(`rate-limited for ${wait} s`);
  }
}
