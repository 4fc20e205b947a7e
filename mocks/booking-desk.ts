/**
 * The mock endpoint's booking office: an in-memory store that behaves like
 * the server, so the form meets every answer of the contract in stories and
 * tests. Seats are taken and given back, an Idempotency-Key replays its first
 * answer, one phone or ID number books an open day once, booking closes on
 * time, and every rule of booking.rules.ts answers 422 on its field. The
 * rules and answers are the contract's (src/contract/booking.ts), shared with
 * the reference server.
 */
import * as v from 'valibot';
import { BookingRequest, type Booking, type OpenDay } from '../src/contract/booking.schema.js';
import { chinaDate, normaliseId, normalisePhone, validateBooking } from '../src/contract/booking.rules.js';
import {
  afterFailure,
  badDateParam,
  bookingClosed,
  bookingProblems,
  impossibleCode,
  lockedFor,
  maskName,
  maskPhone,
  MAX_KEY_LENGTH,
  newCode,
  normaliseCode,
  phoneOf,
  startOf,
  type Answer,
  type FailureCount,
} from '../src/contract/booking.js';
import { makeOpenDays } from '../src/demo/open-days.js';

export type { Answer };

interface Stored {
  booking: Booking;
  phone: string;
  ids: string[];
}

export class BookingDesk {
  private days = new Map<string, OpenDay>();
  private bookings = new Map<string, Stored>();
  private replays = new Map<string, { body: string; answer: Answer }>();
  private failures = new Map<string, FailureCount>();

  constructor(private readonly now: () => number = Date.now) {
    this.reset();
  }

  /** Back to the fixtures: seats as they were, no bookings. */
  reset(): void {
    this.days = new Map(makeOpenDays(chinaDate(this.now())).map((d) => [d.id, d]));
    this.bookings.clear();
    this.replays.clear();
    this.failures.clear();
  }

  /** Other citizens take `seats` places of a session: for the stories and tests of a session filling up. */
  holdSeats(dayId: string, sessionId: string, seats: number): void {
    const session = this.days.get(dayId)!.sessions.find((s) => s.id === sessionId)!;
    session.remaining = Math.max(0, session.remaining - seats);
  }

  /** GET /open-days?from&to: the days in the range (both inclusive, either optional), by date. */
  list(from: string | null, to: string | null): Answer {
    const bad = badDateParam(from, to);
    if (bad) return bad;
    const items = [...this.days.values()]
      .filter((d) => (!from || d.date >= from) && (!to || d.date <= to))
      .sort((a, b) => a.date.localeCompare(b.date));
    return { status: 200, body: { items, total: items.length } };
  }

  /** GET /open-days/{id} */
  get(id: string): Answer {
    const day = this.days.get(id);
    return day ? { status: 200, body: day } : bookingProblems.noDay(id);
  }

  /** POST /open-days/{id}/bookings */
  book(id: string, key: string | null, raw: unknown): Answer {
    const day = this.days.get(id);
    if (!day) return bookingProblems.noDay(id);
    if (!key) return bookingProblems.keyMissing();
    if (key.length > MAX_KEY_LENGTH) return bookingProblems.keyTooLong(key.length);
    const text = JSON.stringify(raw);
    const replay = this.replays.get(`${id}\n${key}`);
    if (replay) {
      if (replay.body === text) return replay.answer;
      return bookingProblems.keyReused();
    }
    const parsed = v.safeParse(BookingRequest, raw);
    if (!parsed.success) return bookingProblems.shape(parsed.issues[0]);
    const body = parsed.output;
    if (bookingClosed(day, this.now())) return bookingProblems.closed(day);
    const errors = validateBooking(body, day, chinaDate(this.now()));
    if (errors.length) return bookingProblems.rules(errors);
    const phone = normalisePhone(body.phone);
    const ids = day.requiresIdNumber ? [body.idNumber!, ...body.companions.map((c) => c.idNumber!)].map(normaliseId) : [];
    const taken = [...this.bookings.values()].some(
      (b) => b.booking.openDayId === id && b.booking.status !== 'cancelled' && (b.phone === phone || b.ids.some((i) => ids.includes(i))),
    );
    if (taken) return bookingProblems.duplicate();
    const session = day.sessions.find((s) => s.id === body.sessionId)!;
    if (session.remaining < body.partySize) return bookingProblems.full(session, body.partySize);
    session.remaining -= body.partySize;
    let code = newCode();
    while (this.bookings.has(code)) code = newCode();
    const booking: Booking = {
      code,
      status: 'confirmed',
      openDayId: id,
      sessionId: session.id,
      partySize: body.partySize,
      name: maskName(body.name),
      phone: maskPhone(phone),
      createdAt: new Date(this.now()).toISOString(),
    };
    this.bookings.set(code, { booking, phone, ids });
    const answer = { status: 201, body: booking };
    this.replays.set(`${id}\n${key}`, { body: text, answer });
    return answer;
  }

  /** POST /bookings/{code}/lookup {phone} */
  lookup(code: string, raw: unknown): Answer {
    const found = this.match(code, phoneOf(raw));
    return 'body' in found ? found : { status: 200, body: found.booking };
  }

  /** POST /bookings/{code}/cancel {phone} */
  cancel(code: string, raw: unknown): Answer {
    const found = this.match(code, phoneOf(raw));
    if ('body' in found) return found;
    const { booking } = found;
    if (booking.status === 'confirmed') {
      const day = this.days.get(booking.openDayId)!;
      const session = day.sessions.find((s) => s.id === booking.sessionId)!;
      if (this.now() >= startOf(day, session.start)) return bookingProblems.sessionStarted();
      booking.status = 'cancelled';
      session.remaining += booking.partySize;
    }
    return { status: 200, body: booking };
  }

  /** The booking with this code and phone, or the answer why not (LOOKUP_LOCK counts the wrong phones). */
  private match(code: string, phone: string | null): Stored | Answer {
    const key = normaliseCode(code);
    if (phone === null || impossibleCode(key)) return bookingProblems.noBooking();
    const now = this.now();
    const locked = lockedFor(this.failures.get(key), now);
    if (locked) return bookingProblems.codeLocked(locked);
    const stored = this.bookings.get(key);
    if (stored && stored.phone === normalisePhone(phone)) return stored;
    const count = afterFailure(this.failures.get(key), now);
    this.failures.set(key, count);
    return count.lockedUntil ? bookingProblems.codeLocked(lockedFor(count, now)) : bookingProblems.noBooking();
  }
}
