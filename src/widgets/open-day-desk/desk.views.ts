/**
 * One template per view of the desk: sign-in, the open days, a day's form, a session's
 * bookings and the door. They read the controller and act only through its methods; the
 * element builds the {@link ViewContext} on each render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { zh } from '../../core/element.js';
import { describeError } from '../../core/errors.js';
import { numeric } from '../../core/format.js';
import type { Locale } from '../../core/i18n.js';
import { errorBox } from '../../core/states.js';
import type { DeskError } from './desk.api.js';
import type { CheckInAnswer } from './desk.checkin.js';
import type { DeskController } from './desk.controller.js';
import { checkbox, errorSummary, input } from './desk.fields.js';
import type { SessionDraft, Shown, Translate } from './desk.form.js';
import type { StaffBooking, StaffDay, StaffSession } from './desk.schema.js';

export interface ViewContext {
  c: DeskController;
  t: Translate;
  locale: Locale;
  /** ARIA level of the view's heading (the desk's title is one above). */
  level: number;
  /** Saves a file the desk fetched. */
  save: (filename: string, blob: Blob) => void;
}

const heading = (level: number, text: unknown, id?: string, cls = 'title') =>
  html`<div class=${cls} role="heading" aria-level=${Math.min(6, level)} id=${id ?? nothing} tabindex=${id ? '-1' : nothing}>${text}</div>`;

const time = (iso: string | null | undefined) => (iso ? (numeric(iso)?.join(' ') ?? iso) : '');
const clock = (iso: string | null | undefined) => (iso ? (numeric(iso)?.[1] ?? iso) : '');

/** What a person reads for a failure of the staff API, in the desk's words where it has them. */
export function describe(error: DeskError, v: Pick<ViewContext, 't' | 'locale'>): string {
  if (error.slug === 'staff-api-off') return v.t('desk.apiOff');
  if (error.status === 401) return v.t('desk.signIn.expired');
  if (error.slug === 'not-found' && /open-days\/[^/]+$/.test(error.url)) return v.t('desk.e.noDay');
  // The staff API's problems in the desk's words (its titles and details are Chinese only).
  const key = `desk.p.${error.slug}`;
  const own = error.slug && v.t(key);
  return own && own !== key ? own : describeError(error, v.locale);
}

const retry = (v: ViewContext, again: () => void) =>
  html`<button class="button" part="retry" type="button" @click=${again}>${v.t('retry')}</button>`;

const loading = (v: ViewContext, skeleton: TemplateResult) =>
  html`<div class="skeleton" role="status" aria-busy="true">
    <span class="visually-hidden">${v.t('loading')}</span>
    <div aria-hidden="true">${skeleton}</div>
  </div>`;

const bones = (n: number) => html`<div class="bones">${Array.from({ length: n }, () => html`<span class="bone"></span>`)}</div>`;

// ── sign-in ──────────────────────────────────────────────────────────────

export function signInView(v: ViewContext) {
  const { c, t } = v;
  const { error, empty, checking, expired } = c.signIn;
  const reason = !error
    ? ''
    : error.status === 401
      ? t('desk.signIn.wrong')
      : error.status === 429
        ? error.extra.retryAfter
          ? t('desk.signIn.tooMany', { seconds: error.extra.retryAfter })
          : t('desk.signIn.tooManySoon')
        : describe(error, v);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const field = (e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    void c.signInWith(field.value);
  };
  return html`<section class="view" aria-labelledby="view-title">
    ${heading(v.level, t('desk.signIn'), 'view-title')}
    ${expired ? html`<p class="notice" role="status">${t('desk.signIn.expired')}</p>` : nothing}
    <p class="hint">${t('desk.signIn.intro')}</p>
    ${error ? errorBox(reason, nothing, t('desk.signIn.failed')) : nothing}
    <form class="form" part="form" novalidate @submit=${onSubmit}>
      <div class="group ${empty || error?.status === 401 ? 'invalid' : ''}">
        <label class="label" for="f-token">${t('desk.signIn.token')}</label>
        ${
          empty
            ? html`<p class="error" id="f-token-error"><span class="visually-hidden">${t('desk.form.errorPrefix')}</span>${t('desk.signIn.empty')}</p>`
            : nothing
        }
        <input
          class="input"
          id="f-token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck="false"
          aria-describedby=${empty ? 'f-token-error' : nothing}
          aria-invalid=${empty || error?.status === 401 ? 'true' : 'false'}
        />
      </div>
      <div class="actions">
        <button class="button solid" type="submit" aria-disabled=${checking ? 'true' : 'false'}>
          ${checking ? t('desk.signIn.checking') : t('desk.signIn')}
        </button>
      </div>
    </form>
  </section>`;
}

// ── the open days ────────────────────────────────────────────────────────

export function daysView(v: ViewContext) {
  const { c, t } = v;
  const days = c.days;
  let body: unknown;
  if (days.status === 'error' && days.error)
    body = errorBox(
      describe(days.error, v),
      retry(v, () => void c.loadDays()),
      t('error.title'),
    );
  else if (!days.data) body = loading(v, bones(4));
  else if (!days.data.length) body = html`<div class="state empty" part="state" role="status"><p>${t('desk.days.empty')}</p></div>`;
  else
    body = html`<ul class="days" aria-busy=${days.status === 'loading' ? 'true' : 'false'}>
      ${days.data.map((d) => html`<li>${dayCard(v, d)}</li>`)}
    </ul>`;
  return html`<section class="view" aria-labelledby="view-title">
    <div class="bar">
      ${heading(v.level, t('desk.days'), 'view-title')}
      <button class="button solid" type="button" @click=${() => c.go('new-day')}>${t('desk.days.new')}</button>
    </div>
    ${body}
  </section>`;
}

function dayCard(v: ViewContext, d: StaffDay) {
  const { c, t } = v;
  const today = d.date === new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return html`<article class="day" part="open-day" aria-labelledby="day-${d.id}">
    <div class="bar">
      ${heading(
        v.level + 1,
        html`<span class="nowrap">${d.date}</span> ${zh(d.title)} ${today ? html`<span class="tag">${t('desk.days.today')}</span>` : nothing}`,
        `day-${d.id}`,
        'day-title',
      )}
      <button class="button" type="button" @click=${() => c.editDay(d)}>
        ${t('desk.days.edit')}<span class="visually-hidden">：${zh(d.title)}</span>
      </button>
    </div>
    <p class="hint">${zh(d.unit.name)} · ${zh(d.address)}</p>
    <table class="grid" role="table">
      <caption class="visually-hidden">
        ${t('desk.days.sessions', { title: d.title })}
      </caption>
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader" scope="col">${t('desk.s.time')}</th>
          <th role="columnheader" scope="col">${t('desk.s.booked')}</th>
          <th role="columnheader" scope="col">${t('desk.s.arrived')}</th>
          <th role="columnheader" scope="col">${t('desk.s.actions')}</th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        ${d.sessions.map((s) => sessionRow(v, d, s))}
      </tbody>
    </table>
  </article>`;
}

function sessionRow(v: ViewContext, d: StaffDay, s: StaffSession) {
  const { c, t } = v;
  const when = `${s.start}–${s.end}`;
  return html`<tr role="row">
    <th role="rowheader" scope="row" data-label=${t('desk.s.time')}>${when}</th>
    <td role="cell" data-label=${t('desk.s.booked')}>
      ${t('desk.s.bookedValue', { people: s.counts.people, capacity: s.capacity, bookings: s.counts.bookings })}
    </td>
    <td role="cell" data-label=${t('desk.s.arrived')}>
      ${t('desk.s.arrivedValue', { people: s.counts.arrivedPeople, bookings: s.counts.arrived })}
    </td>
    <td role="cell" data-label=${t('desk.s.actions')}>
      <button class="link-button" type="button" aria-label=${t('desk.s.bookingsOf', { time: when })} @click=${() => c.openBookings(d.id, s.id)}>
        ${t('desk.s.bookings')}
      </button>
    </td>
  </tr>`;
}

// ── a day's form ─────────────────────────────────────────────────────────

const failureBox = (v: ViewContext, failure: DeskError | undefined, id = 'failure') =>
  failure ? html`<div id=${id} tabindex="-1">${errorBox(describe(failure, v), nothing, v.t('desk.failed'))}</div>` : nothing;

export function dayFormView(v: ViewContext) {
  const { c, t } = v;
  const d = c.draft;
  const editing = c.editing;
  const errors = c.formErrors;
  const field = (name: string, label: string, value: string, set: (value: string) => void, o = {}) =>
    input(t, errors, name, t(label), value, set, o);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void c.saveDay();
  };
  return html`<section class="view" aria-labelledby="view-title">
    <button class="link-button" type="button" @click=${() => c.go('days')}>${t('desk.back')}</button>
    ${heading(v.level, editing ? t('desk.form.edit', { title: editing.title }) : t('desk.form.new'), 'view-title')}
    <p id="saved" class="saved" role="status" tabindex="-1">${c.saved}</p>
    ${errorSummary(t, errors, v.level + 1)} ${failureBox(v, c.formFailure)}
    <form class="form" part="form" novalidate @submit=${onSubmit}>
      ${
        editing
          ? nothing
          : field('id', 'desk.f.id', d.id, (id) => c.setDraft({ id }), { hint: t('desk.f.id.hint'), size: 'medium', required: true })
      }
      ${field('title', 'desk.f.title', d.title, (title) => c.setDraft({ title }), { required: true })}
      <div class="pair">
        ${field('unit.id', 'desk.f.unit.id', d.unitId, (unitId) => c.setDraft({ unitId }), { size: 'medium', required: true })}
        ${field('unit.name', 'desk.f.unit.name', d.unitName, (unitName) => c.setDraft({ unitName }), { required: true })}
      </div>
      ${field('date', 'desk.f.date', d.date, (date) => c.setDraft({ date }), {
        hint: t('desk.f.date.hint'),
        size: 'medium',
        inputmode: 'numeric',
        required: true,
      })}
      ${field('address', 'desk.f.address', d.address, (address) => c.setDraft({ address }), { required: true })}
      ${field('description', 'desk.f.description', d.description, (description) => c.setDraft({ description }), { multiline: true })}
      ${field('notes', 'desk.f.notes', d.notes, (notes) => c.setDraft({ notes }), { multiline: true, hint: t('desk.f.notes.hint') })}
      ${field('bookingClosesAt', 'desk.f.bookingClosesAt', d.closesAt, (closesAt) => c.setDraft({ closesAt }), {
        hint: t('desk.f.bookingClosesAt.hint'),
        size: 'medium',
        required: true,
      })}
      ${field('contactPhone', 'desk.f.contactPhone', d.contactPhone, (contactPhone) => c.setDraft({ contactPhone }), {
        type: 'tel',
        size: 'medium',
        required: true,
      })}
      <div class="pair">
        ${field('maxPartySize', 'desk.f.maxPartySize', d.maxPartySize, (maxPartySize) => c.setDraft({ maxPartySize }), {
          inputmode: 'numeric',
          size: 'short',
        })}
        ${field('minAge', 'desk.f.minAge', d.minAge, (minAge) => c.setDraft({ minAge }), {
          inputmode: 'numeric',
          size: 'short',
          hint: t('desk.f.minAge.hint'),
        })}
      </div>
      ${checkbox(t, errors, 'requiresIdNumber', t('desk.f.requiresIdNumber'), d.requiresIdNumber, (requiresIdNumber) =>
        c.setDraft({ requiresIdNumber }),
      )}
      ${editing ? nothing : newDaySessions(v)}
      <div class="actions">
        <button class="button solid" type="submit" aria-disabled=${c.saving ? 'true' : 'false'}>
          ${c.saving ? t('desk.form.saving') : editing ? t('desk.form.save') : t('desk.form.create')}
        </button>
      </div>
    </form>
    ${editing ? editSessions(v, editing) : nothing}
  </section>`;
}

/** The sessions of a new day: at least one; more added and removed before it is created. */
function newDaySessions(v: ViewContext) {
  const { c, t } = v;
  const errors = c.formErrors;
  const sessionError = errors.find((e) => e.field === 'sessions');
  return html`<fieldset class="group sessions ${sessionError ? 'invalid' : ''}">
    <legend class="label">${t('desk.form.sessions')}</legend>
    ${sessionError ? html`<p class="error" id="f-sessions-error">${sessionError.text}</p>` : nothing}
    ${c.draft.sessions.map(
      (s, i) => html`<fieldset class="session">
        <legend>${t('desk.form.session', { n: i + 1 })}</legend>
        ${sessionFields(v, errors, `sessions.${i}.`, 'f', s, (patch) => c.setSession(i, patch), true)}
        ${
          c.draft.sessions.length > 1
            ? html`<button class="link-button" type="button" @click=${() => c.removeDraftSession(i)}>
              ${t('desk.form.removeSession', { n: i + 1 })}
            </button>`
            : nothing
        }
      </fieldset>`,
    )}
    <button class="button" id="add-session" type="button" @click=${() => c.addDraftSession()}>${t('desk.form.addSession')}</button>
  </fieldset>`;
}

function sessionFields(
  v: ViewContext,
  errors: readonly Shown[],
  path: string,
  prefix: string,
  s: SessionDraft,
  set: (patch: Partial<SessionDraft>) => void,
  withId: boolean,
) {
  const { t } = v;
  const hint = t('desk.f.time.hint');
  return html`<div class="row">
    ${
      withId
        ? input(t, errors, `${path}id`, t('desk.f.sessions.id'), s.id, (id) => set({ id }), { prefix, size: 'short', required: true })
        : nothing
    }
    ${input(t, errors, `${path}start`, t('desk.f.sessions.start'), s.start, (start) => set({ start }), {
      prefix,
      size: 'short',
      hint,
      inputmode: 'numeric',
      required: true,
    })}
    ${input(t, errors, `${path}end`, t('desk.f.sessions.end'), s.end, (end) => set({ end }), {
      prefix,
      size: 'short',
      hint,
      inputmode: 'numeric',
      required: true,
    })}
    ${input(t, errors, `${path}capacity`, t('desk.f.sessions.capacity'), s.capacity, (capacity) => set({ capacity }), {
      prefix,
      size: 'short',
      inputmode: 'numeric',
      required: true,
    })}
  </div>`;
}

/** A stored day's sessions, each saved on its own (PATCH), and a form to add one. */
function editSessions(v: ViewContext, day: StaffDay) {
  const { c, t } = v;
  return html`<section class="sessions-edit" aria-labelledby="sessions-title">
    ${heading(v.level + 1, t('desk.form.sessionsTitle'), 'sessions-title', 'subtitle')}
    ${day.sessions.map((s) => {
      const draft = c.sessionDrafts.get(s.id);
      if (!draft) return nothing;
      const errors = c.sessionErrors.get(s.id) ?? [];
      const when = `${s.start}–${s.end}`;
      const prefix = `s-${s.id}`;
      return html`<form
        class="session"
        novalidate
        aria-label=${`${s.id} ${when}`}
        @submit=${(e: Event) => {
          e.preventDefault();
          void c.saveSession(s.id);
        }}
      >
        <p class="strong">${s.id} · ${when} · ${t('desk.s.bookedValue', { people: s.counts.people, capacity: s.capacity, bookings: s.counts.bookings })}</p>
        ${
          errors.length
            ? html`<p class="error" id="${prefix}-error-first" tabindex="-1" role="alert">${errors.map((e) => e.text).join(' ')}</p>`
            : nothing
        }
        ${failureBox(v, c.sessionFailure.get(s.id), `${prefix}-failure`)}
        ${sessionFields(v, errors, '', prefix, draft, (patch) => c.setSessionDraft(s.id, patch), false)}
        <button class="button" type="submit">${t('desk.form.saveSession', { time: when })}</button>
      </form>`;
    })}
    <form
      class="session"
      novalidate
      aria-labelledby="new-session-title"
      @submit=${(e: Event) => {
        e.preventDefault();
        void c.addSession();
      }}
    >
      ${heading(v.level + 2, t('desk.form.newSession'), 'new-session-title', 'strong')}
      ${
        c.newSessionErrors.length
          ? html`<p class="error" id="n-error-first" tabindex="-1" role="alert">${c.newSessionErrors.map((e) => e.text).join(' ')}</p>`
          : nothing
      }
      ${failureBox(v, c.newSessionFailure, 'n-failure')}
      ${sessionFields(v, c.newSessionErrors, '', 'n', c.newSession, (patch) => c.setNewSession(patch), true)}
      <button class="button" type="submit">${t('desk.form.newSession')}</button>
    </form>
  </section>`;
}

// ── a session's bookings ─────────────────────────────────────────────────

export function bookingsView(v: ViewContext) {
  const { c, t } = v;
  const day = c.days.data?.find((d) => d.id === c.dayId) ?? (c.editing?.id === c.dayId ? c.editing : undefined);
  const session = day?.sessions.find((s) => s.id === c.sessionId);
  const title = t('desk.b.title', {
    day: day ? `${day.date} ${day.title}` : c.dayId,
    time: session ? `${session.start}–${session.end}` : c.sessionId,
  });
  const b = c.bookings;
  let body: unknown;
  if (b.status === 'error' && b.error)
    body = errorBox(
      describe(b.error, v),
      retry(v, () => void c.loadBookings()),
      t('error.title'),
    );
  else if (!b.data) body = loading(v, bones(5));
  else if (!b.data.length) body = html`<div class="state empty" part="state" role="status"><p>${t('desk.b.none')}</p></div>`;
  else {
    const shown = c.shownBookings;
    body = html`<p class="count" role="status">${t('desk.b.found', { shown: shown.length, total: b.data.length })}</p>
      ${
        shown.length
          ? bookingTable(v, shown)
          : html`<div class="state empty" part="state"><p>${t('desk.b.noMatch', { query: c.query.trim() })}</p></div>`
      }`;
  }
  return html`<section class="view" aria-labelledby="view-title">
    <button class="link-button" type="button" @click=${() => c.go('days')}>${t('desk.back')}</button>
    ${heading(v.level, title, 'view-title')}
    <div class="toolbar">
      <div class="group search">
        <label class="label" for="f-search">${t('desk.b.search')}</label>
        <p class="hint" id="f-search-hint">${t('desk.b.search.hint')}</p>
        <input
          class="input"
          id="f-search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="f-search-hint"
          .value=${c.query}
          @input=${(e: Event) => c.setQuery((e.target as HTMLInputElement).value)}
        />
      </div>
      <button class="button" type="button" aria-disabled=${c.exporting ? 'true' : 'false'} @click=${() => void c.exportCsv(v.save)}>
        ${c.exporting ? t('desk.b.exporting') : t('desk.b.export')}
      </button>
    </div>
    <p id="cancel-done" class="saved" role="status" tabindex="-1">${c.cancelDone || c.exported}</p>
    ${failureBox(v, c.exportFailure, 'export-failure')} ${c.cancelling ? cancelPanel(v, c.cancelling) : nothing} ${body}
  </section>`;
}

function bookingTable(v: ViewContext, list: StaffBooking[]) {
  const { t } = v;
  const cols = ['code', 'name', 'phone', 'idNumber', 'partySize', 'companions', 'needs', 'status', 'times', 'actions'];
  return html`<table class="grid bookings" role="table">
    <thead role="rowgroup">
      <tr role="row">
        ${cols.map((k) => html`<th role="columnheader" scope="col">${t(`desk.b.${k}`)}</th>`)}
      </tr>
    </thead>
    <tbody role="rowgroup">
      ${list.map((b) => bookingRow(v, b))}
    </tbody>
  </table>`;
}

function bookingRow(v: ViewContext, b: StaffBooking) {
  const { c, t } = v;
  const none = t('desk.b.none.value');
  const cell = (key: string, content: unknown, cls = '') =>
    html`<td role="cell" class=${cls || nothing} data-label=${t(`desk.b.${key}`)}><div class="value">${content}</div></td>`;
  return html`<tr role="row" class="status-${b.status}">
    <th role="rowheader" scope="row" class="code" data-label=${t('desk.b.code')}>${b.code}</th>
    ${cell('name', zh(b.name))} ${cell('phone', b.phone, 'nowrap')} ${cell('idNumber', b.idNumber ?? none)} ${cell('partySize', b.partySize)}
    ${cell(
      'companions',
      b.companions.length
        ? b.companions.map((p) => html`<span class="line">${zh(p.name)}${p.idNumber ? ` ${p.idNumber}` : ''}</span>`)
        : none,
    )}
    ${cell('needs', b.needs ? zh(b.needs) : none)}
    ${cell('status', html`<span class="tag status">${t(`desk.status.${b.status}`)}</span>`)}
    ${cell(
      'times',
      html`<span class="line">${t('desk.b.createdAt', { time: time(b.createdAt) })}</span>
        ${b.checkedInAt ? html`<span class="line">${t('desk.b.checkedInAt', { time: time(b.checkedInAt) })}</span>` : nothing}
        ${b.cancelledAt ? html`<span class="line">${t('desk.b.cancelledAt', { time: time(b.cancelledAt) })}</span>` : nothing}
        ${
          b.cancelReason
            ? html`<span class="line"
              >${t('desk.b.cancelReason', { reason: b.cancelReason })}${b.cancelledBy ? t('desk.b.cancelledBy', { who: b.cancelledBy }) : ''}</span
            >`
            : nothing
        }`,
    )}
    ${cell(
      'actions',
      b.status === 'confirmed'
        ? html`<button
            class="button"
            id="cancel-${b.code}"
            type="button"
            aria-label=${t('desk.b.cancelOf', { name: b.name, code: b.code })}
            @click=${() => c.askCancel(b)}
          >
            ${t('desk.b.cancel')}
          </button>`
        : nothing,
      b.status === 'confirmed' ? '' : 'no-action',
    )}
  </tr>`;
}

function cancelPanel(v: ViewContext, b: StaffBooking) {
  const { c, t } = v;
  const error = c.reasonError;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void c.confirmCancel();
  };
  return html`<form class="confirm" part="confirm" novalidate aria-labelledby="cancel-title" @submit=${onSubmit}>
    ${heading(v.level + 1, t('desk.c.title'), 'cancel-title', 'subtitle')}
    <p class="warning">${t('desk.c.who', { name: b.name, code: b.code, n: b.partySize })}</p>
    ${
      c.cancelFailure
        ? errorBox(
            c.cancelFailure.slug === 'booking-cancelled'
              ? t('desk.c.cancelled')
              : c.cancelFailure.slug === 'already-checked-in'
                ? t('desk.c.checkedIn')
                : describe(c.cancelFailure, v),
            nothing,
            t('desk.failed'),
          )
        : nothing
    }
    ${input(t, error ? [{ field: 'reason', text: error }] : [], 'reason', t('desk.c.reason'), c.reason, (reason) => c.setReason(reason), {
      multiline: true,
      hint: t('desk.c.reason.hint'),
      required: true,
    })}
    <div class="actions">
      <button class="button solid" type="submit">${t('desk.c.confirm')}</button>
      <button class="button" type="button" @click=${() => c.keepBooking()}>${t('desk.c.keep')}</button>
    </div>
  </form>`;
}

// ── the door ─────────────────────────────────────────────────────────────

/** The answer's word (what it is) and detail (whose, when, why), as shown and as announced. */
export function answerWords(a: CheckInAnswer, v: Pick<ViewContext, 't' | 'locale'>): [string, string] {
  const { t } = v;
  const b = a.booking;
  const names = b ? [b.name, ...b.companions.map((p) => p.name)].join(v.locale === 'en' ? ', ' : '、') : '';
  switch (a.kind) {
    case 'ok':
      return [t('desk.d.ok'), t('desk.d.ok.detail', { n: b?.partySize ?? 1, names })];
    case 'already':
      return [t('desk.d.already', { time: clock(a.at) }), names];
    case 'cancelled':
      return [t('desk.d.cancelled'), [t('desk.d.cancelled.detail'), names].filter(Boolean).join(v.locale === 'en' ? ': ' : '：')];
    case 'not-today':
      return [t('desk.d.notToday'), t('desk.d.notToday.detail', { date: a.date ?? '' })];
    case 'unknown':
      return [t('desk.d.unknown'), t('desk.d.unknown.detail')];
    case 'undone':
      return [t('desk.d.undone'), names];
    default:
      return [t('desk.d.error'), a.error ? describe(a.error, v) : ''];
  }
}

export function doorView(v: ViewContext, onCode: (e: Event) => void) {
  const { c, t } = v;
  const todays = c.todays;
  const sum = (pick: (s: StaffSession) => number) => todays.reduce((n, d) => n + d.sessions.reduce((m, s) => m + pick(s), 0), 0);
  let count: unknown;
  if (c.today.status === 'error' && c.today.error)
    count = html`<p class="notice">${t('desk.d.countFailed', { reason: describe(c.today.error, v) })}</p>`;
  else if (!c.today.data) count = loading(v, html`<span class="bone count-bone"></span>`);
  else if (!todays.length) count = html`<p class="count">${t('desk.d.noDayToday')}</p>`;
  else
    count = html`<p class="count big" part="count">
      ${t('desk.d.count', { arrived: sum((s) => s.counts.arrivedPeople), people: sum((s) => s.counts.people) })}<span class="parties"
        >${t('desk.d.countParties', { arrived: sum((s) => s.counts.arrived), bookings: sum((s) => s.counts.bookings) })}</span
      >
    </p>`;
  const waiting = c.queue.pending.length;
  return html`<section class="view door" aria-labelledby="view-title">
    ${heading(v.level, t('desk.d.title'), 'view-title')} ${count}
    <form class="scan" part="form" novalidate @submit=${onCode}>
      <label class="label" for="f-code">${t('desk.d.code')}</label>
      <p class="hint" id="f-code-hint">${t('desk.d.code.hint')}</p>
      <div class="scan-row">
        <input
          class="input scan-input"
          id="f-code"
          name="code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          enterkeyhint="go"
          aria-describedby="f-code-hint"
        />
        <button class="button solid" type="submit">${t('desk.d.submit')}</button>
      </div>
    </form>
    <p class="hint queue">${waiting ? t('desk.d.queue', { n: waiting }) : ''}</p>
    ${heading(v.level + 1, t('desk.d.answers'), 'answers-title', 'subtitle')}
    ${
      c.queue.answers.length
        ? html`<ol class="answers" part="answers" aria-labelledby="answers-title">
          ${c.queue.answers.map((a) => answerItem(v, a))}
        </ol>`
        : html`<p class="hint">${t('desk.d.none')}</p>`
    }
  </section>`;
}

function answerItem(v: ViewContext, a: CheckInAnswer) {
  const { c, t } = v;
  const [word, detail] = answerWords(a, v);
  const tone = a.kind === 'ok' ? 'good' : a.kind === 'already' || a.kind === 'undone' ? 'warn' : 'bad';
  return html`<li class="answer ${tone}" part="answer" data-kind=${a.kind} data-code=${a.code}>
    <span class="mark" aria-hidden="true">${tone === 'good' ? '✓' : tone === 'warn' ? '!' : '✕'}</span>
    <div class="answer-body">
      <p class="answer-word">${word}</p>
      <p class="answer-code">${a.code}</p>
      ${detail ? html`<p class="answer-detail">${detail}</p>` : nothing}
      ${a.undoError ? html`<p class="error">${t('desk.d.undoFailed', { reason: describe(a.undoError, v) })}</p>` : nothing}
    </div>
    ${
      a.kind === 'ok'
        ? html`<button
          class="button"
          type="button"
          aria-label=${t('desk.d.undoOf', { code: a.code })}
          aria-disabled=${a.undoing ? 'true' : 'false'}
          @click=${() => void c.queue.undo(a)}
        >
          ${t('desk.d.undo')}
        </button>`
        : nothing
    }
  </li>`;
}
