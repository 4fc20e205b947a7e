// The staff desk ships as a module of its own (dist/dj-desk.js, `vite build --mode desk`): the
// public kit and the loader build must hold none of it, so no citizen's page downloads it, and
// the desk's file must stand alone. Run after `npm run build`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const read = (file) => readFileSync(join(dist, file), 'utf8');
/** Words only the desk's code holds: its tag, its message keys, the staff API's paths. */
const DESK_MARKS = [/dj-open-day-desk/, /desk\.signIn/, /desk\.d\.already/, /\/check-in/];

test('the public file dist/dj-widgets.js holds no desk', () => {
  const kit = read('dj-widgets.js');
  for (const mark of DESK_MARKS) assert.doesNotMatch(kit, mark, `dj-widgets.js holds ${mark}`);
});

test('the loader build (dist/dj-loader.js and dist/chunks/) holds no desk', () => {
  const files = [
    'dj-loader.js',
    ...readdirSync(join(dist, 'chunks'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `chunks/${f}`),
  ];
  for (const file of files) for (const mark of DESK_MARKS) assert.doesNotMatch(read(file), mark, `${file} holds ${mark}`);
  const sizes = JSON.parse(read('sizes.json'));
  assert.ok(!Object.keys(sizes.pages).some((tag) => tag.includes('desk')), 'the loader knows no desk tag');
});

test('dist/dj-desk.js is one self-contained ES module that defines the desk and no public widget', () => {
  const desk = read('dj-desk.js');
  assert.doesNotMatch(desk, /^\s*import\s/m, 'no imports left');
  assert.doesNotMatch(desk, /import\(/, 'no dynamic chunks: the English table is inlined');
  assert.match(desk, /dj-open-day-desk/);
  assert.match(desk, /Bearer /, 'requests carry the staff token');
  for (const tag of ['dj-brand-card', 'dj-liaison-leaderboard', 'dj-branch-map', 'dj-open-day-booking'])
    assert.doesNotMatch(desk, new RegExp(`["'\`]${tag}["'\`]`), `the desk does not define <${tag}>`);
});

test('the package exports the desk as a module of its own, and its manifest entry describes it', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.exports['./open-day-desk'].default, './dist/lib/widgets/open-day-desk/open-day-desk.js');
  assert.doesNotMatch(read('lib/index.js'), /open-day-desk/, 'the kit’s index does not import it');
  const manifest = JSON.parse(read('custom-elements.json'));
  const desk = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'dj-open-day-desk');
  assert.ok(desk, 'dj-open-day-desk is in dist/custom-elements.json');
  assert.deepEqual(desk.events.map((e) => e.name).sort(), ['dj-desk-check-in', 'dj-error']);
  assert.ok(
    desk.attributes.some((a) => a.name === 'endpoint'),
    'the endpoint attribute (from DjElement) is listed',
  );
  assert.ok(desk.cssParts.some((p) => p.name === 'answer'));
});
