/**
 * The booking office on a database: the rules and answers of the contract
 * (src/contract/booking.ts), as the mock desk (mocks/booking-desk.ts) gives
 * them, with seats, duplicates and idempotency kept by the database so they
 * hold under any concurrency and across restarts.
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
 */
import * as v from 'valibot';
import {
  afterFailure,
  bookingClosed,
  bookingProblems,
  badDateParam,
  impossibleCode,
  lockedFor,
  LOOKUP_LOCK,
  MAX_KEY_LENGTH,
  phoneOf,
  type FailureCount,
  maskName,
  maskPhone,
  newCode,
  normaliseCode,
  startOf,
  type Answer,
} from '../src/contract/booking.js';
import { BookingRequest, type Booking, type BookingStatus, type OpenDay, type Session } from '../src/contract/booking.schema.js';
import { chinaDate, normaliseId, normalisePhone, validateBooking } from '../src/contract/booking.rules.js';
import type { Sql, Store } from './db.js';
import type { Vault } from './crypto.js';

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
}

/** A booking as staff see it: names, phone and ID numbers in full. */
export interface StaffBooking {
  code: string;
  status: BookingStatus;
  openDayId: string;
  sessionId: string;
  partySize: number;
  name: string;
  phone: string;
  idNumber: string | null;
  companions: { name: string; idNumber: string | null }[];
  needs: string | null;
  createdAt: string;
  cancelledAt: string | null;
  checkedInAt: string | null;
}

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

export class BookingOffice {
  private readonly dayCache = new Map<string, { day: OpenDay; until: number }>();

  constructor(
    private readonly db: Store,
    private readonly vault: Vault,
    private readonly now: () => number = Date.now,
  ) {}

  /** GET /open-days?from&to */
  async list(from: string | null, to: string | null): Promise<Answer> {
    const bad = badDateParam(from, to);
    if (bad) return bad;
    const rows = await this.db.query<DayRow>(
      `SELECT ${DAY_COLUMNS} FROM open_days d
       WHERE ($1::text IS NULL OR d.date >= $1) AND ($2::text IS NULL OR d.date <= $2)
       ORDER BY d.date, d.id`,
      [from || null, to || null],
    );
    const items = rows.map(toDay);
    return { status: 200, body: { items, total: items.length } };
  }

  /** GET /open-days/{id} */
  async get(id: string): Promise<Answer> {
    const day = await this.day(this.db, id);
    return day ? { status: 200, body: day } : bookingProblems.noDay(id);
  }

  async day(sql: Sql, id: string): Promise<OpenDay | undefined> {
    const [row] = await sql.query<DayRow>(`SELECT ${DAY_COLUMNS} FROM open_days d WHERE d.id = $1`, [id]);
    return row && toDay(row);
  }

  /** POST /open-days/{id}/bookings */
  async book(id: string, key: string | null, raw: unknown): Promise<Answer> {
    const day = await this.dayForBooking(id);
    if (!day) return bookingProblems.noDay(id);
    if (!key) return bookingProblems.keyMissing();
    if (key.length > MAX_KEY_LENGTH) return bookingProblems.keyTooLong(key.length);
    const bodyHash = this.vault.hash(JSON.stringify(raw));
    // A key already used answers before anything about the body (as the mock
    // desk does). On the way to a booking the database finds a used key
    // itself (step 1 of dj_book), so only refusals look it up here.
    const refuse = async (answer: Answer) => (await this.replay(id, key, bodyHash)) ?? answer;
    const parsed = v.safeParse(BookingRequest, raw);
    if (!parsed.success) return refuse(bookingProblems.shape(parsed.issues[0]));
    const body = parsed.output;
    const now = this.now();
    if (bookingClosed(day, now)) return refuse(bookingProblems.closed(day));
    const errors = validateBooking(body, day, chinaDate(now));
    if (errors.length) return refuse(bookingProblems.rules(errors));

    const phone = normalisePhone(body.phone);
    const ids = day.requiresIdNumber ? [body.idNumber!, ...body.companions.map((c) => c.idNumber!)].map(normaliseId) : [];
    // Sorted, so two bookings sharing numbers take their locks in one order.
    const idHashes = [...new Set(ids.map((i) => this.vault.hash(`id\n${i}`)))].sort();

    for (let attempt = 0; ; attempt++) {
      const code = newCode();
      const booking: Booking = {
        code,
        status: 'confirmed',
        openDayId: id,
        sessionId: body.sessionId,
        partySize: body.partySize,
        name: maskName(body.name),
        phone: maskPhone(phone),
        createdAt: new Date(now).toISOString(),
      };
      const seal = (idNumber: string | undefined) =>
        day.requiresIdNumber && idNumber ? this.vault.encrypt(normaliseId(idNumber), code) : null;
      const companions = body.companions.map((c) => ({
        name: c.name.trim(),
        ...(day.requiresIdNumber ? { idNumber: seal(c.idNumber) } : {}),
      }));
      let outcome: { out_result: string; out_left: number | null };
      try {
        [outcome] = await this.db.query<{ out_result: string; out_left: number | null }>(
          'SELECT out_result, out_left FROM dj_book($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)',
          [
            id,
            key,
            bodyHash,
            JSON.stringify(booking),
            code,
            body.sessionId,
            body.partySize,
            body.name.trim(),
            phone,
            seal(body.idNumber),
            JSON.stringify(companions),
            body.needs?.trim() || null,
            booking.createdAt,
            idHashes,
          ],
        );
      } catch (error) {
        if (RETRYABLE.has((error as { code?: string }).code ?? '') && attempt < 4) continue;
        throw error;
      }
      switch (outcome.out_result) {
        case 'booked':
          return { status: 201, body: booking };
        case 'duplicate':
          return bookingProblems.duplicate();
        case 'full': {
          const session = day.sessions.find((s) => s.id === body.sessionId)!;
          return bookingProblems.full({ ...session, remaining: outcome.out_left ?? 0 }, body.partySize);
        }
        case 'key-taken': {
          const first = await this.replay(id, key, bodyHash);
          if (first) return first;
          break; // the first request with the key was refused meanwhile: try again
        }
        case 'code-taken':
          break;
        default:
          throw new Error(`dj_book answered ${outcome.out_result}`);
      }
      if (attempt >= 4) throw new Error(`no booking after ${attempt + 1} attempts (${outcome.out_result})`);
    }
  }

  /**
   * The open day a booking is checked against. On PGlite, where one process
   * holds the data, it is kept for a second and the staff API's edits drop
   * the copy at once ({@link forget}). On PostgreSQL several processes may
   * serve, and an edit made through one must hold for the next booking on
   * any other: it is read afresh every time (one indexed query).
   */
  private async dayForBooking(id: string): Promise<OpenDay | undefined> {
    if (this.db.kind === 'postgres') return this.day(this.db, id);
    const now = Date.now();
    const hit = this.dayCache.get(id);
    if (hit && hit.until > now) return hit.day;
    const day = await this.day(this.db, id);
    if (this.dayCache.size > 1000) this.dayCache.clear();
    if (day) this.dayCache.set(id, { day, until: now + 1000 });
    else this.dayCache.delete(id);
    return day;
  }

  /** Drops the kept copy of an open day (after the staff API changed it). */
  forget(id: string): void {
    this.dayCache.delete(id);
  }

  /** The first answer to `key` for day `id` (a booking as it is now), or 422 when it came with another body. */
  private async replay(id: string, key: string, bodyHash: string): Promise<Answer | undefined> {
    const [row] = await this.db.query<{ body_hash: string; status: number; response: unknown }>(
      'SELECT body_hash, status, response FROM idempotency_keys WHERE open_day_id = $1 AND key = $2',
      [id, key],
    );
    if (!row) return undefined;
    if (row.body_hash !== bodyHash) return bookingProblems.keyReused();
    // A booking is replayed as it is now: cancelled since, it says so.
    const code = row.status === 201 ? (row.response as { code?: unknown }).code : undefined;
    const [booking] = typeof code === 'string' ? await this.db.query<BookingRow>('SELECT * FROM bookings WHERE code = $1', [code]) : [];
    return booking ? { status: 201, body: publicBooking(booking) } : { status: row.status, body: row.response };
  }

  /** POST /bookings/{code}/lookup {phone} */
  async lookup(code: string, raw: unknown): Promise<Answer> {
    const found = await this.match(code, phoneOf(raw));
    return 'body' in found ? found : { status: 200, body: publicBooking(found) };
  }

  /** POST /bookings/{code}/cancel {phone} */
  async cancel(code: string, raw: unknown): Promise<Answer> {
    // The code and phone are checked first, on their own: a wrong phone is
    // counted whatever becomes of the cancel.
    const found = await this.match(code, phoneOf(raw));
    if ('body' in found) return found;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<BookingRow>('SELECT * FROM bookings WHERE code = $1 FOR UPDATE', [found.code]);
      if (!row) return bookingProblems.noBooking();
      if (row.status !== 'confirmed') return { status: 200, body: publicBooking(row) };
      const [when] = await tx.query<{ date: string; start_time: string }>(
        'SELECT d.date, s.start_time FROM open_days d JOIN sessions s ON s.open_day_id = d.id WHERE d.id = $1 AND s.id = $2',
        [row.open_day_id, row.session_id],
      );
      if (this.now() >= startOf({ date: when.date } as OpenDay, when.start_time)) return bookingProblems.sessionStarted();
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
      return { status: 200, body: publicBooking({ ...row, status: 'cancelled' }) };
    });
  }

  /**
   * The booking with this code whose phone is `phone`, or the answer why not:
   * 404 (never saying which of the two did not match), or 429 while the code
   * is locked. Wrong phones are counted in the database (LOOKUP_LOCK), so the
   * lock holds whichever process a request reaches.
   */
  private async match(code: string, phone: string | null): Promise<BookingRow | Answer> {
    const key = normaliseCode(code);
    if (phone === null || impossibleCode(key)) return bookingProblems.noBooking();
    const now = this.now();
    const locked = lockedFor(await this.failureCount(this.db, key), now);
    if (locked) return bookingProblems.codeLocked(locked);
    const [row] = await this.db.query<BookingRow>('SELECT * FROM bookings WHERE code = $1', [key]);
    if (row && row.phone === normalisePhone(phone)) return row;
    const count = await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO lookup_failures (code, failures, since) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [key, now]);
      const next = afterFailure(await this.failureCount(tx, key, true), now);
      await tx.query('UPDATE lookup_failures SET failures = $2, since = $3, locked_until = $4 WHERE code = $1', [
        key,
        next.failures,
        next.since,
        next.lockedUntil,
      ]);
      return next;
    });
    return count.lockedUntil ? bookingProblems.codeLocked(lockedFor(count, now)) : bookingProblems.noBooking();
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

  /** Checks a visitor in by code: the booking, or why not (`missing`, `cancelled`, `checked-in`). */
  async checkIn(code: string): Promise<StaffBooking | 'missing' | 'cancelled' | { already: string }> {
    const [row] = await this.db.query<BookingRow>(
      `UPDATE bookings SET status = 'checked-in', checked_in_at = $2 WHERE code = $1 AND status = 'confirmed' RETURNING *`,
      [normaliseCode(code), new Date(this.now()).toISOString()],
    );
    if (row) return this.staffBooking(row);
    const [other] = await this.db.query<BookingRow>('SELECT * FROM bookings WHERE code = $1', [normaliseCode(code)]);
    if (!other) return 'missing';
    return other.status === 'cancelled' ? 'cancelled' : { already: other.checked_in_at ?? '' };
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
