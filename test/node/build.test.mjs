// Checks of the build output that need no browser: package exports, type
// declarations (compiled as a portal's TypeScript would use them) and the
// bundle's shape. Run after `npm run build`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

test("the bundle opens with V8's compile hint", () => {
  const bundle = readFileSync(join(root, 'dist/dj-widgets.js'), 'utf8');
  // Only as the very first line does Chromium read it.
  assert.ok(bundle.startsWith('//# allFunctionsCalledOnLoad\n'), bundle.slice(0, 60));
});

test("every built file's source map points each method call at the source line that makes it", async () => {
  // Method names survive minifying, so each `.name(` of the output can be found on the source
  // line its map gives. A map left behind by a later step (terser, the loader's chunk list
  // written in) sends most of them to the wrong file or line.
  const { SourceMapConsumer } = await import('source-map-js');
  const chunks = readdirSync(join(root, 'dist/chunks')).filter((f) => f.endsWith('.js'));
  const files = ['dist/dj-widgets.js', 'dist/dj-loader.js', ...chunks.map((f) => `dist/chunks/${f}`)];
  const sources = new Map();
  const sourceLine = (path, line) => {
    if (!sources.has(path)) sources.set(path, readFileSync(path, 'utf8').split('\n'));
    return sources.get(path)[line - 1] ?? '';
  };
  let calls = 0;
  for (const file of files) {
    const map = new SourceMapConsumer(JSON.parse(readFileSync(join(root, `${file}.map`), 'utf8')));
    const wrong = [];
    let checked = 0;
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .forEach((text, line) => {
        for (const call of text.matchAll(/\.([A-Za-z_$][\w$]{5,})\(/g)) {
          checked++;
          const at = map.originalPositionFor({ line: line + 1, column: call.index + 1 });
          const found = at.source && sourceLine(resolve(dirname(join(root, file)), at.source), at.line).includes(call[1]);
          if (!found) wrong.push(`${call[1]} → ${at.source}:${at.line}`);
        }
      });
    calls += checked;
    // A few calls come from code the bundler writes itself (no source line holds them).
    assert.ok(
      wrong.length <= Math.max(1, checked * 0.05),
      `${file}: ${wrong.length} of ${checked} calls mapped wrong: ${wrong.slice(0, 5).join(', ')}`,
    );
  }
  assert.ok(calls > 500, `only ${calls} method calls found in the built files`);
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
