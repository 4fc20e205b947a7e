/**
 * The booking office on a database: the contract's booking service
 * (src/contract/booking-service.ts, the same the mock desk runs in memory)
 * over a store whose seats, duplicates, idempotency keys and counts of wrong
 * phones the database keeps, so they hold under any concurrency and across
 * restarts; and what staff do with bookings.
 *
 * A booking is one statement, dj_book (migrations/002_book_function.sql),
 * which does in this order:
 * 1. claim the Idempotency-Key (a second request with the key waits here for
 *    the first to commit, then replays its answer);
 * 2. insert the booking (a unique index allows one live booking per phone);
 * 3. insert the keyed hashes of its ID numbers (one live booking per number);
 * 4. take the seats: `UPDATE … SET remaining = remaining - n WHERE remaining >= n`,
 *    one statement, so seats can never go below zero whatever interleaves.
 * A refusal undoes what the call wrote, so nothing is half-booked.
 *
 * Bookings that arrive while the store is busy with earlier ones go to it
 * together, as one statement that calls dj_book once for each in turn
 * ({@link BookingBatches}): one round trip, one plan and one commit for all of
 * them. Each call sees what the calls before it wrote, as bookings one after
 * the other would, so seats, duplicates and keys hold exactly as they do one
 * at a time; and no answer goes out before the statement has committed. On
 * PGlite the statement, not the booking, was most of what a booking cost.
 */
import { LOOKUP_LOCK, maskName, maskPhone, normaliseCode, type Answer, type FailureCount } from '../src/contract/booking.js';
import { BookingService, type BookingStore, type BookOutcome, type NewBooking } from '../src/contract/booking-service.js';
import type { Booking, BookingStatus, OpenDay, Session } from '../src/contract/booking.schema.js';
import type { SessionCounts, StaffBooking, StaffDay } from '../src/contract/staff.schema.js';
import { chinaDate, normaliseId } from '../src/contract/booking.rules.js';
import { isUnavailable, type Sql, type Store } from './db.js';
import type { Vault } from './crypto.js';
import { Gathered, type Waiting } from './gather.js';
import { CountWithBooking } from './limits.js';

export type { Answer };

/** A booking as the database keeps it. */
export interface BookingRow {
  code: string;
  open_day_id: string;
  session_id: string;
  status: BookingStatus;
  party_size: number;
  name: string;
  phone: string;
  id_number: string | null;
  companions: { name: string; idNumber?: string }[];
  needs: string | null;
  created_at: string;
  cancelled_at: string | null;
  checked_in_at: string | null;
  cancel_reason?: string | null;
  cancelled_by?: string | null;
}

export type { SessionCounts, StaffBooking, StaffDay };

/** Why a check-in, its undo or a staff cancel was refused; the booking as it is, when there is one. */
export type DeskRefusal =
  | 'missing'
  | { cancelled: StaffBooking }
  | { already: string; booking: StaffBooking }
  | { notToday: string; booking: StaffBooking }
  | { notCheckedIn: StaffBooking };

const DAY_COLUMNS = `d.id, d.title, d.unit_id, d.unit_name, d.description, d.address, d.date, d.booking_closes_at,
  d.max_party_size, d.requires_id_number, d.min_age, d.notes, d.contact_phone,
  COALESCE((SELECT json_agg(json_build_object('id', s.id, 'start', s.start_time, 'end', s.end_time,
    'capacity', s.capacity, 'remaining', s.remaining) ORDER BY s.position) FROM sessions s WHERE s.open_day_id = d.id), '[]') AS sessions`;

interface DayRow {
  id: string;
  title: string;
  unit_id: string;
  unit_name: string;
  description: string;
  address: string;
  date: string;
  booking_closes_at: string;
  max_party_size: number;
  requires_id_number: boolean;
  min_age: number;
  notes: string[];
  contact_phone: string;
  sessions: Session[] | string;
}

const toDay = (r: DayRow): OpenDay => ({
  id: r.id,
  title: r.title,
  unit: { id: r.unit_id, name: r.unit_name },
  description: r.description,
  address: r.address,
  date: r.date,
  // json (not jsonb) comes back as text from some drivers.
  sessions: typeof r.sessions === 'string' ? JSON.parse(r.sessions) : r.sessions,
  bookingClosesAt: r.booking_closes_at,
  maxPartySize: r.max_party_size,
  requiresIdNumber: r.requires_id_number,
  minAge: r.min_age,
  notes: r.notes,
  contactPhone: r.contact_phone,
});

/** The public, masked form of a booking. */
export const publicBooking = (
  r: Pick<BookingRow, 'code' | 'status' | 'open_day_id' | 'session_id' | 'party_size' | 'name' | 'phone' | 'created_at'>,
): Booking => ({
  code: r.code,
  status: r.status,
  openDayId: r.open_day_id,
  sessionId: r.session_id,
  partySize: r.party_size,
  name: maskName(r.name),
  phone: maskPhone(r.phone),
  createdAt: r.created_at,
});

/** Postgres errors worth one more try: serialisation failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

type BookParams = [
  day: string,
  key: string,
  bodyHash: string,
  response: string,
  code: string,
  session: string,
  party: number,
  name: string,
  phone: string,
  idNumber: string | null,
  companions: unknown[],
  needs: string | null,
  created: string,
  idHashes: string[],
  dayVersion: string | null,
];
interface BookRow {
  out_result: string;
  out_left: number | null;
  /** dj_book_counted's 'limited': the start of the client's window (bigint, as text). */
  out_window_start?: string | number | null;
}
/** A booking to send, and its request's count when the statement is to take it. */
interface ToBook {
  params: BookParams;
  count?: CountWithBooking;
}

const BOOK_ONE = 'SELECT out_result, out_left FROM dj_book($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)';
/** dj_book for each booking of a JSON array of parameter lists, in the array's order, with their outcomes in that order. */
const BOOK_MANY = `SELECT r.out_result, r.out_left
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(b, i)
  CROSS JOIN LATERAL dj_book(b->>0, b->>1, b->>2, b->>3, b->>4, b->>5, (b->>6)::integer, b->>7, b->>8, b->>9, b->10, b->>11,
    b->>12, ARRAY(SELECT jsonb_array_elements_text(b->13)), (b->>14)::bigint) AS r
  ORDER BY e.i`;
/**
 * dj_book_counted (migrations/010_book_counted.sql): the same as {@link BOOK_MANY}, each booking's
 * parameters followed by the client its request is counted for (or null) and its limit, the
 * requests counted first in the same statement.
 */
const BOOK_COUNTED = 'SELECT out_result, out_left, out_window_start FROM dj_book_counted($1::jsonb, $2, $3)';

/**
 * Sends bookings to dj_book, gathered (server/gather.ts): those that reach
 * the store in one turn of the event loop go together as one statement of at
 * most `most`, at most `inFlight` statements at once. While PGlite runs a
 * statement on its thread (db.ts), this one reads the requests that come
 * meanwhile, and their bookings go as the next statement.
 *
 * Bookings of one statement are ordered by open day and session, so two
 * statements in flight take the session rows they update in one order and
 * cannot deadlock on them. When a statement of several fails, nothing of it
 * was written, and each of its bookings goes again alone: one booking's
 * error is never another's.
 */
export class BookingBatches {
  private readonly gathered: Gathered<ToBook, BookRow>;

  constructor(
    private readonly db: Sql,
    inFlight: number,
    most = 64,
  ) {
    this.gathered = new Gathered((batch) => this.send(batch), inFlight, most);
  }

  /**
   * `count`, not counted yet: the statement counts the request too, and answers
   * `limited` instead of booking past its limit (server/limits.ts, CountWithBooking).
   */
  book(params: BookParams, count?: CountWithBooking): Promise<BookRow> {
    return this.gathered.add({ params, count });
  }

  private async send(batch: Waiting<ToBook, BookRow>[]): Promise<void> {
    if (batch.length > 1) {
      const order = (b: (typeof batch)[number]) => `${b.item.params[0]}\n${b.item.params[5]}`;
      batch.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
      let rows: BookRow[] | undefined;
      try {
        rows = await this.run(batch.map((b) => b.item));
      } catch (error) {
        // The database away, or a deadlock: the same for every booking of it (the caller tries again).
        if (isUnavailable(error) || RETRYABLE.has((error as { code?: string }).code ?? '')) {
          for (const b of batch) b.reject(error);
          return;
        }
        // Else each goes again alone, below.
      }
      if (rows) {
        // dj_book answers one row per call; anything else is a fault of the statement, not of a booking.
        const wrong = rows.length !== batch.length && new Error(`dj_book answered ${rows.length} rows for ${batch.length} bookings`);
        batch.forEach((b, i) => (wrong ? b.reject(wrong) : b.resolve(rows[i]!)));
        return;
      }
    }
    for (const b of batch) {
      try {
        const [row] = await this.run([b.item]);
        b.resolve(row!);
      } catch (error) {
        b.reject(error);
      }
    }
  }

  /** One statement for `items`, in their order; the counts it took are marked once it has committed. */
  private async run(items: ToBook[]): Promise<BookRow[]> {
    const counting = items.flatMap(({ count }) => (count && !count.counted ? [count] : []));
    const rows = counting.length
      ? await this.db.query<BookRow>(BOOK_COUNTED, [
          JSON.stringify(
            items.map(({ params, count }) => [...params, count && !count.counted ? count.client : null, count?.perMinute ?? null]),
          ),
          counting[0]!.bucket,
          counting[0]!.now(),
        ])
      : items.length > 1
        ? await this.db.query<BookRow>(BOOK_MANY, [JSON.stringify(items.map((i) => i.params))])
        : await this.db.query<BookRow>(BOOK_ONE, [
            ...items[0]!.params.slice(0, 10),
            JSON.stringify(items[0]!.params[10]),
            ...items[0]!.params.slice(11),
          ]);
    for (const count of counting) count.counted = true;
    return rows;
  }
}

/** The contract's booking store on the database (see the top of this module). */
class SqlStore implements BookingStore {
  private readonly dayCache = new Map<string, { day: OpenDay; until: number }>();
  /** The version of each day {@link dayToBook} handed out, as it was read (bigint, as text). */
  private readonly versions = new WeakMap<OpenDay, string>();
  /**
   * PGlite runs one statement at a time, on a thread of its own: one in
   * flight, the bookings that come meanwhile gathered into the next. On PostgreSQL every
   * booking of a session updates the session's one row, so it waits for the
   * booking before it to commit, whichever connection it is on: two
   * statements in flight, each carrying many bookings, cost the database
   * about half the CPU time per booking of one statement each, and leave the
   * pool's other connections to everything else.
   */
  private readonly batches: BookingBatches;

  constructor(
    private readonly db: Store,
    private readonly vault: Vault,
    private readonly now: () => number,
  ) {
    this.batches = new BookingBatches(db, db.kind === 'pglite' ? 1 : 2);
  }

  async days(from: string | null, to: string | null) {
    const rows = await this.db.query<DayRow>(
      `SELECT ${DAY_COLUMNS} FROM open_days d
       WHERE ($1::text IS NULL OR d.date >= $1) AND ($2::text IS NULL OR d.date <= $2)
       ORDER BY d.date, d.id`,
      [from, to],
    );
    return rows.map(toDay);
  }

  day(id: string) {
    return this.dayIn(this.db, id);
  }

  async dayIn(sql: Sql, id: string): Promise<OpenDay | undefined> {
    const [row] = await sql.query<DayRow>(`SELECT ${DAY_COLUMNS} FROM open_days d WHERE d.id = $1`, [id]);
    return row && toDay(row);
  }

  /**
   * The day is kept for a second, and dj_book checks that it is still the
   * version read (migrations/009_day_version.sql): a day changed since, by a
   * staff edit through this process or any other, answers `stale`, and the
   * service reads it afresh (`fresh`) and checks the booking again. So a
   * booking costs one statement, not two, and an edit holds for the next
   * booking on every process. The staff API's edits through this process also
   * drop the copy at once ({@link forget}).
   */
  async dayToBook(id: string, fresh = false): Promise<OpenDay | undefined> {
    const now = Date.now();
    const hit = fresh ? undefined : this.dayCache.get(id);
    if (hit && hit.until > now) return hit.day;
    const [row] = await this.db.query<DayRow & { version: string | number }>(
      `SELECT ${DAY_COLUMNS}, d.version FROM open_days d WHERE d.id = $1`,
      [id],
    );
    if (this.dayCache.size > 1000) this.dayCache.clear();
    if (!row) {
      this.dayCache.delete(id);
      return undefined;
    }
    const day = toDay(row);
    this.versions.set(day, String(row.version));
    this.dayCache.set(id, { day, until: now + 1000 });
    return day;
  }

  forget(id: string): void {
    this.dayCache.delete(id);
  }

  /** Keys keep a keyed hash of the body, not the body. */
  private bodyHash = (bodyText: string) => this.vault.hash(bodyText);

  async replay(dayId: string, key: string, bodyText: string) {
    const [row] = await this.db.query<{ body_hash: string; status: number; response: unknown }>(
      'SELECT body_hash, status, response FROM idempotency_keys WHERE open_day_id = $1 AND key = $2',
      [dayId, key],
    );
    if (!row) return undefined;
    const sameBody = row.body_hash === this.bodyHash(bodyText);
    // A booking is replayed as it is now: cancelled since, it says so.
    const code = row.status === 201 ? (row.response as { code?: unknown }).code : undefined;
    const [booking] = typeof code === 'string' ? await this.db.query<BookingRow>('SELECT * FROM bookings WHERE code = $1', [code]) : [];
    return { sameBody, answer: booking ? { status: 201, body: publicBooking(booking) } : { status: row.status, body: row.response } };
  }

  async book({ day, key, bodyText, request, booking, phone, ids, count }: NewBooking): Promise<BookOutcome> {
    const counted = count instanceof CountWithBooking ? count : undefined;
    const { code } = booking;
    // Sorted, so two bookings sharing numbers take their locks in one order.
    const idHashes = [...new Set(ids.map((i) => this.vault.hash(`id\n${i}`)))].sort();
    const seal = (idNumber: string | undefined) =>
      day.requiresIdNumber && idNumber ? this.vault.encrypt(normaliseId(idNumber), code) : null;
    const companions = request.companions.map((c) => ({
      name: c.name.trim(),
      ...(day.requiresIdNumber ? { idNumber: seal(c.idNumber) } : {}),
    }));
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.batches.book(
          [
            day.id,
            key,
            this.bodyHash(bodyText),
            JSON.stringify(booking),
            code,
            request.sessionId,
            request.partySize,
            request.name.trim(),
            phone,
            seal(request.idNumber),
            companions,
            request.needs?.trim() || null,
            booking.createdAt,
            idHashes,
            // No version (a day not had from dayToBook) never matches: read afresh.
            this.versions.get(day) ?? null,
          ],
          counted,
        );
        switch (outcome.out_result) {
          case 'full':
            return { result: 'full', left: outcome.out_left ?? 0 };
          case 'booked':
          case 'duplicate':
          case 'key-taken':
          case 'code-taken':
          case 'stale':
            return { result: outcome.out_result };
          default:
            if (outcome.out_result === 'limited' && counted) throw counted.limited(Number(outcome.out_window_start));
            throw new Error(`dj_book answered ${outcome.out_result}`);
        }
      } catch (error) {
        if (RETRYABLE.has((error as { code?: string }).code ?? '') && attempt < 4) continue;
        throw error;
      }
    }
  }

  async find(code: string) {
    const [row] = await this.db.query<BookingRow>('SELECT * FROM bookings WHERE code = $1', [code]);
    return row && { booking: publicBooking(row), phone: row.phone };
  }

  failures(code: string) {
    return this.failureCount(this.db, code);
  }

  /** Counted in the database, so the lock holds whichever process a request reaches. */
  countFailure(code: string, next: (count: FailureCount | undefined) => FailureCount) {
    return this.db.transaction(async (tx) => {
      const now = this.now();
      await tx.query('INSERT INTO lookup_failures (code, failures, since) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [code, now]);
      const count = next(await this.failureCount(tx, code, true));
      await tx.query('UPDATE lookup_failures SET failures = $2, since = $3, locked_until = $4 WHERE code = $1', [
        code,
        count.failures,
        count.since,
        count.lockedUntil,
      ]);
      return count;
    });
  }

  private async failureCount(sql: Sql, code: string, lock = false): Promise<FailureCount | undefined> {
    const [row] = await sql.query<{ failures: number; since: string | number; locked_until: string | number | null }>(
      `SELECT failures, since, locked_until FROM lookup_failures WHERE code = $1${lock ? ' FOR UPDATE' : ''}`,
      [code],
    );
    // bigint comes back as text from node-postgres.
    return (
      row && { failures: row.failures, since: Number(row.since), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) }
    );
  }

  cancel(code: string, started: (date: string, start: string) => boolean) {
    return this.db.transaction(async (tx): Promise<Booking | 'started' | undefined> => {
      const [row] = await tx.query<BookingRow>('SELECT * FROM bookings WHERE code = $1 FOR UPDATE', [code]);
      if (!row) return undefined;
      if (row.status !== 'confirmed') return publicBooking(row);
      const [when] = await tx.query<{ date: string; start_time: string }>(
        'SELECT d.date, s.start_time FROM open_days d JOIN sessions s ON s.open_day_id = d.id WHERE d.id = $1 AND s.id = $2',
        [row.open_day_id, row.session_id],
      );
      if (started(when.date, when.start_time)) return 'started';
      await tx.query(`UPDATE bookings SET status = 'cancelled', cancelled_at = $2 WHERE code = $1`, [
        row.code,
        new Date(this.now()).toISOString(),
      ]);
      await tx.query('DELETE FROM booking_ids WHERE code = $1', [row.code]);
      await tx.query('UPDATE sessions SET remaining = remaining + $3 WHERE open_day_id = $1 AND id = $2', [
        row.open_day_id,
        row.session_id,
        row.party_size,
      ]);
      return publicBooking({ ...row, status: 'cancelled' });
    });
  }
}

/**
 * The reference server's booking desk: the contract's booking service over
 * the database, and what staff do with bookings (which only the server has).
 */
export class BookingOffice extends BookingService {
  declare protected readonly store: SqlStore;

  constructor(
    private readonly db: Store,
    private readonly vault: Vault,
    now: () => number = Date.now,
  ) {
    super(new SqlStore(db, vault, now), now);
  }

  /** An open day, read through `sql` (a transaction of the staff API's). */
  day(sql: Sql, id: string): Promise<OpenDay | undefined> {
    return this.store.dayIn(sql, id);
  }

  /** Drops the kept copy of an open day (after the staff API changed it). */
  forget(id: string): void {
    this.store.forget(id);
  }

  // ── staff ────────────────────────────────────────────────────────────────

  /** A booking with every personal field decrypted. */
  staffBooking(r: BookingRow): StaffBooking {
    const open = (sealed: string | null | undefined) => (sealed ? this.vault.decrypt(sealed, r.code) : null);
    return {
      code: r.code,
      status: r.status,
      openDayId: r.open_day_id,
      sessionId: r.session_id,
      partySize: r.party_size,
      name: r.name,
      phone: r.phone,
      idNumber: open(r.id_number),
      companions: r.companions.map((c) => ({ name: c.name, idNumber: open(c.idNumber) })),
      needs: r.needs,
      createdAt: r.created_at,
      cancelledAt: r.cancelled_at,
      checkedInAt: r.checked_in_at,
      cancelReason: r.cancel_reason ?? null,
      cancelledBy: r.cancelled_by ?? null,
    };
  }

  /** Every booking of a session, oldest first, in full; undefined when there is no such session. */
  async sessionBookings(dayId: string, sessionId: string): Promise<StaffBooking[] | undefined> {
    const [session] = await this.db.query('SELECT 1 FROM sessions WHERE open_day_id = $1 AND id = $2', [dayId, sessionId]);
    if (!session) return undefined;
    const rows = await this.db.query<BookingRow>(
      'SELECT * FROM bookings WHERE open_day_id = $1 AND session_id = $2 ORDER BY created_at, code',
      [dayId, sessionId],
    );
    return rows.map((r) => this.staffBooking(r));
  }

  async staffFind(code: string): Promise<StaffBooking | undefined> {
    const [row] = await this.db.query<BookingRow>('SELECT * FROM bookings WHERE code = $1', [normaliseCode(code)]);
    return row && this.staffBooking(row);
  }

  /** Every open day, by date, with each session's bookings counted. */
  async staffDays(): Promise<StaffDay[]> {
    return this.withCounts(await this.store.days(null, null));
  }

  async staffDay(id: string): Promise<StaffDay | undefined> {
    const day = await this.day(this.db, id);
    return day && (await this.withCounts([day]))[0];
  }

  private async withCounts(days: OpenDay[]): Promise<StaffDay[]> {
    if (!days.length) return [];
    const rows = await this.db.query<{
      open_day_id: string;
      session_id: string;
      status: BookingStatus;
      n: number | string;
      people: number | string;
    }>(
      `SELECT open_day_id, session_id, status, count(*) AS n, sum(party_size) AS people FROM bookings
       WHERE open_day_id = ANY($1::text[]) GROUP BY open_day_id, session_id, status`,
      [days.map((d) => d.id)],
    );
    const counts = new Map<string, SessionCounts>();
    for (const r of rows) {
      const key = `${r.open_day_id}\n${r.session_id}`;
      const c = counts.get(key) ?? { bookings: 0, people: 0, arrived: 0, arrivedPeople: 0, cancelled: 0 };
      const n = Number(r.n);
      const people = Number(r.people);
      if (r.status === 'cancelled') c.cancelled += n;
      else {
        c.bookings += n;
        c.people += people;
        if (r.status === 'checked-in') {
          c.arrived += n;
          c.arrivedPeople += people;
        }
      }
      counts.set(key, c);
    }
    return days.map((d) => ({
      ...d,
      sessions: d.sessions.map((s) => ({
        ...s,
        counts: counts.get(`${d.id}\n${s.id}`) ?? { bookings: 0, people: 0, arrived: 0, arrivedPeople: 0, cancelled: 0 },
      })),
    }));
  }

  /**
   * Checks a visitor in by code, on the open day's date (China time) only:
   * the booking, or why not, with the booking as it is.
   */
  async checkIn(code: string): Promise<StaffBooking | DeskRefusal> {
    const at = new Date(this.now()).toISOString();
    const [row] = await this.db.query<BookingRow>(
      `UPDATE bookings b SET status = 'checked-in', checked_in_at = $2
       FROM open_days d WHERE b.code = $1 AND b.status = 'confirmed' AND d.id = b.open_day_id AND d.date = $3
       RETURNING b.*`,
      [normaliseCode(code), at, chinaDate(this.now())],
    );
    if (row) return this.staffBooking(row);
    const [other] = await this.db.query<BookingRow & { date: string }>(
      'SELECT b.*, d.date FROM bookings b JOIN open_days d ON d.id = b.open_day_id WHERE b.code = $1',
      [normaliseCode(code)],
    );
    if (!other) return 'missing';
    const booking = this.staffBooking(other);
    if (other.status === 'cancelled') return { cancelled: booking };
    if (other.status === 'checked-in') return { already: other.checked_in_at ?? '', booking };
    return { notToday: other.date, booking };
  }

  /** Undoes a check-in made by mistake: the booking is confirmed again. */
  async undoCheckIn(code: string): Promise<StaffBooking | DeskRefusal> {
    const [row] = await this.db.query<BookingRow>(
      `UPDATE bookings SET status = 'confirmed', checked_in_at = NULL WHERE code = $1 AND status = 'checked-in' RETURNING *`,
      [normaliseCode(code)],
    );
    if (row) return this.staffBooking(row);
    const other = await this.staffFind(code);
    return other ? { notCheckedIn: other } : 'missing';
  }

  /**
   * Cancels a booking on the citizen's behalf (by phone, at the desk), at any
   * time before check-in: its seats go back, its ID numbers may book again,
   * and the reason and the staff token's name are kept with it.
   */
  async staffCancel(code: string, reason: string, who: string): Promise<StaffBooking | DeskRefusal> {
    const outcome = await this.db.transaction(async (tx): Promise<BookingRow | DeskRefusal> => {
      const [row] = await tx.query<BookingRow>('SELECT * FROM bookings WHERE code = $1 FOR UPDATE', [normaliseCode(code)]);
      if (!row) return 'missing';
      if (row.status === 'cancelled') return { cancelled: this.staffBooking(row) };
      if (row.status === 'checked-in') return { already: row.checked_in_at ?? '', booking: this.staffBooking(row) };
      const [done] = await tx.query<BookingRow>(
        `UPDATE bookings SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, cancelled_by = $4 WHERE code = $1 RETURNING *`,
        [row.code, new Date(this.now()).toISOString(), reason, who],
      );
      await tx.query('DELETE FROM booking_ids WHERE code = $1', [row.code]);
      await tx.query('UPDATE sessions SET remaining = remaining + $3 WHERE open_day_id = $1 AND id = $2', [
        row.open_day_id,
        row.session_id,
        row.party_size,
      ]);
      return done;
    });
    if (typeof outcome === 'string' || !('code' in outcome)) return outcome;
    this.forget(outcome.open_day_id);
    return this.staffBooking(outcome);
  }

  /**
   * Deletes the bookings (with their ID hashes and idempotency keys) of open
   * days more than `days` days past; returns how many went.
   */
  async purge(days: number): Promise<number> {
    const cutoff = new Date(Date.parse(`${chinaDate(this.now())}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    const gone = await this.db.query(
      'DELETE FROM bookings WHERE open_day_id IN (SELECT id FROM open_days WHERE date < $1) RETURNING code',
      [cutoff],
    );
    // Counts of wrong phones older than their window, and not locking now, are done with.
    const now = this.now();
    await this.db.query('DELETE FROM lookup_failures WHERE since < $1 AND (locked_until IS NULL OR locked_until < $2)', [
      now - LOOKUP_LOCK.windowMs,
      now,
    ]);
    return gone.length;
  }
}
