/**
 * The locale tables: every string a widget shows exists in Chinese and in
 * English, with the same placeholders, so that no English reader meets a
 * Chinese sentence (msg() falls back to zh-CN) and no `{name}` is left
 * unfilled or silently dropped.
 *
 * Each module exports its Chinese table (`zhCN`) and adds it with
 * addMessages(); its English twin is a module of its own (`….en.ts`, whose
 * default export is the table), fetched when a widget first needs English.
 */
import { expect } from '@open-wc/testing';
import '../src/index.js';
import { localeReady, messageTables, msg, type Messages } from '../src/core/i18n.js';

/** Every module that adds to the locale tables, with its English twin; a new one must be listed here. */
const MODULES: [string, string][] = [
  ['/src/core/i18n.ts', '/src/core/i18n.en.ts'],
  ['/src/widgets/brand-card/brand-card.messages.ts', '/src/widgets/brand-card/brand-card.messages.en.ts'],
  [
    '/src/widgets/liaison-leaderboard/liaison-leaderboard.messages.ts',
    '/src/widgets/liaison-leaderboard/liaison-leaderboard.messages.en.ts',
  ],
  ['/src/widgets/branch-map/branch-map.messages.ts', '/src/widgets/branch-map/branch-map.messages.en.ts'],
  ['/src/widgets/open-day-booking/booking.messages.ts', '/src/widgets/open-day-booking/booking.messages.en.ts'],
  ['/src/widgets/open-day-desk/desk.messages.ts', '/src/widgets/open-day-desk/desk.messages.en.ts'],
  ['/src/widgets/open-day-desk/desk-lists.messages.ts', '/src/widgets/open-day-desk/desk-lists.messages.en.ts'],
];

interface Tables {
  zh: Messages;
  en: Messages;
}

async function tablesOf([zhPath, enPath]: [string, string]): Promise<Tables> {
  const [zh, en] = await Promise.all([import(zhPath), import(enPath)]);
  return { zh: zh.zhCN, en: en.default };
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
    for (const paths of MODULES) loaded.set(paths[0], await tablesOf(paths));
  });

  for (const [path] of MODULES) {
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

  it('lists every module that adds messages, and no key twice', async () => {
    // The page's tables hold every string of the kit once the English ones are fetched:
    // the union of the modules listed above.
    await localeReady('en');
    const listed = MODULES.flatMap(([path]) => Object.keys(loaded.get(path)!.zh));
    expect(
      Object.keys(messageTables['zh-CN']).filter((k) => !listed.includes(k)),
      'zh-CN keys from a module not listed in MODULES',
    ).to.deep.equal([]);
    expect(
      Object.keys(messageTables.en).filter((k) => !listed.includes(k)),
      'en keys from a module not listed in MODULES',
    ).to.deep.equal([]);
    expect(Object.keys(messageTables.en).length, 'every English table was fetched into the page’s').to.equal(
      MODULES.reduce((n, [path]) => n + Object.keys(loaded.get(path)!.en).length, 0),
    );
    expect(
      listed.filter((k, i) => listed.indexOf(k) !== i),
      'keys defined by two modules (the later one wins)',
    ).to.deep.equal([]);
  });

  it('English strings are fetched before the first English render; Chinese needs no wait', async () => {
    expect(localeReady('zh-CN'), 'Chinese is always there').to.equal(undefined);
    await localeReady('en');
    expect(localeReady('en'), 'nothing left to fetch').to.equal(undefined);
    expect(msg('en', 'retry')).to.equal('Try again');
  });

  it('finds a missing key and a changed placeholder (the checks can fail)', () => {
    const zh = { a: '共 {count} 个', b: '{name}的排名' };
    expect(placeholderMismatches(zh, { a: '{count} in all', b: 'Ranking of {title}' })).to.deep.equal(['b: zh {name} ≠ en {title}']);
    expect(placeholderMismatches(zh, { a: 'in all', b: '{name}' })).to.deep.equal(['a: zh {count} ≠ en {}']);
    expect(placeholders('{a} 与 {b}，{a}')).to.deep.equal(['a', 'b']);
  });
});
