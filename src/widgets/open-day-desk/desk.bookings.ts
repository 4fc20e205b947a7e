/** A session's bookings in full: the search, the staff cancel with its reason, the CSV export. */
import { html, nothing } from 'lit';
import { zh } from '../../core/element.js';
import { errorBox } from '../../core/states.js';
import { input } from './desk.fields.js';
import type { StaffBooking } from '../../contract/staff.schema.js';
import { bones, describe, failureBox, heading, loading, retry, time, type ViewContext } from './desk.views.js';

// ── a session's bookings ─────────────────────────────────────────────────

export function bookingsView(v: ViewContext) {
  const { c, t } = v;
  const l = c.list;
  const day = c.days.data?.find((d) => d.id === l.dayId) ?? (c.editing?.id === l.dayId ? c.editing : undefined);
  const session = day?.sessions.find((s) => s.id === l.sessionId);
  const title = t('desk.b.title', {
    day: day ? `${day.date} ${day.title}` : l.dayId,
    time: session ? `${session.start}–${session.end}` : l.sessionId,
  });
  const b = l.bookings;
  let body: unknown;
  if (b.status === 'error' && b.error)
    body = errorBox(
      describe(b.error, v),
      retry(v, () => void l.load()),
      t('error.title'),
    );
  else if (!b.data) body = loading(v, bones(5));
  else if (!b.data.length) body = html`<div class="state empty" part="state" role="status"><p>${t('desk.b.none')}</p></div>`;
  else {
    const shown = l.shown;
    body = html`<p class="count" role="status">${t('desk.b.found', { shown: shown.length, total: b.data.length })}</p>
      ${
        shown.length
          ? bookingTable(v, shown)
          : html`<div class="state empty" part="state"><p>${t('desk.b.noMatch', { query: l.query.trim() })}</p></div>`
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
          .value=${l.query}
          @input=${(e: Event) => l.setQuery((e.target as HTMLInputElement).value)}
        />
      </div>
      <button class="button" type="button" aria-disabled=${l.exporting ? 'true' : 'false'} @click=${() => void l.exportCsv(v.save)}>
        ${l.exporting ? t('desk.b.exporting') : t('desk.b.export')}
      </button>
    </div>
    <p id="cancel-done" class="saved" role="status" tabindex="-1">${l.cancelDone || l.exported}</p>
    ${failureBox(v, l.exportFailure, 'export-failure')} ${l.cancelling ? cancelPanel(v, l.cancelling) : nothing} ${body}
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
  const { t } = v;
  const l = v.c.list;
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
            @click=${() => l.askCancel(b)}
          >
            ${t('desk.b.cancel')}
          </button>`
        : nothing,
      b.status === 'confirmed' ? '' : 'no-action',
    )}
  </tr>`;
}

function cancelPanel(v: ViewContext, b: StaffBooking) {
  const { t } = v;
  const l = v.c.list;
  const error = l.reasonError;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void l.confirmCancel();
  };
  return html`<form class="confirm" part="confirm" novalidate aria-labelledby="cancel-title" @submit=${onSubmit}>
    ${heading(v.level + 1, t('desk.c.title'), 'cancel-title', 'subtitle')}
    <p class="warning">${t('desk.c.who', { name: b.name, code: b.code, n: b.partySize })}</p>
    ${
      l.cancelFailure
        ? errorBox(
            l.cancelFailure.slug === 'booking-cancelled'
              ? t('desk.c.cancelled')
              : l.cancelFailure.slug === 'already-checked-in'
                ? t('desk.c.checkedIn')
                : describe(l.cancelFailure, v),
            nothing,
            t('desk.failed'),
          )
        : nothing
    }
    ${input(t, error ? [{ field: 'reason', text: error }] : [], 'reason', t('desk.c.reason'), l.reason, (reason) => l.setReason(reason), {
      multiline: true,
      hint: t('desk.c.reason.hint'),
      required: true,
    })}
    <div class="actions">
      <button class="button solid" type="submit">${t('desk.c.confirm')}</button>
      <button class="button" type="button" @click=${() => l.keep()}>${t('desk.c.keep')}</button>
    </div>
  </form>`;
}
