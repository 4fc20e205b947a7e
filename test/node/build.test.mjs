// Checks of the build output that need no browser: package exports, type
// declarations (compiled as a portal's TypeScript would use them) and the
// bundle's shape. Run after `npm run build`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('every package export points at a built file', () => {
  for (const [name, target] of Object.entries(pkg.exports)) {
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
      assert.ok(existsSync(join(root, file)), `${name} → ${file} is missing (run npm run build)`);
    }
  }
});

test('the bundle is one self-contained ES module', () => {
  const bundle = readFileSync(join(root, 'dist/dj-widgets.js'), 'utf8');
  assert.doesNotMatch(bundle, /^\s*import\s/m, 'no imports left in the bundle');
  assert.doesNotMatch(bundle, /import\(/, 'no dynamic chunks');
  assert.match(bundle, /dj-brand-card/);
  assert.match(bundle, /dj-liaison-leaderboard/);
  assert.match(bundle, /dj-branch-map/);
  assert.match(bundle, /dj-open-day-booking/);
});

test("the bundle opens with V8's compile hint, and its source map still points at the sources", async () => {
  const bundle = readFileSync(join(root, 'dist/dj-widgets.js'), 'utf8');
  // Only as the very first line does Chromium read it.
  assert.ok(bundle.startsWith('//# allFunctionsCalledOnLoad\n'), bundle.slice(0, 60));
  const { SourceMapConsumer } = await import('source-map-js');
  const map = new SourceMapConsumer(JSON.parse(readFileSync(join(root, 'dist/dj-widgets.js.map'), 'utf8')));
  const lines = bundle.split('\n');
  const line = lines.findIndex((text) => text.includes('customElements.define('));
  const at = map.originalPositionFor({ line: line + 1, column: lines[line].indexOf('customElements.define(') });
  assert.equal(at.source, '../src/core/define.ts');
  assert.match(readFileSync(join(root, 'src/core/define.ts'), 'utf8').split('\n')[at.line - 1], /owner|customElements\.define/);
});

test('a TypeScript consumer type-checks against the published declarations', () => {
  const consumer = join(root, 'test/node/consumer');
  const modules = join(consumer, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules);
  // The package as a portal installs it, beside the kit's own dependencies.
  symlinkSync(root, join(modules, 'dj-widgets'), 'dir');
  for (const dep of ['lit', '@lit', 'valibot', 'lit-html', 'lit-element', '@lit-labs']) {
    if (existsSync(join(root, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(modules, dep), 'dir');
  }
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', consumer], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc found errors:\n${error.stdout}${error.stderr}`);
  } finally {
    rmSync(modules, { recursive: true, force: true });
  }
});
