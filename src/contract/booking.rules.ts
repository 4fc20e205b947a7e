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
 *
 * Names and the needs text refuse characters a person cannot see or that
 * change how the text around them is shown ({@link characterProblem}): a
 * name that looks like 张三 but holds U+200B never matches 张三 at the door or
 * in a staff search, and a right-to-left override makes a name or a note read
 * differently on the staff list and in its CSV than what was sent.
 */
import type { BookingRequest, OpenDay } from './booking.schema.js';
import { CHINA_OFFSET_MS } from './china-time.js';

export interface FieldError {
  /** Path of the field in the request body, e.g. `phone`, `companions[0].name`. */
  field: string;
  code: string;
  vars?: Record<string, number | string>;
}

export const NAME_MIN = 2;
export const NAME_MAX = 30;
export const NEEDS_MAX = 200;

/** Why a character may not stand in a name or the needs text: one per group of {@link REFUSED}. */
const CHARACTER = ['control', 'surrogate', 'bidi', 'invisible'] as const;
export type CharacterProblem = (typeof CHARACTER)[number];

/**
 * The refused characters, one group per problem, tried in this order:
 * - C0 and C1 controls, DEL, and the line and paragraph separators;
 * - half of a UTF-16 pair without its other half (no character at all);
 * - marks, embeddings, overrides and isolates of the bidirectional algorithm;
 * - what is drawn as nothing: format characters (zero-width space and
 *   joiners, word joiner, BOM, soft hyphen, tags…) and the rest of the
 *   default-ignorable code points (combining grapheme joiner, Hangul
 *   fillers…), listed rather than `\p{Default_Ignorable_Code_Point}` because
 *   its variation selectors stay: they pick the glyph of a rare character in
 *   a name (U+E0100…) or of an emoji (U+FE0F).
 */
// The class lists combining and invisible marks on purpose: each is refused where it stands alone.
const REFUSED =
  // eslint-disable-next-line no-misleading-character-class
  /([\p{Cc}\u2028\u2029])|(\p{Cs})|([\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069])|([\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u2065\u3164\uffa0\ufff0-\ufff8\u{e0000}-\u{e00ff}\u{e01f0}-\u{e0fff}])/gu;

/**
 * The first character of `value` that a name (or, `multiline`, the needs
 * text) may not hold: its problem, its position counted in characters from 1,
 * and its code point as `U+200B`. A name is one line: no tab or line break.
 * The needs text may hold line breaks and tabs, and a zero-width joiner inside
 * an emoji sequence (👨‍🦽, a man in a wheelchair). The Mongolian vowel
 * separator stands after a Mongolian letter, where it belongs in a name.
 * Middle dots (阿依古丽·买买提, U+00B7 or ・ U+30FB) and spaces are ordinary
 * characters.
 */
export function characterProblem(value: string, multiline = false): { code: CharacterProblem; position: number; char: string } | undefined {
  for (const m of value.matchAll(REFUSED)) {
    const [c] = m;
    const before = [...value.slice(0, m.index)];
    // The character before, taken whole: in Chromium 156 a class of several properties anchored with `$` misses an emoji.
    const last = before.at(-1) ?? '';
    if (
      (multiline && (c === '\n' || c === '\t')) ||
      (c === '\u180e' && /[\u1820-\u1878]/.test(last)) ||
      (multiline &&
        c === '\u200d' &&
        /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u.test(last) &&
        /^\p{Extended_Pictographic}/u.test(value.slice(m.index + 1)))
    )
      continue;
    return {
      code: CHARACTER[m.findIndex((group, i) => i && group) - 1],
      position: before.length + 1,
      char: `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    };
  }
  return undefined;
}

/** Full-width digits and letters (from a Chinese input method) as ASCII. */
const halfWidth = (raw: string) => raw.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Spaces, hyphens and a +86 / 0086 prefix removed: `+86 138-0000-0000` → `13800000000`. */
export const normalisePhone = (raw: string) =>
  halfWidth(raw)
    .replace(/[\s-]/g, '')
    .replace(/^(?:\+|00)86/, '');

export const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

/** Spaces removed and a lowercase x raised. */
export const normaliseId = (raw: string) => halfWidth(raw).replace(/\s/g, '').toUpperCase();

/** A party size as typed: a whole number, or NaN. */
export const partySizeOf = (raw: string) => (/^\d{1,3}$/.test(halfWidth(raw).trim()) ? Number(halfWidth(raw).trim()) : NaN);

/** The calendar date in China Standard Time, `YYYY-MM-DD`. */
export const chinaDate = (at = Date.now()) => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);

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
  // Checked as trimmed, as the form sends them and the server keeps them.
  const characters = (field: string, value: string, multiline = false) => {
    const found = characterProblem(value.trim(), multiline);
    if (found) fail(field, found.code, { position: found.position, char: found.char });
    return !!found;
  };
  const name = (prefix: string, value: string) => {
    if (characters(`${prefix}name`, value)) return;
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
  if (!characters('needs', body.needs ?? '', true) && [...(body.needs ?? '')].length > NEEDS_MAX)
    fail('needs', 'length', { max: NEEDS_MAX });
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
  const field = companion ? e.field.slice(companion[0].length) : e.field;
  // A refused character reads the same in every field that checks them, with the field's name in it.
  const text = (CHARACTER as readonly string[]).includes(e.code)
    ? t(`booking.error.character.${e.code}`, { ...e.vars, field: t(`booking.error.field.${field}`) })
    : t(`booking.error.${field}.${e.code}`, e.vars);
  return companion ? t('booking.companionError', { n: Number(companion[1]) + 1, error: text }) : text;
}
