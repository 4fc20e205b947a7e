/**
 * The open-day desk: the staff's side of the open day, for the office's intranet page. Sign in
 * with a staff token; list, create and edit open days and their sessions; see a session's
 * bookings in full, find one, cancel it on a citizen's behalf, export the list; and check
 * visitors in at the door with a scanner.
 *
 * The element holds the attributes and renders; the rest lives beside it:
 * - desk.controller.ts: the state and the actions, with no DOM;
 * - desk.checkin.ts: the door's queue (one request at a time, in the order scanned);
 * - desk.api.ts: the staff API's client (the token, the problem bodies, the CSV);
 * - desk.form.ts / desk.fields.ts: a day's draft and bodies, the form fields;
 * - desk.views.ts (with sign-in), desk.days.ts, desk.bookings.ts, desk.door.ts: the views;
 * - desk-lists.ts: `<dj-desk-lists>`, the 名单导入 view (lists kept in Excel brought onto the site).
 *
 * It ships as its own module (dist/dj-desk.js), never in the public kit.
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { DjElement } from '../../core/element.js';
import { emitError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import './desk.messages.js';
import './desk-lists.js';
import { DeskController, type View } from './desk.controller.js';
import type { AnswerKind, CheckInAnswer } from './desk.checkin.js';
import { styles } from './open-day-desk.styles.js';
import { bookingsView } from './desk.bookings.js';
import { dayFormView, daysView } from './desk.days.js';
import { answerWords, doorView } from './desk.door.js';
import { signInView, type ViewContext } from './desk.views.js';

declare module '../../core/events.js' {
  interface DjEventDetails {
    /** The desk had an answer to a code at the door (or undid a check-in). */
    'dj-desk-check-in': { code: string; result: AnswerKind };
  }
}

/** The views a person can go to from the menu. */
const NAV: [View, string][] = [
  ['days', 'desk.nav.days'],
  ['door', 'desk.nav.door'],
  ['lists', 'desk.nav.lists'],
];

/**
 * The staff desk for open days (开放日工作台): sign in with a staff token, manage open days and
 * sessions, see and cancel bookings, export them as CSV, and check visitors in at the door.
 *
 * @tagname dj-open-day-desk
 * @summary The organisers' desk for open days: days, bookings, export and check-in.
 *
 * @slot - Any content is the fallback for browsers without JavaScript modules, hidden once the desk renders.
 *
 * @csspart base - The wrapper of everything the desk shows.
 * @csspart form - The sign-in, open-day and check-in forms.
 * @csspart error-summary - The “There is a problem” box of a form.
 * @csspart open-day - Each open day in the list.
 * @csspart confirm - The step that asks for the reason before cancelling a booking.
 * @csspart count - Today's arrivals at the door.
 * @csspart answers - The list of check-in answers, newest first.
 * @csspart answer - One check-in answer.
 * @csspart state - The loading-failed, empty and request-failed boxes.
 * @csspart retry - The Retry button of a failed load.
 *
 * @cssprop --dj-desk-good - Colour of a check-in that went through; defaults to `--dj-color-down` (green).
 * @cssprop --dj-desk-warn - Colour of an answer to look at (already checked in, undone); defaults to `--dj-color-gold`.
 * @cssprop --dj-desk-bad - Colour of a refused code; defaults to `--dj-color-error`.
 *
 * @fires dj-desk-check-in - A code at the door was answered (or a check-in undone); detail `{code, result}`, result one of `ok`, `already`, `cancelled`, `not-today`, `unknown`, `error`, `undone`.
 * @fires dj-error - A request failed for a reason other than the staff API's answer (network, timeout, server error); detail `{url, kind, status, message}`.
 */
export class DjOpenDayDesk extends DjElement {
  static override styles = [DjElement.styles, styles];

  private readonly desk = new DeskController({
    endpoint: () => this.resolvedEndpoint,
    timeout: () => this.timeout,
    t: (key, vars) => this.t(key, vars),
    update: () => this.requestUpdate(),
    focus: (selector) => this.focusAfterRender(selector),
    checkedIn: (answer) => emit(this, 'dj-desk-check-in', { code: answer.code, result: answer.kind }),
    failed: (error) => emitError(this, error),
    announce: (text) => this.say(text),
    announceAnswer: (answer, more) => this.sayAnswer(answer, more),
  });

  /** What the polite live region says now. */
  @state() private live = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.desk.restore();
  }

  /** Each Enter at the door: the code is taken and the field emptied at once, keeping focus, so the next scan can come. */
  private onCode = (e: Event) => {
    e.preventDefault();
    const field = (e.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    const code = field.value;
    field.value = '';
    field.focus();
    this.desk.queue.add(code);
  };

  private onNav = (view: View) => () => this.desk.go(view);

  private say(text: string): void {
    // The same words twice in a row are announced again: the region is emptied first.
    this.live = '';
    void this.updateComplete.then(() => (this.live = text));
  }

  private sayAnswer(answer: CheckInAnswer, more: number): void {
    const [word, detail] = answerWords(answer, { t: (k, vars) => this.t(k, vars), locale: this.locale });
    const before = more > 0 ? `${this.t('desk.d.more', { n: more })}. ` : '';
    this.say(`${answer.code} ${word}. ${detail} ${before}`.trim());
  }

  /** Hands a fetched file to the browser to save. */
  private save = (filename: string, blob: Blob) => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  protected override render() {
    const c = this.desk;
    const level = this.headingOr(2);
    const v: ViewContext = { c, t: (k, vars) => this.t(k, vars), locale: this.locale, level: level + 1, save: this.save };
    const signedIn = !!c.token && !c.signIn.checking;
    const views: Record<View, () => unknown> = {
      days: () => daysView(v),
      'new-day': () => dayFormView(v),
      'edit-day': () => dayFormView(v),
      bookings: () => bookingsView(v),
      door: () => doorView(v, this.onCode),
      // The desk's own large and theme attributes passed on (a provider's reach the panel through its context).
      lists: () =>
        html`<dj-desk-lists
          .endpoint=${this.resolvedEndpoint}
          .token=${c.token}
          heading-level=${level + 1}
          ?large=${this.large}
          theme=${ifDefined(this.theme)}
        ></dj-desk-lists>`,
    };
    const current = c.view === 'new-day' || c.view === 'edit-day' || c.view === 'bookings' ? 'days' : c.view;
    return this.frame(html`
      <div class="top">
        <div class="desk-title" role="heading" aria-level=${level}>${this.t('desk.title')}</div>
        ${
          signedIn
            ? html`<nav class="nav" aria-label=${this.t('desk.nav')}>
              <ul>
                ${NAV.map(
                  ([view, key]) =>
                    html`<li>
                      <button class="nav-button" type="button" aria-current=${current === view ? 'page' : 'false'} @click=${this.onNav(view)}>
                        ${this.t(key)}
                      </button>
                    </li>`,
                )}
                <li><button class="nav-button" type="button" @click=${() => c.signOut()}>${this.t('desk.signOut')}</button></li>
              </ul>
            </nav>`
            : nothing
        }
      </div>
      <div class="main">${signedIn ? views[c.view]() : signInView(v)}</div>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.live}</div>
    `);
  }
}
