/**
 * The open-day form's data, with no DOM: a draft of strings as the fields hold them, made from
 * a stored day and turned back into the staff API's bodies (DayInput for a new day; for an
 * edit, DayPatch with only what changed), and the server's refusals turned into errors by
 * field, in the desk's own words.
 */
import { numeric } from '../../core/format.js';
import type { DeskError } from './desk.api.js';
import type { StaffDay } from '../../contract/staff.schema.js';

export interface SessionDraft {
  id: string;
  start: string;
  end: string;
  capacity: string;
}

export interface DayDraft {
  id: string;
  title: string;
  unitId: string;
  unitName: string;
  date: string;
  address: string;
  description: string;
  /** One note a line. */
  notes: string;
  /** `YYYY-MM-DD HH:MM`, China time. */
  closesAt: string;
  contactPhone: string;
  maxPartySize: string;
  minAge: string;
  requiresIdNumber: boolean;
  sessions: SessionDraft[];
}

/** An error on screen: the field's path in the body (`sessions.0.capacity`) and what to say. */
export interface Shown {
  field: string;
  text: string;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export const emptySession = (n: number): SessionDraft => ({ id: `s${n}`, start: '', end: '', capacity: '' });

export const emptyDraft = (): DayDraft => ({
  id: '',
  title: '',
  unitId: '',
  unitName: '',
  date: '',
  address: '',
  description: '',
  notes: '',
  closesAt: '',
  contactPhone: '',
  maxPartySize: '5',
  minAge: '0',
  requiresIdNumber: false,
  sessions: [emptySession(1)],
});

export const sessionDraftOf = (s: { id: string; start: string; end: string; capacity: number }): SessionDraft => ({
  id: s.id,
  start: s.start,
  end: s.end,
  capacity: String(s.capacity),
});

export function draftOf(day: StaffDay): DayDraft {
  const closes = numeric(day.bookingClosesAt);
  return {
    id: day.id,
    title: day.title,
    unitId: day.unit.id,
    unitName: day.unit.name,
    date: day.date,
    address: day.address,
    description: day.description,
    notes: day.notes.join('\n'),
    closesAt: closes ? `${closes[0]} ${closes[1]}` : day.bookingClosesAt,
    contactPhone: day.contactPhone,
    maxPartySize: String(day.maxPartySize),
    minAge: String(day.minAge),
    requiresIdNumber: day.requiresIdNumber,
    sessions: day.sessions.map(sessionDraftOf),
  };
}

/** A whole number as typed, else what was typed (the server names the field), or nothing for an empty field. */
export const numberOf = (text: string): number | string | undefined => {
  const s = text.trim();
  if (!s) return undefined;
  return /^\d+$/.test(s) ? Number(s) : s;
};

/** China time, as the open day's town keeps it: `2026-12-02 17:00` → `2026-12-02T17:00:00+08:00`. */
const closesAtOf = (text: string) => {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim());
  return m ? `${m[1]}T${m[2].padStart(2, '0')}:${m[3]}:00+08:00` : text.trim();
};

const notesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** `9:00` → `09:00`; anything else as typed, for the server to name. */
export const timeOf = (text: string) => text.trim().replace(/^(\d):/, '0$1:');

export const sessionInputOf = (s: SessionDraft) => ({
  id: s.id.trim(),
  start: timeOf(s.start),
  end: timeOf(s.end),
  capacity: numberOf(s.capacity),
});

/** The fields every day has, as the staff API takes them. */
function fieldsOf(d: DayDraft) {
  return {
    title: d.title,
    unit: { id: d.unitId.trim(), name: d.unitName },
    description: d.description,
    address: d.address,
    date: d.date,
    bookingClosesAt: closesAtOf(d.closesAt),
    maxPartySize: numberOf(d.maxPartySize),
    requiresIdNumber: d.requiresIdNumber,
    minAge: numberOf(d.minAge),
    notes: notesOf(d.notes),
    contactPhone: d.contactPhone,
  };
}

/** POST /admin/open-days. */
export const inputOf = (d: DayDraft) => ({ id: d.id.trim(), ...fieldsOf(d), sessions: d.sessions.map(sessionInputOf) });

/** PATCH /admin/open-days/{id}: only the fields that differ from `before` (the unit whole, if either part changed). */
export function patchOf(d: DayDraft, before: DayDraft): Record<string, unknown> {
  const now = fieldsOf(d);
  const was = fieldsOf(before);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof typeof now)[]) {
    if (JSON.stringify(now[key]) !== JSON.stringify(was[key])) patch[key] = now[key];
  }
  return patch;
}

/** PATCH …/sessions/{sid}: the times and places that changed. */
export function sessionPatchOf(s: SessionDraft, before: SessionDraft): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (timeOf(s.start) !== before.start) patch.start = timeOf(s.start);
  if (timeOf(s.end) !== before.end) patch.end = timeOf(s.end);
  if (s.capacity.trim() !== before.capacity.trim()) patch.capacity = numberOf(s.capacity);
  return patch;
}

/** `sessions.0.capacity` → `sessions.capacity`: the key of the field's label and error. */
export const fieldKey = (field: string) => field.replace(/\.\d+(?=\.|$)/g, '');

/** The id of a field's input, from its path in the body (`sessions.0.start` → `f-sessions-0-start`), under `prefix`. */
export const fid = (field: string, prefix = 'f') => `${prefix}-${field.replace(/[^\w-]+/g, '-')}`;

/** The form's fields top to bottom, so the summary lists errors in the order the reader meets the fields. */
const FIELD_ORDER = [
  'id',
  'title',
  'unit.id',
  'unit.name',
  'date',
  'address',
  'description',
  'notes',
  'bookingClosesAt',
  'contactPhone',
  'maxPartySize',
  'minAge',
  'requiresIdNumber',
  'sessions',
  'sessions.id',
  'start',
  'sessions.start',
  'end',
  'sessions.end',
  'capacity',
  'sessions.capacity',
];

/** Where a field comes in the form: by its place in the list, a session's by its number first. */
const rankOf = (field: string) => {
  const n = Number(/^sessions\.(\d+)\./.exec(field)?.[1] ?? -1);
  const place = FIELD_ORDER.indexOf(fieldKey(field));
  return (n + 1) * 100 + (place < 0 ? 99 : place);
};

/**
 * The errors of a 422 by field, in the desk's words (a session's with its number), merged so
 * that a field shows one. The server's own message only for a field the desk has no words for.
 */
export function fieldErrors(error: DeskError, t: Translate): Shown[] {
  const list = Array.isArray(error.body.errors) ? (error.body.errors as { field?: unknown; message?: unknown }[]) : [];
  const shown: Shown[] = [];
  for (const e of list) {
    const field = String(e.field ?? '').replace(/\[(\d+)\]/g, '.$1');
    if (shown.some((s) => s.field === field)) continue;
    const key = `desk.e.${fieldKey(field)}`;
    let text = t(key);
    if (text === key) text = String(e.message ?? field);
    const n = /^sessions\.(\d+)\./.exec(field)?.[1];
    if (n !== undefined) text = t('desk.e.sessionNo', { n: Number(n) + 1, error: text });
    shown.push({ field, text });
  }
  return shown.sort((a, b) => rankOf(a.field) - rankOf(b.field));
}
