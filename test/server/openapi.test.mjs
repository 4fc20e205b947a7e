/**
 * /openapi.json as a portal's Java or Go team meets it: they generate a
 * client or a server stub from it, so it must pass Redocly's recommended
 * rules with nothing left over (no error, no warning), and every operation
 * needs a unique, readable operationId and says who may call it. The contract
 * test (contract.test.mjs) checks the other half: that the server and the
 * mock answer as the document says.
 *
 *   node --import tsx --test test/server/openapi.test.mjs
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openApiDocument } from '../../server/openapi.ts';

const CLI = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const doc = openApiDocument();
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ name: `${m.toUpperCase()} ${path}`, path, op: item[m] })),
);

/** Redocly's lint of the document, as its CLI reports it in JSON: `{totals, problems}`. */
async function lint(file) {
  const run = promisify(execFile);
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const args = [CLI, 'lint', '--extends', 'recommended', '--format=json', file];
  try {
    return JSON.parse((await run(process.execPath, args, { env, cwd: dir })).stdout);
  } catch (error) {
    // With problems the CLI exits 1 and still prints its report.
    if (error.stdout) return JSON.parse(error.stdout);
    throw error;
  }
}

let dir;
let report;
before(async () => {
  // A directory of its own, so no redocly.yaml of the checkout changes the rules.
  dir = mkdtempSync(join(tmpdir(), 'dj-openapi-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  report = await lint(file);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('openapi: the document a portal team generates code from', () => {
  test('Redocly’s recommended rules find no error and no warning', () => {
    const found = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location?.[0]?.pointer}: ${p.message}`);
    assert.deepEqual(found, []);
    assert.deepEqual({ errors: report.totals.errors, warnings: report.totals.warnings }, { errors: 0, warnings: 0 });
  });

  test('the lint sees what a stub generator would miss: an operation without operationId or security', async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/brands/{id}'].get.operationId;
    delete broken.paths['/brands/{id}'].get.security;
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const rules = (await lint(file)).problems.map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer}`);
    assert.deepEqual(rules.sort(), [
      'error security-defined #/paths/~1brands~1{id}/get',
      'warn operation-operationId #/paths/~1brands~1{id}/get/operationId',
    ]);
  });

  test('every operation has an operationId of its own, in camelCase', () => {
    const missing = operations.filter(({ op }) => !op.operationId).map(({ name }) => name);
    assert.deepEqual(missing, [], 'operations without an operationId');
    const ids = operations.map(({ op }) => op.operationId);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
      'operationIds used twice',
    );
    assert.deepEqual(
      ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id)),
      [],
      'operationIds not in camelCase',
    );
  });

  test('the names a generated client gets are the ones portal teams were told', () => {
    const byName = Object.fromEntries(operations.map(({ name, op }) => [name, op.operationId]));
    assert.equal(byName['GET /brands/{id}'], 'getBrand');
    assert.equal(byName['POST /open-days/{id}/bookings'], 'createBooking');
    assert.equal(byName['POST /bookings/{code}/lookup'], 'lookupBooking');
    assert.equal(byName['POST /bookings/{code}/cancel'], 'cancelBooking');
    assert.equal(byName['GET /admin/open-days/{id}/sessions/{sid}/bookings.csv'], 'exportSessionBookingsCsv');
  });

  test('the public contract says it needs no credentials; the staff API asks for the bearer token', () => {
    const { type, scheme } = doc.components.securitySchemes.staffToken;
    assert.deepEqual({ type, scheme }, { type: 'http', scheme: 'bearer' });
    const wrong = operations.flatMap(({ name, path, op }) => {
      const expected = path.startsWith('/admin/') ? [{ staffToken: [] }] : [];
      try {
        assert.deepEqual(op.security, expected);
        return [];
      } catch {
        return [`${name}: security ${JSON.stringify(op.security)}, expected ${JSON.stringify(expected)}`];
      }
    });
    assert.deepEqual(wrong, []);
  });

  test('every tag an operation names is described, and 429 and 503 say how long to wait', () => {
    const described = new Map(doc.tags.map((t) => [t.name, t.description]));
    for (const { name, op } of operations) {
      for (const tag of op.tags) assert.ok(described.get(tag), `${name}: tag ${tag} is described`);
      assert.ok(op.responses['503'], `${name}: 503 documented`);
      for (const status of ['429', '503']) {
        if (op.responses[status]) assert.ok(op.responses[status].headers?.['Retry-After'], `${name}: ${status} has Retry-After`);
      }
    }
  });
});
