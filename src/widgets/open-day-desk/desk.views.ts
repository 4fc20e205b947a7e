/**
 * What the desk's views share (the context the element builds on each render, headings, the
 * loading and failure boxes, the desk's words for a failure) and the sign-in view. The other
 * views are desk.days.ts (the open days and a day's form), desk.bookings.ts (a session's
 * bookings) and desk.door.ts (check-in). Templates read the controller and act only through its
 * methods.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { describeError } from '../../core/errors.js';
import { numeric } from '../../core/format.js';
import type { Locale } from '../../core/i18n.js';
import { errorBox } from '../../core/states.js';
import type { DeskError } from './desk.api.js';
import type { DeskController } from './desk.controller.js';
import type { Translate } from './desk.form.js';

export interface ViewContext {
  c: DeskController;
  t: Translate;
  locale: Locale;
  /** ARIA level of the view's heading (the desk's title is one above). */
  level: number;
  /** Saves a file the desk fetched. */
  save: (filename: string, blob: Blob) => void;
}

export const heading = (level: number, text: unknown, id?: string, cls = 'title') =>
  html`<div class=${cls} role="heading" aria-level=${Math.min(6, level)} id=${id ?? nothing} tabindex=${id ? '-1' : nothing}>${text}</div>`;

export const time = (iso: string | null | undefined) => (iso ? (numeric(iso)?.join(' ') ?? iso) : '');
export const clock = (iso: string | null | undefined) => (iso ? (numeric(iso)?.[1] ?? iso) : '');

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

export const retry = (v: ViewContext, again: () => void) =>
  html`<button class="button" part="retry" type="button" @click=${again}>${v.t('retry')}</button>`;

export const loading = (v: ViewContext, skeleton: TemplateResult) =>
  html`<div class="skeleton" role="status" aria-busy="true">
    <span class="visually-hidden">${v.t('loading')}</span>
    <div aria-hidden="true">${skeleton}</div>
  </div>`;

export const bones = (n: number) => html`<div class="bones">${Array.from({ length: n }, () => html`<span class="bone"></span>`)}</div>`;

/**
 * A failed write's box: core's errorBox (`#failure`), or for a form that shares its view with
 * others (a session's row, the new session) the same box under an id of its own, so that two
 * failures on screen never share an id.
 */
export const failureBox = (v: ViewContext, failure: DeskError | undefined, id = 'failure') => {
  if (!failure) return nothing;
  const reason = describe(failure, v);
  if (id === 'failure') return errorBox(reason, nothing, v.t('desk.failed'));
  return html`<div id=${id} class="state error" part="state" role="alert" tabindex="-1">
    <p class="state-title">${v.t('desk.failed')}</p>
    <p>${reason}</p>
  </div>`;
};

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
