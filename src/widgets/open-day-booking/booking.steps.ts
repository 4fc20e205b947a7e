/**
 * One template per step of the booking form: choose, details, consent,
 * check, done, lookup, and found (which is also the cancel confirmation),
 * with the pieces they share (the step's form and heading, the open day's
 * facts, a failed request's box). Each renders from the flow's state and
 * acts only through the flow's methods or the handlers in the context.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { zh } from '../../core/element.js';
import { describeError } from '../../core/errors.js';
import { formatDateTime, formatDayWithWeekday } from './dates.js';
import { errorBox } from '../../core/states.js';
import type { Locale } from '../../core/i18n.js';
import { NEEDS_MAX } from '../../contract/booking.rules.js';
import type { Booking, OpenDay, Session } from '../../contract/booking.schema.js';
import { checkbox, errorOf, errorSummary, hint, inlineError, input, radios, type Fields } from './booking.fields.js';
import { FLOW, fid, PAIR, unavailable, type BookingFlow } from './booking.flow.js';

/** What the step templates read, made by the element for each render. */
export interface StepContext extends Fields {
  flow: BookingFlow;
  locale: Locale;
  /** Like `t`, but a placeholder may be filled with a template. */
  tp: (key: string, vars: Record<string, unknown>) => unknown[];
  /** ARIA level of each step's heading. */
  level: number;
  /** Days after the open day that bookings are kept, for the privacy notice. */
  retentionDays: number;
  /** The booking code was copied to the clipboard. */
  copied: boolean;
  onCopy: () => void;
  onDownload: (day: OpenDay, session: Session) => void;
  /** Draws a QR code, once its module is in; null when it could not be fetched. */
  qr?: ((text: string, label: string) => unknown) | null;
}

/** A date with its weekday, in China time: 12月6日 星期日 / Sunday 6 December. */
export const when = (c: StepContext, iso: string): string => formatDayWithWeekday(iso, c.locale);

/** A moment as its date with weekday and its time, China time. */
const whenAt = (c: StepContext, iso: string): string => `${when(c, iso)} ${formatDateTime(iso).slice(11)}`;

/** A phone number that dials when tapped, never broken across lines; `inline` inside a sentence. */
const tel = (phone: string, inline = false) =>
  html`<a class="tel ${inline ? 'inline' : ''}" href="tel:${phone.replace(/[^\d+]/g, '')}" lang="zh-CN">${phone}</a>`;

/**
 * The numbers to call when a code is locked: the open day's, or those of the
 * days listed (when few), as the lookup cannot know which day the code is for.
 */
function contactPhones(c: StepContext) {
  const phones = [...new Set(c.flow.days.map((d) => d.contactPhone))];
  if (!phones.length || phones.length > 3) return nothing;
  const en = c.locale === 'en';
  return hint(
    html`${c.t('booking.phoneLabel')}${en ? ': ' : '：'}${phones.map((p, i) => html`${i ? (en ? ', ' : '、') : ''}${tel(p, true)}`)}`,
    'locked-phones',
  );
}

/** Facts of an open day (and of a booked session) as a description list. */
function facts(c: StepContext, day: OpenDay, session?: Session, people?: number) {
  const rows = [
    ['booking.unit', zh(day.unit.name)],
    ['booking.date', when(c, day.date)],
    session && ['booking.time', `${session.start}–${session.end}`],
    ['booking.address', zh(day.address)],
    people && ['booking.people', people],
    day.notes.length && ['booking.notes', html`<ul lang="zh-CN">${day.notes.map((note) => html`<li>${note}</li>`)}</ul>`],
    ['booking.phoneLabel', tel(day.contactPhone)],
  ].filter(Boolean) as [string, unknown][];
  return html`<dl class="facts">${rows.map(([key, value]) => html`<div><dt>${c.t(key)}</dt><dd>${value}</dd></div>`)}</dl>`;
}

/** The step's submit button; while a failure shows, its own Retry is that button. */
const actions = (c: StepContext, label = c.t('booking.continue')) =>
  c.flow.failure ? nothing : html`<div class="actions"><button class="button solid" type="submit">${label}</button></div>`;

/** Each page's heading, focused when the page opens. */
const heading = (c: StepContext, title: string) =>
  html`<div id="heading" class="title" role="heading" aria-level=${c.level} tabindex="-1">${title}</div>`;

/** A step's form: Back, the step number, its heading, the error summary, then `content`; Enter submits. */
function form(c: StepContext, title: string, content: unknown, onSubmit: () => void, n?: number) {
  const back = FLOW.indexOf(c.flow.step) > 0;
  return html`<form part="form" novalidate @submit=${(e: Event) => (e.preventDefault(), onSubmit())}>
    ${back ? html`<button class="link-button back" type="button" @click=${() => c.flow.back()}>${c.t('booking.back')}</button>` : nothing}
    ${n ? html`<p class="caption">${c.t('booking.steps', { n })}</p>` : nothing}
    ${heading(c, title)}
    ${errorSummary(c, c.level)} ${content}
  </form>`;
}

/** A request that failed: why, and a Retry that submits the same form again (in place of the step's own button). */
function failure(c: StepContext, retry: string, say: (reason: string) => string = (reason) => reason): TemplateResult | typeof nothing {
  const { flow } = c;
  if (flow.duplicate) {
    return errorBox(
      c.t('booking.duplicate'),
      html`<button class="link-button" type="button" @click=${() => flow.go('lookup')}>${c.t('booking.lookup')}</button>`,
    );
  }
  if (!flow.failure) return nothing;
  return errorBox(say(describeError(flow.failure, c.locale)), html`<button class="button solid" type="submit">${retry}</button>`);
}

const toBooking = (c: StepContext) =>
  html`<p><button class="link-button" type="button" @click=${() => c.flow.restart()}>${c.t('booking.toBooking')}</button></p>`;

/** Shaped like step 1; sized in the styles, not inline, so a strict style-src CSP holds. */
export const skeleton = () => html`<div class="skeleton-body">${Array.from({ length: 9 }, () => html`<span class="bone"></span>`)}</div>`;

/**
 * Step 1. In a list of open days, one that cannot be booked is marked
 * (已截止 / 已约满) and cannot be picked, so the reader knows before
 * choosing and Continue always leads on.
 */
export function chooseStep(c: StepContext) {
  const { flow } = c;
  const days = flow.days;
  const day = flow.day;
  const d = flow.draft;
  const listed = days.length > 1;
  const why = day && unavailable(day);
  const open = days.filter((o) => !unavailable(o));
  return form(
    c,
    c.t('booking.choose'),
    html`${
      listed
        ? radios(
            c,
            'openDay',
            c.t('booking.openDay'),
            days.map((o) => {
              const tag = unavailable(o) && c.t(unavailable(o) === 'full' ? 'booking.tag.full' : 'booking.tag.closed');
              return {
                value: o.id,
                label: html`<span class="nowrap">${when(c, o.date)}</span> ${zh(o.title)}${tag ? html` <span class="tag">${tag}</span>` : nothing}`,
                hint: zh(o.unit.name),
                disabled: !!tag,
              };
            }),
            d.dayId,
            (dayId) => flow.set({ dayId, sessionId: '' }),
            open.length < days.length ? hint(c.t('booking.openDay.hint')) : nothing,
          )
        : nothing
    }
      ${listed && !open.length ? html`<p class="warning">${c.t('booking.noneOpen')}</p>` : nothing}
      ${
        day
          ? html`<div class="day" part="open-day">
            ${listed ? nothing : html`<p class="day-title" lang="zh-CN">${day.title}</p>`}
            <p lang="zh-CN">${day.description}</p>
            ${facts(c, day)} ${day.minAge ? html`<p>${c.t('booking.minAge', { age: day.minAge })}</p>` : nothing}
            ${
              why === 'past' || why === 'closed'
                ? html`<p class="warning">
                  ${why === 'past' ? c.t('booking.past', { date: when(c, day.date) }) : c.t('booking.closed', { time: whenAt(c, day.bookingClosesAt) })}
                </p>`
                : html`${why === 'full' ? html`<p class="warning">${c.t('booking.allFull')}</p>` : nothing}
                ${radios(
                  c,
                  'sessionId',
                  c.t('booking.session'),
                  day.sessions.map((s) => ({
                    value: s.id,
                    label: html`<span class="nowrap">${when(c, day.date)}</span> <span class="nowrap">${s.start}–${s.end}</span>`,
                    hint: s.remaining ? c.t('booking.seats', { n: s.remaining }) : c.t('booking.full'),
                    disabled: !s.remaining,
                  })),
                  d.sessionId,
                  (sessionId) => flow.set({ sessionId }),
                  hint(c.t('booking.closesAt', { time: whenAt(c, day.bookingClosesAt) })),
                )}`
            }
          </div>`
          : nothing
      }
      ${listed ? (open.length ? actions(c) : nothing) : why ? nothing : actions(c)}
      <p><button class="link-button" type="button" @click=${() => flow.go('lookup')}>${c.t('booking.lookupLink')}</button></p>`,
    () => flow.next(),
    1,
  );
}

/** Step 2: the citizen, the party size, a name (and ID number) for each companion, any needs. */
export function detailsStep(c: StepContext, day: OpenDay) {
  const { flow } = c;
  const d = flow.draft;
  const ids = day.requiresIdNumber;
  const idHint = c.t('booking.idNumber.hint');
  return form(
    c,
    c.t('booking.details'),
    html`${input(c, 'name', c.t('booking.name'), d.name, (name) => flow.set({ name }), { hint: c.t('booking.name.hint'), autocomplete: 'name' })}
      ${input(c, 'phone', c.t('booking.phone'), d.phone, (phone) => flow.set({ phone }), {
        hint: c.t('booking.phone.hint'),
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        size: 'medium',
      })}
      ${ids ? input(c, 'idNumber', c.t('booking.idNumber'), d.idNumber, (idNumber) => flow.set({ idNumber }), { hint: idHint, size: 'medium', caps: true }) : nothing}
      ${input(c, 'partySize', c.t('booking.partySize'), d.partySize, (partySize) => flow.set({ partySize }), {
        hint: c.t('booking.partySize.hint', { max: day.maxPartySize }),
        inputmode: 'numeric',
        size: 'short',
      })}
      ${flow.companions(day).map(
        (p, i) => html`<fieldset class="group person">
          <legend class="label">${c.t('booking.companion', { n: i + 1 })}</legend>
          ${input(c, `companions[${i}].name`, c.t('booking.name'), p.name, (name) => flow.setCompanion(i, { name }))}
          ${
            ids
              ? input(
                  c,
                  `companions[${i}].idNumber`,
                  c.t('booking.idNumber'),
                  p.idNumber,
                  (idNumber) => flow.setCompanion(i, { idNumber }),
                  {
                    hint: idHint,
                    size: 'medium',
                    caps: true,
                  },
                )
              : nothing
          }
        </fieldset>`,
      )}
      ${input(c, 'needs', c.t('booking.needs'), d.needs, (needs) => flow.set({ needs }), {
        hint: c.t('booking.needs.hint', { max: NEEDS_MAX }),
        multiline: true,
      })}
      ${actions(c)}`,
    () => flow.next(),
    2,
  );
}

/** Step 3: the privacy notice, and consent (to the ID numbers too, when the day asks for them). */
export function consentStep(c: StepContext, day: OpenDay) {
  const { flow } = c;
  const d = flow.draft;
  return form(
    c,
    c.t('booking.consent'),
    html`<div class="privacy">
        <p>${c.tp('booking.privacy.who', { unit: zh(day.unit.name) })}</p>
        <p>${c.t('booking.privacy.what', { id: day.requiresIdNumber ? c.t('booking.privacy.whatId') : '' })}</p>
        <p>${c.t('booking.privacy.why')}</p>
        <p>${c.t('booking.privacy.keep', { days: c.retentionDays })}</p>
        <p>${c.tp('booking.privacy.rights', { phone: tel(day.contactPhone, true) })}</p>
      </div>
      ${checkbox(c, 'consent.privacy', c.t('booking.privacy.agree'), d.privacy, (privacy) => flow.set({ privacy }))}
      ${
        day.requiresIdNumber
          ? html`${hint(c.t('booking.idConsent.notice'))}
          ${checkbox(c, 'consent.idNumber', c.t('booking.idConsent.agree'), d.idConsent, (idConsent) => flow.set({ idConsent }))}`
          : nothing
      }
      ${actions(c)}`,
    () => flow.next(),
    3,
  );
}

/** Step 4: check your answers, a change link for each, and the booking's submit. */
export function checkStep(c: StepContext, day: OpenDay, session: Session) {
  const { flow } = c;
  const body = flow.body(day);
  const rows = [
    ['booking.openDay', html`${zh(day.title)}<br />${zh(day.unit.name)}`, flow.days.length > 1 ? 'openDay' : 'sessionId'],
    ['booking.session', `${when(c, day.date)} ${session.start}–${session.end}`, 'sessionId'],
    ['booking.name', body.name, 'name'],
    ['booking.phone', body.phone, 'phone'],
    day.requiresIdNumber && ['booking.idNumber', body.idNumber, 'idNumber'],
    ['booking.partySize', body.partySize, 'partySize'],
    body.companions.length && [
      'booking.companions',
      body.companions.map((p) => html`<span class="line">${p.name} ${p.idNumber ?? ''}</span>`),
      'companions[0].name',
    ],
    ['booking.needs', body.needs ?? c.t('booking.noneGiven'), 'needs'],
  ].filter(Boolean) as [string, unknown, string][];
  return form(
    c,
    c.t('booking.check'),
    html`<dl class="answers" part="answers">
        ${rows.map(
          ([key, value, field]) => html`<div>
            <dt>${c.t(key)}</dt>
            <dd>${value}</dd>
            <dd class="change">
              <button class="link-button" type="button" @click=${() => flow.change(field)}>
                ${c.t('booking.change')}<span class="visually-hidden"> ${c.t(key)}</span>
              </button>
            </dd>
          </div>`,
        )}
      </dl>
      ${failure(c, c.t('booking.resend'), (reason) => c.t('booking.failed', { reason }))}
      <p class="sending" role="status">${flow.sending ? c.t('booking.sending') : ''}</p>
      ${actions(c, c.t('booking.submit'))}`,
    () => flow.submit(),
    4,
  );
}

/** The confirmation: the booking code to keep, copy, add to a calendar or print. */
export function doneStep(c: StepContext, day: OpenDay, session: Session, booking: Booking) {
  return html`<div class="page">
    ${heading(c, c.t('booking.done'))}
    <div class="panel" part="confirmation">
      <p>${c.t('booking.code')}</p>
      <p id="code" class="code" part="code">${booking.code}</p>
    </div>
    ${
      c.qr === null
        ? nothing
        : html`<figure class="qr-figure">
          <div class="qr-box">${c.qr?.(booking.code, c.t('booking.qr', { code: booking.code }))}</div>
          <figcaption class="hint">${c.t('booking.qr.hint')}</figcaption>
        </figure>`
    }
    <p>${c.t('booking.keepCode')}</p>
    <div class="actions">
      <button class="button" type="button" @click=${c.onCopy}>${c.t('booking.copy')}</button>
      <span role="status">${c.copied ? c.t('booking.copied') : ''}</span>
    </div>
    <div class="day-title" lang="zh-CN">${day.title}</div>
    ${facts(c, day, session, booking.partySize)}
    <div class="actions">
      <button class="button" type="button" @click=${() => c.onDownload(day, session)}>${c.t('booking.ics')}</button>
      <button class="button" type="button" @click=${() => print()}>${c.t('booking.print')}</button>
    </div>
    <p><button class="link-button" type="button" @click=${() => c.flow.restart()}>${c.t('booking.again')}</button></p>
  </div>`;
}

/** Find a booking by its code and mobile; an error on the pair is shown once above both. */
export function lookupStep(c: StepContext) {
  const { flow } = c;
  const pairError = errorOf(c, PAIR);
  return form(
    c,
    c.t('booking.lookup'),
    html`<div class="group pair ${pairError ? 'invalid' : ''}">
        ${inlineError(c, fid(PAIR), pairError)} ${pairError?.code === 'locked' ? contactPhones(c) : nothing}
        ${input(c, 'code', c.t('booking.code'), flow.query.code, (code) => flow.setQuery({ code }), {
          hint: c.t('booking.code.hint'),
          size: 'medium',
          caps: true,
          pair: true,
        })}
        ${input(c, 'phone', c.t('booking.phone'), flow.query.phone, (phone) => flow.setQuery({ phone }), {
          hint: c.t('booking.lookupPhone.hint'),
          type: 'tel',
          autocomplete: 'tel',
          inputmode: 'tel',
          size: 'medium',
          pair: true,
        })}
      </div>
      ${failure(c, c.t('retry'))} ${actions(c, c.t('booking.find'))} ${toBooking(c)}`,
    () => flow.find(),
  );
}

/** A booking found: its code, status and day; with `confirming`, the question before cancelling it. */
export function foundStep(c: StepContext, booking: Booking, confirming: boolean, day?: OpenDay | null) {
  const { flow } = c;
  const session = day?.sessions.find((s) => s.id === booking.sessionId);
  const title = confirming ? 'booking.cancel.sure' : booking.status === 'cancelled' ? 'booking.cancelled' : 'booking.yours';
  return form(
    c,
    c.t(title),
    html`${confirming ? html`<p class="warning">${c.t('booking.cancel.lose')}</p>` : nothing}
      <dl class="facts">
        <div><dt>${c.t('booking.code')}</dt><dd class="strong">${booking.code}</dd></div>
        <div><dt>${c.t('booking.status')}</dt><dd class="strong">${c.t(`booking.status.${booking.status}`)}</dd></div>
        <div><dt>${c.t('booking.name')}</dt><dd>${booking.name}</dd></div>
        <div><dt>${c.t('booking.phone')}</dt><dd>${booking.phone}</dd></div>
      </dl>
      ${day ? html`<div class="day-title" lang="zh-CN">${day.title}</div>${facts(c, day, session, booking.partySize)}` : nothing}
      ${failure(c, c.t('retry'))}
      ${
        confirming
          ? html`<div class="actions">
            ${flow.failure ? nothing : html`<button class="button solid" type="submit">${c.t('booking.cancel.yes')}</button>`}
            <button class="button" type="button" @click=${() => flow.go('found')}>${c.t('booking.cancel.no')}</button>
          </div>`
          : booking.status === 'confirmed'
            ? html`<div class="actions"><button class="button" type="button" @click=${() => flow.go('cancel')}>${c.t('booking.cancel')}</button></div>`
            : nothing
      }
      ${toBooking(c)}`,
    () => confirming && flow.cancel(),
  );
}
