/**
 * Walks `<dj-open-day-booking>` to a step the way a citizen would (choose,
 * type, tick, continue), in any language, for the stories' play functions
 * and the browser tests alike. Values are set as typed text with an `input`
 * event; the browser tests type for real where typing itself is under test.
 */
import { ID, OPEN_DAY } from '../src/demo/open-days.js';
import type { DjOpenDayBooking } from '../src/widgets/open-day-booking/open-day-booking.js';

/** A citizen's answers for the government open day (ID numbers, up to 5 people). */
export const CITIZEN = { name: '张晓明', phone: '138 0013 8000', idNumber: ID.adult } as const;

export async function until<T>(check: () => T, what: string, timeout = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`never ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const root = (el: DjOpenDayBooking) => el.shadowRoot!;

/** The element of a field, by its path in the request body (`companions[0].name`). */
export const field = <E extends HTMLElement = HTMLInputElement>(el: DjOpenDayBooking, path: string) =>
  root(el).querySelector<E>(`#f-${path.replace(/\W+/g, '-')}`);

export async function fill(el: DjOpenDayBooking, path: string, value: string): Promise<void> {
  const input = await until(() => field(el, path), `showed the field ${path}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Presses the step's main button (Continue, Confirm booking, Find booking…), whatever the language. */
export async function submit(el: DjOpenDayBooking): Promise<void> {
  const button = await until(
    () => [...root(el).querySelectorAll<HTMLButtonElement>('.actions button[type="submit"]')].at(-1),
    'showed a submit button',
  );
  button.click();
  await el.updateComplete;
}

/** Picks a radio or ticks a checkbox: by its id's field path, or by its label's text. */
export async function pick(el: DjOpenDayBooking, label: string): Promise<void> {
  const found = await until(
    () => field(el, label) ?? [...root(el).querySelectorAll('label')].find((l) => l.textContent!.includes(label)),
    `showed a choice “${label}”`,
  );
  found.click();
  await el.updateComplete;
}

const shows = (el: DjOpenDayBooking, selector: string) => until(() => root(el).querySelector(selector), `showed ${selector}`);

/** Step 2, with the session starting at `session` chosen (by default the first that has seats). */
export async function toDetails(el: DjOpenDayBooking, session = 'sessionId'): Promise<void> {
  await pick(el, session);
  await submit(el);
  await shows(el, '#f-name');
}

/** Fills step 2 with the citizen's details and `companions` companions (ID numbers only where asked). */
export async function fillDetails(el: DjOpenDayBooking, companions: { name: string; idNumber: string }[] = []): Promise<void> {
  await fill(el, 'name', CITIZEN.name);
  await fill(el, 'phone', CITIZEN.phone);
  if (field(el, 'idNumber')) await fill(el, 'idNumber', CITIZEN.idNumber);
  await fill(el, 'partySize', String(companions.length + 1));
  for (const [i, c] of companions.entries()) {
    await fill(el, `companions[${i}].name`, c.name);
    if (field(el, `companions[${i}].idNumber`)) await fill(el, `companions[${i}].idNumber`, c.idNumber);
  }
}

/** Step 3, with the citizen's details and `companions` companions. */
export async function toConsent(el: DjOpenDayBooking, companions: { name: string; idNumber: string }[] = []): Promise<void> {
  await toDetails(el);
  await fillDetails(el, companions);
  await submit(el);
  await shows(el, '#f-consent-privacy');
}

/** Step 4, everything agreed. */
export async function toCheck(el: DjOpenDayBooking, companions?: { name: string; idNumber: string }[]): Promise<void> {
  await toConsent(el, companions);
  await pick(el, 'consent.privacy');
  if (field(el, 'consent.idNumber')) await pick(el, 'consent.idNumber');
  await submit(el);
  await shows(el, '[part="answers"]');
}

/** The confirmation, after a real booking on the mock endpoint (the citizen and one companion). */
export async function toDone(el: DjOpenDayBooking): Promise<void> {
  await toCheck(el, [{ name: '李红', idNumber: ID.adult2 }]);
  await submit(el);
  await shows(el, '#code');
}

/** The lookup form, filled with `code` and `phone`, then sent. */
export async function lookUp(el: DjOpenDayBooking, code: string, phone: string = CITIZEN.phone): Promise<void> {
  await fill(el, 'code', code);
  await fill(el, 'phone', phone);
  await submit(el);
}

/** Books (the confirmation), then looks the booking up by its code and `phone`, as its citizen would later. */
export async function lookUpBooked(el: DjOpenDayBooking, phone: string = CITIZEN.phone): Promise<string> {
  await toDone(el);
  const code = root(el).querySelector('#code')!.textContent!;
  el.view = 'lookup';
  await el.updateComplete;
  await lookUp(el, code, phone);
  return code;
}

export { ID, OPEN_DAY };
