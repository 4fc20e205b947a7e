/**
 * The booking form's dates: a session's day and time, and the day with its weekday, in China
 * time, from core's parts (core/format.ts says why they are built from formatToParts). Only
 * the booking form shows them, so a page without it does not fetch them.
 */
import { numeric, partsOf } from '../../core/format.js';
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
  if (locale === 'en') {
    const p = partsOf(date, 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    return `${p.weekday} ${p.day} ${p.month}${year ? ` ${p.year}` : ''}`;
  }
  const p = partsOf(date, 'zh-CN', { weekday: 'long', year: 'numeric', month: 'numeric', day: 'numeric' });
  return `${year ? `${p.year}年` : ''}${p.month}月${p.day}日 ${p.weekday}`;
}
