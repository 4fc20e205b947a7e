/**
 * Dates and numbers through Intl. The contract's dates carry +08:00; they are
 * shown in China Standard Time so a visitor abroad sees the same day as a
 * visitor in Jining. Fixed formats (`YYYY-MM-DD`, `HH:MM`, `12月6日 星期日`)
 * are put together from `formatToParts`, never taken from a locale's pattern:
 * the pattern comes from the engine's ICU data, and WebKit with an older ICU
 * writes `en-CA` dates as 09/12/2024.
 */
import type { Locale } from './i18n.js';

const TIME_ZONE = 'Asia/Shanghai';

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The named parts of `date` in China time, from a format built once per locale and options. */
export function partsOf(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Parts {
  const key = locale + JSON.stringify(options);
  let format = partsFormats.get(key);
  if (!format) partsFormats.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options })));
  const parts: Parts = {};
  for (const { type, value } of format.formatToParts(date)) parts[type] = value;
  return parts;
}

const NUMERIC: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/** `[YYYY-MM-DD, HH:MM]` in China time, or undefined for a string that is not a date. */
export function numeric(iso: string): [string, string] | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  // Latin digits whatever the page's locale: 'en-US' only names the digits here, not the order.
  const p = partsOf(date, 'en-US', NUMERIC);
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour === '24' ? '00' : p.hour}:${p.minute}`];
}

/** `YYYY-MM-DD`, China Standard Time. */
export function formatDate(iso: string): string {
  return numeric(iso)?.[0] ?? iso;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

/**
 * `url` when it is an http(s) or relative link, else undefined: a link or
 * image from the endpoint can never be `javascript:` or `data:`.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return /^https?:$/.test(new URL(url, document.baseURI).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}
