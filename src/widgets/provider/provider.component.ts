import { ContextProvider } from '@lit/context';
import { LitElement, html, css, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { providerContext, type Theme } from '../../core/context.js';
import { VERSION } from '../../core/version.js';

/**
 * Page-wide settings for the widgets inside it. A widget's own attribute
 * always wins over the provider's.
 *
 * @tagname dj-provider
 * @summary Shares endpoint, large-text mode and theme with the dj- widgets inside it; `lang` on it sets their language.
 * @slot - The page content holding dj- widgets.
 */
export class DjProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;
  static readonly djVersion = VERSION;

  private readonly context = new ContextProvider(this, { context: providerContext, initialValue: { large: false } });

  /** Base URL of the data endpoint for every widget inside. */
  @property() endpoint?: string;

  /** Large-text (适老化) mode for every widget inside. */
  @property({ type: Boolean, reflect: true }) large = false;

  /** Colour scheme for every widget inside: `light`, `dark` or `auto`. */
  @property() theme?: Theme;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('large') || changed.has('theme')) {
      this.context.setValue({ endpoint: this.endpoint, large: this.large, theme: this.theme });
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dj-provider': DjProvider;
  }
}
