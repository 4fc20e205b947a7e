/**
 * What the staff API (`{endpoint}/admin`) answers, checked like every answer of the kit. The
 * server's own types are `StaffDay` and `StaffBooking` in server/office.ts; these schemas say
 * the same for the browser, which must not import from server/.
 */
import * as v from 'valibot';
import { List } from '../../core/schema.js';
import { BookingStatus, OpenDay, Session } from '../../contract/booking.schema.js';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A session's bookings counted: live ones and their people, those checked in and theirs, and the cancelled. */
export const SessionCounts = v.object({ bookings: count, people: count, arrived: count, arrivedPeople: count, cancelled: count });

export const StaffSession = v.intersect([Session, v.object({ counts: SessionCounts })]);

/** An open day as the desk sees it: each session with its bookings counted. */
export const StaffDay = v.object({ ...OpenDay.entries, sessions: v.array(StaffSession) });
export const StaffDays = List(StaffDay);

/** A booking in full: names, phone and ID numbers unmasked. */
export const StaffBooking = v.object({
  code: v.string(),
  status: BookingStatus,
  openDayId: v.string(),
  sessionId: v.string(),
  partySize: count,
  name: v.string(),
  phone: v.string(),
  idNumber: v.nullable(v.string()),
  companions: v.array(v.object({ name: v.string(), idNumber: v.nullish(v.string()) })),
  needs: v.nullable(v.string()),
  createdAt: v.string(),
  cancelledAt: v.nullable(v.string()),
  checkedInAt: v.nullable(v.string()),
  cancelReason: v.nullish(v.string()),
  cancelledBy: v.nullish(v.string()),
});
export const StaffBookings = List(StaffBooking);

export type SessionCounts = v.InferOutput<typeof SessionCounts>;
export type StaffSession = v.InferOutput<typeof StaffSession>;
export type StaffDay = v.InferOutput<typeof StaffDay>;
export type StaffBooking = v.InferOutput<typeof StaffBooking>;
