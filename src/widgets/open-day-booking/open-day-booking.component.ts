/**
 * The open-day booking form, after the GOV.UK patterns: one question page at
 * a time, an error summary that takes focus and links to each field, check
 * your answers with a change link per answer, and a confirmation page.
 *
 * What a citizen typed lives in `draft` and is never cleared by an error, a
 * failed request, going back or a full session: every step renders from it.
 * Every step checks its own fields with the same rules as the server
 * (booking.rules.ts), on submit of the step, not on blur.
 *
 * A booking attempt has one Idempotency-Key, kept while the answers stay the
 * same: Retry after a dropped request or a timeout sends the same key, so the
 * server can replay its first answer instead of booking twice. The submit
 * button is never disabled; a press while a request is pending does nothing.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { send } from '../../core/client.js';
import { endpointUrl } from '../../core/config.js';
import { DjElement, zh } from '../../core/element.js';
import { DjError, describeError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { formatDateTime, formatDayWithWeekday } from '../../core/format.js';
import { Resource } from '../../core/resource.js';
import { renderStates } from '../../core/states.js';
import {
  chinaDate,
  describeFieldError,
  isMobile,
  NEEDS_MAX,
  normaliseId,
  normalisePhone,
  partySizeOf,
  validateBooking,
  type FieldError,
} from '../../contract/booking.rules.js';
import { Booking, OpenDay, OpenDays, type BookingRequest, type Session } from '../../contract/booking.schema.js';
import { icsFile } from './ics.js';
import { styles } from './open-day-booking.styles.js';
import './booking.messages.js';

declare module '../../core/events.js' {
  interface DjEventDetails {
    /** A booking was confirmed by the server. */
    'dj-booking-confirm': { code: string; openDayId: string; sessionId: string };
    /** A booking was cancelled by the server. */
    'dj-booking-cancel': { code: string };
  }
}

type Step = 'choose' | 'details' | 'consent' | 'check' | 'done' | 'lookup' | 'found' | 'cancel';
const FLOW: Step[] = ['choose', 'details', 'consent', 'check'];

interface Person {
  name: string;
  idNumber: string;
}

interface Draft extends Person {
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
type Shown = FieldError & { text?: string };

interface Choice {
  value: string;
  label: unknown;
  hint: unknown;
  disabled?: boolean;
}

/** How far ahead the open days are listed, from today. */
const LIST_DAYS = 30;

/** The element id of a field: `companions[0].name` → `f-companions-0-name`. */
const fid = (field: string) => `f-${field.replace(/\W+/g, '-')}`;

/**
 * A lookup that finds nothing cannot tell whether the code or the mobile is
 * wrong, so its error belongs to the pair (as GOV.UK does for a date whose
 * parts are wrong together): shown once above both, both marked, and the
 * summary links to the first of them.
 */
const PAIR = 'lookup';
const linkOf = (field: string) => fid(field === PAIR ? 'code' : field);

/** Why an open day cannot be booked, if it cannot. */
const unavailable = (day: OpenDay): 'past' | 'closed' | 'full' | '' =>
  day.date < chinaDate() ? 'past' : Date.now() >= Date.parse(day.bookingClosesAt) ? 'closed' : day.sessions.some((s) => s.remaining) ? '' : 'full';

const stepOf = (field: string): Step =>
  field === 'openDay' || field === 'sessionId' ? 'choose' : field.startsWith('consent') ? 'consent' : 'details';

/** A v4 UUID; crypto.randomUUID exists only on https pages, getRandomValues everywhere. */
const uuid = (): string =>
  crypto.randomUUID?.() ??
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b, i) => (i === 6 ? (b & 15) | 64 : i === 8 ? (b & 63) | 128 : b).toString(16).padStart(2, '0'))
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

const blank = (): Person => ({ name: '', idNumber: '' });

/**
 * A citizens' booking form for an open day (群众监督进机关暨政府开放日):
 * choose a session, give your details, agree to the privacy notice, check your
 * answers and get a booking code; or find and cancel a booking.
 *
 * @tagname dj-open-day-booking
 * @summary Books a visit to a government office on its open day.
 *
 * @slot - Any content is the no-JavaScript fallback (e.g. the phone number to book by), hidden once the form renders.
 *
 * @csspart base - The wrapper of everything the form shows.
 * @csspart form - Each step's form.
 * @csspart error-summary - The “There is a problem” box.
 * @csspart open-day - The chosen open day's details.
 * @csspart answers - The check-your-answers list.
 * @csspart confirmation - The confirmation panel with the booking code.
 * @csspart code - The booking code.
 * @csspart state - The loading-failed, empty and request-failed boxes.
 * @csspart notice - The notice shown over data kept after a failed refresh.
 * @csspart retry - The Retry button of a failed load.
 *
 * @cssprop --dj-booking-panel - Background of the confirmation panel; defaults to `--dj-color-primary`.
 *
 * @fires dj-booking-confirm - The server confirmed a booking; detail `{code, openDayId, sessionId}`.
 * @fires dj-booking-cancel - The server cancelled a booking; detail `{code}`.
 * @fires dj-load - The open days were fetched and are shown; detail `{url}`.
 * @fires dj-error - A request failed (network, timeout, 5xx, an answer off the contract): not for answers the form explains (no booking found, 422, 409, 410); detail `{url, kind, status, message}` (the URL without its query, which may hold a phone number).
 */
export class DjOpenDayBooking extends DjElement {
  static override styles = [DjElement.styles, styles];

  private readonly list = new Resource<OpenDays>(this, {
    path: () => (this.openDayId ? null : `/open-days?from=${chinaDate()}&to=${chinaDate(Date.now() + LIST_DAYS * 86_400_000)}`),
    schema: OpenDays,
    isEmpty: (days) => !days.items.length,
  });
  private readonly one = new Resource<OpenDay>(this, {
    path: () => (this.openDayId ? `/open-days/${encodeURIComponent(this.openDayId)}` : null),
    schema: OpenDay,
  });
  /** The open day of a booking found by lookup, for its date, time and address. */
  private readonly bookedDay = new Resource<OpenDay>(this, {
    path: () =>
      (this.step === 'found' || this.step === 'cancel') && this.booking ? `/open-days/${encodeURIComponent(this.booking.openDayId)}` : null,
    schema: OpenDay,
  });
  private attempt?: { body: string; key: string };
  /** Id of the element to focus after the next render. */
  private focusNext?: string;

  @state() private step: Step = 'choose';
  @state() private draft: Draft = {
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
  @state() private errors: Shown[] = [];
  @state() private returnToCheck = false;
  @state() private sending = false;
  /** A request that failed for a reason the citizen cannot fix by editing: offers Retry. */
  @state() private failure?: DjError;
  @state() private duplicate = false;
  @state() private booking?: Booking;
  @state() private lookupCode = '';
  @state() private lookupPhone = '';
  @state() private copied = false;

  /** Id of the open day to book, as in `{endpoint}/open-days/{id}`; empty to choose among the open days of the next 30 days. */
  @property({ attribute: 'open-day-id' }) openDayId = '';

  /** Where the form starts: `book` (default) or `lookup` (find or cancel a booking). */
  @property() view: 'book' | 'lookup' = 'book';

  /** Days after the open day that bookings are kept, as the privacy notice says; set it to the server's retention period. */
  @property({ attribute: 'retention-days', type: Number }) retentionDays = 30;

  /** ARIA heading level of each step's heading, to fit the page's outline (1-6). */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2;

  private get level(): number {
    const level = Math.round(this.headingLevel);
    return level >= 1 && level <= 6 ? level : 2;
  }

  private get source(): Resource<unknown> {
    return (this.openDayId ? this.one : this.list) as Resource<unknown>;
  }

  private get days(): OpenDay[] {
    return this.openDayId ? (this.one.data ? [this.one.data] : []) : (this.list.data?.items ?? []);
  }

  /** The chosen open day: the only one, or the one picked from the list. */
  private get day(): OpenDay | undefined {
    const days = this.days;
    return days.length === 1 ? days[0] : days.find((d) => d.id === this.draft.dayId);
  }

  private get session(): Session | undefined {
    return this.day?.sessions.find((s) => s.id === this.draft.sessionId);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view')) this.step = this.view === 'lookup' ? 'lookup' : 'choose';
    // Another open day: its sessions and rules differ, so booking starts again at step 1 (answers kept).
    else if (changed.has('openDayId') && this.hasUpdated && (FLOW.includes(this.step) || this.step === 'done')) {
      this.step = 'choose';
      this.errors = [];
    }
  }

  protected override updated(): void {
    const target = this.focusNext && this.renderRoot.querySelector<HTMLElement>(`#${this.focusNext}`);
    if (target) {
      this.focusNext = undefined;
      target.focus();
    }
  }

  private set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
  }

  private setCompanion(i: number, patch: Partial<Person>): void {
    const companions = [...this.draft.companions];
    companions[i] = { ...(companions[i] ?? blank()), ...patch };
    this.set({ companions });
  }

  /** The companions asked for: party size less one, when the party size is valid. */
  private companions(day: OpenDay): Person[] {
    const size = partySizeOf(this.draft.partySize);
    const count = size >= 1 && size <= day.maxPartySize ? size - 1 : 0;
    return Array.from({ length: count }, (_, i) => this.draft.companions[i] ?? blank());
  }

  /** The request body the draft makes: trimmed, numbers normalised, ID numbers only when asked for. */
  private body(day: OpenDay): BookingRequest {
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
  private problems(step: Step): Shown[] {
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

  private go(step: Step, focus = 'heading'): void {
    if (step === 'check') this.returnToCheck = false;
    this.step = step;
    this.errors = [];
    this.failure = undefined;
    this.duplicate = false;
    this.focusNext = focus;
  }

  private showErrors(errors: Shown[], step = stepOf(errors[0].field)): void {
    this.step = step;
    this.errors = errors;
    this.failure = undefined;
    this.focusNext = 'summary';
  }

  private next(): void {
    const errors = this.problems(this.step);
    if (errors.length) return this.showErrors(errors, this.step);
    this.go(this.returnToCheck ? 'check' : FLOW[FLOW.indexOf(this.step) + 1]);
  }

  private back(): void {
    this.go(this.returnToCheck ? 'check' : FLOW[FLOW.indexOf(this.step) - 1]);
  }

  private change(field: string): void {
    this.go(stepOf(field), fid(field));
    this.returnToCheck = true;
  }

  /** Runs one request at a time; a failure lands on the fields or offers Retry. */
  private async call<T>(request: (endpoint: string) => Promise<T>, done: (result: T) => void): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.failure = undefined;
    this.duplicate = false;
    try {
      done(await request(this.resolvedEndpoint));
    } catch (error) {
      if (!(error instanceof DjError)) throw error;
      this.failed(error);
    } finally {
      this.sending = false;
    }
  }

  /**
   * An answer the citizen can act on (nothing found, a 422 on a field, a full
   * session, a closed booking, a duplicate) is shown where it belongs and is
   * no system error: only a failure (network, timeout, 5xx, a body off the
   * contract, an unexpected status) fires dj-error and offers Retry.
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
      this.source.retry();
      this.showErrors([{ field: 'sessionId', code: status === 410 ? 'closed' : 'taken' }], 'choose');
      this.returnToCheck = true;
      return;
    }
    if (status === 422 && problem?.errors?.length) return this.showErrors(problem.errors.map((e) => ({ ...e, text: e.message })));
    if (status === 409 && type.endsWith('duplicate-booking')) this.duplicate = true;
    else {
      this.failure = error;
      emit(this, 'dj-error', { url: error.url.split('?')[0], kind: error.kind, status, message: describeError(error, this.locale) });
    }
    this.focusNext = 'failure';
  }

  private submit(): void {
    const day = this.day;
    const errors = this.problems('check');
    if (!day || errors.length) return this.showErrors(errors);
    const body = this.body(day);
    const text = JSON.stringify(body);
    if (this.attempt?.body !== text) this.attempt = { body: text, key: uuid() };
    const headers = { 'Idempotency-Key': this.attempt.key };
    void this.call(
      (endpoint) =>
        send(endpointUrl(endpoint, `/open-days/${encodeURIComponent(day.id)}/bookings`), Booking, {
          method: 'POST',
          body,
          headers,
          timeout: this.timeout,
          answers: [409, 410, 422],
        }),
      (booking) => {
        this.attempt = undefined;
        this.booking = booking;
        this.copied = false;
        this.go('done');
        emit(this, 'dj-booking-confirm', { code: booking.code, openDayId: booking.openDayId, sessionId: booking.sessionId });
      },
    );
  }

  private find(): void {
    const code = this.lookupCode.replace(/\s/g, '').toUpperCase();
    const phone = normalisePhone(this.lookupPhone);
    const errors: Shown[] = [];
    if (!code) errors.push({ field: 'code', code: 'required' });
    if (!isMobile(phone)) errors.push({ field: 'phone', code: phone ? 'format' : 'required' });
    if (errors.length) return this.showErrors(errors, 'lookup');
    void this.call(
      // A POST: the phone goes in the body, never in a URL that proxies log.
      (endpoint) =>
        send(endpointUrl(endpoint, `/bookings/${encodeURIComponent(code)}/lookup`), Booking, {
          method: 'POST',
          body: { phone },
          timeout: this.timeout,
          answers: [404, 429],
        }),
      (booking) => {
        this.booking = booking;
        this.go('found');
      },
    );
  }

  private cancel(): void {
    const { code } = this.booking!;
    void this.call(
      (endpoint) =>
        send(endpointUrl(endpoint, `/bookings/${encodeURIComponent(code)}/cancel`), Booking, {
          method: 'POST',
          body: { phone: normalisePhone(this.lookupPhone) },
          timeout: this.timeout,
        }),
      (booking) => {
        this.booking = booking;
        this.go('found');
        emit(this, 'dj-booking-cancel', { code: booking.code });
      },
    );
  }

  /** Back to step 1 with fresh seats (after a booking or a cancellation). */
  private restart(): void {
    this.source.retry();
    this.go('choose');
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.booking!.code);
      this.copied = true;
    } catch {
      // No clipboard (a page on plain http): select the code for the reader to copy.
      const range = document.createRange();
      range.selectNodeContents(this.renderRoot.querySelector('#code')!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
  }

  private download(day: OpenDay, session: Session): void {
    const { code, partySize } = this.booking!;
    const lines = [`${this.t('booking.code')}: ${code}`, `${this.t('booking.people')}: ${partySize}`, ...day.notes, `${this.t('booking.phoneLabel')}: ${day.contactPhone}`];
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([icsFile(code, day, session, lines)], { type: 'text/calendar;charset=utf-8' }));
    link.download = `${code}.ics`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href));
  }

  protected override render() {
    const day = this.day;
    const session = this.session;
    const step = this.step;
    let content: unknown;
    // A later step whose day or session has gone from the data (not asked for again): step 1.
    const lost = (FLOW.includes(step) || step === 'done') && (!day || (!session && (step === 'check' || step === 'done')));
    if (step === 'choose' || lost) {
      content = renderStates(this, this.source, {
        skeleton: this.renderSkeleton(),
        empty: this.openDayId
          ? this.t('booking.empty')
          : this.t('booking.none', { from: this.when(chinaDate()), to: this.when(chinaDate(Date.now() + LIST_DAYS * 86_400_000)) }),
        describe: (error) => (error.kind === 'not-found' && this.openDayId ? this.t('booking.noDay', { id: this.openDayId }) : undefined),
        ready: () => this.renderChoose(),
      });
    } else if (step === 'details') content = this.renderDetails(day!);
    else if (step === 'consent') content = this.renderConsent(day!);
    else if (step === 'check') content = this.renderCheck(day!, session!);
    else if (step === 'done') content = this.renderDone(day!, session!, this.booking!);
    else if (step === 'lookup') content = this.renderLookup();
    else content = this.renderFound(this.booking!, step === 'cancel');
    return this.frame(content);
  }

  /** Shaped like step 1; sized in the styles, not inline, so a strict style-src CSP holds. */
  private renderSkeleton() {
    return html`<div class="skeleton-body">${Array.from({ length: 9 }, () => html`<span class="bone"></span>`)}</div>`;
  }

  /** A step's form: its heading, the error summary, then `content`; Enter submits. */
  private form(title: string, content: unknown, onSubmit: () => void, n?: number) {
    const back = FLOW.indexOf(this.step) > 0;
    return html`<form part="form" novalidate @submit=${(e: Event) => (e.preventDefault(), onSubmit())}>
      ${back ? html`<button class="link-button back" type="button" @click=${this.back}>${this.t('booking.back')}</button>` : nothing}
      ${n ? html`<p class="caption">${this.t('booking.steps', { n })}</p>` : nothing}
      <div id="heading" class="title" role="heading" aria-level=${this.level} tabindex="-1">${title}</div>
      ${this.renderSummary()} ${content}
    </form>`;
  }

  private renderSummary() {
    if (!this.errors.length) return nothing;
    return html`<div id="summary" class="summary" part="error-summary" tabindex="-1">
      <div role="alert">
        <div class="summary-title" role="heading" aria-level=${Math.min(6, this.level + 1)}>${this.t('booking.summary')}</div>
        <ul>
          ${this.errors.map(
            (e) => html`<li>
              <a
                href="#${linkOf(e.field)}"
                @click=${(event: Event) => {
                  event.preventDefault();
                  this.renderRoot.querySelector<HTMLElement>(`#${linkOf(e.field)}`)?.focus();
                }}
                >${this.errorText(e)}</a
              >
            </li>`,
          )}
        </ul>
      </div>
    </div>`;
  }

  /** The form's own words for an error it knows (in the reader's language), else the server's. */
  private errorText(e: Shown): unknown {
    const text = describeFieldError(e, (key, vars) => this.t(key, vars));
    return e.text && /booking\.error|\{/.test(text) ? zh(e.text) : text;
  }

  private errorOf(field: string): Shown | undefined {
    return this.errors.find((e) => e.field === field);
  }

  private inlineError(id: string, error?: Shown) {
    return error
      ? html`<p class="error" id="${id}-error"><span class="visually-hidden">${this.t('booking.errorPrefix')}</span>${this.errorText(error)}</p>`
      : nothing;
  }

  /**
   * A labelled text field with its hint and error, all in this shadow root so
   * aria-describedby reaches them. ID numbers and codes take the text keyboard
   * (a number pad has no X) with capitals on.
   */
  private input(
    field: string,
    label: string,
    value: string,
    set: (value: string) => void,
    o: { hint?: string; type?: string; autocomplete?: string; inputmode?: string; caps?: boolean; size?: string; multiline?: boolean; pair?: boolean } = {},
  ) {
    const id = fid(field);
    const error = this.errorOf(field);
    const pairError = o.pair && this.errorOf(PAIR);
    const described = [o.hint ? `${id}-hint` : '', error ? `${id}-error` : '', pairError ? `${fid(PAIR)}-error` : ''].join(' ').trim() || nothing;
    const onInput = (e: Event) => set((e.target as HTMLInputElement).value);
    return html`<div class="group ${error ? 'invalid' : ''}">
      <label class="label" for=${id}>${label}</label>
      ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : nothing} ${this.inlineError(id, error)}
      ${o.multiline
        ? html`<textarea class="input" id=${id} rows="3" inputmode="text" .value=${value} aria-describedby=${described} @input=${onInput}></textarea>`
        : html`<input
            class="input ${o.size ?? ''}"
            id=${id}
            type=${o.type ?? 'text'}
            .value=${value}
            autocomplete=${o.autocomplete ?? 'off'}
            inputmode=${o.inputmode ?? 'text'}
            autocapitalize=${o.caps ? 'characters' : nothing}
            spellcheck="false"
            aria-describedby=${described}
            aria-invalid=${error || pairError ? 'true' : 'false'}
            @input=${onInput}
          />`}
    </div>`;
  }

  /** A radio group; the first choice that can be picked carries the field's id, for the summary's link. */
  private choices(field: string, legend: string, options: Choice[], value: string, set: (value: string) => void, hint: unknown = nothing) {
    const id = fid(field);
    const error = this.errorOf(field);
    const first = Math.max(0, options.findIndex((o) => !o.disabled));
    const described = [hint === nothing ? '' : `${id}-about`, error ? `${id}-error` : ''].join(' ').trim() || nothing;
    return html`<fieldset class="group ${error ? 'invalid' : ''}" aria-describedby=${described}>
      <legend class="label">${legend}</legend>
      ${hint === nothing ? nothing : html`<div id="${id}-about">${hint}</div>`} ${this.inlineError(id, error)}
      ${options.map((o, i) => {
        const oid = i === first ? id : `${id}-${i}`;
        return html`<div class="choice">
          <input type="radio" id=${oid} name=${field} .checked=${o.value === value} ?disabled=${o.disabled} aria-describedby="${oid}-hint" @change=${() => set(o.value)} />
          <label for=${oid}><span>${o.label}</span></label>
          <span class="hint" id="${oid}-hint">${o.hint}</span>
        </div>`;
      })}
    </fieldset>`;
  }

  private checkbox(field: string, label: string, checked: boolean, set: (checked: boolean) => void) {
    const id = fid(field);
    const error = this.errorOf(field);
    return html`<div class="group ${error ? 'invalid' : ''}">
      ${this.inlineError(id, error)}
      <div class="choice">
        <input
          type="checkbox"
          id=${id}
          .checked=${checked}
          aria-describedby=${error ? `${id}-error` : nothing}
          aria-invalid=${error ? 'true' : 'false'}
          @change=${(e: Event) => set((e.target as HTMLInputElement).checked)}
        />
        <label for=${id}><span>${label}</span></label>
      </div>
    </div>`;
  }

  /** A phone number that dials when tapped, never broken across lines; `inline` inside a sentence. */
  /**
   * The numbers to call when a code is locked: the open day's, or those of the
   * days listed (when few), as the lookup cannot know which day the code is for.
   */
  private contactPhones() {
    const days = this.openDayId ? [this.one.data] : (this.list.data?.items ?? []);
    const phones = [...new Set(days.flatMap((d) => (d ? [d.contactPhone] : [])))];
    if (!phones.length || phones.length > 3) return nothing;
    return html`<p class="hint" id="locked-phones">${this.t('booking.phoneLabel')}${this.locale === 'en' ? ': ' : '：'}${phones.map((p, i) => html`${i ? (this.locale === 'en' ? ', ' : '、') : ''}${this.tel(p, true)}`)}</p>`;
  }

  private tel(phone: string, inline = false) {
    return html`<a class="tel ${inline ? 'inline' : ''}" href="tel:${phone.replace(/[^\d+]/g, '')}" lang="zh-CN">${phone}</a>`;
  }

  /** Facts of an open day (and of a booked session) as a description list. */
  private facts(day: OpenDay, session?: Session, people?: number) {
    const rows = [
      ['booking.unit', zh(day.unit.name)],
      ['booking.date', this.when(day.date)],
      session && ['booking.time', `${session.start}–${session.end}`],
      ['booking.address', zh(day.address)],
      people && ['booking.people', people],
      day.notes.length && ['booking.notes', html`<ul lang="zh-CN">${day.notes.map((note) => html`<li>${note}</li>`)}</ul>`],
      ['booking.phoneLabel', this.tel(day.contactPhone)],
    ].filter(Boolean) as [string, unknown][];
    return html`<dl class="facts">${rows.map(([key, value]) => html`<div><dt>${this.t(key)}</dt><dd>${value}</dd></div>`)}</dl>`;
  }

  private actions(label = this.t('booking.continue')) {
    return html`<div class="actions"><button class="button solid" type="submit">${label}</button></div>`;
  }

  /** A date with its weekday, in China time: 12月6日 星期日 / Sunday 6 December. */
  private when(iso: string): string {
    return formatDayWithWeekday(iso, this.locale);
  }

  /** A moment as its date with weekday and its time, China time. */
  private whenAt(iso: string): string {
    return `${this.when(iso)} ${formatDateTime(iso).slice(11)}`;
  }

  /**
   * Step 1. In a list of open days, one that cannot be booked is marked
   * (已截止 / 已约满) and cannot be picked, so the reader knows before
   * choosing and Continue always leads on.
   */
  private renderChoose() {
    const days = this.days;
    const day = this.day;
    const d = this.draft;
    const listed = days.length > 1;
    const why = day && unavailable(day);
    const open = days.filter((o) => !unavailable(o));
    return this.form(
      this.t('booking.choose'),
      html`${listed
          ? this.choices(
              'openDay',
              this.t('booking.openDay'),
              days.map((o) => {
                const tag = unavailable(o) && this.t(unavailable(o) === 'full' ? 'booking.tag.full' : 'booking.tag.closed');
                return {
                  value: o.id,
                  label: html`<span class="nowrap">${this.when(o.date)}</span> ${zh(o.title)}${tag ? html` <span class="tag">${tag}</span>` : nothing}`,
                  hint: zh(o.unit.name),
                  disabled: !!tag,
                };
              }),
              d.dayId,
              (dayId) => this.set({ dayId, sessionId: '' }),
              open.length < days.length ? html`<p class="hint">${this.t('booking.openDay.hint')}</p>` : nothing,
            )
          : nothing}
        ${listed && !open.length ? html`<p class="warning">${this.t('booking.noneOpen')}</p>` : nothing}
        ${day
          ? html`<div class="day" part="open-day">
              ${listed ? nothing : html`<p class="day-title" lang="zh-CN">${day.title}</p>`}
              <p lang="zh-CN">${day.description}</p>
              ${this.facts(day)} ${day.minAge ? html`<p>${this.t('booking.minAge', { age: day.minAge })}</p>` : nothing}
              ${why === 'past' || why === 'closed'
                ? html`<p class="warning">
                    ${why === 'past' ? this.t('booking.past', { date: this.when(day.date) }) : this.t('booking.closed', { time: this.whenAt(day.bookingClosesAt) })}
                  </p>`
                : html`${why === 'full' ? html`<p class="warning">${this.t('booking.allFull')}</p>` : nothing}
                  ${this.choices(
                    'sessionId',
                    this.t('booking.session'),
                    day.sessions.map((s) => ({
                      value: s.id,
                      label: html`<span class="nowrap">${this.when(day.date)}</span> <span class="nowrap">${s.start}–${s.end}</span>`,
                      hint: s.remaining ? this.t('booking.seats', { n: s.remaining }) : this.t('booking.full'),
                      disabled: !s.remaining,
                    })),
                    d.sessionId,
                    (sessionId) => this.set({ sessionId }),
                    html`<p class="hint">${this.t('booking.closesAt', { time: this.whenAt(day.bookingClosesAt) })}</p>`,
                  )}`}
            </div>`
          : nothing}
        ${listed ? (open.length ? this.actions() : nothing) : why ? nothing : this.actions()}
        <p><button class="link-button" type="button" @click=${() => this.go('lookup')}>${this.t('booking.lookupLink')}</button></p>`,
      () => this.next(),
      1,
    );
  }

  private renderDetails(day: OpenDay) {
    const d = this.draft;
    const ids = day.requiresIdNumber;
    const idHint = this.t('booking.idNumber.hint');
    return this.form(
      this.t('booking.details'),
      html`${this.input('name', this.t('booking.name'), d.name, (name) => this.set({ name }), { hint: this.t('booking.name.hint'), autocomplete: 'name' })}
        ${this.input('phone', this.t('booking.phone'), d.phone, (phone) => this.set({ phone }), {
          hint: this.t('booking.phone.hint'),
          type: 'tel',
          autocomplete: 'tel',
          inputmode: 'tel',
          size: 'medium',
        })}
        ${ids ? this.input('idNumber', this.t('booking.idNumber'), d.idNumber, (idNumber) => this.set({ idNumber }), { hint: idHint, size: 'medium', caps: true }) : nothing}
        ${this.input('partySize', this.t('booking.partySize'), d.partySize, (partySize) => this.set({ partySize }), {
          hint: this.t('booking.partySize.hint', { max: day.maxPartySize }),
          inputmode: 'numeric',
          size: 'short',
        })}
        ${this.companions(day).map(
          (c, i) => html`<fieldset class="group person">
            <legend class="label">${this.t('booking.companion', { n: i + 1 })}</legend>
            ${this.input(`companions[${i}].name`, this.t('booking.name'), c.name, (name) => this.setCompanion(i, { name }))}
            ${ids
              ? this.input(`companions[${i}].idNumber`, this.t('booking.idNumber'), c.idNumber, (idNumber) => this.setCompanion(i, { idNumber }), {
                  hint: idHint,
                  size: 'medium',
                  caps: true,
                })
              : nothing}
          </fieldset>`,
        )}
        ${this.input('needs', this.t('booking.needs'), d.needs, (needs) => this.set({ needs }), {
          hint: this.t('booking.needs.hint', { max: NEEDS_MAX }),
          multiline: true,
        })}
        ${this.actions()}`,
      () => this.next(),
      2,
    );
  }

  private renderConsent(day: OpenDay) {
    const d = this.draft;
    return this.form(
      this.t('booking.consent'),
      html`<div class="privacy">
          <p>${this.tp('booking.privacy.who', { unit: zh(day.unit.name) })}</p>
          <p>${this.t('booking.privacy.what', { id: day.requiresIdNumber ? this.t('booking.privacy.whatId') : '' })}</p>
          <p>${this.t('booking.privacy.why')}</p>
          <p>${this.t('booking.privacy.keep', { days: this.retentionDays })}</p>
          <p>${this.tp('booking.privacy.rights', { phone: this.tel(day.contactPhone, true) })}</p>
        </div>
        ${this.checkbox('consent.privacy', this.t('booking.privacy.agree'), d.privacy, (privacy) => this.set({ privacy }))}
        ${day.requiresIdNumber
          ? html`<p class="hint">${this.t('booking.idConsent.notice')}</p>
              ${this.checkbox('consent.idNumber', this.t('booking.idConsent.agree'), d.idConsent, (idConsent) => this.set({ idConsent }))}`
          : nothing}
        ${this.actions()}`,
      () => this.next(),
      3,
    );
  }

  private renderCheck(day: OpenDay, session: Session) {
    const body = this.body(day);
    const rows = [
      ['booking.openDay', html`${zh(day.title)}<br />${zh(day.unit.name)}`, this.days.length > 1 ? 'openDay' : 'sessionId'],
      ['booking.session', `${this.when(day.date)} ${session.start}–${session.end}`, 'sessionId'],
      ['booking.name', body.name, 'name'],
      ['booking.phone', body.phone, 'phone'],
      day.requiresIdNumber && ['booking.idNumber', body.idNumber, 'idNumber'],
      ['booking.partySize', body.partySize, 'partySize'],
      body.companions.length && [
        'booking.companions',
        body.companions.map((c) => html`<span class="line">${c.name} ${c.idNumber ?? ''}</span>`),
        'companions[0].name',
      ],
      ['booking.needs', body.needs ?? this.t('booking.noneGiven'), 'needs'],
    ].filter(Boolean) as [string, unknown, string][];
    return this.form(
      this.t('booking.check'),
      html`<dl class="answers" part="answers">
          ${rows.map(
            ([key, value, field]) => html`<div>
              <dt>${this.t(key)}</dt>
              <dd>${value}</dd>
              <dd class="change">
                <button class="link-button" type="button" @click=${() => this.change(field)}>
                  ${this.t('booking.change')}<span class="visually-hidden"> ${this.t(key)}</span>
                </button>
              </dd>
            </div>`,
          )}
        </dl>
        ${this.renderFailure(this.t('booking.resend'), (reason) => this.t('booking.failed', { reason }))}
        <p class="sending" role="status">${this.sending ? this.t('booking.sending') : ''}</p>
        ${this.actions(this.t('booking.submit'))}`,
      () => this.submit(),
      4,
    );
  }

  /** A request that failed: why, and a Retry that submits the same form again. */
  private renderFailure(retry: string, say: (reason: string) => string = (reason) => reason): TemplateResult | typeof nothing {
    if (this.duplicate) {
      return html`<div id="failure" class="state error" part="state" role="alert" tabindex="-1">
        <p>${this.t('booking.duplicate')}</p>
        <button class="link-button" type="button" @click=${() => this.go('lookup')}>${this.t('booking.lookup')}</button>
      </div>`;
    }
    if (!this.failure) return nothing;
    return html`<div id="failure" class="state error" part="state" role="alert" tabindex="-1">
      <p>${say(describeError(this.failure, this.locale))}</p>
      <button class="button" type="submit">${retry}</button>
    </div>`;
  }

  private renderDone(day: OpenDay, session: Session, booking: Booking) {
    return html`<div class="page">
      <div id="heading" class="title" role="heading" aria-level=${this.level} tabindex="-1">${this.t('booking.done')}</div>
      <div class="panel" part="confirmation">
        <p>${this.t('booking.code')}</p>
        <p id="code" class="code" part="code">${booking.code}</p>
      </div>
      <p>${this.t('booking.keepCode')}</p>
      <div class="actions">
        <button class="button" type="button" @click=${this.copy}>${this.t('booking.copy')}</button>
        <span role="status">${this.copied ? this.t('booking.copied') : ''}</span>
      </div>
      <div class="day-title" lang="zh-CN">${day.title}</div>
      ${this.facts(day, session, booking.partySize)}
      <div class="actions">
        <button class="button" type="button" @click=${() => this.download(day, session)}>${this.t('booking.ics')}</button>
        <button class="button" type="button" @click=${() => print()}>${this.t('booking.print')}</button>
      </div>
      <p><button class="link-button" type="button" @click=${this.restart}>${this.t('booking.again')}</button></p>
    </div>`;
  }

  private renderLookup() {
    const pairError = this.errorOf(PAIR);
    return this.form(
      this.t('booking.lookup'),
      html`<div class="group pair ${pairError ? 'invalid' : ''}">
          ${this.inlineError(fid(PAIR), pairError)} ${pairError?.code === 'locked' ? this.contactPhones() : nothing}
          ${this.input('code', this.t('booking.code'), this.lookupCode, (code) => (this.lookupCode = code), {
            hint: this.t('booking.code.hint'),
            size: 'medium',
            caps: true,
            pair: true,
          })}
          ${this.input('phone', this.t('booking.phone'), this.lookupPhone, (phone) => (this.lookupPhone = phone), {
            hint: this.t('booking.lookupPhone.hint'),
            type: 'tel',
            autocomplete: 'tel',
            inputmode: 'tel',
            size: 'medium',
            pair: true,
          })}
        </div>
        ${this.renderFailure(this.t('retry'))} ${this.actions(this.t('booking.find'))}
        <p><button class="link-button" type="button" @click=${this.restart}>${this.t('booking.toBooking')}</button></p>`,
      () => this.find(),
    );
  }

  private renderFound(booking: Booking, confirming: boolean) {
    const day = this.bookedDay.data;
    const session = day?.sessions.find((s) => s.id === booking.sessionId);
    const title = confirming ? 'booking.cancel.sure' : booking.status === 'cancelled' ? 'booking.cancelled' : 'booking.yours';
    return this.form(
      this.t(title),
      html`${confirming ? html`<p class="warning">${this.t('booking.cancel.lose')}</p>` : nothing}
        <dl class="facts">
          <div><dt>${this.t('booking.code')}</dt><dd class="strong">${booking.code}</dd></div>
          <div><dt>${this.t('booking.status')}</dt><dd class="strong">${this.t(`booking.status.${booking.status}`)}</dd></div>
          <div><dt>${this.t('booking.name')}</dt><dd>${booking.name}</dd></div>
          <div><dt>${this.t('booking.phone')}</dt><dd>${booking.phone}</dd></div>
        </dl>
        ${day ? html`<div class="day-title" lang="zh-CN">${day.title}</div>${this.facts(day, session, booking.partySize)}` : nothing}
        ${this.renderFailure(this.t('retry'))}
        ${confirming
          ? html`<div class="actions">
              <button class="button solid" type="submit">${this.t('booking.cancel.yes')}</button>
              <button class="button" type="button" @click=${() => this.go('found')}>${this.t('booking.cancel.no')}</button>
            </div>`
          : booking.status === 'confirmed'
            ? html`<div class="actions"><button class="button" type="button" @click=${() => this.go('cancel')}>${this.t('booking.cancel')}</button></div>`
            : nothing}
        <p><button class="link-button" type="button" @click=${this.restart}>${this.t('booking.toBooking')}</button></p>`,
      () => confirming && this.cancel(),
    );
  }
}
