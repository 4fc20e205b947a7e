/**
 * The staff API's writes and exports: open days and sessions created and
 * edited, a session's bookings in full (JSON or CSV), check-in by code. The
 * schemas check the bodies at the route (body.ts); the methods take what
 * they let through and answer with the open day, the booking, or why not.
 */
import * as v from 'valibot';
import type { OpenDay } from '../src/contract/booking.schema.js';
import { CHINA_OFFSET_MS } from '../src/contract/china-time.js';
import type { Store } from './db.js';
import type { BookingOffice, StaffBooking } from './office.js';
import { upsertOpenDay } from './seed.js';

const slug = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][\w-]{0,63}$/, 'letters, digits, - and _ (at most 64)'));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'not empty'), v.maxLength(max, `at most ${max} characters`));
const time = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'));
const whole = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

const SessionFields = {
  start: time,
  end: time,
  capacity: whole(0, 100_000),
};
const endAfterStart = <T extends { start?: string; end?: string }>() =>
  v.check<T, 'end after start'>((s) => !s.start || !s.end || s.end > s.start, 'end after start');

export const SessionInput = v.pipe(v.strictObject({ id: slug, ...SessionFields }), endAfterStart());
export const SessionPatch = v.pipe(v.strictObject(v.partial(v.object(SessionFields)).entries), endAfterStart());

const DayFields = {
  title: text(100),
  unit: v.strictObject({ id: slug, name: text(100) }),
  description: v.pipe(v.string(), v.maxLength(2000)),
  address: text(200),
  date: v.pipe(
    v.string(),
    v.isoDate('YYYY-MM-DD'),
    v.check((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'a date that exists'),
  ),
  bookingClosesAt: v.pipe(v.string(), v.isoTimestamp('an ISO 8601 date-time with its offset, e.g. 2025-05-01T17:00:00+08:00')),
  maxPartySize: whole(1, 20),
  requiresIdNumber: v.boolean(),
  minAge: whole(0, 120),
  notes: v.pipe(v.array(text(200)), v.maxLength(20)),
  contactPhone: text(40),
};

export const DayInput = v.strictObject({
  id: slug,
  ...DayFields,
  sessions: v.pipe(
    v.array(SessionInput),
    v.minLength(1, 'at least one session'),
    v.maxLength(20),
    v.check((list) => new Set(list.map((s) => s.id)).size === list.length, 'session ids that differ'),
  ),
});
/** POST /admin/bookings/{code}/cancel: why staff cancel it (kept with the booking, shown in the desk and the export). */
export const CancelInput = v.strictObject({ reason: text(200) });

export const DayPatch = v.strictObject(v.partial(v.object(DayFields)).entries);

/** Why a session edit was refused. */
export type SessionRefusal =
  | 'no-day'
  | 'no-session'
  /** The patch, laid over the stored session, ends it before it starts; `field` is the one the patch gave. */
  | { endsBeforeStart: { field: 'start' | 'end'; start: string; end: string } }
  /** The new capacity is below the seats already booked. */
  | { belowBooked: number };

export class Staff {
  constructor(
    private readonly db: Store,
    private readonly office: BookingOffice,
  ) {}

  /** POST /admin/open-days: the new day, or `exists`. */
  async createDay(input: v.InferOutput<typeof DayInput>): Promise<OpenDay | 'exists'> {
    const day: OpenDay = { ...input, sessions: input.sessions.map((s) => ({ ...s, remaining: s.capacity })) };
    const created = await this.db.transaction(async (tx) => {
      const [exists] = await tx.query('SELECT 1 FROM open_days WHERE id = $1 FOR UPDATE', [day.id]);
      if (exists) return false;
      await upsertOpenDay(tx, day);
      return true;
    });
    this.office.forget(day.id);
    return created ? this.stored(day.id) : 'exists';
  }

  /** PATCH /admin/open-days/{id}: the fields given change, the others stay; undefined when there is no such day. */
  async updateDay(id: string, patch: v.InferOutput<typeof DayPatch>): Promise<OpenDay | undefined> {
    const found = await this.db.transaction(async (tx) => {
      const day = await this.office.day(tx, id);
      if (!day) return false;
      await upsertOpenDay(tx, { ...day, ...patch });
      return true;
    });
    this.office.forget(id);
    return found ? this.stored(id) : undefined;
  }

  /** POST /admin/open-days/{id}/sessions: the day with the session, or why not. */
  async addSession(id: string, s: v.InferOutput<typeof SessionInput>): Promise<OpenDay | 'no-day' | 'exists'> {
    const outcome = await this.db.transaction(async (tx) => {
      const [day] = await tx.query('SELECT 1 FROM open_days WHERE id = $1 FOR UPDATE', [id]);
      if (!day) return 'no-day';
      const added = await tx.query(
        `INSERT INTO sessions (open_day_id, id, position, start_time, end_time, capacity, remaining)
         SELECT $1, $2, COALESCE(MAX(position) + 1, 0), $3, $4, $5, $5 FROM sessions WHERE open_day_id = $1
         ON CONFLICT (open_day_id, id) DO NOTHING RETURNING id`,
        [id, s.id, s.start, s.end, s.capacity],
      );
      return added.length ? 'added' : 'exists';
    });
    this.office.forget(id);
    return outcome === 'added' ? this.stored(id) : outcome;
  }

  /**
   * PATCH /admin/open-days/{id}/sessions/{sid}. The patch is laid over the
   * stored session, locked (FOR UPDATE) until the transaction ends, and
   * checked whole before anything is written: a refused edit changes nothing.
   * A new capacity moves the free seats by the same amount; it cannot go
   * below the seats already booked. A booking waiting on the lock takes its
   * seats from the row as written here.
   */
  async updateSession(id: string, sid: string, p: v.InferOutput<typeof SessionPatch>): Promise<OpenDay | SessionRefusal> {
    const refused = await this.db.transaction(async (tx): Promise<SessionRefusal | undefined> => {
      const [row] = await tx.query<{ start_time: string; end_time: string; capacity: number; remaining: number }>(
        'SELECT start_time, end_time, capacity, remaining FROM sessions WHERE open_day_id = $1 AND id = $2 FOR UPDATE',
        [id, sid],
      );
      if (!row) return (await this.office.day(tx, id)) ? 'no-session' : 'no-day';
      const start = p.start ?? row.start_time;
      const end = p.end ?? row.end_time;
      if (end <= start) return { endsBeforeStart: { field: p.end === undefined ? 'start' : 'end', start, end } };
      const capacity = p.capacity ?? row.capacity;
      const booked = row.capacity - row.remaining;
      if (capacity < booked) return { belowBooked: booked };
      await tx.query(
        'UPDATE sessions SET start_time = $3, end_time = $4, capacity = $5, remaining = $6 WHERE open_day_id = $1 AND id = $2',
        [id, sid, start, end, capacity, capacity - booked],
      );
      return undefined;
    });
    this.office.forget(id);
    return refused ?? this.stored(id);
  }

  /** GET /admin/open-days/{id}/sessions/{sid}/bookings: every booking of the session, oldest first, or why not. */
  async bookings(id: string, sid: string): Promise<StaffBooking[] | 'no-day' | 'no-session'> {
    const items = await this.office.sessionBookings(id, sid);
    if (items) return items;
    return (await this.office.day(this.db, id)) ? 'no-session' : 'no-day';
  }

  /** The open day as stored now, after a write that made sure it exists. */
  private async stored(id: string): Promise<OpenDay> {
    const day = await this.office.day(this.db, id);
    if (!day) throw new Error(`open day ${id} is gone after it was written`);
    return day;
  }
}

const STATUS_WORDS: Record<StaffBooking['status'], string> = { confirmed: '已预约', cancelled: '已取消', 'checked-in': '已签到' };

/** A CSV cell: quoted when needed; a leading = + - @ is defused so a spreadsheet shows it as text. */
const cell = (value: string | number | null): string => {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Digits Excel must keep as written (an 18-digit ID number would become 3.70812E+17): a leading tab makes them text. */
const digits = (value: string | null) => (value ? `\t${value}` : '');

/** `2025-05-01 09:13:22`, China Standard Time. */
const chinaTime = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ') : null;

/** UTF-8 with a byte-order mark and CRLF lines, so Excel opens the Chinese text as it is. Times in China Standard Time. */
export function bookingsCsv(items: StaffBooking[]): string {
  const head = [
    '预约码',
    '状态',
    '姓名',
    '手机号码',
    '身份证号码',
    '人数',
    '同行人员',
    '特殊需要',
    '预约时间',
    '签到时间',
    '取消时间',
    '取消原因',
    '取消人',
  ].map(cell);
  const rows = items.map((b) => [
    cell(b.code),
    cell(STATUS_WORDS[b.status]),
    cell(b.name),
    digits(b.phone),
    digits(b.idNumber),
    cell(b.partySize),
    cell(b.companions.map((c) => (c.idNumber ? `${c.name}（${c.idNumber}）` : c.name)).join('；')),
    cell(b.needs),
    cell(chinaTime(b.createdAt)),
    cell(chinaTime(b.checkedInAt)),
    cell(chinaTime(b.cancelledAt)),
    cell(b.cancelReason),
    cell(b.cancelledBy),
  ]);
  return '\uFEFF' + [head, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}
