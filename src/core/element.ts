/**
 * The base of every dj- element: the attributes all widgets share (endpoint,
 * timeout, large, theme), the provider context, the language, the inline
 * snapshot and the `part="base"` frame that carries mode classes.
 */
import { ContextConsumer } from '@lit/context';
import { LitElement, html, type CSSResultGroup, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { onConfigure, resolveEndpoint } from './config.js';
import { providerContext, type Theme } from './context.js';
import { localeOf, localeReady, msg, msgParts, onLangChange, type Locale } from './i18n.js';
import { baseStyles } from './styles.js';
import { VERSION } from './version.js';

/**
 * Text from the endpoint, marked as Chinese: the contract's data is Chinese,
 * and an English interface must not make screen readers read it as English.
 */
export const zh = (text: string) => html`<span lang="zh-CN">${text}</span>`;

/** `<meta name="dj-loading" content="lazy">`: the page asks its widgets to wait for the reader. */
export const lazyPage = () => document.querySelector<HTMLMetaElement>('meta[name="dj-loading"]')?.content === 'lazy';

/** Resolves in a later task, so that the browser may draw and answer the reader in between. */
export const turn = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve));
};

export class DjElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;
  /** Read by {@link define} to tell which version owns a tag. */
  static readonly djVersion = VERSION;

  private unsubscribe: (() => void)[] = [];
  /** What {@link focusAfterRender} waits to draw. */
  private focusTarget?: string;

  private nearby?: Promise<void>;

  private readonly context = new ContextConsumer(this, { context: providerContext, subscribe: true });

  /** The language in use, from the nearest `lang` attribute. @internal */
  @state() locale: Locale = 'zh-CN';

  /** Base URL of the data endpoint; wins over provider, meta tag and configure(). */
  @property() endpoint?: string;

  /** Milliseconds to wait for the endpoint before showing a timeout error. */
  @property({ type: Number }) timeout = 10_000;

  /** Large-text (适老化) mode: text ≥ 18px, targets ≥ 60px. Also set by `<dj-provider large>`. */
  @property({ type: Boolean, reflect: true }) large = false;

  /** Colour scheme: `light` (default), `dark`, or `auto` to follow the reader's system setting. */
  @property() theme?: Theme;

  /**
   * ARIA level (1–6) of the widget's own headings, to fit the page's outline;
   * without it (or out of range) each widget's default.
   */
  @property({ attribute: 'heading-level', type: Number }) headingLevel?: number;

  /** `heading-level` held to 1–6, else `fallback` (the widget's default). */
  protected headingOr(fallback: number): number {
    const level = Math.round(this.headingLevel ?? fallback);
    return level >= 1 && level <= 6 ? level : fallback;
  }

  /** The endpoint in use after precedence. @internal */
  get resolvedEndpoint(): string {
    return resolveEndpoint(this.endpoint, this.context.value?.endpoint);
  }

  /**
   * On a page with `<meta name="dj-loading" content="lazy">`, resolves once the widget is within
   * half a screen of the viewport: its request waits for it, so that the page's load fetches and
   * draws only what the reader sees and the rest comes as they scroll. Elsewhere (and without
   * IntersectionObserver) at once. @internal
   */
  get near(): Promise<void> {
    // One observer a widget: a page holds a handful, and each is done with it once near.
    return (this.nearby ??= new Promise((resolve) => {
      if (typeof IntersectionObserver === 'undefined' || !lazyPage()) return resolve();
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            observer.disconnect();
            resolve();
          }
        },
        { rootMargin: '50% 0px' },
      );
      observer.observe(this);
    }));
  }

  constructor() {
    super();
    // A controller, so a widget's own updated() need not remember to call this one.
    this.addController({
      hostUpdated: () => {
        const target = this.focusTarget && this.renderRoot.querySelector<HTMLElement>(this.focusTarget);
        if (target) {
          this.focusTarget = undefined;
          target.focus();
        }
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = localeOf(this);
    this.unsubscribe = [onLangChange(() => (this.locale = localeOf(this))), onConfigure(() => this.requestUpdate())];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe.forEach((fn) => fn());
  }

  /**
   * On a lazy page (see {@link near}) each widget's first render waits for a turn of its own, so
   * that the page's load does not draw every widget in one long task. A render in English waits
   * for the English tables (fetched then in the loader build).
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const update = () => {
      const ready = localeReady(this.locale);
      return ready ? ready.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
    };
    return this.hasUpdated || !lazyPage() ? update() : turn().then(update);
  }

  /**
   * Moves focus to what `selector` matches in the first render that draws it: a form's new step
   * heading or error box, a card's title. Screen-reader and keyboard readers go where the change is.
   */
  protected focusAfterRender(selector: string): void {
    this.focusTarget = selector;
    this.requestUpdate();
  }

  /** A locale string in this widget's language. */
  protected t(key: string, vars?: Record<string, string | number>): string {
    return msg(this.locale, key, vars);
  }

  /** Like {@link t}, but a placeholder may be filled with a template, e.g. {@link zh} data. */
  protected tp(key: string, vars: Record<string, unknown>): unknown[] {
    return msgParts(this.locale, key, vars);
  }

  /** The `part="base"` wrapper with the mode classes every widget's CSS keys on. */
  protected frame(content: unknown, extra = ''): TemplateResult {
    const large = this.large || !!this.context.value?.large;
    const theme = this.theme ?? this.context.value?.theme ?? 'light';
    return html`<div part="base" tabindex="-1" class="base ${large ? 'large' : ''} theme-${theme} ${extra}" lang=${this.locale}>
      ${content}
    </div>`;
  }
}
