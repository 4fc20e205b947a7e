/**
 * The open-day booking form, after the GOV.UK patterns: one question page at
 * a time, an error summary that takes focus and links to each field, check
 * your answers with a change link per answer, and a confirmation page.
 *
 * The element holds what the page gives it (attributes, the open days from
 * the endpoint) and renders; the rest lives beside it:
 * - booking.flow.ts: the draft, the step, the errors, the Idempotency-Key and
 *   the requests (book, find, cancel), with no DOM;
 * - booking.fields.ts: the GOV.UK field helpers (input, radios, checkbox,
 *   hint, inline error, error summary);
 * - booking.steps.ts: one template per step.
 */
import { type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { send } from '../../core/send.js';
import { endpointUrl } from '../../core/config.js';
import { DjElement } from '../../core/element.js';
import { emitError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { Resource } from '../../core/resource.js';
import { renderStates } from '../../core/states.js';
import { chinaDate } from '../../contract/booking.rules.js';
import { Booking, OpenDay, OpenDays, type Session } from '../../contract/booking.schema.js';
import { icsFile } from './ics.js';
import { styles } from './open-day-booking.styles.js';
// Before the templates: the bundle then keeps the message table next to the code that uses its keys, which gzips smaller.
import './booking.messages.js';
import { BookingFlow, FLOW } from './booking.flow.js';
import {
  checkStep,
  chooseStep,
  consentStep,
  detailsStep,
  doneStep,
  foundStep,
  lookupStep,
  skeleton,
  when,
  type StepContext,
} from './booking.steps.js';

declare module '../../core/events.js' {
  interface DjEventDetails {
    /** A booking was confirmed by the server. */
    'dj-booking-confirm': { code: string; openDayId: string; sessionId: string };
    /** A booking was cancelled by the server. */
    'dj-booking-cancel': { code: string };
  }
}

/** How far ahead the open days are listed, from today. */
const LIST_DAYS = 30;

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
 * @csspart qr - The booking code as a QR code (SVG) on the confirmation.
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
    path: () => {
      const { step, booking } = this.flow;
      return (step === 'found' || step === 'cancel') && booking ? `/open-days/${encodeURIComponent(booking.openDayId)}` : null;
    },
    schema: OpenDay,
  });
  private readonly flow = new BookingFlow({
    days: () => (this.openDayId ? (this.one.data ? [this.one.data] : []) : (this.list.data?.items ?? [])),
    post: (path, body, options) =>
      send(endpointUrl(this.resolvedEndpoint, path), Booking, { method: 'POST', body, timeout: this.timeout, ...options }),
    update: () => this.requestUpdate(),
    reload: () => this.source.retry(),
    // Without the query, which may hold a phone number.
    failed: (error) => emitError(this, error, error.url.split('?')[0]),
    confirmed: (booking) => {
      this.copied = false;
      emit(this, 'dj-booking-confirm', { code: booking.code, openDayId: booking.openDayId, sessionId: booking.sessionId });
    },
    cancelled: (booking) => emit(this, 'dj-booking-cancel', { code: booking.code }),
  });

  /** Id of the open day to book, as in `{endpoint}/open-days/{id}`; empty to choose among the open days of the next 30 days. */
  @property({ attribute: 'open-day-id' }) openDayId = '';

  /** Where the form starts: `book` (default) or `lookup` (find or cancel a booking). */
  @property() view: 'book' | 'lookup' = 'book';

  /** Days after the open day that bookings are kept, as the privacy notice says; set it to the server's retention period. */
  @property({ attribute: 'retention-days', type: Number }) retentionDays = 30;

  /** The booking code was copied to the clipboard. */
  @state() private copied = false;

  /** Draws the QR code: booking.qr.ts, fetched with the confirmation; null when it could not be. */
  @state() private qr?: typeof import('./booking.qr.js').qrCode | null;

  /** Each step's heading level: `heading-level`, 2 by default (the summary's is one lower). */
  private get level(): number {
    return this.headingOr(2);
  }

  private get source(): Resource<unknown> {
    return (this.openDayId ? this.one : this.list) as Resource<unknown>;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view')) this.flow.start(this.view);
    else if (changed.has('openDayId') && this.hasUpdated) this.flow.dayChanged();
    if (this.flow.step === 'done' && this.qr === undefined) {
      import('./booking.qr.js').then(
        (module) => (this.qr = module.qrCode),
        () => (this.qr = null),
      );
    }
    if (this.flow.focus) {
      this.focusAfterRender(`#${this.flow.focus}`);
      this.flow.focus = undefined;
    }
  }

  private readonly onCopy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(this.flow.booking!.code);
      this.copied = true;
    } catch {
      // No clipboard (a page on plain http): select the code for the reader to copy.
      const range = document.createRange();
      range.selectNodeContents(this.renderRoot.querySelector('#code')!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
  };

  private readonly onDownload = (day: OpenDay, session: Session): void => {
    const { code, partySize } = this.flow.booking!;
    const lines = [
      `${this.t('booking.code')}: ${code}`,
      `${this.t('booking.people')}: ${partySize}`,
      ...day.notes,
      `${this.t('booking.phoneLabel')}: ${day.contactPhone}`,
    ];
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([icsFile(code, day, session, lines)], { type: 'text/calendar;charset=utf-8' }));
    link.download = `${code}.ics`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href));
  };

  protected override render() {
    const { flow } = this;
    const { day, session, step, booking } = flow;
    const c: StepContext = {
      flow,
      locale: this.locale,
      t: (key, vars) => this.t(key, vars),
      tp: (key, vars) => this.tp(key, vars),
      errors: flow.errors,
      level: this.level,
      retentionDays: this.retentionDays,
      copied: this.copied,
      onCopy: this.onCopy,
      onDownload: this.onDownload,
      qr: this.qr,
    };
    let content: unknown;
    // A later step whose day or session has gone from the data (not asked for again): step 1.
    const lost = (FLOW.includes(step) || step === 'done') && (!day || (!session && (step === 'check' || step === 'done')));
    if (step === 'choose' || lost) {
      content = renderStates(this, this.source, {
        skeleton: skeleton(),
        empty: this.openDayId
          ? this.t('booking.empty')
          : this.t('booking.none', { from: when(c, chinaDate()), to: when(c, chinaDate(Date.now() + LIST_DAYS * 86_400_000)) }),
        describe: (error) => (error.kind === 'not-found' && this.openDayId ? this.t('booking.noDay', { id: this.openDayId }) : undefined),
        ready: () => chooseStep(c),
      });
    } else if (step === 'details') content = detailsStep(c, day!);
    else if (step === 'consent') content = consentStep(c, day!);
    else if (step === 'check') content = checkStep(c, day!, session!);
    else if (step === 'done') content = doneStep(c, day!, session!, booking!);
    else if (step === 'lookup') content = lookupStep(c);
    else content = foundStep(c, booking!, step === 'cancel', this.bookedDay.data);
    return this.frame(content);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dj-open-day-booking': DjOpenDayBooking;
  }
}
