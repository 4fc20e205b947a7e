/**
 * `html` for templates with text that is the same in every instance but only
 * known at run time, such as a column's name in the reader's language.
 *
 * Each row of the leaderboard names its figures for the card layout: six
 * labels, each word in its own span. As bindings that made about twelve
 * nested templates per row, 1,200 for 100 groups, each cloned, walked and
 * committed on its own. Written into the row's template, the labels are
 * cloned with the row in one step (bench/README.md: the widget's script for
 * a first render of 100 groups went from about 13 to 10 ms, with rank and
 * trend written into the row too).
 *
 * `fixed(markup)` marks a value to be written into the template; its markup
 * must be built with {@link escapeText} around any text. Lit keys templates
 * by their strings array, so there is one array per template and distinct
 * fixed markup at each place (a language change makes a new one). This is
 * what lit/static-html does, in a few lines, since static-html would add
 * half a kilobyte to the bundle.
 */
import { html, type TemplateResult } from 'lit';

class Fixed {
  constructor(
    readonly markup: string,
    readonly id: number,
  ) {}
}

const interned = new Map<string, Fixed>();

/** Markup to write into the template (never bind data here: only locale text, escaped). */
export function fixed(markup: string): Fixed {
  let value = interned.get(markup);
  if (!value) interned.set(markup, (value = new Fixed(markup, interned.size)));
  return value;
}

/** Text as markup: the characters that could start a tag or an entity escaped. */
export const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

const merged = new WeakMap<TemplateStringsArray, Map<string, TemplateStringsArray>>();

export function fixedHtml(strings: TemplateStringsArray, ...values: unknown[]): TemplateResult {
  // Which markup goes where, as a short key: the strings are joined once per key.
  let key = '';
  const bound: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Fixed) key += `${i}:${value.id},`;
    else bound.push(value);
  });
  let byKey = merged.get(strings);
  if (!byKey) merged.set(strings, (byKey = new Map()));
  let joined = byKey.get(key);
  if (!joined) {
    const parts = [strings[0]];
    values.forEach((value, i) => {
      if (value instanceof Fixed) parts[parts.length - 1] += value.markup + strings[i + 1];
      else parts.push(strings[i + 1]);
    });
    // Lit takes an array with an own `raw` as a template's strings, as lit/static-html makes them.
    byKey.set(key, (joined = Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray));
  }
  return html(joined, ...bound);
}
