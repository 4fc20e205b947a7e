/**
 * The project runs on the Node LTS it pins (package.json devDependencies.node,
 * the registry's `node` package), not on whatever Node the machine has: npm
 * scripts put node_modules/.bin first on PATH. A server on a runtime past its
 * end of life fails a government security review.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('the suites run on the pinned Node LTS', () => {
  assert.equal(process.versions.node, pkg.devDependencies.node);
  const major = Number(process.versions.node.split('.')[0]);
  assert.ok(major % 2 === 0 && major >= 22, `Node ${major} is not a supported LTS line`);
});
