/**
 * Check-in at the door, with no DOM: codes come in as fast as a scanner types them and are
 * checked one at a time, in the order they came, so that codes scanned back to back all land
 * and their answers read in order. Each answer is kept (newest first) with the booking as the
 * server gave it; a check-in can be undone. The host renders, recounts the day and tells
 * screen readers; it learns through the callbacks when.
 */
import type { DeskApi, DeskError } from './desk.api.js';
import { StaffBooking } from '../../contract/staff.schema.js';

export type AnswerKind = 'ok' | 'already' | 'cancelled' | 'not-today' | 'unknown' | 'error' | 'undone';

export interface CheckInAnswer {
  /** Unique for the page's life, for Lit's keyed list and for focus. */
  id: number;
  code: string;
  kind: AnswerKind;
  booking?: StaffBooking;
  /** `already`: when the booking was checked in (ISO). */
  at?: string;
  /** `not-today`: the open day's date, YYYY-MM-DD. */
  date?: string;
  /** `error`: what went wrong. */
  error?: DeskError;
  /** An undo in flight. */
  undoing?: boolean;
  /** The last undo that failed. */
  undoError?: DeskError;
}

export interface CheckInHost {
  api: DeskApi;
  /** Render again. */
  update(): void;
  /** An answer came; `idle` when no code waits behind it. */
  answered(answer: CheckInAnswer, idle: boolean): void;
  /** The token was refused mid-way: the host signs out. */
  unauthorized(): void;
}

/** How many answers stay on screen: a morning's queue, not the day's record (the bookings list is that). */
const KEEP = 200;

let ids = 0;

/** A code as typed or scanned: spaces and dashes out, capitals (the server accepts the same). */
export const normalCode = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

const isBooking = (value: unknown): value is StaffBooking =>
  !!value && typeof value === 'object' && typeof (value as StaffBooking).code === 'string' && 'status' in value;

export class CheckInQueue {
  /** Newest first. */
  answers: CheckInAnswer[] = [];
  /** Codes waiting their turn, oldest first. */
  pending: string[] = [];
  private running = false;
  /** Moves on at each clear(): an answer to a code of before (signed out since) is dropped. */
  private generation = 0;

  constructor(private readonly host: CheckInHost) {}

  /** Queues a code; requests go one at a time, in order. Empty input is ignored. */
  add(text: string): void {
    const code = normalCode(text);
    if (!code) return;
    this.pending.push(code);
    this.host.update();
    if (!this.running) void this.drain();
  }

  /** Undoes a check-in: the booking is confirmed again, and the answer says so. */
  async undo(answer: CheckInAnswer): Promise<void> {
    if (answer.kind !== 'ok' || answer.undoing) return;
    answer.undoing = true;
    answer.undoError = undefined;
    this.host.update();
    try {
      const booking = await this.host.api.call(`/bookings/${encodeURIComponent(answer.code)}/check-in`, {
        method: 'DELETE',
        schema: StaffBooking,
      });
      Object.assign(answer, { kind: 'undone', booking });
    } catch (error) {
      const failure = error as DeskError;
      // Undone already (at another desk): the booking as it is now says so.
      if (failure.slug === 'not-checked-in') Object.assign(answer, { kind: 'undone', booking: failure.body.booking ?? answer.booking });
      else answer.undoError = failure;
      if (failure.status === 401) this.host.unauthorized();
    } finally {
      answer.undoing = false;
      this.host.answered(answer, !this.running);
      this.host.update();
    }
  }

  /** Forgets every answer and waiting code (signing out). */
  clear(): void {
    this.generation++;
    this.answers = [];
    this.pending = [];
  }

  private async drain(): Promise<void> {
    this.running = true;
    const generation = this.generation;
    try {
      while (this.pending.length) {
        const code = this.pending[0];
        const answer = await this.checkIn(code);
        if (generation !== this.generation) return;
        this.pending.shift();
        this.answers = [answer, ...this.answers].slice(0, KEEP);
        this.host.answered(answer, this.pending.length === 0);
        this.host.update();
        if (answer.error?.status === 401) {
          this.pending = [];
          this.host.unauthorized();
        }
      }
    } finally {
      this.running = false;
      // Codes scanned after a sign-out and in again, while an answer of before was awaited.
      if (this.pending.length) void this.drain();
    }
  }

  private async checkIn(code: string): Promise<CheckInAnswer> {
    const id = ++ids;
    try {
      const booking = await this.host.api.call(`/bookings/${encodeURIComponent(code)}/check-in`, { method: 'POST', schema: StaffBooking });
      return { id, code, kind: 'ok', booking };
    } catch (error) {
      const failure = error as DeskError;
      const booking = isBooking(failure.body?.booking) ? failure.body.booking : undefined;
      switch (failure.slug) {
        case 'already-checked-in':
          return { id, code, kind: 'already', booking, at: String(failure.body.checkedInAt ?? booking?.checkedInAt ?? '') };
        case 'booking-cancelled':
          return { id, code, kind: 'cancelled', booking };
        case 'not-today':
          return { id, code, kind: 'not-today', booking, date: String(failure.body.date ?? '') };
        case 'not-found':
          if (failure.status === 404) return { id, code, kind: 'unknown' };
      }
      return { id, code, kind: 'error', error: failure };
    }
  }
}
