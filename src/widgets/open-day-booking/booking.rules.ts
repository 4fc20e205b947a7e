/**
 * The booking rules, one copy for the form, the mock endpoint and the
 * reference server, so a citizen sees the same verdict wherever it is made.
 *
 * {@link validateBooking} checks a request body against an open day and
 * returns every problem as a field path of the body (`companions[1].idNumber`)
 * and a code; {@link describeFieldError} turns it into the sentence from
 * booking.messages.ts, in any language.
 *
 * ID numbers follow GB 11643-1999: 17 digits and a check character (ISO 7064
 * MOD 11-2, `X` for 10). The first six digits are not checked against a list
 * of regions, so residence permits of Hong Kong, Macao and Taiwan residents
 * (81, 82, 83) pass like any other.
 */
import type { BookingRequest, OpenDay } from './booking.schema.js';

export interface FieldError {
  /** Path of the field in the request body, e.g. `phone`, `companions[0].name`. */
  field: string;
  code: string;
  vars?: Record<string, number | string>;
}

export const NAME_MIN = 2;
export const NAME_MAX = 30;
export const NEEDS_MAX = 200;

/** Full-width digits and letters (from a Chinese input method) as ASCII. */
const halfWidth = (raw: string) => raw.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Spaces, hyphens and a +86 / 0086 prefix removed: `+86 138-0000-0000` → `13800000000`. */
export const normalisePhone = (raw: string) => halfWidth(raw).replace(/[\s-]/g, '').replace(/^(?:\+|00)86/, '');

export const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

/** Spaces removed and a lowercase x raised. */
export const normaliseId = (raw: string) => halfWidth(raw).replace(/\s/g, '').toUpperCase();

/** A party size as typed: a whole number, or NaN. */
export const partySizeOf = (raw: string) => (/^\d{1,3}$/.test(halfWidth(raw).trim()) ? Number(halfWidth(raw).trim()) : NaN);

/** The calendar date in China Standard Time, `YYYY-MM-DD`. */
export const chinaDate = (at = Date.now()) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);

/** `YYYY-MM-DD` of the birth date an ID number carries. */
const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

/** Whole years from `birth` to `on`, both `YYYY-MM-DD`. */
export const ageOn = (birth: string, on: string) =>
  Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

/** Why a normalised ID number is not a valid GB 11643 number, or undefined when it is. */
export function idNumberProblem(id: string, today: string): 'length' | 'format' | 'date' | 'future' | 'check' | undefined {
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const birth = birthOf(id);
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth || birth < '1900-01-01') return 'date';
  if (birth > today) return 'future';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11] === id[17] ? undefined : 'check';
}

/**
 * Every problem of `body` for `day`, in the order the fields are asked.
 * Capacity is not checked here: the server answers a full session with 409.
 */
export function validateBooking(body: BookingRequest, day: OpenDay, today = chinaDate()): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, code: string, vars?: FieldError['vars']) => errors.push({ field, code, vars });
  const max = day.maxPartySize;
  if (!body.sessionId) fail('sessionId', 'required');
  else if (!day.sessions.some((s) => s.id === body.sessionId)) fail('sessionId', 'unknown');

  const seen = new Set<string>();
  const name = (prefix: string, value: string) => {
    const length = [...value.trim()].length;
    if (!length) fail(`${prefix}name`, 'required');
    else if (length < NAME_MIN || length > NAME_MAX) fail(`${prefix}name`, 'length', { min: NAME_MIN, max: NAME_MAX });
  };
  const idNumber = (prefix: string, value: string | undefined) => {
    if (!day.requiresIdNumber) return;
    const id = normaliseId(value ?? '');
    const field = `${prefix}idNumber`;
    const problem = id ? idNumberProblem(id, today) : 'required';
    if (problem) fail(field, problem, { length: id.length });
    else if (day.minAge && ageOn(birthOf(id), day.date) < day.minAge) fail(field, 'age', { minAge: day.minAge });
    else if (seen.has(id)) fail(field, 'duplicate');
    seen.add(id);
  };

  name('', body.name);
  const phone = normalisePhone(body.phone);
  if (!phone) fail('phone', 'required');
  else if (!isMobile(phone)) fail('phone', 'format');
  idNumber('', body.idNumber);
  const size = body.partySize;
  if (!Number.isInteger(size) || size < 1 || size > max) fail('partySize', 'range', { max });
  else if (body.companions.length !== size - 1) fail('companions', 'count', { count: size - 1 });
  else
    body.companions.forEach((c, i) => {
      name(`companions[${i}].`, c.name);
      idNumber(`companions[${i}].`, c.idNumber);
    });
  if ([...(body.needs ?? '')].length > NEEDS_MAX) fail('needs', 'length', { max: NEEDS_MAX });
  if (body.consent.privacy !== true) fail('consent.privacy', 'required');
  if (day.requiresIdNumber && body.consent.idNumber !== true) fail('consent.idNumber', 'required');
  return errors;
}

/**
 * The sentence for `e`, through `t` (a locale lookup): a companion's error is
 * the field's own message after who it is about (第 2 位同行人员：…).
 */
export function describeFieldError(e: FieldError, t: (key: string, vars?: FieldError['vars']) => string): string {
  const companion = /^companions\[(\d+)\]\./.exec(e.field);
  const text = t(`booking.error.${companion ? e.field.slice(companion[0].length) : e.field}.${e.code}`, e.vars);
  return companion ? t('booking.companionError', { n: Number(companion[1]) + 1, error: text }) : text;
}
