/** The open days (each session counted) and a day's form: new, or edited with its sessions. */
import { html, nothing } from 'lit';
import { zh } from '../../core/element.js';
import { chinaDate } from '../../contract/booking.rules.js';
import { errorBox } from '../../core/states.js';
import { checkbox, errorSummary, input } from './desk.fields.js';
import type { SessionDraft, Shown } from './desk.form.js';
import type { StaffDay, StaffSession } from '../../contract/staff.schema.js';
import { bones, describe, failureBox, heading, loading, retry, type ViewContext } from './desk.views.js';

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
  const today = d.date === chinaDate();
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
