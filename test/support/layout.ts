/**
 * Layout as a person sees it, measured in the page (not compared with
 * pictures): what of a widget stands outside its host's box, which boxes cut
 * their content off, which controls are smaller than a target should be.
 */

export const describeNode = (n: Element) =>
  `${n.localName}${typeof n.className === 'string' && n.className.trim() ? `.${n.className.trim().split(/\s+/).join('.')}` : ''}`;

const clean = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Each element or run of text of the widget that a person could see outside the host's box. */
export function sticksOut(el: Element): string[] {
  const box = el.getBoundingClientRect();
  const out: string[] = [];
  const check = (r: DOMRect, what: string) => {
    if (!r.width && !r.height) return;
    const px = Math.max(r.right - box.right, box.left - r.left);
    if (px > 0.5) out.push(`${what} +${Math.round(px)}px`);
  };
  const root = el.shadowRoot!;
  // Inside .visually-hidden everything is clipped to 1 px: only that box counts.
  for (const node of root.querySelectorAll('*'))
    if (!node.parentElement?.closest('.visually-hidden')) check(node.getBoundingClientRect(), describeNode(node));
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.textContent!.trim() || t.parentElement!.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    check(range.getBoundingClientRect(), `“${t.textContent!.trim().slice(0, 24)}”`);
  }
  return out;
}

/** Boxes that cut off their content sideways (hidden or scrolling overflow). */
export const clippedBoxes = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('*')]
    .filter(
      (n) =>
        !(n instanceof SVGElement) &&
        !n.closest('.visually-hidden') &&
        getComputedStyle(n).overflowX !== 'visible' &&
        n.scrollWidth > n.clientWidth + 1,
    )
    .map(describeNode);

export const pageScrollsSideways = () => document.documentElement.scrollWidth > document.documentElement.clientWidth;

/** Shown controls smaller than `min` CSS px either way. */
export const smallTargets = (el: Element, min: number) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, a[href], select')]
    .filter((n) => n.getClientRects().length)
    .map((n) => [n, n.getBoundingClientRect()] as const)
    .filter(([, r]) => r.width < min - 0.5 || r.height < min - 0.5)
    .map(([n, r]) => `${describeNode(n)} “${clean(n.textContent).slice(0, 12)}” ${Math.round(r.width)}×${Math.round(r.height)}`);

/** Two frames: what a widget measures after layout has been measured and drawn. */
export const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
