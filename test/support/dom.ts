import { waitUntil } from '@open-wc/testing';

/** Visible text of a widget's shadow root, whitespace folded. */
export function textOf(el: Element): string {
  const root = el.shadowRoot ?? el;
  return (root as ShadowRoot).textContent!.replace(/\s+/g, ' ').trim();
}

export function $<E extends Element = HTMLElement>(el: Element, selector: string): E | null {
  return el.shadowRoot!.querySelector<E>(selector);
}

export function $$<E extends Element = HTMLElement>(el: Element, selector: string): E[] {
  return [...el.shadowRoot!.querySelectorAll<E>(selector)];
}

/** Waits until the widget's text contains `text`. */
export async function waitForText(el: Element, text: string, timeout = 4000): Promise<void> {
  await waitUntil(() => textOf(el).includes(text), `never showed “${text}”; showed “${textOf(el).slice(0, 200)}”`, { timeout });
}

export async function waitForSelector(el: Element, selector: string, timeout = 4000): Promise<HTMLElement> {
  await waitUntil(() => $(el, selector), `never rendered ${selector}; showed “${textOf(el).slice(0, 200)}”`, { timeout });
  return $<HTMLElement>(el, selector)!;
}

/** The button or link whose text contains `label`. */
export function control(el: Element, label: string): HTMLElement {
  const found = $$(el, 'button, a').find((b) => b.textContent!.replace(/\s+/g, ' ').includes(label));
  if (!found) throw new Error(`no button or link “${label}” in “${textOf(el).slice(0, 200)}”`);
  return found;
}
