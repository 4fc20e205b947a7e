import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DjElement, zh } from '../../core/element.js';
import { DjError, describeError } from '../../core/errors.js';
import { numeric } from '../../core/format.js';
import { errorBox } from '../../core/states.js';
import { LISTS, type DryRun, type ListName, type ListState, type ListVersion } from '../../contract/lists.js';
import { ListsApi, type BoardParams } from './desk-lists.api.js';
import { DeskError } from './desk.api.js';
import './desk-lists.messages.js';
import { styles } from './desk-lists.styles.js';

type Busy = '' | 'check' | 'apply' | 'restore' | 'template';

/**
 * @summary The staff desk's 名单导入 view: lists kept in Excel or WPS (brands, a liaison-group
 * board, the five-star branch list) brought onto the site. Staff download a template, upload the
 * filled file for a dry run (its errors by row and column, or what it adds, changes and removes),
 * import it, and may restore the previous version after a confirm step.
 *
 * Every request carries the staff token (`Authorization: Bearer`) to `{endpoint}/admin/lists…`.
 *
 * @csspart base - The panel's frame.
 */
export class DjDeskLists extends DjElement {
  static override styles = [DjElement.styles, styles];

  private readonly api = new ListsApi(
    () => this.resolvedEndpoint,
    () => this.token,
    () => this.timeout,
  );

  /** The staff token, sent as `Authorization: Bearer`; a property only, so it never shows in the DOM. */
  @property({ attribute: false }) token = '';

  @state() private list: ListName = 'brands';
  @state() private scope = 'yanzhou';
  @state() private period = '';
  @state() private scopeName = '';
  @state() private states?: ListState[];
  @state() private statesFailed = false;
  @state() private file?: File;
  @state() private fileMissing = false;
  @state() private busy: Busy = '';
  @state() private dry?: DryRun;
  @state() private done?: { kind: 'applied' | 'restored'; state: ListState };
  @state() private confirming = false;
  @state() private failure?: unknown;
  @state() private saved = '';

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('token') || changed.has('endpoint')) && this.token) void this.loadStates();
  }

  // ── handlers ──────────────────────────────────────────────────────────────

  private onList = (event: Event) => {
    this.list = (event.target as HTMLInputElement).value as ListName;
    this.reset();
  };

  private onBoardField = (event: Event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 'scope') this.scope = input.value;
    if (input.name === 'period') this.period = input.value;
    if (input.name === 'scopeName') this.scopeName = input.value;
    this.reset();
  };

  private onFile = (event: Event) => {
    this.file = (event.target as HTMLInputElement).files?.[0];
    this.fileMissing = false;
    this.dry = undefined;
    this.done = undefined;
    this.failure = undefined;
  };

  private onTemplate = (kind: 'csv' | 'xlsx') => async () => {
    await this.run('template', async () => {
      const { filename, blob } = await this.api.template(this.list, kind);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.hidden = true;
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.saved = this.t('lists.saved', { name: filename });
    });
  };

  private onCheck = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!this.file) {
      this.fileMissing = true;
      this.focusAfterRender('#file');
      return;
    }
    const file = this.file;
    this.done = undefined;
    await this.run('check', async () => {
      this.dry = await this.api.dryRun(this.list, file, this.board());
      this.focusAfterRender('#result');
    });
  };

  private onApply = async () => {
    const id = this.dry?.id;
    if (!id) return;
    await this.run('apply', async () => {
      const state = await this.api.apply(this.list, id);
      this.dry = undefined;
      this.done = { kind: 'applied', state };
      this.focusAfterRender('#done');
      await this.loadStates();
    });
  };

  private onRestore = () => {
    this.confirming = true;
    this.done = undefined;
    this.focusAfterRender('#confirm-title');
  };

  private onRestoreCancel = () => {
    this.confirming = false;
    this.focusAfterRender('#restore');
  };

  private onRestoreConfirm = async () => {
    await this.run('restore', async () => {
      const state = await this.api.restore(this.list, this.board());
      this.confirming = false;
      this.dry = undefined;
      this.done = { kind: 'restored', state };
      this.focusAfterRender('#done');
      await this.loadStates();
    });
  };

  // ── helpers ───────────────────────────────────────────────────────────────

  private board(): BoardParams | undefined {
    return this.list === 'boards' ? { scope: this.scope, period: this.period, scopeName: this.scopeName } : undefined;
  }

  private reset() {
    this.dry = undefined;
    this.done = undefined;
    this.confirming = false;
    this.failure = undefined;
    this.saved = '';
  }

  /** Runs one request of the panel: busy meanwhile, its failure shown (and focused) instead of thrown. */
  private async run(busy: Busy, work: () => Promise<void>) {
    if (this.busy) return;
    this.busy = busy;
    this.failure = undefined;
    try {
      await work();
    } catch (error) {
      this.failure = error;
      this.focusAfterRender('#failure');
    } finally {
      this.busy = '';
    }
  }

  private async loadStates() {
    try {
      this.states = await this.api.states();
      this.statesFailed = false;
    } catch (error) {
      // The failure box says why; the version line stays empty rather than loading for ever.
      this.statesFailed = true;
      this.failure = error;
    }
  }

  /** The state of the chosen list (a board: of its scope and period). */
  private current(): ListState | undefined {
    return this.states?.find(
      (s) => s.list === this.list && (this.list !== 'boards' || (s.scope === this.scope.trim() && s.period === this.period.trim())),
    );
  }

  private when(iso: string) {
    const parts = numeric(iso);
    return parts ? `${parts[0]} ${parts[1]}` : iso;
  }

  private versionLine(state: ListState | undefined) {
    const v = state?.current;
    if (!v) return this.t('lists.never');
    if (v.version === 0) return this.t('lists.currentSeed', { rows: v.rows });
    return this.t('lists.current', { version: v.version, at: this.when(v.at), by: v.by ?? '', rows: v.rows });
  }

  private reason(error: unknown) {
    // The server's own sentence says which file, row or list is wrong; without one, its status.
    if (error instanceof DeskError && error.status && error.status < 500) {
      const detail = error.extra.problem?.detail;
      return detail ? zh(detail) : this.t('lists.refused', { status: error.status });
    }
    if (error instanceof DjError) return describeError(error, this.locale);
    return String(error);
  }

  // ── render ────────────────────────────────────────────────────────────────

  protected override render() {
    const level = this.headingOr(2);
    const state = this.current();
    return this.frame(html`<section class="panel" aria-labelledby="lists-title">
      <div id="lists-title" class="title" role="heading" aria-level=${level}>${this.t('lists.title')}</div>
      <p>${this.t('lists.intro')}</p>
      ${this.token ? nothing : html`<p class="inline-error">${this.t('lists.noToken')}</p>`}
      <form @submit=${this.onCheck} novalidate>
        <fieldset class="group">
          <legend>${this.t('lists.choose')}</legend>
          ${LISTS.map(
            (list) =>
              html`<label class="choice"
                ><input type="radio" name="list" .value=${list} .checked=${this.list === list} @change=${this.onList} />${this.t(
                  `lists.list.${list}`,
                )}</label
              >`,
          )}
        </fieldset>
        ${this.list === 'boards' ? this.boardFields() : nothing}
        ${
          this.token && !this.statesFailed
            ? html`<p class="status">${this.states ? this.versionLine(state) : this.t('lists.loadingStates')}</p>`
            : nothing
        }
        <div class="group" role="group" aria-labelledby="templates">
          <p id="templates" class="label">${this.t('lists.templates')}</p>
          <div class="row">
            <button class="button" type="button" ?disabled=${!!this.busy} @click=${this.onTemplate('xlsx')}>${this.t('lists.templateXlsx')}</button>
            <button class="button" type="button" ?disabled=${!!this.busy} @click=${this.onTemplate('csv')}>${this.t('lists.templateCsv')}</button>
          </div>
          <p class="status" role="status">${this.saved}</p>
        </div>
        <div class="group field ${this.fileMissing ? 'invalid' : ''}">
          <label class="label" for="file">${this.t('lists.file')}</label>
          <p id="file-hint" class="hint">${this.t('lists.file.hint')}</p>
          ${this.fileMissing ? html`<p id="file-error" class="inline-error">${this.t('lists.noFile')}</p>` : nothing}
          <input
            id="file"
            class="input"
            type="file"
            accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby=${this.fileMissing ? 'file-hint file-error' : 'file-hint'}
            aria-invalid=${this.fileMissing ? 'true' : 'false'}
            @change=${this.onFile}
          />
        </div>
        <button class="button solid" type="submit" ?disabled=${!!this.busy}>
          ${this.busy === 'check' ? this.t('lists.checking') : this.t('lists.check')}
        </button>
      </form>
      <p class="visually-hidden" role="status">${this.busy && this.busy !== 'template' ? this.t(`lists.${this.busy === 'check' ? 'checking' : this.busy === 'apply' ? 'applying' : 'restoring'}`) : ''}</p>
      ${this.failure ? errorBox(this.reason(this.failure), nothing, this.t('lists.failed')) : nothing}
      ${this.dry ? this.result(this.dry, level + 1) : nothing}
      ${this.done ? this.doneLine(this.done) : nothing} ${this.restoreView(state, level + 1)}
    </section>`);
  }

  private boardFields() {
    const field = (name: 'scope' | 'period' | 'scopeName', value: string, hint?: string) =>
      html`<div>
        <label class="label" for=${`f-${name}`}>${this.t(`lists.${name}`)}</label>
        ${hint ? html`<p id=${`f-${name}-hint`} class="hint">${hint}</p>` : nothing}
        <input
          id=${`f-${name}`}
          class="input"
          name=${name}
          .value=${value}
          autocomplete="off"
          spellcheck="false"
          aria-describedby=${hint ? `f-${name}-hint` : nothing}
          @change=${this.onBoardField}
        />
      </div>`;
    return html`<div class="board">
      ${field('scope', this.scope, this.t('lists.scope.hint'))} ${field('period', this.period, this.t('lists.period.hint'))}
      ${field('scopeName', this.scopeName)}
    </div>`;
  }

  private result(dry: DryRun, level: number) {
    const bad = dry.errorCount > 0;
    const title = bad ? this.t('lists.errors', { n: dry.errorCount }) : this.t('lists.ok', { rows: dry.rows });
    return html`<div class="result ${bad ? 'bad' : 'good'}">
      <div id="result" class="subtitle" role="heading" aria-level=${level} tabindex="-1">${title}</div>
      ${
        bad
          ? html`<p>${this.t('lists.errors.fix')}</p>
            ${dry.errors.length < dry.errorCount ? html`<p>${this.t('lists.errors.more', { shown: dry.errors.length })}</p>` : nothing}
            <div class="table-box" tabindex="0" role="region" aria-labelledby="result">
              <table class="grid errors" role="table">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">${this.t('lists.col.row')}</th>
                    <th role="columnheader" scope="col">${this.t('lists.col.column')}</th>
                    <th role="columnheader" scope="col">${this.t('lists.col.message')}</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  ${dry.errors.map(
                    (e) =>
                      html`<tr role="row">
                        <th role="rowheader" scope="row" data-label=${this.t('lists.col.row')}>${e.row}</th>
                        <td role="cell" class="col" data-label=${this.t('lists.col.column')}>${e.column ? zh(e.column) : '—'}</td>
                        <td role="cell" class="msg" data-label=${this.t('lists.col.message')}>${zh(e.message)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p>${this.t('lists.preview')}</p>
            <dl class="counts">
              <div><dt>${this.t('lists.added')}</dt><dd>${dry.preview?.added ?? 0}</dd></div>
              <div><dt>${this.t('lists.changed')}</dt><dd>${dry.preview?.changed ?? 0}</dd></div>
              <div><dt>${this.t('lists.removed')}</dt><dd>${dry.preview?.removed ?? 0}</dd></div>
            </dl>
            ${dry.expiresAt ? html`<p class="hint">${this.t('lists.expires', { time: this.when(dry.expiresAt) })}</p>` : nothing}`
      }
      <div class="row">
        <button class="button solid" type="button" ?disabled=${bad || !dry.id || !!this.busy} @click=${this.onApply}>
          ${this.busy === 'apply' ? this.t('lists.applying') : this.t('lists.apply')}
        </button>
      </div>
    </div>`;
  }

  private doneLine({ kind, state }: { kind: 'applied' | 'restored'; state: ListState }) {
    const v = state.current!;
    const text =
      kind === 'applied'
        ? this.t('lists.applied', { version: v.version, rows: v.rows })
        : this.t('lists.restored', {
            which: v.version === 0 ? this.t('lists.restored.seed') : this.t('lists.restored.version', { version: v.version }),
            rows: v.rows,
          });
    return html`<p id="done" class="done" role="status" tabindex="-1">${text}</p>`;
  }

  private restoreView(state: ListState | undefined, level: number) {
    const previous: ListVersion | null | undefined = state?.previous;
    if (!state?.current || !previous) return nothing;
    if (!this.confirming)
      return html`<div class="row">
        <button id="restore" class="button" type="button" ?disabled=${!!this.busy} @click=${this.onRestore}>${this.t('lists.restore')}</button>
      </div>`;
    const what =
      previous.version === 0
        ? this.t('lists.restore.whatSeed', { rows: previous.rows, current: state.current.version })
        : this.t('lists.restore.what', {
            version: previous.version,
            at: this.when(previous.at),
            rows: previous.rows,
            current: state.current.version,
          });
    return html`<div class="confirm" role="group" aria-labelledby="confirm-title">
      <div id="confirm-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">${this.t('lists.restore.title')}</div>
      <p>${what}</p>
      <div class="row">
        <button class="button solid" type="button" ?disabled=${!!this.busy} @click=${this.onRestoreConfirm}>
          ${this.busy === 'restore' ? this.t('lists.restoring') : this.t('lists.restore.confirm')}
        </button>
        <button class="button" type="button" ?disabled=${!!this.busy} @click=${this.onRestoreCancel}>${this.t('lists.restore.cancel')}</button>
      </div>
    </div>`;
  }
}
