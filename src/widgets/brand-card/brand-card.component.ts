import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DjElement, zh } from '../../core/element.js';
import { emit } from '../../core/events.js';
import { formatDate, formatNumber, safeUrl } from '../../core/format.js';
import { Resource } from '../../core/resource.js';
import { renderStates } from '../../core/states.js';
import { Brand } from '../../contract/brand.schema.js';
import { styles } from './brand-card.styles.js';
import './brand-card.messages.js';

export type BrandCardLayout = 'card' | 'horizontal' | 'compact';

const SUB_BRANDS_SHOWN = 3;

declare module '../../core/events.js' {
  interface DjEventDetails {
    /** The reader activated the card's details control. Cancelable: preventDefault() keeps the link from navigating. */
    'dj-brand-select': { id: string };
  }
}

/**
 * A party-building brand (党建品牌): name, slogan, unit, honours, sub-brands,
 * key figures and summary, fetched from `{endpoint}/brands/{brand-id}`.
 *
 * @tagname dj-brand-card
 * @summary Shows one party-building brand of a unit or branch.
 *
 * @slot - Optional `<script type="application/json">` with the brand as the endpoint returns it, shown at once and replaced by fresh data; any other content is the no-JavaScript fallback, hidden once the card renders.
 *
 * @csspart base - The wrapper of everything the card shows.
 * @csspart card - The brand card itself.
 * @csspart media - The box that reserves the image's space.
 * @csspart image - The brand image.
 * @csspart name - The brand name.
 * @csspart slogan - The slogan.
 * @csspart highlights - The key figures.
 * @csspart summary - The summary text.
 * @csspart honors - The honours list.
 * @csspart sub-brands - The sub-brands list.
 * @csspart action - The details link or button.
 * @csspart state - The loading-failed and empty boxes.
 * @csspart notice - The notice shown over data kept after a failed refresh.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dj-brand-card-accent - Colour of the top stripe and the level badge; defaults to `--dj-color-primary`.
 * @cssprop --dj-brand-card-background - Card background; defaults to `--dj-color-surface`.
 * @cssprop --dj-brand-card-image-ratio - Aspect ratio of the image box (default `16 / 9`).
 * @cssprop --dj-brand-card-summary-lines - Lines of summary shown before “Read more” (default 3).
 *
 * @fires dj-brand-select - The reader activated the details link or button; detail `{id}`. Cancelable.
 * @fires dj-load - The brand was fetched and is shown; detail `{url}`.
 * @fires dj-error - The brand could not be fetched; detail `{url, kind, status, message}`.
 */
export class DjBrandCard extends DjElement {
  static override styles = [DjElement.styles, styles];

  private readonly brand = new Resource<Brand>(this, {
    snapshot: true,
    path: () => (this.brandId ? `/brands/${encodeURIComponent(this.brandId)}` : null),
    schema: Brand,
  });
  private summaryObserver?: ResizeObserver;
  private observedSummary?: HTMLElement | null;

  /** Id of the brand to show, as in `{endpoint}/brands/{id}`. */
  @property({ attribute: 'brand-id' }) brandId = '';

  /**
   * `card` (image on top), `horizontal` (image beside the text) or `compact`
   * (level, name, slogan, unit, the details link and the date: no image,
   * figures, summary or honours).
   */
  @property({ reflect: true }) layout: BrandCardLayout = 'card';

  /**
   * The card shows above the fold when the page opens (a portal's featured brand): its image
   * loads at once with `fetchpriority="high"`, as the page's largest paint, instead of lazily.
   */
  @property({ type: Boolean }) priority = false;

  @state() private showAllSubBrands = false;
  @state() private summaryExpanded = false;
  @state() private summaryOverflows = false;
  @state() private imageFailed = false;

  /** The brand name's heading level: `heading-level`, 3 by default. */
  private get level(): number {
    return this.headingOr(3);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.summaryObserver?.disconnect();
    this.observedSummary = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('brandId')) {
      this.showAllSubBrands = this.summaryExpanded = this.imageFailed = false;
    }
  }

  protected override updated(): void {
    // Whether the clamped summary overflows depends on its width, so it is
    // measured again on resize; in the next frame, to keep the observer's
    // callback from resizing what it observes.
    const summary = this.renderRoot.querySelector<HTMLElement>('.summary');
    if (summary === this.observedSummary) return;
    this.summaryObserver ??= new ResizeObserver(() => requestAnimationFrame(() => this.measureSummary()));
    this.summaryObserver.disconnect();
    if (summary) this.summaryObserver.observe(summary);
    this.observedSummary = summary;
  }

  private measureSummary(): void {
    const summary = this.renderRoot.querySelector<HTMLElement>('.summary');
    if (summary && !this.summaryExpanded) this.summaryOverflows = summary.scrollHeight > summary.clientHeight + 1;
  }

  private onSelect(event: Event): void {
    if (!emit(this, 'dj-brand-select', { id: this.brand.data!.id }, true)) event.preventDefault();
  }

  protected override render() {
    return this.frame(
      renderStates(this, this.brand, {
        skeleton: this.renderSkeleton(),
        empty: this.t(this.brandId ? 'brand.empty' : 'brand.noId'),
        describe: (error) => (error.kind === 'not-found' ? this.t('brand.notFound', { id: this.brandId }) : undefined),
        ready: (brand) => this.renderBrand(brand),
      }),
      `layout-${this.layout}`,
    );
  }

  private renderSkeleton() {
    const full = this.layout !== 'compact';
    // Bone sizes are classes, not style attributes, which a strict CSP
    // (style-src without 'unsafe-inline') refuses.
    return html`<div class="card ${full ? 'has-media' : ''}">
      ${full ? html`<div class="media"></div>` : nothing}
      <div class="head">
        <span class="bone bone-eyebrow"></span>
        <span class="bone bone-name"></span>
        <span class="bone bone-unit"></span>
      </div>
      <div class="body">
        ${full ? html`<span class="bone bone-figures"></span><span class="bone bone-summary"></span>` : nothing}
        <span class="bone bone-action"></span>
      </div>
    </div>`;
  }

  private renderBrand(brand: Brand) {
    const full = this.layout !== 'compact';
    const href = safeUrl(brand.url);
    const image = full && !this.imageFailed ? safeUrl(brand.image?.url) : undefined;
    // Named "查看详情 + brand name" through aria-labelledby rather than hidden
    // text: a visually hidden span of the whole name ran past the card's edge.
    const action = html`${this.t('brand.details')}`;
    return html`<article class="card ${image ? 'has-media' : ''}" part="card" aria-labelledby="name">
      ${
        image
          ? html`<div class="media" part="media">
            <img
              part="image"
              lang="zh-CN"
              src=${image}
              alt=${brand.image!.alt}
              loading=${this.priority ? 'eager' : 'lazy'}
              fetchpriority=${this.priority ? 'high' : 'auto'}
              decoding="async"
              @error=${() => (this.imageFailed = true)}
            />
          </div>`
          : nothing
      }
      <div class="head">
        <p class="eyebrow">
          <span class="level level-${brand.level}">${this.t(`brand.level.${brand.level}`)}</span>
          ${brand.parent ? html`<span class="parent">${this.tp('brand.parent', { name: zh(brand.parent.name) })}</span>` : nothing}
        </p>
        <div id="name" class="name" part="name" lang="zh-CN" role="heading" aria-level=${this.level}>${brand.name}</div>
        ${brand.slogan ? html`<p class="slogan" part="slogan" lang="zh-CN">${brand.slogan}</p>` : nothing}
        <p class="unit">${this.tp('brand.unit', { name: zh(brand.unit.name) })}</p>
      </div>
      <div class="body">
        ${full ? this.renderDetails(brand) : nothing}
        <div class="footer">
          ${
            href
              ? html`<a id="action" class="button solid" part="action" href=${href} aria-labelledby="action name" @click=${this.onSelect}>${action}</a>`
              : html`<button id="action" class="button solid" part="action" type="button" aria-labelledby="action name" @click=${this.onSelect}>${action}</button>`
          }
          <span class="updated">${this.t('brand.updated', { date: formatDate(brand.updatedAt) })}</span>
        </div>
      </div>
    </article>`;
  }

  private renderDetails(brand: Brand) {
    const subs = this.showAllSubBrands ? brand.subBrands : brand.subBrands.slice(0, SUB_BRANDS_SHOWN);
    const moreSubs = brand.subBrands.length > SUB_BRANDS_SHOWN;
    return html`
      ${
        brand.highlights.length
          ? html`<dl class="highlights" part="highlights" aria-label=${this.t('brand.highlights')}>
            ${brand.highlights.map(
              (h) => html`<div class="highlight">
                <dt lang="zh-CN">${h.label}</dt>
                <dd><span class="figure">${formatNumber(h.value)}</span>${h.unit ? html` <span class="figure-unit" lang="zh-CN">${h.unit}</span>` : nothing}</dd>
              </div>`,
            )}
          </dl>`
          : nothing
      }
      ${
        brand.summary
          ? html`<div class="summary-wrap">
            <p id="summary" lang="zh-CN" class="summary ${this.summaryExpanded ? '' : 'clamped'}" part="summary">${brand.summary}</p>
            ${
              this.summaryOverflows || this.summaryExpanded
                ? html`<button
                  class="link-button"
                  type="button"
                  aria-expanded=${this.summaryExpanded ? 'true' : 'false'}
                  aria-controls="summary"
                  @click=${() => (this.summaryExpanded = !this.summaryExpanded)}
                >${this.t(this.summaryExpanded ? 'brand.summary.less' : 'brand.summary.more')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${
        brand.honors.length
          ? html`<div class="section">
            <div id="honors-title" class="section-title" role="heading" aria-level=${Math.min(6, this.level + 1)}>${this.t('brand.honors')}</div>
            <ul class="honors" part="honors" lang="zh-CN">
              ${brand.honors.map(
                (h) => html`<li>
                  <span class="honor-title">${h.title}</span>
                  ${h.year || h.issuer ? html`<span class="honor-meta">${[h.year, h.issuer].filter(Boolean).join(' · ')}</span>` : nothing}
                </li>`,
              )}
            </ul>
          </div>`
          : nothing
      }
      ${
        brand.subBrands.length
          ? html`<div class="section">
            <div id="subs-title" class="section-title" role="heading" aria-level=${Math.min(6, this.level + 1)}>
              ${this.t('brand.subBrands', { count: brand.subBrands.length })}
            </div>
            <ul id="subs" class="sub-brands" part="sub-brands" lang="zh-CN">
              ${subs.map((s) => html`<li>${s.name}</li>`)}
            </ul>
            ${
              moreSubs
                ? html`<button
                  class="link-button"
                  type="button"
                  aria-expanded=${this.showAllSubBrands ? 'true' : 'false'}
                  aria-controls="subs"
                  @click=${() => (this.showAllSubBrands = !this.showAllSubBrands)}
                >${
                  this.showAllSubBrands
                    ? this.t('brand.subBrands.less', { count: SUB_BRANDS_SHOWN })
                    : this.t('brand.subBrands.all', { count: brand.subBrands.length })
                }</button>`
                : nothing
            }
          </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dj-brand-card': DjBrandCard;
  }
}
