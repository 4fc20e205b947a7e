/**
 * An iCalendar (RFC 5545) file for a booked session. Times are written in
 * UTC, so no VTIMEZONE is needed; the contract's times are China Standard
 * Time. Lines are folded at 24 characters (at most 75 octets in UTF-8 for
 * Chinese text) and end in CRLF, as the RFC asks.
 */
import type { OpenDay, Session } from '../../contract/booking.schema.js';

const text = (value: string) => value.replace(/[\\;,]/g, '\\$&').replace(/\r?\n/g, '\\n');
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '');
const at = (date: string, time: string) => utc(Date.parse(`${date}T${time}:00+08:00`));

export function icsFile(uid: string, day: OpenDay, session: Session, description: string[], stamp = Date.now()): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//dj-widgets//open-day-booking//ZH',
    'BEGIN:VEVENT',
    `UID:${uid}@dj-widgets`,
    `DTSTAMP:${utc(stamp)}`,
    `DTSTART:${at(day.date, session.start)}`,
    `DTEND:${at(day.date, session.end)}`,
    `SUMMARY:${text(`${day.title}（${day.unit.name}）`)}`,
    `LOCATION:${text(day.address)}`,
    `DESCRIPTION:${text(description.join('\n'))}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ]
    .map((line) => line.match(/.{1,24}/gu)?.join('\r\n ') ?? '')
    .join('\r\n');
}
