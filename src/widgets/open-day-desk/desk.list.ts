/**
 * A session's bookings, with no DOM: the list in full, the search (name, the phone's last 4
 * digits, the code), the staff cancel with its required reason, and the CSV export fetched with
 * the token and saved under the server's file name. The desk's controller opens it and gives it
 * the API and the host.
 */
import { DeskError, type DeskApi } from './desk.api.js';
import type { DeskHost, Load } from './desk.controller.js';
import { StaffBookings, type StaffBooking } from '../../contract/staff.schema.js';

export class SessionBookings {
  dayId = '';
  sessionId = '';
  bookings: Load<StaffBooking[]> = { status: 'idle' };
  query = '';
  cancelling?: StaffBooking;
  reason = '';
  reasonError = '';
  cancelFailure?: DeskError;
  cancelDone = '';
  exporting = false;
  exportFailure?: DeskError;
  exported = '';

  constructor(
    private readonly api: DeskApi,
    private readonly host: DeskHost,
    /** A refused token signs out (true); any other failure is this list's to show. */
    private readonly refused: (error: unknown) => boolean,
  ) {}

  /** Shows the bookings of one session, fetched afresh. */
  open(dayId: string, sessionId: string): void {
    this.dayId = dayId;
    this.sessionId = sessionId;
    this.query = '';
    this.cancelling = undefined;
    this.cancelDone = '';
    this.exported = '';
    this.exportFailure = undefined;
    void this.load();
  }

  private get bookingsPath(): string {
    return `/open-days/${encodeURIComponent(this.dayId)}/sessions/${encodeURIComponent(this.sessionId)}/bookings`;
  }

  async load(): Promise<void> {
    this.bookings = { ...this.bookings, status: 'loading', error: undefined };
    this.host.update();
    try {
      this.bookings = { status: 'ready', data: (await this.api.call(this.bookingsPath, { schema: StaffBookings })).items };
    } catch (error) {
      if (!this.refused(error)) this.bookings = { status: 'error', error: error as DeskError };
    }
    this.host.update();
  }

  setQuery(query: string): void {
    this.query = query;
    this.host.update();
  }

  /** By name (any part), the phone's last 4 digits, or the code (any part, any case). */
  get shown(): StaffBooking[] {
    const all = this.bookings.data ?? [];
    const q = this.query.trim();
    if (!q) return all;
    const code = q.replace(/[\s-]/g, '').toUpperCase();
    return all.filter(
      (b) =>
        b.name.includes(q) ||
        b.companions.some((c) => c.name.includes(q)) ||
        (/^\d{4}$/.test(q) && b.phone.endsWith(q)) ||
        (/^\d{5,}$/.test(q) && b.phone.includes(q)) ||
        (code.length >= 2 && b.code.includes(code)),
    );
  }

  askCancel(booking: StaffBooking): void {
    this.cancelling = booking;
    this.reason = '';
    this.reasonError = '';
    this.cancelFailure = undefined;
    this.cancelDone = '';
    this.host.update();
    this.host.focus('#cancel-title');
  }

  keep(): void {
    const code = this.cancelling?.code;
    this.cancelling = undefined;
    this.host.update();
    if (code) this.host.focus(`#cancel-${code}`);
  }

  setReason(reason: string): void {
    this.reason = reason;
    this.host.update();
  }

  async confirmCancel(): Promise<void> {
    const b = this.cancelling;
    if (!b) return;
    const reason = this.reason.trim();
    this.reasonError = !reason ? this.host.t('desk.c.reason.empty') : reason.length > 200 ? this.host.t('desk.c.reason.long') : '';
    this.cancelFailure = undefined;
    if (this.reasonError) {
      this.host.update();
      this.host.focus('#f-reason');
      return;
    }
    this.host.update();
    try {
      await this.api.call(`/bookings/${encodeURIComponent(b.code)}/cancel`, { method: 'POST', body: { reason } });
      this.cancelling = undefined;
      this.exported = '';
      this.cancelDone = this.host.t('desk.c.done', { name: b.name, code: b.code });
      this.host.announce(this.cancelDone);
      await this.load();
      this.host.focus('#cancel-done');
    } catch (error) {
      if (this.refused(error)) return;
      const failure = error as DeskError;
      if (failure.status === 422) this.reasonError = this.host.t('desk.c.reason.long');
      else this.cancelFailure = failure;
      this.host.update();
      this.host.focus(this.reasonError ? '#f-reason' : '#failure');
    }
  }

  /** Fetches the CSV with the token and hands it to the browser to save, under the server's file name. */
  async exportCsv(save: (filename: string, blob: Blob) => void): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    this.exportFailure = undefined;
    this.exported = '';
    this.cancelDone = '';
    this.host.update();
    try {
      const file = await this.api.download(`${this.bookingsPath}.csv`, `bookings-${this.dayId}-${this.sessionId}.csv`);
      save(file.filename, file.blob);
      this.exported = this.host.t('desk.b.exported', { file: file.filename });
      this.host.announce(this.exported);
    } catch (error) {
      if (!this.refused(error)) this.exportFailure = error as DeskError;
    } finally {
      this.exporting = false;
      this.host.update();
    }
  }
}
