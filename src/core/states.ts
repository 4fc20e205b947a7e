/**
 * The loading, empty, error and stale states, rendered the same way in every
 * widget. A widget supplies its skeleton (shaped like its content, so nothing
 * moves when data arrives) and how to render data; this module does the rest.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DjElement } from './element.js';
import { describeError } from './errors.js';
import { msg } from './i18n.js';
import type { Resource } from './resource.js';

export interface StateViews<T> {
  skeleton: TemplateResult;
  /** The empty-state sentence; defaults to the table's `empty`. */
  empty?: string;
  /** A widget-specific sentence for an error, e.g. "brand X not found". */
  describe?: (error: NonNullable<Resource<T>['error']>) => string | undefined;
  ready: (data: T) => unknown;
}

/**
 * The error box every widget shows: an optional title, the reason, and what to do next (Retry, or
 * another way on). It is an alert, and `#failure` takes focus when a form moves the reader to it.
 */
export const errorBox = (reason: unknown, action: unknown, title?: string): TemplateResult =>
  html`<div id="failure" class="state error" part="state" role="alert" tabindex="-1">
    ${title ? html`<p class="state-title">${title}</p>` : nothing}
    <p>${reason}</p>
    ${action}
  </div>`;

export function renderStates<T>(host: DjElement, resource: Resource<T>, views: StateViews<T>): unknown {
  const { locale } = host;
  const retry = () => {
    host.renderRoot.querySelector<HTMLElement>('[part="base"]')?.focus();
    resource.retry();
  };
  const retryButton = html`<button class="button" part="retry" type="button" @click=${retry}>${msg(locale, 'retry')}</button>`;
  const error = resource.error;
  const reason = error && (views.describe?.(error) ?? describeError(error, locale));
  switch (resource.status) {
    case 'loading':
      return html`<div class="skeleton" role="status" aria-busy="true">
        <span class="visually-hidden">${msg(locale, 'loading')}</span>
        <div aria-hidden="true">${views.skeleton}</div>
      </div>`;
    case 'empty':
      return html`<div class="state empty" part="state" role="status"><p>${views.empty ?? msg(locale, 'empty')}</p></div>`;
    case 'error':
      return errorBox(reason, error?.kind === 'config' ? nothing : retryButton, msg(locale, 'error.title'));
    case 'stale':
      return html`<p class="notice" part="notice" role="status">
          <span>${msg(locale, 'stale')} ${reason}</span>${retryButton}
        </p>
        ${views.ready(resource.data as T)}`;
    default:
      return html`<div aria-busy=${resource.refreshing ? 'true' : 'false'}>${views.ready(resource.data as T)}</div>`;
  }
}
