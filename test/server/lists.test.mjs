/**
 * Lists kept in Excel, WPS or CSV, through the real server's staff API: the
 * templates, dry runs of real-shaped files (GBK CSV as Chinese Excel saves
 * it, UTF-8 CSV with a BOM, XLSX written by exceljs), a file with bad rows
 * (each reported by row and column, nothing written), a 10,000-row branch
 * list, restore (twice), stale imports, refused files (legacy .xls, PDF, a
 * zip bomb, too many rows, too many bytes), the audit log, the token, and the
 * seed leaving an imported list alone after a restart.
 *
 *   node --import tsx --test test/server/lists.test.mjs
 *
 * The server runs with its default settings: app.ts lets list uploads past
 * its 16 KB body limit for JSON, and the list route holds them to 10 MB.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rmSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import * as v from 'valibot';
import { startServer, STAFF_TOKEN } from '../support/server.mjs';

const { DryRun, LIST_COLUMNS, ListState, ListStates } = await import('../../src/contract/lists.ts');
const { branchRow, boardRows, brandRow } = await import('../../server/lists/templates.ts');
const { branches, generateBranches } = await import('../../src/demo/branches.ts');
const { brands } = await import('../../src/demo/brands.ts');
const { yanzhouBoard } = await import('../../src/demo/liaison-groups.ts');

const auth = { Authorization: `Bearer ${STAFF_TOKEN}` };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// DJ_RATE_AUTH off: the 401 test presents ten wrong tokens, which would lock the address out.
const env = { DJ_RATE_AUTH: '0' };
let server;
let api;
/** The first server's data, kept across the restart and removed at the end. */
let data;
before(async () => {
  server = await startServer({ env });
  api = server.api;
  data = { dir: server.dataDir, database: server.database };
});
after(async () => {
  await server?.stop();
  rmSync(data.dir, { recursive: true, force: true });
  await data.database?.drop();
});

// ── making files ────────────────────────────────────────────────────────────

const headerOf = (list) => LIST_COLUMNS[list].map((c) => c.header);

function csvText(rows) {
  const field = (cell) => {
    const text = String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/**
 * GBK bytes of `text`, as Chinese Excel and WPS write CSV. Node has no GBK
 * encoder; the reverse of its GBK decoder over the two-byte range is one.
 */
const gbk = (() => {
  let map;
  return (text) => {
    if (!map) {
      map = new Map();
      const decoder = new TextDecoder('gbk');
      for (let a = 0x81; a <= 0xfe; a++)
        for (let b = 0x40; b <= 0xfe; b++) {
          if (b === 0x7f) continue;
          const ch = decoder.decode(new Uint8Array([a, b]));
          if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [a, b]);
        }
    }
    const out = [];
    for (const ch of text) {
      const code = ch.codePointAt(0);
      if (code < 0x80) out.push(code);
      else if (map.has(ch)) out.push(...map.get(ch));
      else throw new Error(`no GBK bytes for ${ch}`);
    }
    return new Uint8Array(out);
  };
})();

const utf8Bom = (text) => new TextEncoder().encode(`\ufeff${text}`);

async function xlsx(header, rows, edit) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  edit?.(sheet, workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A zip of `entries` ({name, data, declared?}), deflated; `declared` lies about the uncompressed size. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data, declared } of entries) {
    const nameBytes = Buffer.from(name);
    const body = deflateRawSync(data);
    const size = declared ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

// ── talking to the server ───────────────────────────────────────────────────

async function upload(list, bytes, { type = 'text/csv', query = '', headers = auth } = {}) {
  const res = await fetch(`${api}/admin/lists/${list}/imports${query}`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': type },
    body: bytes,
  });
  const body = await res.json();
  // Every answer the desk panel reads passes the contract's schema.
  if (res.status === 200) v.parse(DryRun, body);
  return { status: res.status, body };
}

async function post(path, headers = auth) {
  const res = await fetch(`${api}/admin${path}`, { method: 'POST', headers });
  return { status: res.status, body: await res.json() };
}

async function getJson(path, headers = {}) {
  const res = await fetch(`${api}${path}`, { headers });
  return { status: res.status, etag: res.headers.get('ETag'), body: await res.json() };
}

/** Dry run then apply; both must succeed. Returns the new state. */
async function importList(list, bytes, options) {
  const dry = await upload(list, bytes, options);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.deepEqual(dry.body.errors, []);
  const applied = await post(`/lists/${list}/imports/${dry.body.id}/apply`);
  assert.equal(applied.status, 200, JSON.stringify(applied.body));
  v.parse(ListState, applied.body);
  return { dry: dry.body, state: applied.body };
}

const listState = async (list, scope = null, period = null) =>
  v
    .parse(ListStates, (await getJson('/admin/lists', auth)).body)
    .items.find((i) => i.list === list && i.scope === scope && i.period === period);

// ── the tests ───────────────────────────────────────────────────────────────

test('without the staff token every list route answers 401', async () => {
  const none = {};
  const wrong = { Authorization: 'Bearer not-the-token-at-all-000000' };
  for (const headers of [none, wrong]) {
    assert.equal((await fetch(`${api}/admin/lists`, { headers })).status, 401);
    assert.equal((await fetch(`${api}/admin/lists/branches/template.csv`, { headers })).status, 401);
    assert.equal((await upload('branches', utf8Bom('编号\r\n'), { headers })).status, 401);
    assert.equal((await post('/lists/branches/imports/x/apply', headers)).status, 401);
    assert.equal((await post('/lists/branches/restore', headers)).status, 401);
  }
});

test('templates: CSV in UTF-8 with a BOM and CRLF, XLSX with the list first and a 说明 sheet; each imports as it is', async () => {
  for (const list of ['brands', 'boards', 'branches']) {
    const csv = await fetch(`${api}/admin/lists/${list}/template.csv`, { headers: auth });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('Content-Type'), /^text\/csv; charset=utf-8/);
    assert.match(csv.headers.get('Content-Disposition'), new RegExp(`attachment; filename="${list}-template.csv"`));
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    assert.equal(lines[0], headerOf(list).join(','));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    assert.ok(lines.length >= 3 && lines[1].length > 20, 'an example row');

    const book = await fetch(`${api}/admin/lists/${list}/template.xlsx`, { headers: auth });
    assert.equal(book.status, 200);
    assert.equal(book.headers.get('Content-Type'), XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await book.arrayBuffer());
    assert.deepEqual(workbook.worksheets.map((s) => s.name).slice(1), ['说明']);
    assert.deepEqual(workbook.worksheets[0].getRow(1).values.slice(1), headerOf(list));

    const query = list === 'boards' ? '?scope=yanzhou&period=2024Q2' : '';
    const dryCsv = await upload(list, bytes, { query });
    assert.equal(dryCsv.status, 200, JSON.stringify(dryCsv.body));
    assert.deepEqual(dryCsv.body.errors, []);
    const dryXlsx = await upload(
      list,
      new Uint8Array(await (await fetch(`${api}/admin/lists/${list}/template.xlsx`, { headers: auth })).arrayBuffer()),
      {
        type: XLSX,
        query,
      },
    );
    assert.equal(dryXlsx.status, 200, JSON.stringify(dryXlsx.body));
    assert.deepEqual(dryXlsx.body.errors, []);
    assert.equal(dryXlsx.body.rows, dryCsv.body.rows);
  }
});

test('a GBK CSV of branches (as Chinese Excel saves it) imports, and the public answer shows its Chinese names', async () => {
  const some = branches.slice(0, 60);
  const text = csvText([headerOf('branches'), ...some.map((b) => branchRow(b))]);
  const bytes = gbk(text);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the file is not UTF-8');
  const { dry, state } = await importList('branches', bytes, { type: 'application/vnd.ms-excel' });
  assert.equal(dry.rows, 60);
  assert.deepEqual(dry.preview, { added: 0, changed: 0, removed: branches.length - 60 });
  assert.equal(state.current.rows, 60);
  assert.equal(state.current.by, 'staff');
  assert.equal(state.previous.version, 0);
  assert.equal(state.previous.rows, branches.length);
  const { body } = await getJson('/branches');
  assert.equal(body.total, 60);
  assert.deepEqual(
    body.items.map((b) => b.name),
    some.map((b) => b.name),
  );
  assert.deepEqual(body.items[0], some[0]);
  // The county is computed from the coordinates, as the seed does.
  const yanzhou = await getJson('/branches?region=370812');
  assert.ok(yanzhou.body.total > 0 && yanzhou.body.items.every((b) => some.some((s) => s.id === b.id)));
});

test('a UTF-8 CSV with a BOM of a new period of a board: group figures are their units’, every period lists it', async () => {
  const rows = boardRows(yanzhouBoard);
  // A unit better this period: 5 five-star branches of 6 and 95.5 points.
  const u = rows.findIndex((r) => r[8] === 'yz-g2-u1');
  rows[u][10] = 95.5;
  rows[u][12] = Math.min(Number(rows[u][11]), 5);
  // Group cells after a group's first row may be left empty.
  for (const r of rows.filter((r) => r[0] === 'yz-g3').slice(1)) for (const i of [1, 2, 3, 4, 5, 6, 7]) r[i] = '';
  const { dry } = await importList('boards', utf8Bom(csvText([headerOf('boards'), ...rows])), { query: '?scope=yanzhou&period=2024Q3' });
  assert.equal(dry.rows, 67);
  assert.deepEqual(dry.preview, { added: 67, changed: 0, removed: 0 });
  const { body } = await getJson('/liaison-groups?scope=yanzhou&period=2024Q3');
  assert.equal(body.period, '2024Q3');
  assert.deepEqual(body.periods, ['2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3']);
  const g2 = body.items.find((g) => g.id === 'yz-g2');
  const units = g2.units;
  assert.equal(
    g2.branchCount,
    units.reduce((n, x) => n + x.branchCount, 0),
  );
  assert.equal(
    g2.fiveStarCount,
    units.reduce((n, x) => n + x.fiveStarCount, 0),
  );
  assert.equal(g2.score, Math.round((units.reduce((n, x) => n + x.score, 0) / units.length) * 10) / 10);
  assert.equal(units[0].score, 95.5);
  const before = yanzhouBoard.items.find((g) => g.id === 'yz-g2');
  assert.deepEqual(g2.previous, { score: before.score, branchCount: before.branchCount, fiveStarCount: before.fiveStarCount });
  const g3 = body.items.find((g) => g.id === 'yz-g3');
  assert.equal(g3.leaderUnit.name, yanzhouBoard.items[2].leaderUnit.name);
  // The latest period is now the default one, and the older boards list the new period.
  assert.equal((await getJson('/liaison-groups?scope=yanzhou')).body.period, '2024Q3');
  assert.deepEqual((await getJson('/liaison-groups?scope=yanzhou&period=2024Q2')).body.periods, body.periods);
  const state = await listState('boards', 'yanzhou', '2024Q3');
  assert.equal(state.current.rows, 67);
  assert.equal(state.previous.rows, 0, 'before the import the board did not exist');
});

test('an XLSX of brands made by exceljs: a renamed brand shows with the import time, a rich-text cell reads as its text', async () => {
  const known = new Set(brands.map((b) => b.id));
  const rows = brands.map((b) => brandRow(b, known));
  const i = brands.findIndex((b) => b.id === 'chengshen-weigong');
  rows[i][1] = '诚审惟公·新';
  const bytes = await xlsx(headerOf('brands'), rows, (sheet) => {
    // 荣誉 year typed as a number, 亮点 value in a formula's result: read as shown.
    sheet.getCell(`I${i + 2}`).value = { richText: [{ text: '市直机关首批十佳党建品牌|' }, { text: '2022', font: { bold: true } }] };
  });
  const before = await getJson('/brands/chengshen-weigong');
  const started = Date.now();
  const { dry } = await importList('brands', bytes, { type: XLSX });
  assert.equal(dry.rows, brands.length);
  assert.ok(dry.preview.changed >= 1, JSON.stringify(dry.preview));
  const afterwards = await getJson('/brands/chengshen-weigong');
  assert.equal(afterwards.body.name, '诚审惟公·新');
  assert.deepEqual(afterwards.body.honors, [{ title: '市直机关首批十佳党建品牌', year: 2022, issuer: null }]);
  assert.ok(Date.parse(afterwards.body.updatedAt) >= started - 1000);
  assert.notEqual(afterwards.etag, before.etag);
  assert.deepEqual(afterwards.body.subBrands, before.body.subBrands);
  // A brand the import left out is gone (the list is replaced whole).
  assert.equal((await getJson('/brands/injection-probe')).status, 404);
});

test('cells are read as Excel shows them: dates, number formats, formulas, rich text, booleans; GBK and UTF-16 text', async () => {
  const { readTable } = await import('../../server/lists/parse.ts');
  const bytes = await xlsx(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], [], (sheet) => {
    const row = sheet.addRow([
      new Date(Date.UTC(2024, 4, 20)),
      new Date(Date.UTC(2024, 4, 20, 14, 30)),
      116.8219,
      0.256,
      { formula: 'A1+1', result: 42 },
      { richText: [{ text: '诚审' }, { text: '惟公', font: { bold: true } }] },
      true,
      0.1 + 0.2,
    ]);
    row.getCell(1).numFmt = 'yyyy-mm-dd';
    row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    row.getCell(3).numFmt = '0.00';
    row.getCell(4).numFmt = '0.0%';
  });
  const table = await readTable(bytes);
  assert.equal(table.format, 'xlsx');
  assert.deepEqual(table.rows, [{ row: 2, cells: ['2024-05-20', '2024-05-20 14:30', '116.82', '25.6%', '42', '诚审惟公', 'TRUE', '0.3'] }]);

  const gbkTable = await readTable(gbk('编号,支部名称\r\nyz-1,"区委办公室党支部,一"\r\n\r\nyz-2,区财政局机关第一党支部\r\n'));
  assert.equal(gbkTable.encoding, 'gbk');
  assert.deepEqual(gbkTable.rows, [
    { row: 2, cells: ['yz-1', '区委办公室党支部,一'] },
    { row: 4, cells: ['yz-2', '区财政局机关第一党支部'] },
  ]);
  const utf16 = new Uint8Array([
    0xff,
    0xfe,
    ...new Uint8Array(new Uint16Array([...'编号\t星级\r\nb1\t5\r\n'].map((c) => c.charCodeAt(0))).buffer),
  ]);
  const tabbed = await readTable(utf16);
  assert.equal(tabbed.encoding, 'utf-16');
  assert.deepEqual(tabbed.header, ['编号', '星级']);
  assert.deepEqual(tabbed.rows, [{ row: 2, cells: ['b1', '5'] }]);
});

test('a file with 5 bad rows: each reported with its row and column, nothing written', async () => {
  const listBefore = await listState('branches');
  const publicBefore = (await getJson('/branches')).body;
  const rows = branches.slice(0, 12).map((b) => branchRow(b));
  rows[2][5] = 6; // row 4: 星级
  rows[4][9] = 100.5; // row 6: 经度 (outside Jining)
  rows[6][0] = rows[0][0]; // row 8: 编号 repeats row 2's
  rows[8][1] = ''; // row 10: 支部名称 empty
  rows[10][7] = '可能'; // row 12: 临时党支部
  const dry = await upload('branches', utf8Bom(csvText([headerOf('branches'), ...rows])));
  assert.equal(dry.status, 200);
  assert.equal(dry.body.id, null);
  assert.equal(dry.body.preview, null);
  assert.equal(dry.body.errorCount, 5);
  assert.deepEqual(
    dry.body.errors.map((e) => [e.row, e.column]),
    [
      [4, '星级'],
      [6, '经度'],
      [8, '编号'],
      [10, '支部名称'],
      [12, '临时党支部'],
    ],
  );
  assert.equal(dry.body.errors[0].message, '第 4 行「星级」应为 1 到 5，而不是“6”');
  assert.match(dry.body.errors[1].message, /^第 6 行「经度」「纬度」（100\.5, [\d.]+）不在济宁市的任何区县内$/);
  assert.equal(dry.body.errors[2].message, `第 8 行「编号」“${rows[0][0]}”与第 2 行重复`);
  assert.equal(dry.body.errors[3].message, '第 10 行「支部名称」不能为空');
  assert.equal(dry.body.errors[4].message, '第 12 行「临时党支部」应为“是”或“否”，而不是“可能”');
  assert.deepEqual(await listState('branches'), listBefore);
  assert.deepEqual((await getJson('/branches')).body, publicBefore);
});

test('header problems and board rules: missing and unknown columns, five-star over branches, a leader outside the group', async () => {
  const header = headerOf('branches')
    .filter((h) => h !== '星级')
    .concat('星级数');
  const dry = await upload('branches', utf8Bom(csvText([header, ['x']])));
  assert.deepEqual(
    dry.body.errors.map((e) => [e.row, e.column]),
    [
      [1, '星级数'],
      [1, '星级'],
    ],
  );
  assert.match(dry.body.errors[1].message, /第 1 行缺少「星级」列/);

  const rows = boardRows(yanzhouBoard).slice(0, 7);
  rows[1][12] = Number(rows[1][11]) + 1;
  rows[2][2] = '区财政局';
  const board = await upload('boards', utf8Bom(csvText([headerOf('boards'), ...rows])), { query: '?scope=yanzhou&period=2024Q4' });
  assert.deepEqual(
    board.body.errors.map((e) => [e.row, e.column]),
    [
      [3, '五星级支部数'],
      [4, '牵头单位'],
    ],
  );
  assert.match(board.body.errors[0].message, /^第 3 行「五星级支部数」（\d+）不能多于「支部数」（\d+）$/);
});

test('10,000 branches: dry run and apply, then the public answer has them all', async () => {
  const many = generateBranches(10_000, 7);
  const bytes = utf8Bom(csvText([headerOf('branches'), ...many.map((b) => branchRow(b))]));
  let t = performance.now();
  const dry = await upload('branches', bytes);
  const dryMs = performance.now() - t;
  assert.equal(dry.status, 200, JSON.stringify(dry.body).slice(0, 500));
  assert.deepEqual(dry.body.errors, []);
  assert.equal(dry.body.rows, 10_000);
  t = performance.now();
  const applied = await post(`/lists/branches/imports/${dry.body.id}/apply`);
  const applyMs = performance.now() - t;
  assert.equal(applied.status, 200);
  assert.equal(applied.body.current.rows, 10_000);
  console.log(`10,000 branches: dry run ${Math.round(dryMs)} ms, apply ${Math.round(applyMs)} ms (${(bytes.length / 1e6).toFixed(1)} MB)`);
  const { body } = await getJson('/branches');
  assert.equal(body.total, 10_000);
  assert.deepEqual(body.items[9_999], many[9_999]);
});

test('restore puts the previous version back, and a second restore undoes the first; public answers follow', async () => {
  const state = await listState('branches');
  assert.equal(state.current.rows, 10_000);
  const previousRows = state.previous.rows;
  const restored = await post('/lists/branches/restore');
  assert.equal(restored.status, 200);
  assert.equal(restored.body.current.version, state.previous.version);
  assert.equal(restored.body.previous.version, state.current.version);
  assert.equal((await getJson('/branches')).body.total, previousRows);
  const again = await post('/lists/branches/restore');
  assert.equal(again.body.current.version, state.current.version);
  assert.equal((await getJson('/branches')).body.total, 10_000);

  // A board that did not exist before its import is removed by a restore, and the periods follow.
  const board = await post('/lists/boards/restore?scope=yanzhou&period=2024Q3');
  assert.equal(board.status, 200);
  assert.equal((await getJson('/liaison-groups?scope=yanzhou&period=2024Q3')).status, 404);
  assert.deepEqual((await getJson('/liaison-groups?scope=yanzhou')).body.periods, ['2023Q3', '2023Q4', '2024Q1', '2024Q2']);
  assert.equal((await post('/lists/boards/restore?scope=yanzhou&period=2024Q3')).status, 200);
  assert.equal((await getJson('/liaison-groups?scope=yanzhou')).body.period, '2024Q3');

  const none = await post('/lists/boards/restore?scope=jining&period=2024Q2');
  assert.equal(none.status, 409);
  assert.equal(none.body.title, '没有上一版本');
});

test('a board imported for an earlier period becomes the next period’s previous; removed, it is none again', async () => {
  const groups = (body) => new Map(body.items.map((g) => [g.id, g]));
  const first = (await getJson('/liaison-groups?scope=yanzhou&period=2023Q3')).body;
  assert.ok(
    first.items.every((g) => g.previous === null),
    'the earliest board has no previous period',
  );
  const rows = boardRows(yanzhouBoard);
  const u = rows.findIndex((r) => r[8] === 'yz-g2-u1');
  rows[u][10] = 61.5;
  await importList('boards', utf8Bom(csvText([headerOf('boards'), ...rows])), { query: '?scope=yanzhou&period=2023Q2' });
  const earlier = groups((await getJson('/liaison-groups?scope=yanzhou&period=2023Q2')).body);
  const next = (await getJson('/liaison-groups?scope=yanzhou&period=2023Q3')).body;
  assert.deepEqual(next.periods, ['2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3']);
  for (const g of next.items) {
    const e = earlier.get(g.id);
    assert.deepEqual(g.previous, { score: e.score, branchCount: e.branchCount, fiveStarCount: e.fiveStarCount }, g.id);
  }
  assert.notEqual(next.items.find((g) => g.id === 'yz-g2').previous.score, next.items.find((g) => g.id === 'yz-g2').score);
  // Later periods keep their own previous: 2023Q4 still follows 2023Q3.
  const q3 = groups(next);
  for (const g of (await getJson('/liaison-groups?scope=yanzhou&period=2023Q4')).body.items)
    assert.equal(g.previous?.score, q3.get(g.id)?.score, g.id);

  assert.equal((await post('/lists/boards/restore?scope=yanzhou&period=2023Q2')).status, 200);
  const alone = (await getJson('/liaison-groups?scope=yanzhou&period=2023Q3')).body;
  assert.deepEqual(alone.periods, ['2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3']);
  assert.ok(
    alone.items.every((g) => g.previous === null),
    'with the earlier board gone, no previous period',
  );
});

test('a pending import is stale once the list changed after its dry run; an applied one cannot be applied again', async () => {
  const bytes = (n) => utf8Bom(csvText([headerOf('branches'), ...branches.slice(0, n).map((b) => branchRow(b))]));
  const a = await upload('branches', bytes(10));
  const b = await upload('branches', bytes(20));
  assert.equal((await post(`/lists/branches/imports/${a.body.id}/apply`)).status, 200);
  const stale = await post(`/lists/branches/imports/${b.body.id}/apply`);
  assert.equal(stale.status, 409);
  assert.match(stale.body.detail, /已被修改/);
  const twice = await post(`/lists/branches/imports/${a.body.id}/apply`);
  assert.equal(twice.status, 404);
  assert.match(twice.body.detail, /请重新上传文件/);
  assert.equal((await post(`/lists/brands/imports/${b.body.id}/apply`)).status, 404, 'an import of another list');
  assert.equal((await getJson('/branches')).body.total, 10);
});

test('files that are not lists are refused by their content, with a message that says what to do', async () => {
  const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]);
  let r = await upload('branches', xls, { type: 'application/vnd.ms-excel' });
  assert.equal(r.status, 415);
  assert.match(r.body.detail, /旧版 Excel（\.xls）或 WPS 表格（\.et）.*另存为/);
  r = await upload('branches', new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), { type: 'application/octet-stream' });
  assert.equal(r.status, 415);
  assert.match(r.body.detail, /PDF/);
  // Named .xlsx but a Word document inside.
  r = await upload('branches', zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]), { type: XLSX });
  assert.equal(r.status, 415);
  assert.match(r.body.detail, /Word 文档/);
  // A zip bomb: 200 MB of sheet that says it is 1 KB.
  const bomb = zip([
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(200 * 1024 * 1024, 0x20), declared: 1024 },
  ]);
  r = await upload('branches', bomb, { type: XLSX });
  assert.equal(r.status, 413);
  assert.equal(r.body.title, '文件解压后过大');
  // More rows than a list may have.
  const row = branchRow(branches[0]);
  const tooMany = utf8Bom(csvText([headerOf('branches'), ...Array.from({ length: 20_001 }, (_, i) => [`b${i}`, ...row.slice(1)])]));
  r = await upload('branches', tooMany);
  assert.equal(r.status, 413);
  assert.match(r.body.detail, /最多 20000 行/);
  // More bytes than a list may have.
  r = await upload('branches', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41));
  assert.equal(r.status, 413);
  assert.match(r.body.detail, /10 MB/);
  r = await upload('branches', new TextEncoder().encode('{}'), { type: 'application/json' });
  assert.equal(r.status, 415);
  r = await upload('branches', new Uint8Array(0));
  assert.equal(r.status, 422);
  assert.equal(r.body.title, '文件是空的');
  r = await upload('members', utf8Bom('a\r\n'));
  assert.equal(r.status, 404);
  r = await upload('boards', utf8Bom('a\r\n'), { query: '?scope=yanzhou' });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'period');
  r = await upload('boards', utf8Bom('a\r\n'), { query: '?scope=yanzhou&period=2024-06' });
  assert.equal(r.status, 400);
  r = await upload('boards', utf8Bom(csvText([headerOf('boards'), ...boardRows(yanzhouBoard).slice(0, 2)])), {
    query: '?scope=qufu&period=2024Q2',
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'scopeName');
  r = await upload('boards', utf8Bom(csvText([headerOf('boards'), ...boardRows(yanzhouBoard).slice(0, 2)])), {
    query: `?scope=qufu&period=2024Q2&scopeName=${encodeURIComponent('曲阜市直机关')}`,
  });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.errors, []);
});

test('the audit log holds each dry run, import and restore, with who and the list', async () => {
  const { body } = await getJson('/admin/audit?limit=500', auth);
  const actions = body.items.filter((e) =>
    ['read-lists', 'read-list-template', 'check-list-import', 'import-list', 'restore-list'].includes(e.action),
  );
  const seen = (action, target, status) =>
    actions.some((e) => e.action === action && e.target.startsWith(target) && e.status === status && e.who === 'staff');
  assert.ok(seen('check-list-import', 'branches', 200));
  assert.ok(seen('check-list-import', 'branches', 415));
  assert.ok(seen('check-list-import', 'boards', 200));
  assert.ok(seen('import-list', 'branches/', 200));
  assert.ok(seen('import-list', 'branches/', 409));
  assert.ok(seen('import-list', 'brands/', 200));
  assert.ok(seen('restore-list', 'branches', 200));
  assert.ok(seen('restore-list', 'boards', 409));
  assert.ok(seen('read-list-template', 'branches', 200));
  assert.ok(seen('read-lists', '', 200));
});

test('the demo seed leaves imported lists alone after a restart; GET /lists still tells their versions', async () => {
  const states = (await getJson('/admin/lists', auth)).body;
  const branchesBefore = (await getJson('/branches')).body;
  const brand = (await getJson('/brands/chengshen-weigong')).body;
  await server.stop({ keepData: true });
  server = await startServer({ dataDir: data.dir, database: data.database, env });
  api = server.api;
  assert.deepEqual((await getJson('/branches')).body, branchesBefore);
  assert.deepEqual((await getJson('/brands/chengshen-weigong')).body, brand);
  assert.equal((await getJson('/liaison-groups?scope=yanzhou')).body.period, '2024Q3');
  assert.deepEqual((await getJson('/admin/lists', auth)).body, states);
  // A list never imported is still the seed's.
  assert.equal((await getJson('/liaison-groups?scope=jining')).body.items.length, 9);
});
