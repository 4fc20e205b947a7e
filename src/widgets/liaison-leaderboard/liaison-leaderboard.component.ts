import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DjElement, zh } from '../../core/element.js';
import { emit } from '../../core/events.js';
import { Resource } from '../../core/resource.js';
import { renderStates } from '../../core/states.js';
import { Leaderboard, type LiaisonGroup, type MemberUnit } from '../../contract/liaison.schema.js';
import { METRICS, metricValue, rank, trends, type Metric, type Ranked } from './ranking.js';
import { escapeText, fixed, fixedHtml } from './fixed-html.js';
import { cards } from './liaison-leaderboard.cards.js';
import { styles } from './liaison-leaderboard.styles.js';
import './liaison-leaderboard.messages.js';

declare module '../../core/events.js' {
  interface DjEventDetails {
    /** The reader activated a group's name. Cancelable: preventDefault() keeps its details closed. */
    'dj-group-select': { id: string; period: string };
  }
}

/** The metric columns in table order; each header sorts by its metric. */
const COLUMNS: Metric[] = ['branchCount', 'fiveStarCount', 'fiveStarShare', 'score'];
const SKELETON_ROWS = 10;

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * A column name that may wrap only between words: each word is kept whole,
 * so 五星级 never breaks as 五星/级 and Five-star never as Five-/star. As
 * markup written into the template (fixed-html.ts): the same in every row.
 */
const words = (text: string) =>
  fixed(
    text
      .split(/(\s+)/)
      .map((part) => (part.trim() ? `<span class="word">${escapeText(part)}</span>` : part))
      .join(''),
  );

/**
 * The ranking of liaison groups (联系片) of a scope in a period, by evaluation
 * score, five-star share or branch counts, from
 * `{endpoint}/liaison-groups?scope={scope}&period={period}`.
 *
 * @tagname dj-liaison-leaderboard
 * @summary Ranks the liaison groups of a scope, with trend, red flags and member units.
 *
 * @slot - Optional `<script type="application/json">` with the ranking as the endpoint returns it, shown at once and replaced by fresh data; any other content is the no-JavaScript fallback, hidden once the widget renders.
 *
 * @csspart base - The wrapper of everything the widget shows.
 * @csspart toolbar - The period and metric switchers.
 * @csspart table - The ranking table; a card per group below 42em of container width or wherever the table would not fit.
 * @csspart row - A group's row.
 * @csspart members - The expanded details of a group.
 * @csspart state - The loading-failed and empty boxes.
 * @csspart notice - The notice shown over data kept after a failed refresh.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dj-leaderboard-bar - Colour of the five-star share bars; defaults to `--dj-color-primary`.
 * @cssprop --dj-leaderboard-top - Background of the top three rows; defaults to `--dj-color-surface-tint`.
 *
 * @fires dj-group-select - The reader activated a group's name, which shows its details; detail `{id, period}`. Cancelable: preventDefault() keeps the details closed (e.g. to open the group's own page).
 * @fires dj-load - The ranking was fetched and is shown; detail `{url}`.
 * @fires dj-error - The ranking could not be fetched; detail `{url, kind, status, message}`.
 */
export class DjLiaisonLeaderboard extends DjElement {
  static override styles = [DjElement.styles, styles, cards];

  private readonly board = new Resource<Leaderboard>(this, {
    snapshot: true,
    path: () => {
      const query = new URLSearchParams();
      if (this.scope) query.set('scope', this.scope);
      if (this.period) query.set('period', this.period);
      return `/liaison-groups${query.size ? `?${query}` : ''}`;
    },
    schema: Leaderboard,
    isEmpty: (data) => !data.items.length,
    keep: true,
  });

  /** Row positions before a re-sort, for the reorder animation. */
  private positions?: Map<string, number>;
  private warned = '';
  /** This update's column labels, made once for every row (see label()). */
  private readonly labels = new Map<string, ReturnType<typeof fixed>>();
  private readonly resizeObserver = new ResizeObserver(() => requestAnimationFrame(() => this.fit()));
  private observedFrame?: Element;

  /** Which groups to rank, e.g. `yanzhou` or `jining`; empty for the endpoint's default. */
  @property() scope = '';

  /** The period, e.g. `2024Q2`; empty for the latest. Also set by the period switcher. */
  @property() period = '';

  /** What to rank by: `score` (评成效 evaluation score), `fiveStarShare`, `fiveStarCount` or `branchCount`. Also set by the switcher and the column headers. */
  @property({ reflect: true }) metric: Metric = 'score';

  /** Show only the groups ranked 1 to `limit` (ties included), with a “show all” button; 0 shows all. */
  @property({ type: Number }) limit = 0;

  @state() private ascending = false;
  @state() private showAll = false;
  @state() private expanded = new Set<string>();

  /** `metric`, or `score` when it is not one of the four. */
  private get sortMetric(): Metric {
    return METRICS.includes(this.metric) ? this.metric : 'score';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.labels.clear();
    if (this.metric !== this.sortMetric && this.warned !== this.metric) {
      this.warned = this.metric;
      console.warn(`[dj-widgets] <dj-liaison-leaderboard>: metric="${this.metric}" is not one of ${METRICS.join(', ')}; ranking by score.`);
    }
    if (changed.has('scope')) {
      this.expanded = new Set();
      this.showAll = false;
    }
    if (
      (changed.has('metric') || (changed as PropertyValues).has('ascending')) &&
      this.hasUpdated &&
      matchMedia('(prefers-reduced-motion: no-preference)').matches
    ) {
      this.positions = new Map(this.rows().map((row) => [row.dataset.id!, row.getBoundingClientRect().top]));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.observedFrame = undefined;
  }

  protected override updated(): void {
    const frame = this.renderRoot.querySelector('.board-frame') ?? undefined;
    if (frame !== this.observedFrame) {
      this.resizeObserver.disconnect();
      if (frame) this.resizeObserver.observe(frame);
      this.observedFrame = frame;
    }
    this.fit();
    // Rows slide from where they were (FLIP); only on a re-sort, and only
    // when the reader has not asked for less motion. Every position is read
    // before any animation starts, so layout runs once, not once per row.
    const before = this.positions;
    this.positions = undefined;
    if (!before) return;
    const rows = this.rows();
    const moves = rows.map((row) => {
      const top = row.getBoundingClientRect().top;
      return (before.get(row.dataset.id!) ?? top) - top;
    });
    rows.forEach((row, i) => {
      if (moves[i]) row.animate([{ transform: `translateY(${moves[i]}px)` }, { transform: 'none' }], { duration: 300, easing: 'ease-out' });
    });
  }

  /**
   * Cards instead of the table whenever the table is wider than its frame,
   * whatever the reason: the container query alone cannot know how wide
   * English headers, large mode or the reader's fonts make it, and a browser
   * without container queries has only this. The table is measured with the
   * class removed, in the same frame, so nothing flickers. Called after each
   * render and, a frame later, after each resize (changing the layout inside
   * the observer's callback would make the observer loop).
   */
  private fit(): void {
    const frame = this.renderRoot.querySelector<HTMLElement>('.board-frame');
    const table = frame?.querySelector('.board');
    if (!frame || !table) return;
    frame.classList.remove('squeezed');
    frame.classList.toggle('squeezed', table.getBoundingClientRect().width > frame.clientWidth + 0.5);
  }

  private rows(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('tr[data-id]')];
  }

  /** A header sorts by its metric; the active header flips the order. */
  private sortBy(metric: Metric): void {
    if (metric === this.sortMetric) this.ascending = !this.ascending;
    else {
      this.metric = metric;
      this.ascending = false;
    }
  }

  /** One listener for every group's name, rather than a listener to add for each of 100 rows. */
  private activateFrom(event: Event, board: Leaderboard): void {
    const row = (event.target as Element).closest('button.name')?.closest('tr');
    const group = row && board.items.find((g) => g.id === row.dataset.id);
    if (group) this.activate(group, board);
  }

  /** A group's name shows or hides its details, unless a dj-group-select listener took over. */
  private activate(group: LiaisonGroup, board: Leaderboard): void {
    if (!emit(this, 'dj-group-select', { id: group.id, period: board.period }, true)) return;
    const expanded = new Set(this.expanded);
    if (!expanded.delete(group.id)) expanded.add(group.id);
    this.expanded = expanded;
  }

  private periodName(period: string): string {
    const match = /^(\d{4})Q([1-4])$/.exec(period);
    if (!match) return period;
    const q = this.locale === 'en' ? match[2] : '一二三四'[+match[2] - 1];
    return this.t('lb.periodName', { year: match[1], q });
  }

  protected override render() {
    const data = this.board.data;
    return this.frame(
      html`${data ? this.renderToolbar(data) : nothing}${renderStates(this, this.board, {
        skeleton: this.renderSkeleton(),
        empty: this.t('lb.empty'),
        describe: (error) => (error.kind === 'not-found' ? this.t('lb.notFound', { scope: this.scope, period: this.period }) : undefined),
        ready: (board) => this.renderBoard(board),
      })}`,
    );
  }

  private renderSkeleton() {
    const rows = this.limit > 0 ? Math.min(this.limit, SKELETON_ROWS) : SKELETON_ROWS;
    return html`<div class="toolbar"><span class="bone field-bone"></span><span class="bone field-bone"></span></div>
      <span class="bone caption-bone"></span>
      ${Array.from({ length: rows + 1 }, () => html`<span class="bone row-bone"></span>`)}`;
  }

  private renderToolbar(board: Leaderboard) {
    const current = this.period || board.period;
    const periods = [...new Set([...board.periods, board.period])].sort().reverse();
    return html`<div class="toolbar" part="toolbar">
      <label class="field">
        <span>${this.t('lb.period')}</span>
        <select @change=${(e: Event) => (this.period = (e.target as HTMLSelectElement).value)}>
          ${periods.map((p) => html`<option value=${p} .selected=${p === current}>${this.periodName(p)}</option>`)}
        </select>
      </label>
      <label class="field">
        <span>${this.t('lb.metric')}</span>
        <select
          @change=${(e: Event) => {
            this.metric = (e.target as HTMLSelectElement).value as Metric;
            this.ascending = false;
          }}
        >
          ${METRICS.map((m) => html`<option value=${m} .selected=${m === this.sortMetric}>${this.t(`lb.metric.${m}`)}</option>`)}
        </select>
      </label>
    </div>`;
  }

  private renderBoard(board: Leaderboard) {
    const metric = this.sortMetric;
    const ranked = rank(board.items, (g) => metricValue(g, metric));
    const moved = trends(ranked, metric);
    const ordered = this.ascending ? ranked.slice().reverse() : ranked;
    const limited = this.limit > 0 && !this.showAll;
    const shown = limited ? ordered.filter((r) => r.rank <= this.limit) : ordered;
    const hidden = this.limit > 0 && ranked.some((r) => r.rank > this.limit);
    const col = (key: string) => words(this.t(`lb.col.${key}`));
    return fixedHtml`<div class="board-frame"><table class="board" part="table">
        <caption>
          ${this.tp('lb.caption', { scope: zh(board.scope.name), period: this.periodName(board.period), metric: this.t(`lb.metric.${metric}`) })}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="c-rank">${col('rank')}</th>
            <th scope="col" class="c-trend">${col('trend')}</th>
            <th scope="col">${col('group')}</th>
            <th scope="col">${col('leader')}</th>
            <th scope="col" class="num">${col('units')}</th>
            ${COLUMNS.map(
              (
                key,
              ) => fixedHtml`<th scope="col" class="num" aria-sort=${key === metric ? (this.ascending ? 'ascending' : 'descending') : nothing}>
                <button class="sort" @click=${() => this.sortBy(key)}>
                  <span>${col(key)}</span><span class="arrow" aria-hidden="true">${key === metric ? (this.ascending ? '▲' : '▼') : '↕'}</span>
                </button>
              </th>`,
            )}
          </tr>
        </thead>
        <tbody @click=${(event: Event) => this.activateFrom(event, board)}>
          ${shown.map((row) => this.renderRow(row, moved.get(row.item.id), board))}
        </tbody>
      </table></div>
      ${
        hidden
          ? html`<button class="link-button show-all" aria-expanded=${this.showAll ? 'true' : 'false'} @click=${() => (this.showAll = !this.showAll)}>
            ${this.showAll ? this.t('lb.showTop', { count: this.limit }) : this.t('lb.showAll', { count: board.items.length })}
          </button>`
          : nothing
      }`;
  }

  private renderRow({ item: group, rank, tied }: Ranked<LiaisonGroup>, moved: number | undefined, board: Leaderboard) {
    const open = this.expanded.has(group.id);
    const id = `members-${board.items.indexOf(group)}`;
    // Rank and trend are written out here, not as templates of their own: a
    // template per cell and row is work for each of 100 rows.
    const [trend, shown, said] =
      moved === undefined
        ? ['new', this.t('lb.new'), this.t('lb.newLong')]
        : moved > 0
          ? ['up', `↑${moved}`, this.t('lb.up', { n: moved })]
          : moved < 0
            ? ['down', `↓${-moved}`, this.t('lb.down', { n: -moved })]
            : ['same', '—', this.t('lb.same')];
    return fixedHtml`<tr part="row" data-id=${group.id} class=${rank <= 3 ? `top top-${rank}` : ''}>
        <td class="c-rank"><span class="rank">${rank}</span>${tied ? this.renderTie() : nothing}</td>
        <td class="c-trend">${this.label('trend')}<span class="trend ${trend}"
            ><span aria-hidden="true">${shown}</span><span class="visually-hidden">${said}</span></span
          ></td>
        <th scope="row" class="c-group">
          <button
            class="name"
            lang="zh-CN"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls=${open ? id : nothing}
          >${group.name}</button>
          ${
            group.redFlag
              ? html`<span class="flag"
                ><svg aria-hidden="true" viewBox="0 0 16 16"><path d="M3 1v14M3 2h9l-2 3 2 3H3" /></svg>${this.t('lb.redFlag')}</span
              >`
              : nothing
          }
        </th>
        <td class="c-leader" lang="zh-CN">${group.leaderUnit.name}</td>
        <td class="c-units num">${this.label('units')}<span class="value">${group.units.length}</span></td>
        ${this.renderFigures(group)}
      </tr>
      ${open ? html`<tr class="more" id=${id}><td colspan="9">${this.renderMembers(group)}</td></tr>` : nothing}`;
  }

  /**
   * A column's name inside its cell. The table hides it (the header names the
   * column); the card layout shows it above or before the value. Real text
   * rather than generated content from a custom property, so that no inline
   * style is needed and the label wraps only between words. The same in every
   * row, so it is written into the row's template (fixed-html.ts).
   */
  private label(key: string) {
    let label = this.labels.get(key);
    if (!label) this.labels.set(key, (label = fixed(`<span class="label">${words(this.t(`lb.col.${key}`)).markup}</span>`)));
    return label;
  }

  /** The four figures of a group or unit, in column order. */
  private renderFigures(f: LiaisonGroup | MemberUnit) {
    const share = metricValue(f, 'fiveStarShare');
    // The bar's length is an SVG attribute, not an inline style, so a strict CSP
    // (style-src without 'unsafe-inline') has nothing to refuse.
    return fixedHtml`<td class="c-branchCount num">${this.label('branchCount')}<span class="value">${f.branchCount}</span></td>
      <td class="c-fiveStarCount num">${this.label('fiveStarCount')}<span class="value">${f.fiveStarCount}</span></td>
      <td class="c-fiveStarShare">
        ${this.label('fiveStarShare')}<span class="share value"
          ><svg class="bar" aria-hidden="true" focusable="false"><rect width="${(share * 100).toFixed(1)}%" height="100%"></rect></svg
          >${percent(share)}</span
        >
      </td>
      <td class="c-score num">${this.label('score')}<span class="value">${f.score.toFixed(1)}</span></td>`;
  }

  private renderTie() {
    return html`<span class="tie">${this.t('lb.tied')}</span>`;
  }

  private renderMembers(group: LiaisonGroup) {
    const metric = this.sortMetric;
    const none = this.t('lb.none');
    const units = rank(group.units, (u) => metricValue(u, metric));
    const col = (key: string) => words(this.t(`lb.col.${key}`));
    return html`<div class="members" part="members">
      <dl class="people">
        <div>
          <dt>${this.t('lb.guide')}</dt>
          <dd lang="zh-CN">${group.guide ? `${group.guide.name}（${group.guide.title}）` : none}</dd>
        </div>
        <div>
          <dt>${this.t('lb.liaison')}</dt>
          <dd lang="zh-CN">${group.liaison?.name ?? none}</dd>
        </div>
        <div>
          <dt>${this.t('lb.deputies')}</dt>
          <dd lang="zh-CN">${group.deputyUnits.map((u) => u.name).join('、') || none}</dd>
        </div>
      </dl>
      ${
        units.length
          ? fixedHtml`<table class="units">
            <caption>
              ${this.tp('lb.unitsCaption', { name: zh(group.name), metric: this.t(`lb.metric.${metric}`) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">${col('rank')}</th>
                <th scope="col">${col('unit')}</th>
                ${COLUMNS.map((key) => fixedHtml`<th scope="col" class="num">${col(key)}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${units.map(
                ({ item, rank, tied }) => html`<tr>
                  <td><span class="rank">${rank}</span>${tied ? this.renderTie() : nothing}</td>
                  <th scope="row" lang="zh-CN">${item.name}</th>
                  ${this.renderFigures(item)}
                </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p>${this.t('lb.noUnits')}</p>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dj-liaison-leaderboard': DjLiaisonLeaderboard;
  }
}
