/**
 * Storybook pre-bundles the kit's dependencies when it starts (.storybook/
 * main.ts, PREBUNDLED). A package the stories reach that is not on that list
 * is found only on a designer's first view: Vite then holds the page while it
 * bundles again and reloads it, which once left a story on its skeleton for
 * 6 to 9 s. Every package imported by the kit, the mock handlers and the
 * stories must be on the list (Storybook's own packages excepted: Storybook
 * bundles those itself).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Bare specifiers of the value imports and re-exports of a module (type-only imports vanish at build). */
function bareImports(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^'./][^']*)'/gm)) found.push(m[1]);
  return found;
}

const main = readFileSync(join(ROOT, '.storybook/main.ts'), 'utf8');
const listed = [...main.match(/const PREBUNDLED = \[([^\]]*)\]/)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
const covered = (spec) =>
  listed.some(
    (entry) => entry === spec || (entry.includes('*') && new RegExp(`^${entry.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`).test(spec)),
  );
const storybookOwn = (spec) => spec.startsWith('@storybook/') || spec.startsWith('storybook/') || spec.startsWith('msw-storybook-addon');

test('every package the stories reach is pre-bundled by Storybook', () => {
  assert.ok(listed.length > 0, 'PREBUNDLED not found in .storybook/main.ts');
  const missing = new Set();
  for (const file of [...sources('src'), ...sources('mocks'), ...sources('stories'), ...sources('.storybook')]) {
    if (file.endsWith('.storybook/main.ts')) continue; // runs in Node, not in the preview
    for (const spec of bareImports(file))
      if (!storybookOwn(spec) && !spec.startsWith('node:') && !covered(spec)) missing.add(`${spec} (${file.slice(ROOT.length)})`);
  }
  assert.deepEqual([...missing], [], 'add these to PREBUNDLED in .storybook/main.ts');
});
