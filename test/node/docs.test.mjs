/**
 * The widgets' docs against the custom-elements manifest the build writes
 * from the elements' JSDoc and code (dist/custom-elements.json): every
 * attribute of every tag is in its table in docs/widgets.md with its
 * property, no table lists one the element does not have, the values of an
 * attribute typed as a union of strings are all named, and the README's
 * events are exactly those the elements fire. So the code, the JSDoc and the
 * docs cannot drift apart.
 *
 *   npm run build && node --test test/node/docs.test.mjs
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('dist/custom-elements.json'));
const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
const widgetsDoc = read('docs/widgets.md');

/** The section of docs/widgets.md about `tag`: from its heading to the next `## `. */
function sectionOf(tag) {
  const start = widgetsDoc.indexOf(`## \`<${tag}>\``);
  assert.ok(start >= 0, `docs/widgets.md has a section for <${tag}>`);
  const end = widgetsDoc.indexOf('\n## ', start + 1);
  return widgetsDoc.slice(start, end < 0 ? undefined : end);
}

/** Rows of the section's `| attribute | property | default | meaning |` table, as cells. */
function attributeRows(section) {
  const lines = section.split('\n');
  const head = lines.findIndex((l) => /^\| attribute \| property \|/.test(l));
  if (head < 0) return [];
  const rows = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}
const codes = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const COMMON = ['endpoint', 'timeout', 'large', 'theme'];

for (const element of elements.filter((e) => e.tagName !== 'dj-provider')) {
  test(`<${element.tagName}>: its attribute table in docs/widgets.md names every attribute of the element, and no other`, () => {
    const rows = attributeRows(sectionOf(element.tagName));
    assert.ok(rows.length, 'an attribute table');
    const documented = new Map();
    for (const [attribute, property] of rows) {
      const names = codes(attribute);
      for (const name of names) documented.set(name, names.length === 1 ? codes(property)[0] : undefined);
    }
    documented.delete('lang'); // the page's own attribute, read by every widget, not a Lit property
    const actual = new Map(element.attributes.map((a) => [a.name, a.fieldName]));
    assert.deepEqual([...documented.keys()].sort(), [...actual.keys()].sort());
    for (const [name, property] of documented) if (property) assert.equal(property, actual.get(name), `${name}: the property`);
    for (const name of COMMON) assert.ok(actual.has(name), `${name} is one of every widget's`);
  });

  test(`<${element.tagName}>: every value of an attribute typed as a union of strings is named in its row`, () => {
    const rows = attributeRows(sectionOf(element.tagName));
    for (const a of element.attributes) {
      const values = [...(a.type?.text ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
      if (values.length < 2) continue;
      const row = rows.find(([attribute]) => codes(attribute).includes(a.name));
      for (const value of values) assert.ok(row && codes(row[3]).concat(codes(row[2])).includes(value), `${a.name}: "${value}" is named`);
    }
  });
}

test('<dj-provider>: the attributes its section names are those it has', () => {
  const provider = elements.find((e) => e.tagName === 'dj-provider');
  const section = sectionOf('dj-provider');
  for (const a of provider.attributes) assert.ok(section.includes(`\`${a.name}\``), `${a.name} is named`);
});

test('the README lists exactly the events the elements fire', () => {
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('## Events'), readme.indexOf('\n## ', readme.indexOf('## Events') + 1));
  const listed = [...table.matchAll(/^\| `(dj-[a-z-]+)` \|/gm)].map((m) => m[1]).sort();
  const fired = [...new Set(elements.flatMap((e) => (e.events ?? []).map((ev) => ev.name)))].sort();
  assert.deepEqual(listed, fired);
});

/**
 * The README's size table, row by row, against what the build measured: the single file's gzip
 * (-9) size, and dist/sizes.json (the loader build's figures: what a page fetches in all).
 */
test('the README’s size table is the build’s', async () => {
  const { gzipSync } = await import('node:zlib');
  const sizes = JSON.parse(read('dist/sizes.json'));
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const english = (tag) =>
    sizes.english['i18n.en'] + (sizes.english[`${tag.replace(/^dj-/, '').replace('open-day-booking', 'booking')}.messages.en`] ?? 0);
  const tags = ['dj-brand-card', 'dj-liaison-leaderboard', 'dj-branch-map', 'dj-open-day-booking'];
  const expected = [
    [
      'the single file, `dj-widgets.js`: every widget',
      kb(gzipSync(readFileSync(new URL('../../dist/dj-widgets.js', import.meta.url)), { level: 9 }).length),
      '—',
    ],
    ...tags.map((tag) => [`loader + \`<${tag}>\``, kb(sizes.pages[tag]), `+${kb(english(tag))}`]),
    ['loader + `<dj-brand-card>` + `<dj-liaison-leaderboard>`', kb(sizes.pairs['dj-brand-card+dj-liaison-leaderboard']), '—'],
    ['loader + every widget', kb(sizes.all), `+${kb(Object.values(sizes.english).reduce((a, b) => a + b, 0))}`],
  ];
  const readme = read('README.md');
  const start = readme.indexOf('| a page with | JavaScript it fetches (gzip) | on an English page |');
  assert.ok(start >= 0, 'README has the size table');
  const rows = readme
    .slice(start)
    .split('\n')
    .slice(2)
    .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  assert.deepEqual(rows, expected, `the README's table should read:\n${expected.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
});
