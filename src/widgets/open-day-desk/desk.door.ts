/** Check-in at the door: the count for today, the scanner's field and the answers, newest first. */
import { html, nothing } from 'lit';
import { zh } from '../../core/element.js';
import { msgParts } from '../../core/i18n.js';
import type { CheckInAnswer } from './desk.checkin.js';
import type { StaffSession } from '../../contract/staff.schema.js';
import { clock, describe, heading, loading, type ViewContext } from './desk.views.js';

/**
 * The answer's word (what it is) and detail (whose, when, why). `mark` wraps the names, which
 * are Chinese data: marked `lang="zh-CN"` on screen, left as they are in the announcement.
 */
function answerParts(a: CheckInAnswer, v: Pick<ViewContext, 't' | 'locale'>, mark: (names: string) => unknown): [string, unknown[]] {
  const { t } = v;
  const b = a.booking;
  const names = b ? [b.name, ...b.companions.map((p) => p.name)].join(v.locale === 'en' ? ', ' : '、') : '';
  const told = names ? [mark(names)] : [];
  switch (a.kind) {
    case 'ok':
      return [t('desk.d.ok'), msgParts(v.locale, 'desk.d.ok.detail', { n: b?.partySize ?? 1, names: mark(names) })];
    case 'already':
      return [t('desk.d.already', { time: clock(a.at) }), told];
    case 'cancelled':
      return [t('desk.d.cancelled'), [t('desk.d.cancelled.detail'), ...(names ? [v.locale === 'en' ? ': ' : '：', mark(names)] : [])]];
    case 'not-today':
      return [t('desk.d.notToday'), [t('desk.d.notToday.detail', { date: a.date ?? '' })]];
    case 'unknown':
      return [t('desk.d.unknown'), [t('desk.d.unknown.detail')]];
    case 'undone':
      return [t('desk.d.undone'), told];
    default:
      return [t('desk.d.error'), a.error ? [describe(a.error, v)] : []];
  }
}

/** The answer's word and detail as plain text, for the live region. */
export function answerWords(a: CheckInAnswer, v: Pick<ViewContext, 't' | 'locale'>): [string, string] {
  const [word, detail] = answerParts(a, v, (names) => names);
  return [word, detail.join('')];
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
  const [word, detail] = answerParts(a, v, zh);
  const tone = a.kind === 'ok' ? 'good' : a.kind === 'already' || a.kind === 'undone' ? 'warn' : 'bad';
  return html`<li class="answer ${tone}" part="answer" data-kind=${a.kind} data-code=${a.code}>
    <span class="mark" aria-hidden="true">${tone === 'good' ? '✓' : tone === 'warn' ? '!' : '✕'}</span>
    <div class="answer-body">
      <p class="answer-word">${word}</p>
      <p class="answer-code">${a.code}</p>
      ${detail.length ? html`<p class="answer-detail">${detail}</p>` : nothing}
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
