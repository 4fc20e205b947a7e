/**
 * Safe registration. A portal page may load the kit twice (two templates that
 * each add the script tag) or two copies of different versions. Registering a
 * taken tag throws, so a tag is defined only when it is free; when another
 * version owns it, the page is told once, in one console warning.
 */
import { VERSION } from './version.js';

const warned = Symbol.for('dj-widgets.version-warning');

type Versioned = CustomElementConstructor & { djVersion?: string };

export function define(tag: string, ctor: Versioned): void {
  const owner = customElements.get(tag) as Versioned | undefined;
  if (!owner) {
    customElements.define(tag, ctor);
    return;
  }
  const theirs = owner.djVersion;
  const g = globalThis as Record<symbol, unknown>;
  if (theirs !== VERSION && !g[warned]) {
    g[warned] = true;
    console.warn(
      `[dj-widgets] <${tag}> is already defined by ${theirs ? `dj-widgets ${theirs}` : 'another script'}; ` +
        `dj-widgets ${VERSION} keeps the existing definitions. Load one copy of the kit per page.`,
    );
  }
}
