/**
 * The templates staff fill in: the list's headers (src/contract/lists.ts) and
 * one example row of real names from the demo data, as CSV (UTF-8 with a BOM
 * and CRLF line ends, which Excel and WPS open as Chinese without asking) and
 * as XLSX (the list on the first sheet, which the import reads, and a 说明
 * sheet with each column's meaning).
 *
 * The same writers turn documents back into rows (`rowsOf`), so a test can
 * make real-shaped files from the contract's data.
 */
import ExcelJS from 'exceljs';
import type { Brand } from '../../src/contract/brand.schema.js';
import type { Branch, GroupName } from '../../src/contract/branch-map.schema.js';
import type { Leaderboard } from '../../src/contract/liaison.schema.js';
import { EXPECTED, LEVEL_NAMES, LIST_COLUMNS, LIST_TITLES, NOTES_COLUMN, type ListName } from '../../src/contract/lists.js';
import { branches, liaisonGroups } from '../../src/demo/branches.js';
import { brands } from '../../src/demo/brands.js';
import { yanzhouBoard } from '../../src/demo/liaison-groups.js';

type Cell = string | number;

const refText = (r: { id: string; name: string }, known: ReadonlySet<string>) => (known.has(r.id) ? r.id : `${r.id}|${r.name}`);

/** A brand as its row; `known` are the ids of the list's brands (referred to by id alone). */
export function brandRow(b: Brand, known: ReadonlySet<string> = new Set()): Cell[] {
  return [
    b.id,
    b.name,
    b.slogan ?? '',
    b.unit.id,
    b.unit.name,
    LEVEL_NAMES[b.level],
    b.parent ? refText(b.parent, known) : '',
    b.subBrands.map((s) => refText(s, known)).join('；'),
    b.honors.map((h) => [h.title, h.year ?? '', h.issuer ?? ''].join('|').replace(/\|+$/, '')).join('；'),
    b.highlights.map((h) => [h.label, h.value, h.unit ?? ''].join('|').replace(/\|$/, '')).join('；'),
    b.summary,
    b.image?.url ?? '',
    b.image?.alt ?? '',
    b.url ?? '',
  ];
}

/** A branch as its row, its liaison group by name. */
export function branchRow(b: Branch, groups: readonly GroupName[] = liaisonGroups): Cell[] {
  return [
    b.id,
    b.name,
    b.unit.id,
    b.unit.name,
    b.groupId ? (groups.find((g) => g.id === b.groupId)?.name ?? b.groupId) : '',
    b.stars,
    b.honors.join('；'),
    b.temporary ? '是' : '否',
    b.project ?? '',
    b.location.lng,
    b.location.lat,
    b.address ?? '',
    b.memberCount ?? '',
    b.secretary ?? '',
  ];
}

/** A board as its rows: one per member unit, the group's own cells on each. */
export function boardRows(board: Leaderboard): Cell[][] {
  return board.items.flatMap((g) =>
    g.units.map((u) => [
      g.id,
      g.name,
      g.leaderUnit.name,
      g.deputyUnits.map((d) => d.name).join('；'),
      g.guide?.name ?? '',
      g.guide?.title ?? '',
      g.liaison?.name ?? '',
      g.redFlag ? '是' : '否',
      u.id,
      u.name,
      u.score,
      u.branchCount,
      u.fiveStarCount,
    ]),
  );
}

/** The template's example rows: real names from the demo data. */
export function exampleRows(list: ListName): Cell[][] {
  if (list === 'brands') {
    const audit = brands.find((b) => b.id === 'chengshen-weigong') ?? brands[0]!;
    return [brandRow(audit)];
  }
  if (list === 'branches') return [branchRow(branches[0]!)];
  const first = yanzhouBoard.items[0]!;
  return boardRows({ ...yanzhouBoard, items: [{ ...first, units: first.units.slice(0, 2) }] });
}

const headers = (list: ListName) => LIST_COLUMNS[list].map((c) => c.header);

/** Rows as CSV text: fields quoted when they hold a comma, quote or line end; CRLF between records. */
export function csvText(rows: Cell[][]): string {
  const field = (cell: Cell) => {
    const text = String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** `rows` under the list's header as CSV bytes, UTF-8 with a BOM. */
export function csvFile(list: ListName, rows: Cell[][]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`\ufeff${csvText([headers(list), ...rows])}`);
}

/** `rows` under the list's header as an XLSX workbook; with `guide`, a 说明 sheet after it. */
export async function xlsxFile(list: ListName, rows: Cell[][], guide = false): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dj-widgets';
  const sheet = workbook.addWorksheet(LIST_TITLES[list].zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = LIST_COLUMNS[list];
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: Math.max(10, c.header.length * 2 + 4, c.kind === 'text' && c.field.endsWith('summary') ? 40 : 0),
    // Ids and names as text: Excel then keeps leading zeros and does not turn 1-2 into a date.
    style: c.kind === 'id' || c.kind === 'text' ? { numFmt: '@' } : {},
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
  });
  for (const row of rows) sheet.addRow(row);
  if (guide) {
    const notes = workbook.addWorksheet('说明');
    notes.columns = [
      { header: '列', width: 16 },
      { header: '必填', width: 8 },
      { header: '填写方法', width: 70 },
    ];
    notes.getRow(1).font = { bold: true };
    for (const c of columns) notes.addRow([c.header, c.required ? '是' : '', EXPECTED[c.kind]]);
    notes.addRow([]);
    notes.addRow(['', '', `导入时只读第一个工作表（“${LIST_TITLES[list].zh}”）；表头在第 1 行。可另加“${NOTES_COLUMN}”列，导入时不读。`]);
    notes.addRow(['', '', '多个值之间用“；”分隔；一个值的几部分之间用“|”分隔（见 docs/lists.md）。']);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const templateCsv = (list: ListName) => csvFile(list, exampleRows(list));
export const templateXlsx = (list: ListName) => xlsxFile(list, exampleRows(list), true);
