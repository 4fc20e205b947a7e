/**
 * `<dj-branch-map>`: the element keeps its properties, its data and what it
 * draws. What it needs besides lives beside it: the view (zoom and pan by
 * every input) in `branch-map.view.ts`, the table and the tiles, the card,
 * list and legend in their template modules, the geometry in `geo.ts`, the
 * county names' placement in `labels.ts`, `memo.ts` keeps the geometry,
 * the projected branches, the filtered lists and the clusters between
 * renders, and `fast-schema.ts` checks the answers without copying them.
 */
import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DjElement, zh } from '../../core/element.js';
import { emit } from '../../core/events.js';
import { Resource } from '../../core/resource.js';
import { renderStates } from '../../core/states.js';
import { Branches, Regions, type Branch, type GroupName } from '../../contract/branch-map.schema.js';
import { eitherForm, fast } from './fast-schema.js';
import { cluster, frameOf, labelOf, markerRadius, PATH_UNITS, pathOf, project, targetHalf, type Cluster, type Frame } from './geo.js';
import { grownBox, placeLabels, TEXT_BOX, type TextBox } from './labels.js';
import { memo } from './memo.js';
import { styles } from './branch-map.styles.js';
import { sortRows, tableTemplate, type SortKey } from './branch-map.table.js';
import { tilesNoteTemplate, tilesTemplate } from './branch-map.tiles.js';
import { fit, MapView, type Box } from './branch-map.view.js';
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
/** Table rows per “show more”. */
const PAGE = 50;

interface Projected {
  x: number;
  y: number;
  item: Branch;
}

/** The frame that fits a region, its counties' outlines in map units, and where each name goes. */
function geometryOf(geo: Regions) {
  const frame = frameOf(geo.features);
  return {
    geo,
    frame,
    paths: geo.features.map((f) => pathOf(frame, f)),
    labels: geo.features.map((f) => labelOf(frame, f)),
    // A blank name is neither drawn nor listed.
    names: geo.features.map((f) => f.properties.name.trim()),
  };
}

type Geometry = ReturnType<typeof geometryOf>;

/**
 * The counties' outlines as one SVG group, made once per region. The same
 * group is drawn in the outlines shown while the branches load and then in
 * the map (Lit moves a node it is given into the new template before it
 * takes the old one away), so the engine builds and reads each path once,
 * and the outlines are not torn down with the loading picture.
 */
function outlinesOf(paths: string[]): SVGGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const group = document.createElementNS(ns, 'g');
  group.setAttribute('transform', `scale(${1 / PATH_UNITS})`);
  for (const d of paths) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('class', 'county');
    path.setAttribute('d', d);
    group.append(path);
  }
  return group;
}

/** The branches in map units of `frame`. */
function projectAll(data: Branches, frame: Frame): Projected[] {
  return data.items.map((item) => {
    const [x, y] = project(frame, item.location.lng, item.location.lat);
    return { x, y, item };
  });
}

const passes = (b: Branch, minStars: number, group: string, temporaryOnly: boolean) =>
  b.stars >= minStars && (!group || b.groupId === group) && (!temporaryOnly || b.temporary);

/** The branches that pass the filters, the liaison groups some branch belongs to (in the contract's order) and their names. */
function listsOf(data: Branches, minStars: number, group: string, temporaryOnly: boolean) {
  // One pass over the branches: at 10,000 they are walked on every filter change.
  const used = new Set<string | null>();
  const shown: Branch[] = [];
  let five = 0;
  for (const b of data.items) {
    used.add(b.groupId);
    if (!passes(b, minStars, group, temporaryOnly)) continue;
    shown.push(b);
    if (b.stars === 5) five++;
  }
  return {
    shown,
    five,
    groups: data.groups.filter((gr) => used.has(gr.id)),
    names: new Map(data.groups.map((gr) => [gr.id, gr.name])),
  };
}

/** The points that pass the filters, clustered at `k` pixels per map unit with markers sized for `countPx` and `targetPx`. */
function clustersOf(
  points: Projected[],
  k: number,
  minStars: number,
  group: string,
  temporaryOnly: boolean,
  countPx: number,
  targetPx: number,
) {
  return cluster(
    points.filter((p) => passes(p.item, minStars, group, temporaryOnly)),
    k,
    CELL,
    (items) => targetHalf(items.length, countPx, targetPx),
  );
}

/**
 * Five-star party branches (五星级党支部) on an SVG map of a region, with
 * clusters, zoom and pan by pointer, wheel, keys and buttons, filters, a
 * detail card, and a table view that is the map's accessible twin. Data from
 * `{endpoint}/regions/{region}` and `{endpoint}/branches?region={region}&form=columns`
 * (the branches in columns; the usual form is read as well).
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
    // Checked in place, as the branches are: a city's outlines are thousands of points, which valibot would copy.
    schema: fast(Regions),
    isEmpty: (data) => !data.features.length,
  });

  private readonly branches = new Resource<Branches>(this, {
    // In columns: half the bytes of the usual form at 10,000 branches, and read in a third of the time.
    path: () => `/branches?region=${encodeURIComponent(this.region)}&form=columns`,
    schema: eitherForm(),
  });

  private readonly view = new MapView(
    this,
    () => this.regionFrame && this.mapBox(this.regionFrame),
    () => this.renderRoot.querySelector('svg.map-svg'),
    () => !!(this.selected || this.listed),
  );

  /** Administrative division code of the region, e.g. 370800 (Jining) or 370812 (Yanzhou). */
  @property() region = '370800';

  /** Show only branches with at least this many stars (1-5); 0 shows all. Also set by the filter. */
  @property({ attribute: 'min-stars', type: Number }) minStars = 0;

  /** Show only the branches of this liaison group id; empty shows all. Also set by the filter. */
  @property() group = '';

  /** Show only temporary branches (临时党支部). Also set by the filter. */
  @property({ attribute: 'temporary-only', type: Boolean }) temporaryOnly = false;

  /**
   * Basemap tiles: an http(s) or relative `{z}/{x}/{y}` URL template (e.g. Tianditu with the portal's key); any other scheme is
   * refused with a configuration error. Without it the map is vector boundaries only and works offline.
   */
  @property({ attribute: 'tile-url' }) tileUrl = '';

  /** Credit for the tiles, shown whenever tiles are. */
  @property({ attribute: 'tile-attribution' }) tileAttribution = '';

  /** The map's review number (审图号), shown whenever tiles are. */
  @property({ attribute: 'review-number' }) reviewNumber = '';

  @state() private mode: 'map' | 'table' = 'map';
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
   * The box of a county name's drawn text per font size: measured from the
   * names drawn and only ever grown, so the placement keeps the real boxes apart.
   */
  @state() private textBox = new Map<number, TextBox>();

  private resize?: ResizeObserver;
  private opener?: string;
  /**
   * Set when the card opens, or the map's width changes under it: once drawn,
   * the map moves so the card does not hide the chosen pin. `again`: the map
   * was just centred on a chosen pin it had left off screen.
   */
  private revealPending: boolean | 'again' = false;
  private readonly geometry = memo(geometryOf);
  private readonly outlines = memo(outlinesOf);
  private readonly projected = memo(projectAll);
  /** Kept while neither the points, the scale nor the filters change: panning only moves the clusters, so it costs no regrouping. */
  private readonly clusters = memo(clustersOf);
  /** Kept while neither the data nor the filters change: a zoom or pan filters nothing again. */
  private readonly lists = memo(listsOf);
  /** What the style was last read for (the frame's classes and the width): a zoom or pan changes neither, so it reads no style. */
  private styleReadFor = '';
  /** Each county name and size measured already (`14 兖州区`): a name's box is the same wherever it is drawn. */
  private readonly measured = new Set<string>();

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
    // The first render with an outline already has the real width, so the map never jumps. The
    // skeleton before it needs none: reading it then would lay out the whole page inside the
    // render (about 30 ms of a phone's load on the demo page), where the next frame does it anyway.
    if (!this.width && this.regions.data) this.width = this.clientWidth;
    if (changed.has('region')) this.view.reset();
    // The view keeps its middle at a new width (MapView.hostUpdate); the chosen pin is then brought clear of the card
    // again. (`width` is private, which PropertyValues<this> does not name.)
    if ((changed as Map<PropertyKey, unknown>).get('width') && (this.selected || this.listed)) this.revealPending = true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The text size comes from CSS (large mode may come from a provider), so
    // it is read once drawn; a change redraws the labels at the new size.
    // Reading the style makes the engine work it out inside this script, for
    // every wheel or pointer event, where a frame works it out once for all
    // the events since the last. A zoom or pan changes neither the frame's
    // classes (large mode, theme) nor the width, so it reads none. Nor does
    // the skeleton before the outlines, which draws no text: read then, the
    // style of the whole page would be worked out inside its first render.
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    const styleKey = `${base?.className} ${this.width}`;
    if (base && this.regions.data && (changed.size || styleKey !== this.styleReadFor)) {
      this.styleReadFor = styleKey;
      const style = getComputedStyle(base);
      const size = parseFloat(style.fontSize) || 16;
      const small = base.classList.contains('large') ? size : size * 0.875;
      if (small !== this.labelPx) this.labelPx = this.countPx = small;
      const target = parseFloat(style.getPropertyValue('--_target')) || 44;
      if (target !== this.targetPx) this.targetPx = target;
    }
    this.measureNames();
    if (this.revealPending) {
      const again = this.revealPending === 'again';
      this.revealPending = false;
      this.reveal(again);
    }
  }

  // --- handlers: arrow functions named on + what the reader did, so templates bind them as they are

  private readonly onStarsChange = (event: Event): void => {
    this.minStars = +(event.target as HTMLSelectElement).value;
  };

  private readonly onGroupChange = (event: Event): void => {
    this.group = (event.target as HTMLSelectElement).value;
  };

  private readonly onTemporaryChange = (event: Event): void => {
    this.temporaryOnly = (event.target as HTMLInputElement).checked;
  };

  private readonly onViewSwitch = (): void => {
    this.mode = this.mode === 'table' ? 'map' : 'table';
  };

  private readonly onSort = (key: SortKey): void => {
    this.sortAsc = key === this.sortKey ? !this.sortAsc : key === 'name';
    this.sortKey = key;
  };

  private readonly onMore = (): void => {
    this.rowsShown += PAGE;
  };

  /** From the table: back to the map, zoomed to the branch, its card open. */
  private readonly onShow = (branch: Branch): void => {
    const frame = this.regionFrame;
    if (!frame) return;
    const [x, y] = project(frame, branch.location.lng, branch.location.lat);
    this.mode = 'map';
    this.select(branch, branch.id);
    // Close enough that the branch is a pin of its own, unless it shares its place with others.
    const points = this.branches.data ? this.projected(this.branches.data, frame) : [];
    this.view.focusOn(x, y, (k) => this.clustersAt(points, k).find((c) => c.items.includes(branch))?.items.length === 1);
  };

  private readonly onPinPress = (event: Event, b: Branch): void => {
    if (this.view.presses(event)) this.select(b, b.id);
  };

  private readonly onClusterPress = (event: Event, c: Cluster<Branch>, k: number): void => {
    if (!this.view.presses(event)) return;
    if (this.view.canZoomIn) {
      this.view.zoomInto(c.x / k, c.y / k);
      // The cluster splits and its marker goes: keep focus on the map rather than lose it to the page.
      void this.updateComplete.then(() => {
        const active = this.shadowRoot?.activeElement;
        if (!active || !active.isConnected) this.renderRoot.querySelector<SVGSVGElement>('svg.map-svg')?.focus({ preventScroll: true });
      });
    } else {
      // As close as the map goes and still together: list them instead.
      this.selected = undefined;
      this.listed = c.items;
      this.openCard(`c-${c.items[0].id}`);
    }
  };

  /** A branch chosen in the list of those that share a place. */
  private readonly onChoose = (b: Branch): void => this.select(b, this.opener!);

  private readonly onClose = (): void => {
    const id = this.selected?.id;
    this.selected = this.listed = undefined;
    void this.updateComplete.then(() => {
      const back = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-id]')].find((el) => el.dataset.id === (this.opener ?? id));
      (back ?? this.renderRoot.querySelector<HTMLElement>('svg.map-svg'))?.focus();
    });
  };

  private readonly onCardKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.onClose();
  };

  // --- helpers

  /** The frame of the region shown, once there is one. */
  private get regionFrame(): Frame | undefined {
    const geo = this.regions.data;
    return geo ? this.geometry(geo).frame : undefined;
  }

  /** The map box at the widget's width. */
  private mapBox(frame: Frame): Box {
    return fit(this.width || 600, frame.height);
  }

  private clustersAt(points: Projected[], k: number): Cluster<Branch>[] {
    return this.clusters(points, k, this.minStars, this.group, this.temporaryOnly, this.countPx, this.targetPx);
  }

  private select(branch: Branch, opener: string): void {
    this.selected = branch;
    this.listed = undefined;
    this.openCard(opener);
    emit(this, 'dj-branch-select', { id: branch.id });
  }

  /** Once the card is drawn: focus on its title, and the map moves so the card hides no marker. `opener` gets focus back when it closes. */
  private openCard(opener: string): void {
    this.opener = opener;
    this.revealPending = true;
    this.focusAfterRender('.card .card-title');
  }

  /**
   * Pans the chosen marker clear of the card. The card floats over the map
   * on wide layouts; on narrow ones (or without container queries) it sits
   * under the map and hides nothing. A chosen marker off screen (a narrower
   * map shows less around its middle) is first brought to the middle, once
   * (`again` after that: a branch the filters hide has no marker anywhere).
   */
  private reveal(again = false): void {
    const card = this.renderRoot.querySelector<HTMLElement>('.card');
    const marker = this.renderRoot.querySelector('.map-svg .selected');
    const map = this.renderRoot.querySelector('svg.map-svg');
    const chosen = this.selected ?? this.listed?.[0];
    const frame = this.regionFrame;
    if (card && map && !marker && chosen && frame && !again) {
      const [x, y] = project(frame, chosen.location.lng, chosen.location.lat);
      this.view.centreOn(x, y, this.view.zoom);
      this.revealPending = 'again';
      return;
    }
    if (!card || !marker || !map) return;
    const floats = getComputedStyle(card).position === 'absolute';
    this.view.reveal(
      marker.getBoundingClientRect(),
      map.getBoundingClientRect(),
      floats ? card.getBoundingClientRect() : undefined,
      card.classList.contains('end'),
    );
  }

  /** Grows the known text box of the county names to hold what the engine drew. */
  private measureNames(): void {
    const svgEl = this.renderRoot.querySelector('svg.map-svg');
    // Measuring makes the engine lay the page out inside this script, so each name is measured once per size.
    const texts = [...this.renderRoot.querySelectorAll<SVGTextElement>('text.county-name')].filter(
      (t) => !this.measured.has(`${t.getAttribute('font-size')} ${t.textContent}`),
    );
    if (!svgEl || !texts.length) return;
    const s = svgEl.getBoundingClientRect();
    // In the drawing's own units, which the placement works in: the drawing is scaled down, and centred, when
    // its box is wider than the frame it sits in (max-width), so a box read in CSS pixels would depend on where
    // the name was drawn, and the names drawn unseen while the branches load (not in the map's frame) would
    // measure otherwise than those on the map.
    const w = Number(svgEl.getAttribute('width')) || s.width;
    const h = Number(svgEl.getAttribute('height')) || s.height;
    const k = Math.min(s.width / w, s.height / h) || 1;
    const left = s.left + (s.width - w * k) / 2;
    const top = s.top + (s.height - h * k) / 2;
    let grown = false;
    for (const t of texts) {
      const size = Number(t.getAttribute('font-size'));
      const n = t.textContent!.length;
      const r = t.getBoundingClientRect();
      if (!size || !n || !r.height) continue;
      this.measured.add(`${size} ${t.textContent}`);
      const x = (r.left - left) / k - Number(t.getAttribute('x'));
      const y = (r.top - top) / k - Number(t.getAttribute('y'));
      const box = grownBox(this.textBoxOf(size), size, n, x, y, r.width / k, r.height / k);
      if (box) {
        this.textBox.set(size, box);
        grown = true;
      }
    }
    if (grown) this.textBox = new Map(this.textBox);
  }

  private textBoxOf(size: number): TextBox {
    return this.textBox.get(size) ?? TEXT_BOX;
  }

  /** 3 as the language writes it in a rating: 三 in Chinese. */
  private numeral(n: number): string | number {
    return this.locale === 'en' ? n : '一二三四五'[n - 1];
  }

  /** 五星级 / 5 stars. */
  private starsText(n: number): string {
    return this.t('map.stars', { n: this.numeral(n) });
  }

  /**
   * “兖州区党支部分布图” / “Party branches in 兖州区”; without a region name
   * (a whole city, or a county whose name is blank) “党支部分布图” /
   * “Party branches”, never “Party branches in ”.
   */
  private mapLabel(regionName: string): string {
    return regionName ? this.t('map.label', { region: regionName }) : this.t('map.labelAll');
  }

  /** The card floats on the side away from the marker it describes, so it starts clear of it. */
  private sideAwayFrom(b: Branch, groups: Cluster<Branch>[], sx: (x: number) => number, w: number): 'start' | 'end' {
    const marker = groups.find((c) => c.items.some((i) => i.id === b.id));
    return marker && sx(marker.x) > w / 2 ? 'start' : 'end';
  }

  private cardProps() {
    return {
      t: (key: string, vars?: Record<string, string | number>) => this.t(key, vars),
      starsText: (n: number) => this.starsText(n),
      level: this.headingOr(3),
      onKey: this.onCardKeyDown,
      onClose: this.onClose,
      onChoose: this.onChoose,
    };
  }

  // --- rendering: render() and the parts it draws

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

  private renderRegion(geo: Regions) {
    const g = this.geometry(geo);
    // Only a region of one county is named (a city's answer is its counties), and a blank name names nothing.
    const regionName = geo.features.length === 1 ? geo.features[0].properties.name.trim() : '';
    const box = this.mapBox(g.frame);
    const { w, h, base, ox, oy } = box;
    return renderStates(this, this.branches, {
      // The outlines alone, where the map will be, while the branches load;
      // and the county names, unseen, so that they are measured now (see
      // measureNames) and the map is drawn once, its names placed with the
      // boxes the engine draws, when the branches come.
      skeleton: html`<div class="toolbar-bone bone"></div>
        <svg class="map-svg" width=${w} height=${h} viewBox="0 0 ${w} ${h}">
          <g transform="translate(${ox} ${oy}) scale(${base})">${this.outlines(g.paths)}</g>
          <g class="name-probe" lang="zh-CN">
            ${g.names.map((name) => (name ? svg`<text class="county-name" x=${w / 2} y=${h / 2} font-size=${this.labelPx}>${name}</text>` : nothing))}
          </g>
        </svg>`,
      ready: (data) => {
        const { shown, five, groups, names } = this.lists(data, this.minStars, this.group, this.temporaryOnly);
        return html`${this.renderToolbar(groups, shown.length, five)}
        ${
          this.mode === 'table'
            ? tableTemplate({
                rows: sortRows(shown, this.sortKey, this.sortAsc),
                sortKey: this.sortKey,
                sortAsc: this.sortAsc,
                limit: this.rowsShown,
                caption: this.mapLabel(regionName),
                t: (key, vars) => this.t(key, vars),
                starsText: (n) => this.starsText(n),
                groupName: (id) => (id ? (names.get(id) ?? id) : undefined),
                onSort: this.onSort,
                onShow: this.onShow,
                onMore: this.onMore,
              })
            : this.renderMap(g, box, this.projected(data, g.frame), regionName)
        }`;
      },
    });
  }

  /** `groups`: those some branch belongs to, in the contract's own order (第一 … 第十一联系片). */
  private renderToolbar(groups: GroupName[], total: number, five: number) {
    const table = this.mode === 'table';
    return html`<div class="toolbar" part="toolbar">
        <label class="field"
          ><span>${this.t('map.filter.stars')}</span>
          <select @change=${this.onStarsChange}>
            <option value="0" .selected=${!this.minStars}>${this.t('map.filter.allStars')}</option>
            ${[5, 4, 3, 2].map(
              (n) =>
                html`<option value=${n} .selected=${this.minStars === n}>${
                  n === 5 ? this.t('map.five') : this.t('map.filter.minStars', { n: this.numeral(n) })
                }</option>`,
            )}
          </select></label
        >
        ${
          groups.length
            ? html`<label class="field"
              ><span>${this.t('map.filter.group')}</span>
              <select @change=${this.onGroupChange}>
                <option value="" .selected=${!this.group}>${this.t('map.filter.allGroups')}</option>
                ${groups.map((gr) => html`<option value=${gr.id} .selected=${this.group === gr.id} lang="zh-CN">${gr.name}</option>`)}
              </select></label
            >`
            : nothing
        }
        <label class="check"
          ><input type="checkbox" .checked=${this.temporaryOnly} @change=${this.onTemporaryChange} />${this.t(
            'map.filter.temporary',
          )}</label
        >
        <button class="button view-switch" aria-describedby="view-now" @click=${this.onViewSwitch}>
          ${this.t(table ? 'map.view.map' : 'map.view.table')}
        </button>
      </div>
      <p class="summary" role="status">
        ${this.t('map.summary', { five, total })}<span id="view-now" class="visually-hidden"
          >${this.t(table ? 'map.view.nowTable' : 'map.view.nowMap')}</span
        >
      </p>`;
  }

  private renderMap(g: Geometry, { w, h, base, ox, oy }: Box, points: Projected[], regionName: string) {
    const { zoom, tx, ty } = this.view;
    const k = base * zoom;
    const sx = (x: number) => ox + tx + x;
    const sy = (y: number) => oy + ty + y;
    // Only markers whose centre is on screen: one off screen could take focus unseen.
    const groups = this.clustersAt(points, k).filter((c) => sx(c.x) >= 0 && sx(c.x) <= w && sy(c.y) >= 0 && sy(c.y) <= h);
    const names = g.names;
    const named = names.filter(Boolean);
    const size = this.labelPx;
    const text = this.textBoxOf(size);
    // The text is drawn this far above the middle of its box.
    const lift = ((text.top + text.bottom) / 2) * size;
    const boxes = placeLabels(
      g.labels.map(([x, y], i) => ({
        x: sx(x * k),
        y: sy(y * k),
        w: 2 * names[i].length * text.half * size + 2,
        h: (text.bottom - text.top) * size + 1,
      })),
      groups.map((c) => ({ x: sx(c.x), y: sy(c.y), r: c.r })),
      { x0: 0, y0: 0, x1: w, y1: h },
    );
    // Markers are placed without the pan, in a group that the pan moves: a
    // pan then changes one attribute, not one per marker, each of which the
    // engine would have to restyle (about 0.2 ms a marker in Chromium).
    const at = (x: number, y: number) => `translate(${(ox + x).toFixed(1)} ${(oy + y).toFixed(1)})`;
    const view = this.view;
    return html`<div class="map" part="map">
      <div class="controls">
        <button class="button" @click=${view.onZoomIn} aria-label=${this.t('map.zoomIn')} ?disabled=${!view.canZoomIn}>+</button>
        <button class="button" @click=${view.onZoomOut} aria-label=${this.t('map.zoomOut')} ?disabled=${!view.canZoomOut}>−</button>
        <button class="button" @click=${view.onReset}>${this.t('map.reset')}</button>
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
            @keydown=${view.onKeyDown}
            @wheel=${view.onWheel}
            @pointerdown=${view.onPointerDown}
            @pointermove=${view.onPointerMove}
            @pointerup=${view.onPointerUp}
            @pointercancel=${view.onPointerUp}
          >
            <g transform="translate(${sx(0)} ${sy(0)}) scale(${k})">
              ${tilesTemplate(this.tileUrl, g.frame, k, { ox, oy, tx, ty, w, h })}
              ${this.outlines(g.paths)}
            </g>
            <g aria-hidden="true" lang="zh-CN">
              ${boxes.map((b, i) =>
                b && names[i]
                  ? svg`<text
                      class="county-name"
                      x=${((b.x0 + b.x1) / 2).toFixed(1)}
                      y=${((b.y0 + b.y1) / 2 - lift).toFixed(1)}
                      font-size=${size}
                    >${names[i]}</text>`
                  : nothing,
              )}
            </g>
            <g transform="translate(${tx} ${ty})">
              ${repeat(
                groups,
                (c) => (c.items.length > 1 ? `c-${c.items[0].id}` : c.items[0].id),
                (c) => (c.items.length > 1 ? this.renderCluster(c, at, k) : this.renderPin(c.items[0], at(c.x, c.y), c.r)),
              )}
            </g>
          </svg>
          ${tilesNoteTemplate(this.tileUrl, this.tileAttribution, this.reviewNumber, (key, vars) => this.t(key, vars))}
        </div>
        ${
          this.selected
            ? cardTemplate(this.selected, this.sideAwayFrom(this.selected, groups, sx, w), this.cardProps())
            : this.listed
              ? listTemplate(this.listed, this.sideAwayFrom(this.listed[0], groups, sx, w), this.cardProps())
              : nothing
        }
      </div>
      <p id="map-hint" class="visually-hidden">${this.t('map.hint')}</p>
      ${named.length ? html`<p class="visually-hidden">${this.tp('map.counties', { names: zh(named.join('、')) })}</p>` : nothing}
    </div>
    ${legendTemplate((key) => this.t(key))}`;
  }

  /** A transparent square of half-side `r` in a marker: its target, as big as a finger needs. */
  private renderHit(r: number) {
    return svg`<rect class="hit" x=${-r} y=${-r} width=${2 * r} height=${2 * r} />`;
  }

  private renderPin(b: Branch, transform: string, r: number) {
    const shape = b.temporary ? svg`<path d=${DIAMOND} />` : b.stars === 5 ? svg`<path d=${STAR} />` : svg`<circle r="6" />`;
    const name = `${b.name}，${this.starsText(b.stars)}${b.temporary ? `，${this.t('map.temporary')}` : ''}`;
    const chosen = this.selected?.id === b.id;
    const press = (e: Event) => this.onPinPress(e, b);
    return svg`<g
      class="pin ${b.temporary ? 'temporary' : `stars-${b.stars}`} ${chosen ? 'selected' : ''}"
      data-id=${b.id}
      transform=${transform}
      role="button"
      tabindex="0"
      aria-label=${name}
      aria-pressed=${chosen ? 'true' : 'false'}
      @click=${press}
      @keydown=${press}
    >${this.renderHit(r)}${chosen ? svg`<circle class="ring" r="12.75" />` : nothing}<circle class="halo" r="12" />${shape}</g>`;
  }

  private renderCluster(c: Cluster<Branch>, at: (x: number, y: number) => string, k: number) {
    // Holds the chosen branch, or the branches listed in the card: marked like a chosen pin.
    const mark = this.selected ?? this.listed?.[0];
    const chosen = !!mark && c.items.some((b) => b.id === mark.id);
    const press = (e: Event) => this.onClusterPress(e, c, k);
    return svg`<g
      class="cluster ${chosen ? 'selected' : ''}"
      data-id=${`c-${c.items[0].id}`}
      transform=${at(c.x, c.y)}
      role="button"
      tabindex="0"
      aria-label=${this.t(this.view.canZoomIn ? 'map.cluster' : 'map.clusterList', { count: c.items.length })}
      @click=${press}
      @keydown=${press}
    >${this.renderHit(c.r)}<circle class="disc" r=${markerRadius(c.items.length, this.countPx) - 2} /><text
      dy="0.35em"
      font-size=${this.countPx}
    >${c.items.length}</text></g>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dj-branch-map': DjBranchMap;
  }
}
