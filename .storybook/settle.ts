/**
 * When a story has finished loading: no dj- widget in it is waiting for data.
 * The widgets mark that with `aria-busy="true"` (on the skeleton, and on the
 * content while it is refreshed), which is also what a screen reader goes by.
 *
 * Storybook's a11y addon runs axe as soon as a story has rendered, which for
 * a data widget is its skeleton; preview.ts waits for this first, so the
 * Accessibility panel reports on what the story is named for. The stories
 * test checks that it does wait.
 */

/**
 * How long to wait at most. Longer than the mock's slow fault (3 s); the
 * Loading stories never get data and are checked as skeletons when it runs out.
 */
export const SETTLE_LIMIT_MS = 4000;

/** The dj- widgets under `root` that are waiting for data. */
export function busyWidgets(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].filter(
    (el) => el.localName.startsWith('dj-') && el.shadowRoot?.querySelector('[aria-busy="true"]'),
  );
}

/**
 * Resolves true once no widget under `root` is waiting for data, or false
 * when `limit` ms pass first.
 */
export async function settled(root: ParentNode, limit = SETTLE_LIMIT_MS): Promise<boolean> {
  const end = performance.now() + limit;
  // A widget defined but not yet rendered has no shadow content to be busy in.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  while (busyWidgets(root).length > 0) {
    if (performance.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
