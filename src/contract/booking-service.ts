/**
 * The booking desk of the contract, written once: what a request to the open
 * days and bookings may do and how each is answered. The mock endpoint
 * (mocks/booking-desk.ts, in memory) and the reference server (server/office.ts,
 * on SQL) are this service over their own {@link BookingStore}, so the two
 * cannot drift apart; the contract test still compares their answers.
 *
 * The store keeps what must hold under concurrency: seats, one live booking
 * per phone or ID number, a key's first answer, and the count of wrong phones
 * for a code. Each of its writes is atomic ({@link BookingStore.book},
 * {@link BookingStore.countFailure}, {@link BookingStore.cancel}); the service
 * decides everything else, in this order for a booking: the open day, the
 * Idempotency-Key (missing, too long), a key already used (its first answer,
 * or 422 for another body), the body's shape, closing, the rules of
 * booking.rules.ts, then the store's booking.
 */
import * as v from 'valibot';
import { BookingRequest, type Booking, type OpenDay } from './booking.schema.js';
import { chinaDate, normaliseId, normalisePhone, validateBooking } from './booking.rules.js';
import {
  afterFailure,
  badDateParam,
  bookingClosed,
  bookingProblems,
  impossibleCode,
  lockedFor,
  MAX_KEY_LENGTH,
  maskName,
  maskPhone,
  newCode,
  normaliseCode,
  phoneOf,
  startOf,
  type Answer,
  type FailureCount,
} from './booking.js';

/** A booking the rules have passed, for the store to take or refuse. */
export interface NewBooking {
  day: OpenDay;
  key: string;
  /** The request's body as JSON text: a key replays only for the same body. */
  bodyText: string;
  request: v.InferOutput<typeof BookingRequest>;
  /** The public (masked) booking, answered with 201 and replayed for the key. */
  booking: Booking;
  /** The phone, normalised. */
  phone: string;
  /** The ID numbers of the party, normalised (none when the day asks for none). */
  ids: string[];
  /**
   * What the caller of {@link BookingService.book} gave to be counted with the
   * booking, passed on as it is: the reference server on PostgreSQL counts the
   * request against its rate limit in the statement that books.
   */
  count?: unknown;
}

/**
 * What the store did with a new booking: `booked`; `key-taken` (the key has a
 * first answer, which {@link BookingStore.replay} gives); `duplicate` (the
 * phone or an ID number holds a live booking of the day); `full` with the
 * seats left; `code-taken` (draw another code); `stale` (the day has changed
 * since {@link BookingStore.dayToBook} gave it: nothing was written, and the
 * booking is checked again against the day read afresh).
 */
export type BookOutcome =
  | { result: 'booked' }
  | { result: 'key-taken' }
  | { result: 'duplicate' }
  | { result: 'full'; left: number }
  | { result: 'code-taken' }
  | { result: 'stale' };

/** A booking as lookup and cancel need it: its public form and the phone it was made with. */
export interface StoredBooking {
  booking: Booking;
  phone: string;
}

/** Where open days and bookings are kept: in memory for the mock, in SQL for the server. */
export interface BookingStore {
  /** The open days from `from` to `to` (both inclusive, either null), by date. */
  days(from: string | null, to: string | null): Promise<OpenDay[]>;
  /** An open day as GET /open-days/{id} shows it. */
  day(id: string): Promise<OpenDay | undefined>;
  /**
   * The open day a booking is checked against. A store may keep it a moment
   * if {@link book} then answers `stale` when it has changed; `fresh` reads it anew.
   */
  dayToBook(id: string, fresh?: boolean): Promise<OpenDay | undefined>;
  /** The first answer to `key` for day `dayId` (a booking as it is now), and whether it came with this body. */
  replay(dayId: string, key: string, bodyText: string): Promise<{ sameBody: boolean; answer: Answer } | undefined>;
  /** Claims the key, stores the booking and takes its seats, all or nothing. */
  book(booking: NewBooking): Promise<BookOutcome>;
  /** The booking with this (normalised) code. */
  find(code: string): Promise<StoredBooking | undefined>;
  /** Wrong phones counted for a code. */
  failures(code: string): Promise<FailureCount | undefined>;
  /** Counts one more wrong phone: `next` of the count as it stands, stored atomically. */
  countFailure(code: string, next: (count: FailureCount | undefined) => FailureCount): Promise<FailureCount>;
  /**
   * Cancels a confirmed booking and gives its seats back, atomically, unless
   * `started(date, start)` says its session has begun. Answers the booking as
   * it is after (a booking not confirmed is left as it is), `started`, or
   * undefined when there is none.
   */
  cancel(code: string, started: (date: string, start: string) => boolean): Promise<Booking | 'started' | undefined>;
}

/** A store may fail now and then in a way worth another try (a serialisation failure): it throws; five tries in all. */
const ATTEMPTS = 5;

export class BookingService {
  constructor(
    protected readonly store: BookingStore,
    protected readonly now: () => number = Date.now,
  ) {}

  /** GET /open-days?from&to */
  async list(from: string | null, to: string | null): Promise<Answer> {
    const bad = badDateParam(from, to);
    if (bad) return bad;
    const items = await this.store.days(from || null, to || null);
    return { status: 200, body: { items, total: items.length } };
  }

  /** GET /open-days/{id} */
  async get(id: string): Promise<Answer> {
    const day = await this.store.day(id);
    return day ? { status: 200, body: day } : bookingProblems.noDay(id);
  }

  /** POST /open-days/{id}/bookings; `count` goes to the store with the booking ({@link NewBooking.count}). */
  async book(id: string, key: string | null, raw: unknown, count?: unknown): Promise<Answer> {
    let day = await this.store.dayToBook(id);
    if (!day) return bookingProblems.noDay(id);
    if (!key) return bookingProblems.keyMissing();
    if (key.length > MAX_KEY_LENGTH) return bookingProblems.keyTooLong(key.length);
    const bodyText = JSON.stringify(raw);
    // A key already used answers before anything about the body. On the way
    // to a booking the store finds a used key itself (key-taken), so only
    // refusals look it up here.
    const refuse = async (answer: Answer) => (await this.replay(id, key, bodyText)) ?? answer;
    const parsed = v.safeParse(BookingRequest, raw);
    if (!parsed.success) return refuse(bookingProblems.shape(parsed.issues[0]));
    const request = parsed.output;
    const now = this.now();
    const phone = normalisePhone(request.phone);
    for (let attempt = 1, checked: OpenDay | undefined; ; attempt++) {
      if (checked !== day) {
        // The first time, and again whenever the store said the day had changed.
        if (bookingClosed(day, now)) return refuse(bookingProblems.closed(day));
        const errors = validateBooking(request, day, chinaDate(now));
        if (errors.length) return refuse(bookingProblems.rules(errors));
        checked = day;
      }
      const ids = day.requiresIdNumber ? [request.idNumber!, ...request.companions.map((c) => c.idNumber!)].map(normaliseId) : [];
      const booking: Booking = {
        code: newCode(),
        status: 'confirmed',
        openDayId: id,
        sessionId: request.sessionId,
        partySize: request.partySize,
        name: maskName(request.name),
        phone: maskPhone(phone),
        createdAt: new Date(now).toISOString(),
      };
      const outcome = await this.store.book({ day, key, bodyText, request, booking, phone, ids, count });
      switch (outcome.result) {
        case 'booked':
          return { status: 201, body: booking };
        case 'duplicate':
          return bookingProblems.duplicate();
        case 'full': {
          const session = day.sessions.find((s) => s.id === request.sessionId)!;
          return bookingProblems.full({ ...session, remaining: outcome.left }, request.partySize);
        }
        case 'key-taken': {
          const first = await this.replay(id, key, bodyText);
          if (first) return first;
          break; // the first request with the key was refused meanwhile: try again
        }
        case 'code-taken':
          break;
        case 'stale': {
          const fresh = await this.store.dayToBook(id, true);
          if (!fresh) return bookingProblems.noDay(id);
          day = fresh;
          break;
        }
      }
      if (attempt >= ATTEMPTS) throw new Error(`no booking after ${attempt} attempts (${outcome.result})`);
    }
  }

  /** The first answer to `key` for day `id`, or 422 when it came with another body. */
  private async replay(id: string, key: string, bodyText: string): Promise<Answer | undefined> {
    const first = await this.store.replay(id, key, bodyText);
    return first && (first.sameBody ? first.answer : bookingProblems.keyReused());
  }

  /** POST /bookings/{code}/lookup {phone} */
  async lookup(code: string, raw: unknown): Promise<Answer> {
    const found = await this.match(code, phoneOf(raw));
    return 'status' in found ? found : { status: 200, body: found.booking };
  }

  /** POST /bookings/{code}/cancel {phone} */
  async cancel(code: string, raw: unknown): Promise<Answer> {
    // The code and phone are checked first, on their own: a wrong phone is
    // counted whatever becomes of the cancel.
    const found = await this.match(code, phoneOf(raw));
    if ('status' in found) return found;
    const now = this.now();
    const after = await this.store.cancel(found.booking.code, (date, start) => now >= startOf({ date } as OpenDay, start));
    if (after === undefined) return bookingProblems.noBooking();
    return after === 'started' ? bookingProblems.sessionStarted() : { status: 200, body: after };
  }

  /**
   * The booking with this code whose phone is `phone`, or the answer why not:
   * 404 (never saying which of the two did not match), or 429 while the code
   * is locked (LOOKUP_LOCK counts the wrong phones in the store, so the lock
   * holds whichever process a request reaches).
   */
  private async match(code: string, phone: string | null): Promise<StoredBooking | Answer> {
    const key = normaliseCode(code);
    if (phone === null || impossibleCode(key)) return bookingProblems.noBooking();
    const now = this.now();
    const locked = lockedFor(await this.store.failures(key), now);
    if (locked) return bookingProblems.codeLocked(locked);
    const stored = await this.store.find(key);
    if (stored && stored.phone === normalisePhone(phone)) return stored;
    const count = await this.store.countFailure(key, (current) => afterFailure(current, now));
    return count.lockedUntil ? bookingProblems.codeLocked(lockedFor(count, now)) : bookingProblems.noBooking();
  }
}
