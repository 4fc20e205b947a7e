/**
 * The staff API's writes and exports: open days and sessions created and
 * edited, a session's bookings in full (JSON or CSV), check-in by code.
 */
import * as v from 'valibot';
import type { OpenDay } from '../src/contract/booking.schema.js';
import type { Store } from './db.js';
import { problem as staffProblem } from './http.js';
import type { Answer, BookingOffice, StaffBooking } from './office.js';
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
export const DayPatch = v.strictObject(v.partial(v.object(DayFields)).entries);

/** 422 for a patch that, laid over the stored session, ends it before it starts; `field` is the one the patch gave. */
const sessionTimesRefused = (field: 'start' | 'end', start: string, end: string): Answer => {
  const message = `${field}: expected end after start (the session would run ${start}–${end})`;
  return staffProblem(422, 'validation', '内容有误', message, { errors: [{ field, code: 'type', message }] });
};

const noDay = (id: string) => staffProblem(404, 'not-found', '未找到开放日', `没有编号为“${id}”的开放日。`);
const noSession = (id: string, sid: string) => staffProblem(404, 'not-found', '未找到场次', `开放日“${id}”没有编号为“${sid}”的场次。`);

export class Staff {
  constructor(
    private readonly db: Store,
    private readonly office: BookingOffice,
  ) {}

  /** POST /admin/open-days */
  async createDay(input: v.InferOutput<typeof DayInput>): Promise<Answer> {
    const day: OpenDay = { ...input, sessions: input.sessions.map((s) => ({ ...s, remaining: s.capacity })) };
    const created = await this.db.transaction(async (tx) => {
      const [exists] = await tx.query('SELECT 1 FROM open_days WHERE id = $1 FOR UPDATE', [day.id]);
      if (exists) return false;
      await upsertOpenDay(tx, day);
      return true;
    });
    this.office.forget(day.id);
    if (!created) return staffProblem(409, 'open-day-exists', '开放日已存在', `已有编号为“${day.id}”的开放日；修改请用 PATCH。`);
    return { status: 201, body: await this.office.day(this.db, day.id) };
  }

  /** PATCH /admin/open-days/{id}: the fields given change, the others stay. */
  async updateDay(id: string, patch: v.InferOutput<typeof DayPatch>): Promise<Answer> {
    const found = await this.db.transaction(async (tx) => {
      const day = await this.office.day(tx, id);
      if (!day) return false;
      await upsertOpenDay(tx, { ...day, ...patch });
      return true;
    });
    this.office.forget(id);
    return found ? { status: 200, body: await this.office.day(this.db, id) } : noDay(id);
  }

  /** POST /admin/open-days/{id}/sessions */
  async addSession(id: string, s: v.InferOutput<typeof SessionInput>): Promise<Answer> {
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
    if (outcome === 'no-day') return noDay(id);
    if (outcome === 'exists') return staffProblem(409, 'session-exists', '场次已存在', `开放日“${id}”已有编号为“${s.id}”的场次。`);
    return { status: 201, body: await this.office.day(this.db, id) };
  }

  /**
   * PATCH /admin/open-days/{id}/sessions/{sid}. The patch is laid over the
   * stored session, locked (FOR UPDATE) until the transaction ends, and
   * checked whole before anything is written: a refused edit changes nothing.
   * A new capacity moves the free seats by the same amount; it cannot go
   * below the seats already booked. A booking waiting on the lock takes its
   * seats from the row as written here.
   */
  async updateSession(id: string, sid: string, p: v.InferOutput<typeof SessionPatch>): Promise<Answer> {
    const outcome = await this.db.transaction(async (tx): Promise<Answer | undefined> => {
      const [row] = await tx.query<{ start_time: string; end_time: string; capacity: number; remaining: number }>(
        'SELECT start_time, end_time, capacity, remaining FROM sessions WHERE open_day_id = $1 AND id = $2 FOR UPDATE',
        [id, sid],
      );
      if (!row) return (await this.office.day(tx, id)) ? noSession(id, sid) : noDay(id);
      const start = p.start ?? row.start_time;
      const end = p.end ?? row.end_time;
      if (end <= start) return sessionTimesRefused(p.end === undefined ? 'start' : 'end', start, end);
      const capacity = p.capacity ?? row.capacity;
      const booked = row.capacity - row.remaining;
      if (capacity < booked) {
        return staffProblem(409, 'capacity-below-booked', '名额少于已预约人数', `该场次已有 ${booked} 个名额被预约，名额不能少于这个数。`);
      }
      await tx.query(
        'UPDATE sessions SET start_time = $3, end_time = $4, capacity = $5, remaining = $6 WHERE open_day_id = $1 AND id = $2',
        [id, sid, start, end, capacity, capacity - booked],
      );
      return undefined;
    });
    this.office.forget(id);
    return outcome ?? { status: 200, body: await this.office.day(this.db, id) };
  }

  /** GET /admin/open-days/{id}/sessions/{sid}/bookings */
  async bookings(id: string, sid: string): Promise<Answer> {
    const items = await this.office.sessionBookings(id, sid);
    if (!items) return (await this.office.day(this.db, id)) ? noSession(id, sid) : noDay(id);
    return { status: 200, body: { items, total: items.length } };
  }

  /** GET /admin/bookings/{code} */
  async booking(code: string): Promise<Answer> {
    const booking = await this.office.staffFind(code);
    return booking ? { status: 200, body: booking } : staffProblem(404, 'not-found', '未找到预约', `没有预约码为“${code}”的预约。`);
  }

  /** POST /admin/bookings/{code}/check-in */
  async checkIn(code: string): Promise<Answer> {
    const result = await this.office.checkIn(code);
    if (result === 'missing') return staffProblem(404, 'not-found', '未找到预约', `没有预约码为“${code}”的预约。`);
    if (result === 'cancelled') return staffProblem(409, 'booking-cancelled', '预约已取消', '该预约已经取消，不能签到。');
    if ('already' in result)
      return staffProblem(409, 'already-checked-in', '已经签到', `该预约码已于 ${result.already} 签到入场，不能重复使用。`);
    return { status: 200, body: result };
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
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : null;

/** UTF-8 with a byte-order mark and CRLF lines, so Excel opens the Chinese text as it is. Times in China Standard Time. */
export function bookingsCsv(items: StaffBooking[]): string {
  const head = ['预约码', '状态', '姓名', '手机号码', '身份证号码', '人数', '同行人员', '特殊需要', '预约时间', '签到时间', '取消时间'].map(
    cell,
  );
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
  ]);
  return '\uFEFF' + [head, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}
