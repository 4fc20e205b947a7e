/**
 * What the staff API (`{endpoint}/admin`) answers: the single source of its types for the
 * server (server/office.ts), the staff desk, its mock (mocks/staff.ts) and the OpenAPI document.
 * The desk checks every answer with them, like every answer of the kit.
 */
import * as v from 'valibot';
import { List } from '../core/schema.js';
import { BookingStatus, OpenDay, Session } from './booking.schema.js';

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
  companions: v.array(v.object({ name: v.string(), idNumber: v.nullable(v.string()) })),
  needs: v.nullable(v.string()),
  createdAt: v.string(),
  cancelledAt: v.nullable(v.string()),
  checkedInAt: v.nullable(v.string()),
  /** Why staff cancelled it on the citizen's behalf; null when the citizen cancelled it, or it is not cancelled. */
  cancelReason: v.nullable(v.string()),
  /** The name of the staff token that cancelled it; null as for `cancelReason`. */
  cancelledBy: v.nullable(v.string()),
});
export const StaffBookings = List(StaffBooking);

export type SessionCounts = v.InferOutput<typeof SessionCounts>;
export type StaffSession = v.InferOutput<typeof StaffSession>;
export type StaffDay = v.InferOutput<typeof StaffDay>;
export type StaffBooking = v.InferOutput<typeof StaffBooking>;
