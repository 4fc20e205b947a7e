/**
 * The booking form's dates: a session's day and time, and the day with its weekday, in China
 * time, from core's China-time fields (core/format.ts says why not through Intl). Only the
 * booking form shows them, so a page without it does not fetch them.
 */
import { chinaFields, numeric } from '../../core/format.js';
import type { Locale } from '../../core/i18n.js';

/** `YYYY-MM-DD HH:MM`, China Standard Time. */
export function formatDateTime(iso: string): string {
  return numeric(iso)?.join(' ') ?? iso;
}

/**
 * The day with its weekday, China time: `12月6日 星期日` / `Sunday 6 December`,
 * or with `year`, `2026年12月6日 星期日` / `Sunday 6 December 2026`.
 */
export function formatDayWithWeekday(iso: string, locale: Locale, { year = false } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const f = chinaFields(date);
  if (locale === 'en') return `${WEEKDAYS_EN[f.weekday]} ${f.day} ${MONTHS_EN[f.month - 1]}${year ? ` ${f.year}` : ''}`;
  return `${year ? `${f.year}年` : ''}${f.month}月${f.day}日 星期${'日一二三四五六'[f.weekday]}`;
}

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = 'January February March April May June July August September October November December'.split(' ');
