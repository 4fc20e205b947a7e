/**
 * The loader build's one script: `<script type="module" src=".../dj-loader.js">`. Each dj- tag
 * fetches its widget's code the first time it appears on the page, in the document or in a
 * shadow root, now or later (a tab opened, a CMS fragment inserted). Chunks are resolved from
 * this module's own URL, so the folder can be anywhere; a widget's chunk and every chunk it
 * imports (the shared core with the first widget) are fetched at once, never one after another.
 * A tag that is already defined is left as it is, and so is every tag once the single-file kit
 * has run on the same page: it defines them all itself, on a lazy page one turn after another.
 */

/** Tag → the files it needs, its own chunk first; written in by the build (vite.config.ts). */
declare const __DJ_CHUNKS__: Record<string, string[]>;
const chunks = __DJ_CHUNKS__;

const requested = new Set<string>();

function load(tag: string): void {
  const files = chunks[tag];
  // Symbol.for('dj-widgets.kit'): set by the single file (src/index.ts) as it starts.
  if (!files || requested.has(tag) || customElements.get(tag) || (globalThis as Record<symbol, unknown>)[Symbol.for('dj-widgets.kit')])
    return;
  requested.add(tag);
  for (const file of files) {
    import(new URL(file, import.meta.url).href).catch((error) => {
      requested.delete(tag);
      console.error(`[dj-widgets] <${tag}> could not be loaded from ${file}.`, error);
    });
  }
}

const observer = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) discover(node);
});
const watch = (root: Node) => observer.observe(root, { childList: true, subtree: true });

/**
 * Loads the widgets under `root` (an element, a document or a shadow root), and those of the open
 * shadow roots within. The loader calls it for the page and for every shadow root created after
 * it ran; call it for a closed shadow root made before.
 */
export function discover(root: ParentNode): void {
  if (root instanceof Element && root.localName.startsWith('dj-')) load(root.localName);
  for (const el of root.querySelectorAll('*')) {
    if (el.localName.startsWith('dj-')) load(el.localName);
    else if (el.shadowRoot && !shadowRoots.has(el.shadowRoot)) {
      shadowRoots.add(el.shadowRoot);
      watch(el.shadowRoot);
      discover(el.shadowRoot);
    }
  }
}

/** Shadow roots already watched. */
const shadowRoots = new WeakSet<ShadowRoot>();

// A shadow root made from now on is watched too: the page's own components may hold dj- tags.
// The kit's own roots are skipped: they never hold another dj- tag, and they change often.
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
  const root = attachShadow.call(this, init);
  if (!this.localName.startsWith('dj-')) {
    shadowRoots.add(root);
    watch(root);
  }
  return root;
};

watch(document);
discover(document);
