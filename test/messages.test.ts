/**
 * The locale tables: every string a widget shows exists in Chinese and in
 * English, with the same placeholders, so that no English reader meets a
 * Chinese sentence (msg() falls back to zh-CN) and no `{name}` is left
 * unfilled or silently dropped.
 *
 * The tables are not exported: each module hands them to addMessages(),
 * which merges them with Object.assign. Loading a module again under a new
 * URL and watching Object.assign gives its tables exactly as passed.
 */
import { expect } from '@open-wc/testing';
import '../src/index.js';
import type { Messages } from '../src/core/i18n.js';

/** Every module that adds to the locale tables; a new one must be listed here. */
const MODULES = [
  '/src/core/i18n.ts',
  '/src/widgets/brand-card/brand-card.messages.ts',
  '/src/widgets/liaison-leaderboard/liaison-leaderboard.messages.ts',
  '/src/widgets/branch-map/branch-map.messages.ts',
  '/src/widgets/open-day-booking/booking.messages.ts',
];

interface Tables {
  zh: Messages;
  en: Messages;
  /** The page's merged tables that addMessages() wrote into. */
  merged: [object, object];
}

let fresh = 0;

async function tablesOf(path: string): Promise<Tables> {
  const calls: [object, Messages][] = [];
  const assign = Object.assign;
  Object.assign = ((target: object, ...sources: Messages[]) => {
    calls.push([target, sources[0]]);
    return assign(target, ...sources);
  }) as typeof Object.assign;
  try {
    await import(`${path}?tables=${++fresh}`);
  } finally {
    Object.assign = assign;
  }
  expect(calls, `${path}: one addMessages() call, zh-CN then en, through Object.assign`).to.have.length(2);
  return { zh: calls[0][1], en: calls[1][1], merged: [calls[0][0], calls[1][0]] };
}

/** The placeholders of a string, as msgParts() finds them, sorted and once each. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** Keys with different placeholders in the two tables, as `key: {a} ≠ {b}`. */
function placeholderMismatches(zh: Messages, en: Messages): string[] {
  return Object.keys(zh)
    .filter((key) => key in en && placeholders(zh[key]).join() !== placeholders(en[key]).join())
    .map((key) => `${key}: zh {${placeholders(zh[key]).join('}{')}} ≠ en {${placeholders(en[key]).join('}{')}}`);
}

describe('locale tables', () => {
  const loaded = new Map<string, Tables>();
  before(async () => {
    for (const path of MODULES) loaded.set(path, await tablesOf(path));
  });

  for (const path of MODULES) {
    it(`${path.split('/').pop()}: zh-CN and en have the same keys`, () => {
      const { zh, en } = loaded.get(path)!;
      expect(Object.keys(zh), 'a table that is empty').not.to.be.empty;
      expect(
        Object.keys(zh).filter((k) => !(k in en)),
        'keys missing in en',
      ).to.deep.equal([]);
      expect(
        Object.keys(en).filter((k) => !(k in zh)),
        'keys missing in zh-CN',
      ).to.deep.equal([]);
    });

    it(`${path.split('/').pop()}: each key has the same {placeholders} in zh-CN and en`, () => {
      const { zh, en } = loaded.get(path)!;
      expect(placeholderMismatches(zh, en)).to.deep.equal([]);
    });
  }

  it('lists every module that adds messages, and no key twice', () => {
    // The widget modules write into the page's tables, which by now hold
    // every string of the kit: the union of the modules listed above.
    const widget = loaded.get(MODULES[1])!;
    const [pageZh, pageEn] = widget.merged as [Messages, Messages];
    const listed = MODULES.flatMap((path) => Object.keys(loaded.get(path)!.zh));
    expect(
      Object.keys(pageZh).filter((k) => !listed.includes(k)),
      'zh-CN keys from a module not listed in MODULES',
    ).to.deep.equal([]);
    expect(
      Object.keys(pageEn).filter((k) => !listed.includes(k)),
      'en keys from a module not listed in MODULES',
    ).to.deep.equal([]);
    expect(
      listed.filter((k, i) => listed.indexOf(k) !== i),
      'keys defined by two modules (the later one wins)',
    ).to.deep.equal([]);
  });

  it('finds a missing key and a changed placeholder (the checks can fail)', () => {
    const zh = { a: '共 {count} 个', b: '{name}的排名' };
    expect(placeholderMismatches(zh, { a: '{count} in all', b: 'Ranking of {title}' })).to.deep.equal(['b: zh {name} ≠ en {title}']);
    expect(placeholderMismatches(zh, { a: 'in all', b: '{name}' })).to.deep.equal(['a: zh {count} ≠ en {}']);
    expect(placeholders('{a} 与 {b}，{a}')).to.deep.equal(['a', 'b']);
  });
});
