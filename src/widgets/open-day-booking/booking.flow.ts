/**
 * The booking form's flow, with no DOM: what a citizen typed (the draft), the
 * step on screen, the errors shown, and the requests (book, find, cancel)
 * with what each answer does to the step. The element renders from it and
 * hands it what needs the page: the open days, a POST, a way to render again,
 * to fetch the open days again and to tell the page.
 *
 * The draft is never cleared by an error, a failed request, going back or a
 * full session: every step renders from it. Each step checks its own fields
 * with the same rules as the server (booking.rules.ts), on submit of the step.
 *
 * A booking attempt has one Idempotency-Key, kept while the answers stay the
 * same: Retry after a dropped request or a timeout sends the same key, so the
 * server can replay its first answer instead of booking twice. One request
 * runs at a time; a press while one is pending does nothing.
 */
import { DjError } from '../../core/errors.js';
import {
  chinaDate,
  isMobile,
  normaliseId,
  normalisePhone,
  partySizeOf,
  validateBooking,
  type FieldError,
} from '../../contract/booking.rules.js';
import type { Booking, BookingRequest, OpenDay, Session } from '../../contract/booking.schema.js';

export type Step = 'choose' | 'details' | 'consent' | 'check' | 'done' | 'lookup' | 'found' | 'cancel';
/** The booking's question pages, in order; Back and Continue move along it. */
export const FLOW: readonly Step[] = ['choose', 'details', 'consent', 'check'];

export interface Person {
  name: string;
  idNumber: string;
}

export interface Draft extends Person {
  dayId: string;
  sessionId: string;
  phone: string;
  partySize: string;
  /** Never shortened: fewer people hides the last companions, it does not forget them. */
  companions: Person[];
  needs: string;
  privacy: boolean;
  idConsent: boolean;
}

/** An error on screen; `text` is the server's own words, shown when the form has none for it. */
export type Shown = FieldError & { text?: string };

/** What the flow needs from the page. */
export interface BookingFlowHost {
  /** The open days on offer: the one asked for, or those listed. */
  days(): OpenDay[];
  /** POSTs `body` as JSON to `path` under the endpoint: the booking answered, or a DjError. */
  post(path: string, body: unknown, options: { headers?: Record<string, string>; answers?: readonly number[] }): Promise<Booking>;
  /** The flow changed: render again. */
  update(): void;
  /** Fetch the open days again, for fresh seats and closing times. */
  reload(): void;
  /** A request failed for a reason the citizen cannot fix by editing (no answer the form explains). */
  failed(error: DjError): void;
  confirmed(booking: Booking): void;
  cancelled(booking: Booking): void;
}

/** The element id of a field: `companions[0].name` → `f-companions-0-name`. */
export const fid = (field: string) => `f-${field.replace(/\W+/g, '-')}`;

/**
 * A lookup that finds nothing cannot tell whether the code or the mobile is
 * wrong, so its error belongs to the pair (as GOV.UK does for a date whose
 * parts are wrong together): shown once above both, both marked, and the
 * summary links to the first of them.
 */
export const PAIR = 'lookup';

/** Why an open day cannot be booked, if it cannot. */
export const unavailable = (day: OpenDay): 'past' | 'closed' | 'full' | '' =>
  day.date < chinaDate()
    ? 'past'
    : Date.now() >= Date.parse(day.bookingClosesAt)
      ? 'closed'
      : day.sessions.some((s) => s.remaining)
        ? ''
        : 'full';

const stepOf = (field: string): Step =>
  field === 'openDay' || field === 'sessionId' ? 'choose' : field.startsWith('consent') ? 'consent' : 'details';

/** A v4 UUID; crypto.randomUUID exists only on https pages, getRandomValues everywhere. */
const uuid = (): string =>
  crypto.randomUUID?.() ??
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b, i) =>
    (i === 6 ? (b & 15) | 64 : i === 8 ? (b & 63) | 128 : b).toString(16).padStart(2, '0'),
  )
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

const blank = (): Person => ({ name: '', idNumber: '' });

/**
 * The state of one booking form. Its fields are read by the templates and
 * changed only through its methods, each of which asks the host to render.
 */
export class BookingFlow {
  step: Step = 'choose';
  draft: Draft = {
    dayId: '',
    sessionId: '',
    name: '',
    phone: '',
    idNumber: '',
    partySize: '1',
    companions: [],
    needs: '',
    privacy: false,
    idConsent: false,
  };
  errors: Shown[] = [];
  /** Reached from a change link on check your answers: Continue and Back lead back there. */
  returnToCheck = false;
  sending = false;
  /** A request that failed for a reason the citizen cannot fix by editing: offers Retry. */
  failure?: DjError;
  /** The server already holds a booking by this mobile for this day. */
  duplicate = false;
  /** The booking made, found or cancelled. */
  booking?: Booking;
  /** What was typed on the lookup page. */
  query = { code: '', phone: '' };
  /** Id of the element to focus once drawn; the host takes it (DjElement.focusAfterRender). */
  focus?: string;
  /** The body and Idempotency-Key of the booking being sent. */
  private attempt?: { body: string; key: string };

  constructor(private readonly host: BookingFlowHost) {}

  get days(): OpenDay[] {
    return this.host.days();
  }

  /** The chosen open day: the only one, or the one picked from the list. */
  get day(): OpenDay | undefined {
    const days = this.days;
    return days.length === 1 ? days[0] : days.find((d) => d.id === this.draft.dayId);
  }

  get session(): Session | undefined {
    return this.day?.sessions.find((s) => s.id === this.draft.sessionId);
  }

  set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    this.host.update();
  }

  setCompanion(i: number, patch: Partial<Person>): void {
    const companions = [...this.draft.companions];
    companions[i] = { ...(companions[i] ?? blank()), ...patch };
    this.set({ companions });
  }

  setQuery(patch: Partial<BookingFlow['query']>): void {
    this.query = { ...this.query, ...patch };
    this.host.update();
  }

  /** The companions asked for: party size less one, when the party size is valid. */
  companions(day: OpenDay): Person[] {
    const size = partySizeOf(this.draft.partySize);
    const count = size >= 1 && size <= day.maxPartySize ? size - 1 : 0;
    return Array.from({ length: count }, (_, i) => this.draft.companions[i] ?? blank());
  }

  /** The request body the draft makes: trimmed, numbers normalised, ID numbers only when asked for. */
  body(day: OpenDay): BookingRequest {
    const d = this.draft;
    const ids = day.requiresIdNumber;
    const needs = d.needs.trim();
    return {
      sessionId: d.sessionId,
      name: d.name.trim(),
      phone: normalisePhone(d.phone),
      ...(ids ? { idNumber: normaliseId(d.idNumber) } : {}),
      partySize: partySizeOf(d.partySize),
      companions: this.companions(day).map((c) => ({ name: c.name.trim(), ...(ids ? { idNumber: normaliseId(c.idNumber) } : {}) })),
      ...(needs ? { needs } : {}),
      consent: { privacy: d.privacy, ...(ids ? { idNumber: d.idConsent } : {}) },
    };
  }

  /** The problems of one step (or, for `check`, of all). */
  problems(step: Step): Shown[] {
    const day = this.day;
    if (!day) return [{ field: 'openDay', code: 'required' }];
    // Only a day chosen before it filled up or closed (the list offers no other): choose again.
    const why = unavailable(day);
    if (why && step === 'choose' && this.days.length > 1) return [{ field: 'openDay', code: why === 'full' ? 'full' : 'closed' }];
    const errors: Shown[] = validateBooking(this.body(day), day).filter((e) => step === 'check' || stepOf(e.field) === step);
    const session = this.session;
    const mine = (field: string) => (step === 'check' || stepOf(field) === step) && !errors.some((e) => e.field === field);
    if (session && !session.remaining && mine('sessionId')) errors.unshift({ field: 'sessionId', code: 'full' });
    else if (session && partySizeOf(this.draft.partySize) > session.remaining && mine('partySize'))
      errors.push({ field: 'partySize', code: 'seats', vars: { n: session.remaining } });
    return errors;
  }

  /** Where the form starts for the element's `view`; called while the host updates. */
  start(view: 'book' | 'lookup'): void {
    this.step = view === 'lookup' ? 'lookup' : 'choose';
  }

  /** Another open day: its sessions and rules differ, so booking starts again at step 1 (answers kept). */
  dayChanged(): void {
    if (FLOW.includes(this.step) || this.step === 'done') {
      this.step = 'choose';
      this.errors = [];
    }
  }

  go(step: Step, focus = 'heading'): void {
    if (step === 'check') this.returnToCheck = false;
    this.step = step;
    this.errors = [];
    this.failure = undefined;
    this.duplicate = false;
    this.focus = focus;
    this.host.update();
  }

  /** Continue: the step's errors, or the next step (check your answers, after a change). */
  next(): void {
    const errors = this.problems(this.step);
    if (errors.length) return this.showErrors(errors, this.step);
    this.go(this.returnToCheck ? 'check' : FLOW[FLOW.indexOf(this.step) + 1]);
  }

  back(): void {
    this.go(this.returnToCheck ? 'check' : FLOW[FLOW.indexOf(this.step) - 1]);
  }

  /** A change link on check your answers: the field's step, focus on the field. */
  change(field: string): void {
    this.go(stepOf(field), fid(field));
    this.returnToCheck = true;
  }

  /** Back to step 1 with fresh seats (after a booking or a cancellation). */
  restart(): void {
    this.host.reload();
    this.go('choose');
  }

  submit(): void {
    const day = this.day;
    const errors = this.problems('check');
    if (!day || errors.length) return this.showErrors(errors);
    const body = this.body(day);
    const text = JSON.stringify(body);
    if (this.attempt?.body !== text) this.attempt = { body: text, key: uuid() };
    void this.call(
      `/open-days/${encodeURIComponent(day.id)}/bookings`,
      body,
      { headers: { 'Idempotency-Key': this.attempt.key }, answers: [409, 410, 422] },
      (booking) => {
        this.attempt = undefined;
        this.booking = booking;
        this.go('done');
        this.host.confirmed(booking);
      },
    );
  }

  find(): void {
    const code = this.query.code.replace(/\s/g, '').toUpperCase();
    const phone = normalisePhone(this.query.phone);
    const errors: Shown[] = [];
    if (!code) errors.push({ field: 'code', code: 'required' });
    if (!isMobile(phone)) errors.push({ field: 'phone', code: phone ? 'format' : 'required' });
    if (errors.length) return this.showErrors(errors, 'lookup');
    // A POST: the phone goes in the body, never in a URL that proxies log.
    void this.call(`/bookings/${encodeURIComponent(code)}/lookup`, { phone }, { answers: [404, 429] }, (booking) => {
      this.booking = booking;
      this.go('found');
    });
  }

  cancel(): void {
    const { code } = this.booking!;
    void this.call(`/bookings/${encodeURIComponent(code)}/cancel`, { phone: normalisePhone(this.query.phone) }, {}, (booking) => {
      this.booking = booking;
      this.go('found');
      this.host.cancelled(booking);
    });
  }

  private showErrors(errors: Shown[], step = stepOf(errors[0].field)): void {
    this.step = step;
    this.errors = errors;
    this.failure = undefined;
    this.focus = 'summary';
    this.host.update();
  }

  /** Runs one request at a time; a failure lands on the fields or offers Retry. */
  private async call(
    path: string,
    body: unknown,
    options: Parameters<BookingFlowHost['post']>[2],
    done: (booking: Booking) => void,
  ): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.failure = undefined;
    this.duplicate = false;
    this.host.update();
    try {
      done(await this.host.post(path, body, options));
    } catch (error) {
      if (!(error instanceof DjError)) throw error;
      this.failed(error);
    } finally {
      this.sending = false;
      this.host.update();
    }
  }

  /**
   * An answer the citizen can act on (nothing found, a 422 on a field, a full
   * session, a closed booking, a duplicate) is shown where it belongs and is
   * no system error: only a failure (network, timeout, 5xx, a body off the
   * contract, an unexpected status) goes to the host and offers Retry.
   */
  private failed(error: DjError): void {
    const { status, problem } = error.extra;
    const type = problem?.type ?? '';
    if (this.step === 'lookup' && status === 404) return this.showErrors([{ field: PAIR, code: 'notFound' }], 'lookup');
    // Too many wrong mobiles for this code: it is locked for a while (LOOKUP_LOCK), which the reader is told, with the way out.
    if (this.step === 'lookup' && status === 429 && type.endsWith('/code-locked')) {
      const seconds = problem?.retryAfter ?? 0;
      return this.showErrors([{ field: PAIR, code: 'locked', vars: { minutes: seconds > 0 ? Math.ceil(seconds / 60) : 60 } }], 'lookup');
    }
    if (this.step === 'check' && ((status === 409 && type.endsWith('session-full')) || status === 410)) {
      // Fresh capacity (or the closing time) for step 1; the answers stay, and Continue comes back here.
      this.host.reload();
      this.showErrors([{ field: 'sessionId', code: status === 410 ? 'closed' : 'taken' }], 'choose');
      this.returnToCheck = true;
      return;
    }
    if (status === 422 && problem?.errors?.length) return this.showErrors(problem.errors.map((e) => ({ ...e, text: e.message })));
    if (status === 409 && type.endsWith('duplicate-booking')) this.duplicate = true;
    else {
      this.failure = error;
      this.host.failed(error);
    }
    this.focus = 'failure';
  }
}
