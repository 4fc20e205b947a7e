/**
 * The desk's state and what each action does, with no DOM: the token (kept for the tab in
 * sessionStorage, never localStorage), the view, the open days, the form of one day, and the
 * door's queue and count. A session's bookings (search, staff cancel, CSV) are desk.list.ts's. The
 * element renders it (the view templates read it) and gives it a {@link DeskHost}: render, move
 * focus, fire the desk's events, tell screen readers.
 */
import { chinaDate } from '../../contract/booking.rules.js';
import type { DjError } from '../../core/errors.js';
import { DeskApi, DeskError } from './desk.api.js';
import { CheckInQueue, type CheckInAnswer } from './desk.checkin.js';
import {
  draftOf,
  emptyDraft,
  emptySession,
  fieldErrors,
  inputOf,
  patchOf,
  sessionDraftOf,
  sessionInputOf,
  sessionPatchOf,
  type DayDraft,
  type SessionDraft,
  type Shown,
  type Translate,
} from './desk.form.js';
import { SessionBookings } from './desk.list.js';
import { StaffDay, StaffDays } from '../../contract/staff.schema.js';

export type View = 'days' | 'new-day' | 'edit-day' | 'bookings' | 'door' | 'lists';

/** Something fetched: loading, there (maybe refreshing), or failed. */
export interface Load<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data?: T;
  error?: DeskError;
}

export interface DeskHost {
  endpoint(): string;
  timeout(): number;
  t: Translate;
  update(): void;
  /** Moves focus to what the selector matches once it is drawn. */
  focus(selector: string): void;
  /** A finished check-in, for the page: `dj-desk-check-in`. */
  checkedIn(answer: CheckInAnswer): void;
  /** A request failed in a way that is no answer of the staff API: `dj-error`. */
  failed(error: DjError): void;
  /** Screen readers hear this (the polite live region). */
  announce(text: string): void;
  /** Screen readers hear this answer of the door, and how many more came with it. */
  announceAnswer(answer: CheckInAnswer, more: number): void;
}

const storageKey = (endpoint: string) => `dj-open-day-desk.token:${endpoint}`;

const storage = (): Storage | undefined => {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Storage refused (a sandboxed frame): the token lives in memory for the page.
    return undefined;
  }
};

export class DeskController {
  token = '';
  view: View = 'days';
  signIn: { checking: boolean; error?: DeskError; empty?: boolean; expired?: boolean } = { checking: false };

  days: Load<StaffDay[]> = { status: 'idle' };

  /** The day being edited (or undefined: a new one), its draft as loaded, and the draft. */
  editing?: StaffDay;
  before: DayDraft = emptyDraft();
  draft: DayDraft = emptyDraft();
  formErrors: Shown[] = [];
  formFailure?: DeskError;
  saving = false;
  /** What the last save did, said in a status line. */
  saved = '';
  /** Per session id of the day edited: its draft, its errors by field, and a failure of its own. */
  sessionDrafts = new Map<string, SessionDraft>();
  sessionErrors = new Map<string, Shown[]>();
  sessionFailure = new Map<string, DeskError>();
  newSession: SessionDraft = emptySession(1);
  newSessionErrors: Shown[] = [];
  newSessionFailure?: DeskError;

  /** The door. */
  readonly queue: CheckInQueue;
  today: Load<StaffDay[]> = { status: 'idle' };
  private recounting = false;
  private recountAgain = false;
  /** Answers not yet announced (a queue announces its last). */
  private unannounced = 0;

  readonly api: DeskApi;
  /** The session's bookings the bookings view shows. */
  readonly list: SessionBookings;

  constructor(private readonly host: DeskHost) {
    this.api = new DeskApi(host.endpoint, () => this.token, host.timeout);
    this.list = new SessionBookings(this.api, host, (error) => this.refused(error));
    this.queue = new CheckInQueue({
      api: this.api,
      update: () => host.update(),
      answered: (answer, idle) => this.answered(answer, idle),
      unauthorized: () => this.expire(),
    });
  }

  /** Restores the tab's token, if any, and checks it. */
  restore(): void {
    const kept = storage()?.getItem(storageKey(this.host.endpoint()));
    if (kept && kept !== this.token) {
      this.token = kept;
      void this.loadDays();
    }
  }

  // ── signing in ─────────────────────────────────────────────────────────

  /**
   * Checks a token by listing the open days with it: 200 signs in (the token is kept for the
   * tab), and a refusal says why not (wrong, too many tries, the staff API off, no server).
   */
  async signInWith(text: string): Promise<void> {
    const token = text.trim();
    if (!token) {
      this.signIn = { checking: false, empty: true };
      this.host.update();
      this.host.focus('#f-token');
      return;
    }
    this.token = token;
    this.signIn = { checking: true };
    this.host.update();
    try {
      const days = await this.api.call('/open-days', { schema: StaffDays });
      storage()?.setItem(storageKey(this.host.endpoint()), token);
      this.days = { status: 'ready', data: days.items };
      this.signIn = { checking: false };
      this.go('days', false);
    } catch (error) {
      this.token = '';
      this.signIn = { checking: false, error: error as DeskError };
      if (error instanceof DeskError && (!error.status || error.status >= 500)) this.host.failed(error);
      this.host.update();
      this.host.focus('#failure');
    }
  }

  signOut(): void {
    storage()?.removeItem(storageKey(this.host.endpoint()));
    this.token = '';
    this.queue.clear();
    this.days = { status: 'idle' };
    this.today = { status: 'idle' };
    this.list.bookings = { status: 'idle' };
    this.signIn = { checking: false };
    this.view = 'days';
    this.host.update();
    this.host.focus('#f-token');
  }

  /** The server refused the token mid-way (revoked, or the server restarted with another). */
  expire(): void {
    this.signOut();
    this.signIn = { checking: false, expired: true };
    this.host.update();
  }

  // ── views ──────────────────────────────────────────────────────────────

  /** Opens a view; the open days are fetched again unless `fresh` is false (just fetched). */
  go(view: View, fresh = true): void {
    this.view = view;
    this.saved = '';
    if (view === 'days' && fresh) void this.loadDays();
    if (view === 'door') void this.recount();
    if (view === 'new-day') {
      this.editing = undefined;
      this.before = emptyDraft();
      this.draft = emptyDraft();
      this.formErrors = [];
      this.formFailure = undefined;
    }
    this.host.update();
    // The lists view has its own heading, in its own shadow root: focus stays on the menu.
    if (view !== 'lists') this.host.focus(view === 'door' ? '#f-code' : '#view-title');
  }

  async loadDays(): Promise<void> {
    this.days = { ...this.days, status: 'loading', error: undefined };
    this.host.update();
    try {
      this.days = { status: 'ready', data: (await this.api.call('/open-days', { schema: StaffDays })).items };
    } catch (error) {
      if (!this.refused(error)) this.days = { status: 'error', error: error as DeskError };
    }
    this.host.update();
  }

  editDay(day: StaffDay): void {
    this.show(day);
    this.formErrors = [];
    this.formFailure = undefined;
    this.saved = '';
    this.view = 'edit-day';
    this.host.update();
    this.host.focus('#view-title');
  }

  /** Puts a stored day in the form: its fields and each session's. */
  private show(day: StaffDay): void {
    this.editing = day;
    this.before = draftOf(day);
    this.draft = draftOf(day);
    this.sessionDrafts = new Map(day.sessions.map((s) => [s.id, sessionDraftOf(s)]));
    this.sessionErrors = new Map();
    this.sessionFailure = new Map();
    this.newSession = emptySession(day.sessions.length + 1);
    this.newSessionErrors = [];
    this.newSessionFailure = undefined;
  }

  setDraft(patch: Partial<DayDraft>): void {
    this.draft = { ...this.draft, ...patch };
    this.host.update();
  }

  setSession(i: number, patch: Partial<SessionDraft>): void {
    this.draft = { ...this.draft, sessions: this.draft.sessions.map((s, j) => (i === j ? { ...s, ...patch } : s)) };
    this.host.update();
  }

  addDraftSession(): void {
    this.draft = { ...this.draft, sessions: [...this.draft.sessions, emptySession(this.draft.sessions.length + 1)] };
    this.host.update();
    this.host.focus(`#f-sessions-${this.draft.sessions.length - 1}-id`);
  }

  removeDraftSession(i: number): void {
    this.draft = { ...this.draft, sessions: this.draft.sessions.filter((_, j) => j !== i) };
    this.host.update();
    this.host.focus('#add-session');
  }

  /** Creates the day, or saves what changed of it. */
  async saveDay(): Promise<void> {
    if (this.saving) return;
    const editing = this.editing;
    const body = editing ? patchOf(this.draft, this.before) : inputOf(this.draft);
    this.formErrors = [];
    this.formFailure = undefined;
    this.saved = '';
    if (editing && !Object.keys(body).length) {
      this.saved = this.host.t('desk.form.unchanged');
      this.host.update();
      return;
    }
    this.saving = true;
    this.host.update();
    try {
      const path = editing ? `/open-days/${encodeURIComponent(editing.id)}` : '/open-days';
      await this.api.call(path, { method: editing ? 'PATCH' : 'POST', body });
      const id = editing?.id ?? this.draft.id.trim();
      const day = await this.api.call(`/open-days/${encodeURIComponent(id)}`, { schema: StaffDay });
      this.show(day);
      this.view = 'edit-day';
      this.saved = editing ? this.host.t('desk.form.saved') : this.host.t('desk.form.created', { title: day.title });
      this.host.announce(this.saved);
      this.host.focus(editing ? '#saved' : '#view-title');
    } catch (error) {
      this.formRefused(
        error,
        (errors) => (this.formErrors = errors),
        (failure) => (this.formFailure = failure),
      );
      if (this.formErrors.length) this.host.focus('#summary');
      else if (this.formFailure) this.host.focus('#failure');
    } finally {
      this.saving = false;
      this.host.update();
    }
  }

  setSessionDraft(id: string, patch: Partial<SessionDraft>): void {
    const s = this.sessionDrafts.get(id);
    if (s) this.sessionDrafts.set(id, { ...s, ...patch });
    this.host.update();
  }

  /** PATCH a session's times and places: only what changed. */
  async saveSession(id: string): Promise<void> {
    const day = this.editing;
    const draft = this.sessionDrafts.get(id);
    const stored = day?.sessions.find((s) => s.id === id);
    if (!day || !draft || !stored) return;
    const body = sessionPatchOf(draft, sessionDraftOf(stored));
    this.sessionErrors.delete(id);
    this.sessionFailure.delete(id);
    this.saved = '';
    if (!Object.keys(body).length) {
      this.saved = this.host.t('desk.form.unchanged');
      this.host.update();
      return;
    }
    this.host.update();
    try {
      await this.api.call(`/open-days/${encodeURIComponent(day.id)}/sessions/${encodeURIComponent(id)}`, { method: 'PATCH', body });
      await this.reloadEditing(day.id);
      this.saved = this.host.t('desk.form.sessionSaved', { time: `${draft.start}–${draft.end}` });
      this.host.announce(this.saved);
    } catch (error) {
      const booked = stored.capacity - stored.remaining;
      if (error instanceof DeskError && error.slug === 'capacity-below-booked') {
        this.sessionErrors.set(id, [{ field: 'capacity', text: this.host.t('desk.e.belowBooked', { n: booked }) }]);
      } else
        this.formRefused(
          error,
          (errors) => this.sessionErrors.set(id, errors),
          (failure) => this.sessionFailure.set(id, failure),
        );
      this.host.focus(this.sessionFailure.has(id) ? `#s-${id}-failure` : `#s-${id}-error-first`);
    }
    this.host.update();
  }

  setNewSession(patch: Partial<SessionDraft>): void {
    this.newSession = { ...this.newSession, ...patch };
    this.host.update();
  }

  async addSession(): Promise<void> {
    const day = this.editing;
    if (!day) return;
    this.newSessionErrors = [];
    this.newSessionFailure = undefined;
    this.saved = '';
    this.host.update();
    const s = this.newSession;
    try {
      await this.api.call(`/open-days/${encodeURIComponent(day.id)}/sessions`, { method: 'POST', body: sessionInputOf(s) });
      await this.reloadEditing(day.id);
      this.saved = this.host.t('desk.form.sessionAdded', { time: `${s.start}–${s.end}` });
      this.host.announce(this.saved);
      this.host.focus('#saved');
    } catch (error) {
      if (error instanceof DeskError && error.slug === 'session-exists')
        this.newSessionErrors = [{ field: 'id', text: this.host.t('desk.e.sessionExists', { id: s.id }) }];
      else
        this.formRefused(
          error,
          (errors) => (this.newSessionErrors = errors),
          (failure) => (this.newSessionFailure = failure),
        );
      this.host.focus(this.newSessionFailure ? '#n-failure' : '#n-error-first');
    }
    this.host.update();
  }

  private async reloadEditing(id: string): Promise<void> {
    const keep = this.draft;
    const before = this.before;
    this.show(await this.api.call(`/open-days/${encodeURIComponent(id)}`, { schema: StaffDay }));
    // A session saved must not throw away day fields typed and not yet saved.
    if (JSON.stringify(keep) !== JSON.stringify(before)) this.draft = { ...keep, sessions: this.draft.sessions };
  }

  /** A refused write: errors by field (422, and the conflicts that belong to a field), else the failure box. */
  private formRefused(error: unknown, fields: (errors: Shown[]) => void, box: (failure: DeskError) => void): void {
    if (this.refused(error)) return;
    const failure = error as DeskError;
    if (failure.status === 422 && Array.isArray(failure.body.errors)) return fields(fieldErrors(failure, this.host.t));
    if (failure.slug === 'open-day-exists') return fields([{ field: 'id', text: this.host.t('desk.e.dayExists', { id: this.draft.id }) }]);
    box(failure);
  }

  /**
   * A refused token signs out (true); any other failure is the caller's to show, and one that is
   * no answer of the staff API (network, timeout, 5xx) is also reported as `dj-error`.
   */
  refused(error: unknown): boolean {
    if (error instanceof DeskError && error.status === 401) {
      this.expire();
      return true;
    }
    if (error instanceof DeskError && (!error.status || error.status >= 500)) this.host.failed(error);
    return false;
  }

  // ── a session's bookings ───────────────────────────────────────────────

  openBookings(dayId: string, sessionId: string): void {
    this.list.open(dayId, sessionId);
    this.view = 'bookings';
    this.host.update();
    this.host.focus('#view-title');
  }

  // ── the door ───────────────────────────────────────────────────────────

  /** Today's open days (China time), for the count. */
  get todays(): StaffDay[] {
    const today = chinaDate();
    return (this.today.data ?? []).filter((d) => d.date === today);
  }

  /**
   * Counts again after an answer. One recount at a time: answers that come while one runs
   * ask for one more after it, so a queue of ten costs two or three, and the last is current.
   */
  async recount(): Promise<void> {
    if (this.recounting) {
      this.recountAgain = true;
      return;
    }
    this.recounting = true;
    this.today = { ...this.today, status: this.today.data ? 'ready' : 'loading', error: undefined };
    this.host.update();
    try {
      do {
        this.recountAgain = false;
        const days = await this.api.call('/open-days', { schema: StaffDays });
        this.today = { status: 'ready', data: days.items };
        this.host.update();
      } while (this.recountAgain);
    } catch (error) {
      if (!this.refused(error)) this.today = { ...this.today, status: 'error', error: error as DeskError };
    } finally {
      this.recounting = false;
      this.host.update();
    }
  }

  private answered(answer: CheckInAnswer, idle: boolean): void {
    this.host.checkedIn(answer);
    if (answer.error && (!answer.error.status || answer.error.status >= 500)) this.host.failed(answer.error);
    this.unannounced++;
    if (idle) {
      this.host.announceAnswer(answer, this.unannounced - 1);
      this.unannounced = 0;
    }
    void this.recount();
  }
}
