import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DjElement, zh } from '../../core/element.js';
import { emit } from '../../core/events.js';
import { Resource } from '../../core/resource.js';
import { renderStates } from '../../core/states.js';
import { Branches, Regions, type Branch } from '../../contract/branch-map.schema.js';
import { cluster, frameOf, labelOf, markerRadius, pathOf, project, targetHalf, WIDTH, type Cluster, type Frame } from './geo.js';
import { placeLabels } from './labels.js';
import { styles } from './branch-map.styles.js';
import { sortRows, tableTemplate, type SortKey } from './branch-map.table.js';
import { tilesNoteTemplate, tilesTemplate } from './branch-map.tiles.js';
import { MAX_ZOOM, MIN_ZOOM, Viewport } from './branch-map.viewport.js';
import { cardTemplate, DIAMOND, legendTemplate, listTemplate, STAR } from './branch-map.parts.js';
import './branch-map.messages.js';

declare module '../../core/events.js' {
  interface DjEventDetails {
    /** The reader selected a branch on the map or in the list. */
    'dj-branch-select': { id: string };
  }
}

/** Pins in one cell of this many CSS pixels are drawn as one cluster before markers are kept apart. */
const CELL = 36;
const MAX_HEIGHT = 640;
/** Table rows per “show more”. */
const PAGE = 50;

interface Projected {
  x: number;
  y: number;
  item: Branch;
}

/**
 * Five-star party branches (五星级党支部) on an SVG map of a region, with
 * clusters, zoom and pan by pointer, wheel, keys and buttons, filters, a
 * detail card, and a table view that is the map's accessible twin. Data from
 * `{endpoint}/regions/{region}` and `{endpoint}/branches?region={region}`.
 *
 * @tagname dj-branch-map
 * @summary Shows party branches by star rating on a map of a region, and as a table.
 *
 * @slot - Optional no-JavaScript fallback content, hidden once the map renders.
 *
 * @csspart base - The wrapper of everything the widget shows.
 * @csspart toolbar - The filters and the view switch.
 * @csspart map - The map box.
 * @csspart card - The detail card of the selected branch.
 * @csspart table - The table view.
 * @csspart state - The loading-failed and empty boxes.
 * @csspart notice - The notice shown over data kept after a failed refresh.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dj-branch-map-land - Fill of the region's counties; defaults to `--dj-color-surface-tint`.
 * @cssprop --dj-branch-map-height - Most height the map takes (default 640px).
 *
 * @fires dj-branch-select - The reader selected a branch; detail `{id}`.
 * @fires dj-load - Data was fetched and is shown; detail `{url}`.
 * @fires dj-error - Data could not be fetched; detail `{url, kind, status, message}`.
 */
export class DjBranchMap extends DjElement {
  static override styles = [DjElement.styles, styles];

  private readonly regions = new Resource<Regions>(this, {
    path: () => `/regions/${encodeURIComponent(this.region)}`,
    schema: Regions,
    isEmpty: (data) => !data.features.length,
  });

  private readonly viewport = new Viewport(
    this,
    () => {
      const frame = this.cache?.frame;
      return frame && { ...this.box(frame), width: WIDTH, height: frame.height };
    },
    () => this.renderRoot.querySelector('svg.map-svg'),
  );

  private readonly branches = new Resource<Branches>(this, {
    path: () => `/branches?region=${encodeURIComponent(this.region)}`,
    schema: Branches,
  });

  /** Administrative division code of the region, e.g. 370800 (Jining) or 370812 (Yanzhou). */
  @property() region = '370800';

  /** Show only branches with at least this many stars (1-5); 0 shows all. Also set by the filter. */
  @property({ attribute: 'min-stars', type: Number }) minStars = 0;

  /** Show only the branches of this liaison group id; empty shows all. Also set by the filter. */
  @property() group = '';

  /** Show only temporary branches (临时党支部). Also set by the filter. */
  @property({ attribute: 'temporary-only', type: Boolean }) temporaryOnly = false;

  /** Basemap tiles: an http(s) or relative `{z}/{x}/{y}` URL template (e.g. Tianditu with the portal's key); any other scheme is refused with a configuration error. Without it the map is vector boundaries only and works offline. */
  @property({ attribute: 'tile-url' }) tileUrl = '';

  /** Credit for the tiles, shown whenever tiles are. */
  @property({ attribute: 'tile-attribution' }) tileAttribution = '';

  /** The map's review number (审图号), shown whenever tiles are. */
  @property({ attribute: 'review-number' }) reviewNumber = '';

  @state() private view: 'map' | 'table' = 'map';
  @state() private selected?: Branch;
  /** The branches of a cluster that cannot be zoomed apart (e.g. one building), listed in the card. */
  @state() private listed?: Branch[];
  @state() private width = 0;
  @state() private sortKey: SortKey = 'stars';
  @state() private sortAsc = false;
  /** Rows the table shows; “show more” adds a page. */
  @state() private rowsShown = PAGE;
  /**
   * Font sizes in CSS pixels of the county names and the cluster counts,
   * read from the widget's own text size (large mode, `--dj-font-size`):
   * the label placement and the cluster circles are sized from them.
   */
  @state() private labelPx = 14;
  @state() private countPx = 14;
  /** Least side of a marker's target in CSS pixels: 44, 60 in large mode (the kit's `--_target`). */
  @state() private targetPx = 44;
  /**
   * The box of a county name's rendered text relative to its anchor, per
   * font size, in ems: half its width per character, and its top and bottom.
   * Engines differ (Firefox's box is taller than Chromium's), so it is
   * measured from the names drawn and only ever grows, and the placement
   * keeps the real boxes apart.
   */
  @state() private textBox = new Map<number, { half: number; top: number; bottom: number }>();

  private resize?: ResizeObserver;
  private opener?: string;
  private cache?: { geo: Regions; frame: Frame; paths: string[]; labels: [number, number][] };
  private points?: { data: Branches; frame: Frame; list: Projected[] };
  private clusters?: { points: Projected[]; key: string; list: Cluster<Branch>[] };
  /** Set when the card opens: once it is drawn, the map moves so it does not hide the chosen pin. */
  private revealPending = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // In the next frame: a new width changes the widget's height, which must
    // not happen inside the observer's own callback.
    this.resize ??= new ResizeObserver(([entry]) => requestAnimationFrame(() => (this.width = entry.contentRect.width)));
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The first render already has the real width, so the map never jumps.
    if (!this.width) this.width = this.clientWidth;
    if (changed.has('region')) this.viewport.reset();
  }

  protected override updated(): void {
    // The text size comes from CSS (large mode may come from a provider), so
    // it is read once drawn; a change redraws the labels at the new size.
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    if (base) {
      const size = parseFloat(getComputedStyle(base).fontSize) || 16;
      const small = base.classList.contains('large') ? size : size * 0.875;
      if (small !== this.labelPx) this.labelPx = this.countPx = small;
      const target = parseFloat(getComputedStyle(base).getPropertyValue('--_target')) || 44;
      if (target !== this.targetPx) this.targetPx = target;
      this.measureNames();
    }
    if (this.revealPending) {
      this.revealPending = false;
      this.reveal();
    }
  }

  /** Grows the known text box of the county names to hold what the engine drew. */
  private measureNames(): void {
    const svgEl = this.renderRoot.querySelector('svg.map-svg');
    const texts = this.renderRoot.querySelectorAll<SVGTextElement>('text.county-name');
    if (!svgEl || !texts.length) return;
    const s = svgEl.getBoundingClientRect();
    let grown = false;
    for (const t of texts) {
      const size = Number(t.getAttribute('font-size'));
      const n = t.textContent!.length;
      const r = t.getBoundingClientRect();
      if (!size || !n || !r.height) continue;
      const x = r.left - s.left - Number(t.getAttribute('x'));
      const y = r.top - s.top - Number(t.getAttribute('y'));
      const box = this.boxOf(size);
      const seen = { half: Math.max(-x, x + r.width) / n / size, top: y / size, bottom: (y + r.height) / size };
      // Half a pixel of slack, so rounding never grows it again and again; what grows gets a pixel more.
      const e = 0.5 / size;
      if (seen.half > box.half + e / n || seen.top < box.top - e || seen.bottom > box.bottom + e) {
        this.textBox.set(size, {
          half: Math.max(box.half, seen.half + e / n),
          top: Math.min(box.top, seen.top - e),
          bottom: Math.max(box.bottom, seen.bottom + e),
        });
        grown = true;
      }
    }
    if (grown) this.textBox = new Map(this.textBox);
  }

  private boxOf(size: number) {
    return this.textBox.get(size) ?? { half: 0.5, top: -0.75, bottom: 0.75 };
  }

  // --- geometry -----------------------------------------------------------

  private geometry(geo: Regions) {
    if (this.cache?.geo !== geo) {
      const frame = frameOf(geo.features);
      this.cache = {
        geo,
        frame,
        paths: geo.features.map((f) => pathOf(frame, f)),
        labels: geo.features.map((f) => labelOf(frame, f)),
      };
    }
    return this.cache;
  }

  private projected(data: Branches, frame: Frame): Projected[] {
    if (this.points?.data !== data || this.points.frame !== frame) {
      this.points = {
        data,
        frame,
        list: data.items.map((item) => {
          const [x, y] = project(frame, item.location.lng, item.location.lat);
          return { x, y, item };
        }),
      };
    }
    return this.points.list;
  }

  /** The map box in CSS pixels and the base scale that fits the region in it. */
  private box(frame: Frame) {
    const w = this.width || 600;
    const h = Math.min(w * (frame.height / WIDTH), MAX_HEIGHT);
    const base = Math.min(w / WIDTH, h / frame.height);
    return { w, h, base, ox: (w - WIDTH * base) / 2, oy: (h - frame.height * base) / 2 };
  }

  private passes(b: Branch): boolean {
    return b.stars >= this.minStars && (!this.group || b.groupId === this.group) && (!this.temporaryOnly || b.temporary);
  }

  // --- selection ----------------------------------------------------------

  private select(branch: Branch, opener: string): void {
    this.selected = branch;
    this.listed = undefined;
    this.opener = opener;
    this.revealPending = true;
    emit(this, 'dj-branch-select', { id: branch.id });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.card .card-title')?.focus());
  }

  private closeCard(): void {
    const id = this.selected?.id;
    this.selected = this.listed = undefined;
    void this.updateComplete.then(() => {
      const back = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-id]')].find((el) => el.dataset.id === (this.opener ?? id));
      (back ?? this.renderRoot.querySelector<HTMLElement>('svg.map-svg'))?.focus();
    });
  }

  /**
   * Where the card floats over the map (wide layouts), pans the map so the
   * chosen marker sits in the free part beside the card; where the card sits
   * under the map (narrow layouts, or no container queries) nothing hides it,
   * and the map only moves a marker cut by its edge wholly into view.
   */
  private reveal(): void {
    const card = this.renderRoot.querySelector<HTMLElement>('.card');
    const marker = this.renderRoot.querySelector<SVGGElement>('.map-svg .selected');
    const map = this.renderRoot.querySelector<SVGSVGElement>('svg.map-svg');
    if (!card || !marker || !map) return;
    const p = marker.getBoundingClientRect();
    const m = map.getBoundingClientRect();
    if (getComputedStyle(card).position !== 'absolute') {
      // The card is under the map: only bring a marker cut by the map's edge wholly into view.
      const dx = Math.max(0, m.left - p.left) - Math.max(0, p.right - m.right);
      const dy = Math.max(0, m.top - p.top) - Math.max(0, p.bottom - m.bottom);
      if (dx || dy) this.viewport.pan(dx, dy);
      return;
    }
    const c = card.getBoundingClientRect();
    const margin = 8;
    if (p.right + margin <= c.left || p.left - margin >= c.right || p.bottom + margin <= c.top || p.top - margin >= c.bottom) return;
    const free = card.classList.contains('end') ? [m.left, c.left] : [c.right, m.right];
    this.viewport.pan((free[0] + free[1]) / 2 - (p.left + p.right) / 2, 0);
  }

  /** From the table: back to the map, zoomed to the branch, its card open. */
  private showOnMap(branch: Branch): void {
    const frame = this.cache?.frame;
    if (!frame) return;
    const [x, y] = project(frame, branch.location.lng, branch.location.lat);
    this.view = 'map';
    this.select(branch, branch.id);
    // Close enough that the branch is a pin of its own, unless it shares its place with others.
    const points = this.points?.list ?? [];
    const { base } = this.box(frame);
    let zoom = Math.max(this.viewport.zoom, 8);
    const alone = (z: number) => this.clustersAt(points, base * z).find((c) => c.items.includes(branch))?.items.length === 1;
    while (zoom < MAX_ZOOM && !alone(zoom)) zoom = Math.min(MAX_ZOOM, zoom * 1.5);
    this.viewport.centreOn(x, y, zoom);
  }

  /** 3 as the language writes it in a rating: 三 in Chinese. */
  private numeral(n: number): string | number {
    return this.locale === 'en' ? n : '一二三四五'[n - 1];
  }

  /** 五星级 / 5 stars. */
  private starsText(n: number): string {
    return this.t('map.stars', { n: this.numeral(n) });
  }

  // --- rendering ----------------------------------------------------------

  protected override render() {
    return this.frame(
      renderStates(this, this.regions, {
        skeleton: html`<div class="map-bone bone"></div>`,
        empty: this.t('map.empty'),
        describe: (error) => (error.kind === 'not-found' ? this.t('map.notFound', { region: this.region }) : undefined),
        ready: (geo) => this.renderRegion(geo),
      }),
    );
  }

  /** “兖州区党支部分布图”, or without a region name (all of a city) “党支部分布图”. */
  private mapLabel(regionName: string): string {
    return regionName ? this.t('map.label', { region: regionName }) : this.t('map.labelAll');
  }

  private renderRegion(geo: Regions) {
    const g = this.geometry(geo);
    const regionName = geo.features.length === 1 ? geo.features[0].properties.name : '';
    const { w, h, base, ox, oy } = this.box(g.frame);
    return renderStates(this, this.branches, {
      // The outlines alone, where the map will be, while the branches load.
      skeleton: html`<div class="toolbar-bone bone"></div>
        <svg class="map-svg" width=${w} height=${h} viewBox="0 0 ${w} ${h}">
          <g transform="translate(${ox} ${oy}) scale(${base})">${g.paths.map((d) => svg`<path class="county" d=${d} />`)}</g>
        </svg>`,
      ready: (data) => {
        const shown = data.items.filter((b) => this.passes(b));
        const names = new Map(data.groups.map((gr) => [gr.id, gr.name]));
        const groupName = (id: string | null) => (id ? (names.get(id) ?? id) : undefined);
        return html`${this.renderToolbar(data, shown)}
        ${this.view === 'table'
          ? tableTemplate({
              rows: sortRows(shown, this.sortKey, this.sortAsc),
              sortKey: this.sortKey,
              sortAsc: this.sortAsc,
              limit: this.rowsShown,
              caption: this.mapLabel(regionName),
              t: (key, vars) => this.t(key, vars),
              starsText: (n) => this.starsText(n),
              groupName,
              onSort: (k) => {
                this.sortAsc = k === this.sortKey ? !this.sortAsc : k === 'name';
                this.sortKey = k;
              },
              onShow: (b) => this.showOnMap(b),
              onMore: () => (this.rowsShown += PAGE),
            })
          : this.renderMap(g, this.projected(data, g.frame), regionName)}`;
      },
    });
  }

  private renderToolbar(data: Branches, shown: Branch[]) {
    // The contract lists the groups in their own order (第一 … 第十一联系片); only those some branch belongs to.
    const used = new Set(data.items.map((b) => b.groupId));
    const groups = data.groups.filter((gr) => used.has(gr.id));
    const five = shown.filter((b) => b.stars === 5).length;
    const table = this.view === 'table';
    return html`<div class="toolbar" part="toolbar">
        <label class="field"
          ><span>${this.t('map.filter.stars')}</span>
          <select @change=${(e: Event) => (this.minStars = +(e.target as HTMLSelectElement).value)}>
            <option value="0" .selected=${!this.minStars}>${this.t('map.filter.allStars')}</option>
            ${[5, 4, 3, 2].map(
              (n) => html`<option value=${n} .selected=${this.minStars === n}>${n === 5 ? this.t('map.five') : this.t('map.filter.minStars', { n: this.numeral(n) })}</option>`,
            )}
          </select></label
        >
        ${groups.length
          ? html`<label class="field"
              ><span>${this.t('map.filter.group')}</span>
              <select @change=${(e: Event) => (this.group = (e.target as HTMLSelectElement).value)}>
                <option value="" .selected=${!this.group}>${this.t('map.filter.allGroups')}</option>
                ${groups.map((gr) => html`<option value=${gr.id} .selected=${this.group === gr.id} lang="zh-CN">${gr.name}</option>`)}
              </select></label
            >`
          : nothing}
        <label class="check"
          ><input type="checkbox" .checked=${this.temporaryOnly} @change=${(e: Event) => (this.temporaryOnly = (e.target as HTMLInputElement).checked)} />${this.t(
            'map.filter.temporary',
          )}</label
        >
        <button class="button view-switch" aria-describedby="view-now" @click=${() => (this.view = table ? 'map' : 'table')}>
          ${this.t(table ? 'map.view.map' : 'map.view.table')}
        </button>
      </div>
      <p class="summary" role="status">
        ${this.t('map.summary', { five, total: shown.length })}<span id="view-now" class="visually-hidden"
          >${this.t(table ? 'map.view.nowTable' : 'map.view.nowMap')}</span
        >
      </p>`;
  }
  /**
   * The filtered points clustered at scale `k`, kept while neither changes:
   * panning only moves the clusters, so it costs no regrouping.
   */
  private clustersAt(points: Projected[], k: number): Cluster<Branch>[] {
    const key = `${k} ${this.minStars} ${this.group} ${this.temporaryOnly} ${this.countPx} ${this.targetPx}`;
    if (this.clusters?.points !== points || this.clusters.key !== key) {
      const list = cluster(
        points.filter((p) => this.passes(p.item)),
        k,
        CELL,
        (items) => targetHalf(items.length, this.countPx, this.targetPx),
      );
      this.clusters = { points, key, list };
    }
    return this.clusters.list;
  }

  private renderMap(g: NonNullable<DjBranchMap['cache']>, points: Projected[], regionName: string) {
    const { w, h, base, ox, oy } = this.box(g.frame);
    const { zoom, tx, ty } = this.viewport;
    const k = base * zoom;
    const sx = (x: number) => ox + tx + x;
    const sy = (y: number) => oy + ty + y;
    // Only markers whose centre is on screen: one off screen could take focus unseen.
    const groups = this.clustersAt(points, k).filter((c) => sx(c.x) >= 0 && sx(c.x) <= w && sy(c.y) >= 0 && sy(c.y) <= h);
    const names = g.geo.features.map((f) => f.properties.name);
    const size = this.labelPx;
    const text = this.boxOf(size);
    // The text is drawn this far above the middle of its box.
    const lift = ((text.top + text.bottom) / 2) * size;
    const boxes = placeLabels(
      g.labels.map(([x, y], i) => ({ x: sx(x * k), y: sy(y * k), w: 2 * names[i].length * text.half * size + 2, h: (text.bottom - text.top) * size + 1 })),
      groups.map((c) => ({ x: sx(c.x), y: sy(c.y), r: c.r })),
      { x0: 0, y0: 0, x1: w, y1: h },
    );
    const at = (x: number, y: number) => `translate(${sx(x).toFixed(1)} ${sy(y).toFixed(1)})`;
    return html`<div class="map" part="map">
      <div class="controls">
        <button class="button" @click=${() => this.viewport.zoomCentre(1.5)} aria-label=${this.t('map.zoomIn')} ?disabled=${zoom >= MAX_ZOOM}>+</button>
        <button class="button" @click=${() => this.viewport.zoomCentre(1 / 1.5)} aria-label=${this.t('map.zoomOut')} ?disabled=${zoom <= MIN_ZOOM}>−</button>
        <button class="button" @click=${() => this.viewport.reset()}>${this.t('map.reset')}</button>
      </div>
      <div class="stage">
        <div class="canvas">
          <svg
            class="map-svg"
            width=${w}
            height=${h}
            viewBox="0 0 ${w} ${h}"
            role="group"
            aria-label=${this.mapLabel(regionName)}
            aria-describedby="map-hint"
            tabindex="0"
            @keydown=${this.viewport.onKey}
            @wheel=${this.viewport.onWheel}
            @pointerdown=${this.viewport.onPointerDown}
            @pointermove=${this.viewport.onPointerMove}
            @pointerup=${this.viewport.onPointerUp}
            @pointercancel=${this.viewport.onPointerUp}
          >
            <g transform="translate(${sx(0)} ${sy(0)}) scale(${k})">
              ${tilesTemplate(this.tileUrl, g.frame, k, { ox, oy, tx, ty, w, h })}
              ${g.paths.map((d) => svg`<path class="county" d=${d} />`)}
            </g>
            <g aria-hidden="true" lang="zh-CN">
              ${boxes.map((b, i) =>
                b
                  ? svg`<text class="county-name" x=${((b.x0 + b.x1) / 2).toFixed(1)} y=${((b.y0 + b.y1) / 2 - lift).toFixed(1)} font-size=${size}>${names[i]}</text>`
                  : nothing,
              )}
            </g>
            <g>
              ${repeat(
                groups,
                (c) => (c.items.length > 1 ? `c-${c.items[0].id}` : c.items[0].id),
                (c) => (c.items.length > 1 ? this.renderCluster(c, at, k) : this.renderPin(c.items[0], at(c.x, c.y), c.r)),
              )}
            </g>
          </svg>
          ${tilesNoteTemplate(this.tileUrl, this.tileAttribution, this.reviewNumber, (key, vars) => this.t(key, vars))}
        </div>
        ${this.selected
          ? cardTemplate(this.selected, this.sideAwayFrom(this.selected, groups, sx), this.cardProps())
          : this.listed
            ? listTemplate(this.listed, this.sideAwayFrom(this.listed[0], groups, sx), this.cardProps())
            : nothing}
      </div>
      <p id="map-hint" class="visually-hidden">${this.t('map.hint')}</p>
      <p class="visually-hidden">${this.tp('map.counties', { names: zh(names.join('、')) })}</p>
    </div>
    ${legendTemplate((key) => this.t(key))}`;
  }

  /** A transparent square of half-side `r` in a marker: its target, as big as a finger needs. */
  private hit(r: number) {
    return svg`<rect class="hit" x=${-r} y=${-r} width=${2 * r} height=${2 * r} />`;
  }

  private renderPin(b: Branch, transform: string, r: number) {
    const shape = b.temporary ? svg`<path d=${DIAMOND} />` : b.stars === 5 ? svg`<path d=${STAR} />` : svg`<circle r="6" />`;
    const name = `${b.name}，${this.starsText(b.stars)}${b.temporary ? `，${this.t('map.temporary')}` : ''}`;
    const chosen = this.selected?.id === b.id;
    return svg`<g
      class="pin ${b.temporary ? 'temporary' : `stars-${b.stars}`} ${chosen ? 'selected' : ''}"
      data-id=${b.id}
      transform=${transform}
      role="button"
      tabindex="0"
      aria-label=${name}
      aria-pressed=${chosen ? 'true' : 'false'}
      @click=${() => this.viewport.dragged || this.select(b, b.id)}
      @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), this.select(b, b.id))}
    >${this.hit(r)}${chosen ? svg`<circle class="ring" r="12.75" />` : nothing}<circle class="halo" r="12" />${shape}</g>`;
  }

  private renderCluster(c: Cluster<Branch>, at: (x: number, y: number) => string, k: number) {
    const key = `c-${c.items[0].id}`;
    const open = () => {
      if (this.viewport.dragged) return;
      if (this.viewport.zoom < MAX_ZOOM) {
        this.viewport.centreOn(c.x / k, c.y / k, Math.min(MAX_ZOOM, this.viewport.zoom * 2.5));
        // The cluster splits and its marker goes: keep focus on the map rather than lose it to the page.
        void this.updateComplete.then(() => {
          const active = this.shadowRoot?.activeElement;
          if (!active || !active.isConnected) this.renderRoot.querySelector<SVGSVGElement>('svg.map-svg')?.focus({ preventScroll: true });
        });
      } else {
        // As close as the map goes and still together: list them instead.
        this.selected = undefined;
        this.listed = c.items;
        this.opener = key;
        this.revealPending = true;
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.card .card-title')?.focus());
      }
    };
    // Holds the chosen branch, or the branches listed in the card: marked like a chosen pin.
    const mark = this.selected ?? this.listed?.[0];
    const chosen = !!mark && c.items.some((b) => b.id === mark.id);
    return svg`<g
      class="cluster ${chosen ? 'selected' : ''}"
      data-id=${key}
      transform=${at(c.x, c.y)}
      role="button"
      tabindex="0"
      aria-label=${this.t(this.viewport.zoom < MAX_ZOOM ? 'map.cluster' : 'map.clusterList', { count: c.items.length })}
      @click=${open}
      @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open())}
    >${this.hit(c.r)}<circle class="disc" r=${markerRadius(c.items.length, this.countPx) - 2} /><text dy="0.35em" font-size=${this.countPx}>${c.items.length}</text></g>`;
  }

  /** The card floats on the side away from the marker it describes, so it starts clear of it. */
  private sideAwayFrom(b: Branch, groups: Cluster<Branch>[], sx: (x: number) => number): 'start' | 'end' {
    const marker = groups.find((c) => c.items.some((i) => i.id === b.id));
    return marker && sx(marker.x) > this.box(this.cache!.frame).w / 2 ? 'start' : 'end';
  }

  private cardProps() {
    return {
      t: (key: string, vars?: Record<string, string | number>) => this.t(key, vars),
      starsText: (n: number) => this.starsText(n),
      onKey: (e: KeyboardEvent) => this.onCardKey(e),
      onClose: () => this.closeCard(),
      onChoose: (b: Branch) => this.select(b, this.opener!),
    };
  }

  private onCardKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.closeCard();
  }
}
