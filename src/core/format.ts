/**
 * Dates and numbers. The contract's dates carry +08:00; they are shown in
 * China Standard Time so a visitor abroad sees the same day as a visitor in
 * Jining. China keeps UTC+8 all year (no daylight saving since 1991, long
 * before any date the kit shows), so the fields are worked out from the
 * instant itself, as the contract's `chinaDate` does, never through
 * `Intl.DateTimeFormat`: its first use with a time zone loads the engine's
 * zone data, about 30 ms on a fast desktop, four times that on a phone, in
 * the middle of a widget's first render; and the fixed formats
 * (`YYYY-MM-DD`, `HH:MM`, `12月6日 星期日`) then never depend on a locale's
 * pattern (WebKit with an older ICU writes `en-CA` dates as 09/12/2024).
 */
// The contract's CHINA_OFFSET_MS (src/contract/china-time.ts), written again: imported, the
// binding costs the loader's core 14 bytes gzip, more than its tightest budget has left.
const CHINA_OFFSET = 8 * 3_600_000;

/** The calendar fields of `date` in China time; `weekday` 0 is Sunday. */
export function chinaFields(date: Date) {
  const t = new Date(date.getTime() + CHINA_OFFSET);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    weekday: t.getUTCDay(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `[YYYY-MM-DD, HH:MM]` in China time, or undefined for a string that is not a date. */
export function numeric(iso: string): [string, string] | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const f = chinaFields(date);
  return [`${f.year}-${two(f.month)}-${two(f.day)}`, `${two(f.hour)}:${two(f.minute)}`];
}

/** `YYYY-MM-DD`, China Standard Time. */
export function formatDate(iso: string): string {
  return numeric(iso)?.[0] ?? iso;
}

/**
 * A figure as `Intl.NumberFormat` writes it in zh-CN and in en alike: thousands grouped with a
 * comma, a point before at most three decimals. Written out here for the same reason as the
 * dates: the first `Intl` formatter a page makes loads the engine's locale data, the longest
 * piece of the brand card's first render on a phone.
 */
export function formatNumber(value: number): string {
  // Rounded half away from zero on the shortest decimal that reads back as the value (1.0005 is
  // 1.001), as Intl rounds, not on the binary value as toFixed does (1.000).
  const [int, frac = ''] = decimal(Math.abs(value));
  const thousandths = BigInt(int + frac.slice(0, 3).padEnd(3, '0')) + (frac[3] >= '5' ? 1n : 0n);
  const digits = String(thousandths).padStart(4, '0');
  const grouped = digits.slice(0, -3).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = digits.slice(-3).replace(/0+$/, '');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** The whole and fraction digits of a non-negative number, from its shortest decimal, without an exponent. */
function decimal(n: number): [string, string?] {
  const [mantissa, exponent = '0'] = String(n).split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const shift = Number(exponent);
  const all = whole + fraction;
  const point = whole.length + shift;
  if (point <= 0) return ['0', '0'.repeat(-point) + all];
  return [all.slice(0, point).padEnd(point, '0'), all.slice(point)];
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
