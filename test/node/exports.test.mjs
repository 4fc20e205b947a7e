/**
 * The single file exports what each widget's own module exports. src/index.ts cannot re-export
 * those modules (importing one defines its tag at once, and a lazy page defines the tags a turn
 * apart), so it names their exports again; a new export in a widget's module that it left out
 * would be missing from dist/dj-widgets.js only. Read from the sources with TypeScript's checker.
 *
 *   node --test test/node/exports.test.mjs
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Each widget's own module, which defines its tag: the loader build's entries (WIDGETS in vite.config.ts). */
const WIDGETS = [...readFileSync(join(root, 'vite.config.ts'), 'utf8').matchAll(/'dj-[\w-]+': '(src\/widgets\/[^']+\.ts)'/g)].map(
  ([, file]) => file,
);

test("src/index.ts exports everything each widget's own module exports", () => {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const files = ['src/index.ts', ...WIDGETS].map((file) => join(root, file));
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const exportsOf = (file) => {
    const source = program.getSourceFile(file);
    assert.ok(source, `${file} is read`);
    return new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((s) => s.name));
  };
  assert.equal(WIDGETS.length, 5, `the widgets' modules in vite.config.ts: ${WIDGETS.join(', ')}`);
  const kit = exportsOf(files[0]);
  assert.ok(kit.size > 20, `src/index.ts exports ${kit.size} names`);
  for (const file of files.slice(1)) {
    const own = exportsOf(file);
    assert.ok(own.size > 0, `${file} exports something`);
    const missing = [...own].filter((name) => !kit.has(name));
    assert.deepEqual(missing, [], `${file.slice(root.length + 1)} exports ${missing.join(', ')}, which src/index.ts does not`);
  }
});
