/**
 * The open-day contract: `{endpoint}/open-days`, `/open-days/{id}`,
 * `/open-days/{id}/bookings`, `/bookings/{code}` and `/bookings/{code}/cancel`.
 *
 * The single source of the booking types: the widget checks responses with
 * these schemas, the mocks and the reference server check requests with them.
 */
import * as v from 'valibot';
import { List, Ref } from '../core/schema.js';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const time = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'));

export const Session = v.pipe(
  v.object({ id: v.string(), start: time, end: time, capacity: count, remaining: count }),
  v.check((s) => s.remaining <= s.capacity, 'remaining ≤ capacity'),
);

export const OpenDay = v.object({
  id: v.string(),
  title: v.string(),
  unit: Ref,
  description: v.string(),
  address: v.string(),
  date: v.pipe(v.string(), v.isoDate('YYYY-MM-DD')),
  sessions: v.array(Session),
  bookingClosesAt: v.pipe(
    v.string(),
    v.check((s) => !Number.isNaN(Date.parse(s)), 'an ISO date-time'),
  ),
  maxPartySize: v.pipe(count, v.minValue(1)),
  requiresIdNumber: v.boolean(),
  /** 0: no minimum age. */
  minAge: count,
  notes: v.array(v.string()),
  contactPhone: v.string(),
});

export const OpenDays = List(OpenDay);

/** What a citizen sends: POST `/open-days/{id}/bookings`, with an `Idempotency-Key` header. */
export const BookingRequest = v.object({
  sessionId: v.string(),
  name: v.string(),
  phone: v.string(),
  idNumber: v.optional(v.string()),
  partySize: v.number(),
  companions: v.array(v.object({ name: v.string(), idNumber: v.optional(v.string()) })),
  needs: v.optional(v.string()),
  consent: v.object({ privacy: v.boolean(), idNumber: v.optional(v.boolean()) }),
});

export const BookingStatus = v.picklist(['confirmed', 'cancelled', 'checked-in']);

/** A booking as public answers carry it: name and phone masked (张*明, 138****5678). */
export const Booking = v.object({
  code: v.string(),
  status: BookingStatus,
  openDayId: v.string(),
  sessionId: v.string(),
  partySize: v.pipe(count, v.minValue(1)),
  name: v.string(),
  phone: v.string(),
  createdAt: v.string(),
});

export type Session = v.InferOutput<typeof Session>;
export type OpenDay = v.InferOutput<typeof OpenDay>;
export type OpenDays = v.InferOutput<typeof OpenDays>;
export type BookingRequest = v.InferOutput<typeof BookingRequest>;
export type Booking = v.InferOutput<typeof Booking>;
export type BookingStatus = v.InferOutput<typeof BookingStatus>;
