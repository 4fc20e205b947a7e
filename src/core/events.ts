/**
 * Events of the kit. Every event bubbles and is composed, so a portal can
 * listen on `document`; its detail is always an object. Widgets add their own
 * events to {@link DjEventDetails} by declaration merging, which also types
 * `addEventListener` on elements and on `document`.
 */
import type { ErrorKind } from './errors.js';

export interface DjEventDetails {
  /** A request finished and its data is shown. */
  'dj-load': { url: string };
  /** A request failed; `message` is what the widget shows. */
  'dj-error': { url: string; kind: ErrorKind; status?: number; message: string };
}

type DjEvents = { [K in keyof DjEventDetails]: CustomEvent<DjEventDetails[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends DjEvents {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends DjEvents {}
}

/** Dispatches a kit event; returns false when a listener called preventDefault(). */
export function emit<K extends keyof DjEventDetails>(target: EventTarget, name: K, detail: DjEventDetails[K], cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
