/**
 * The mock endpoint's booking desk: the contract's booking service
 * (src/contract/booking-service.ts) over a store in memory, so the form meets
 * every answer of the contract in stories and tests, as from the reference
 * server, which runs the same service over SQL. Seats are taken and given
 * back, an Idempotency-Key replays its first answer, one phone or ID number
 * books an open day once; the store's methods are synchronous underneath, so
 * each write is atomic as the server's statements are.
 */
import type { Booking, OpenDay } from '../src/contract/booking.schema.js';
import { chinaDate } from '../src/contract/booking.rules.js';
import { bookingProblems, type Answer, type FailureCount } from '../src/contract/booking.js';
import {
  BookingService,
  type BookingStore,
  type BookOutcome,
  type NewBooking,
  type StoredBooking,
} from '../src/contract/booking-service.js';
import { makeOpenDays } from '../src/demo/open-days.js';

export type { Answer };

interface Stored extends StoredBooking {
  ids: string[];
}

class MemoryStore implements BookingStore {
  /** The open days, live: a booking takes seats from these. */
  openDays = new Map<string, OpenDay>();
  private bookings = new Map<string, Stored>();
  /** Per `${day}\n${key}`: the body it came with and the code it booked. */
  private keys = new Map<string, { bodyText: string; code: string }>();
  private failureCounts = new Map<string, FailureCount>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.openDays = new Map(makeOpenDays(chinaDate(this.now())).map((d) => [d.id, d]));
    this.bookings.clear();
    this.keys.clear();
    this.failureCounts.clear();
  }

  /** The days in the range by date, at once (for the fault endpoints' bodies). */
  daysNow(from: string | null, to: string | null): OpenDay[] {
    return [...this.openDays.values()]
      .filter((d) => (!from || d.date >= from) && (!to || d.date <= to))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  async days(from: string | null, to: string | null) {
    return this.daysNow(from, to);
  }

  async day(id: string) {
    return this.openDays.get(id);
  }

  async dayToBook(id: string) {
    return this.openDays.get(id);
  }

  async replay(dayId: string, key: string, bodyText: string) {
    const first = this.keys.get(`${dayId}\n${key}`);
    if (!first) return undefined;
    return { sameBody: first.bodyText === bodyText, answer: { status: 201, body: this.bookings.get(first.code)!.booking } };
  }

  async book({ day, key, bodyText, request, booking, phone, ids }: NewBooking): Promise<BookOutcome> {
    if (this.keys.has(`${day.id}\n${key}`)) return { result: 'key-taken' };
    const taken = [...this.bookings.values()].some(
      (b) =>
        b.booking.openDayId === day.id && b.booking.status !== 'cancelled' && (b.phone === phone || b.ids.some((i) => ids.includes(i))),
    );
    if (taken) return { result: 'duplicate' };
    if (this.bookings.has(booking.code)) return { result: 'code-taken' };
    // The live session, not the day's copy the rules were checked against.
    const session = this.openDays.get(day.id)!.sessions.find((s) => s.id === request.sessionId)!;
    if (session.remaining < request.partySize) return { result: 'full', left: session.remaining };
    session.remaining -= request.partySize;
    this.bookings.set(booking.code, { booking, phone, ids });
    this.keys.set(`${day.id}\n${key}`, { bodyText, code: booking.code });
    return { result: 'booked' };
  }

  async find(code: string) {
    return this.bookings.get(code);
  }

  async failures(code: string) {
    return this.failureCounts.get(code);
  }

  async countFailure(code: string, next: (count: FailureCount | undefined) => FailureCount) {
    const count = next(this.failureCounts.get(code));
    this.failureCounts.set(code, count);
    return count;
  }

  async cancel(code: string, started: (date: string, start: string) => boolean): Promise<Booking | 'started' | undefined> {
    const stored = this.bookings.get(code);
    if (!stored) return undefined;
    const { booking } = stored;
    if (booking.status !== 'confirmed') return booking;
    const day = this.openDays.get(booking.openDayId)!;
    const session = day.sessions.find((s) => s.id === booking.sessionId)!;
    if (started(day.date, session.start)) return 'started';
    booking.status = 'cancelled';
    session.remaining += booking.partySize;
    return booking;
  }
}

export class BookingDesk extends BookingService {
  declare protected readonly store: MemoryStore;

  constructor(now: () => number = Date.now) {
    const store = new MemoryStore(now);
    super(store, now);
    this.reset();
  }

  /** Back to the fixtures: seats as they were, no bookings. */
  reset(): void {
    this.store.reset();
  }

  /** Other citizens take `seats` places of a session: for the stories and tests of a session filling up. */
  holdSeats(dayId: string, sessionId: string, seats: number): void {
    const session = this.store.openDays.get(dayId)!.sessions.find((s) => s.id === sessionId)!;
    session.remaining = Math.max(0, session.remaining - seats);
  }

  /** GET /open-days's body, or an open day's, at once: the happy bodies the fault endpoints bend. */
  bodyNow(id?: string): unknown {
    if (id) return this.store.openDays.get(id) ?? bookingProblems.noDay(id).body;
    const items = this.store.daysNow(null, null);
    return { items, total: items.length };
  }
}
