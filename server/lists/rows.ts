/**
 * From a table of strings (parse.ts) to the contract's documents: each cell
 * read by its column's kind (src/contract/lists.ts), the row rules checked
 * (ids unique, stars 1–5, a branch inside one of Jining's counties, five-star
 * branches no more than branches, brand references that resolve), and every
 * document checked with the contract's valibot schema. Every problem is an
 * error with the spreadsheet's row and the column's header; the list is
 * usable only when there is none.
 *
 * Boards: one row per member unit. A group's own cells (its name, leader,
 * deputies, guide, liaison, red flag) are read from its first row; later rows
 * of the group may leave them empty or repeat them, but not differ. Its
 * figures are those of its units, as the demo boards have them: branches and
 * five-star branches summed, the score the units' mean to one decimal. Its
 * `previous` figures are those of the same group in the scope's latest
 * stored period before this one.
 */
import * as v from 'valibot';
import { describeIssue } from '../../src/core/schema.js';
import { Brand } from '../../src/contract/brand.schema.js';
import { Branch, type GroupName } from '../../src/contract/branch-map.schema.js';
import { Leaderboard, type LiaisonGroup, type MemberUnit } from '../../src/contract/liaison.schema.js';
import {
  GROUP_COLUMNS,
  LIST_COLUMNS,
  listMessages as m,
  NOTES_COLUMN,
  readCell,
  type CellValue,
  type Column,
  type ListName,
  type RefValue,
  type RowError,
} from '../../src/contract/lists.js';
import { countyOf } from '../../src/demo/branches.js';
import type { Table } from './parse.js';

/** A branch as stored: the document and the county it lies in. */
export interface StoredBranch {
  c: string;
  d: Branch;
}

export interface BoardContext {
  scope: { id: string; name: string };
  period: string;
  /** Every period the scope has, this one included, in order. */
  periods: string[];
  /** The scope's board of the latest period before this one, for each group's `previous`. */
  before: Leaderboard | null;
}

export interface BuildContext {
  /** The import's time (ISO), every brand's updatedAt. */
  now: string;
  /** The liaison groups a branch's 联系片 may name (by id or name). */
  groups: readonly GroupName[];
  board?: BoardContext;
}

export type ListData =
  { list: 'brands'; data: Brand[] } | { list: 'branches'; data: StoredBranch[] } | { list: 'boards'; data: Leaderboard };

export interface Built {
  rows: number;
  errors: RowError[];
  /** Present when there are no errors. */
  result?: ListData;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const normalHeader = (h: string) => h.replace(/^[*＊]\s*|\s*[*＊]$|\s*[（(]必填[)）]$/g, '').trim();

/** Reads one row's cells by header, collecting errors. */
class RowReader {
  private readonly index = new Map<string, number>();
  readonly errors: RowError[] = [];

  constructor(
    readonly columns: readonly Column[],
    header: string[],
  ) {
    const seen = new Set<string>();
    header.forEach((raw, i) => {
      const name = normalHeader(raw);
      if (!name || name === NOTES_COLUMN) return;
      if (seen.has(name)) return this.fail(1, name, m.repeatedColumn(name));
      seen.add(name);
      if (!columns.some((c) => c.header === name)) return this.fail(1, name, m.unknownColumn(name, columns));
      this.index.set(name, i);
    });
    for (const c of columns) if (c.required && !this.index.has(c.header)) this.fail(1, c.header, m.missingColumn(c.header));
  }

  get headerOk() {
    return this.errors.length === 0;
  }

  fail(row: number, column: string | null, message: string) {
    this.errors.push({ row, column, message });
  }

  raw(cells: string[], header: string): string {
    const i = this.index.get(header);
    return i === undefined ? '' : (cells[i] ?? '');
  }

  /** The cell's value; undefined (and an error) when it does not fit or is required and empty. */
  read<T extends CellValue>(row: number, cells: string[], header: string): T | undefined {
    const column = this.columns.find((c) => c.header === header)!;
    const text = this.raw(cells, header);
    if (column.required && !text.trim()) {
      this.fail(row, header, m.required(row, header));
      return undefined;
    }
    const value = readCell(column.kind, text);
    if (value === undefined) this.fail(row, header, m.expected(row, header, column.kind, text));
    return value as T | undefined;
  }
}

/** Checks `doc` with `schema`; an error on the row when it does not fit. */
function checked<T>(reader: RowReader, row: number, schema: v.GenericSchema<unknown, T>, doc: unknown): T | undefined {
  const result = v.safeParse(schema, doc);
  if (result.success) return result.output;
  reader.fail(row, null, m.schema(row, result.issues.map(describeIssue).join('；')));
  return undefined;
}

/** Each id's first row; a later row with the same id is an error on that row. */
function uniqueIds(reader: RowReader, header: string) {
  const first = new Map<string, number>();
  return (row: number, id: string | undefined) => {
    if (id === undefined) return;
    const at = first.get(id);
    if (at !== undefined) reader.fail(row, header, m.duplicate(row, header, id, at));
    else first.set(id, row);
  };
}

export function buildList(list: ListName, table: Table, context: BuildContext): Built {
  const reader = new RowReader(LIST_COLUMNS[list], table.header);
  if (!reader.headerOk) return { rows: table.rows.length, errors: reader.errors };
  if (!table.rows.length) return { rows: 0, errors: [{ row: 2, column: null, message: m.noRows() }] };
  const result =
    list === 'brands'
      ? brands(reader, table, context)
      : list === 'branches'
        ? branches(reader, table, context)
        : board(reader, table, context);
  // By row, as the person reads the sheet (a group's own cells are checked after its rows).
  const errors = reader.errors.sort((a, b) => a.row - b.row);
  return { rows: table.rows.length, errors, ...(errors.length ? {} : { result }) };
}

// ── brands ──────────────────────────────────────────────────────────────────

function brands(reader: RowReader, table: Table, { now }: BuildContext): ListData {
  const unique = uniqueIds(reader, '编号');
  const read = table.rows.map(({ row, cells }) => {
    const get = <T extends CellValue>(h: string) => reader.read<T>(row, cells, h);
    const r = {
      row,
      id: get<string>('编号'),
      name: get<string>('品牌名称'),
      slogan: get<string | null>('口号'),
      unitId: get<string>('单位编号'),
      unitName: get<string>('单位名称'),
      level: get<'umbrella' | 'brand' | 'sub'>('层级'),
      parent: get<RefValue | null>('上级品牌'),
      subBrands: get<RefValue[]>('子品牌'),
      honors: get<Brand['honors']>('荣誉'),
      highlights: get<Brand['highlights']>('亮点'),
      summary: get<string>('简介'),
      imageUrl: get<string | null>('图片地址'),
      imageAlt: get<string | null>('图片说明'),
      url: get<string | null>('链接'),
    };
    unique(row, r.id);
    if (r.imageUrl && !r.imageAlt && r.imageAlt !== undefined) reader.fail(row, '图片说明', m.altMissing(row));
    if (!r.imageUrl && r.imageUrl !== undefined && r.imageAlt) reader.fail(row, '图片说明', m.altWithoutImage(row));
    return r;
  });
  const names = new Map(read.flatMap((r) => (r.id && r.name ? [[r.id, r.name] as const] : [])));
  const resolve = (row: number, header: string, self: string | undefined, ref: RefValue) => {
    if (ref.id === self) reader.fail(row, header, m.selfReference(row, header));
    const name = ref.name ?? names.get(ref.id);
    if (name === undefined) reader.fail(row, header, m.unknownBrand(row, header, ref.id));
    return { id: ref.id, name: name ?? '' };
  };
  const out: Brand[] = [];
  for (const r of read) {
    const parent = r.parent ? resolve(r.row, '上级品牌', r.id, r.parent) : null;
    const subBrands = (r.subBrands ?? []).map((s) => resolve(r.row, '子品牌', r.id, s));
    if (reader.errors.length) continue;
    const doc = {
      id: r.id!,
      name: r.name!,
      slogan: r.slogan ?? null,
      unit: { id: r.unitId!, name: r.unitName! },
      level: r.level!,
      parent,
      subBrands,
      honors: r.honors ?? [],
      highlights: r.highlights ?? [],
      summary: r.summary!,
      image: r.imageUrl ? { url: r.imageUrl, alt: r.imageAlt! } : null,
      url: r.url ?? null,
      updatedAt: now,
    };
    const brand = checked(reader, r.row, Brand, doc);
    if (brand) out.push(brand);
  }
  return { list: 'brands', data: out };
}

// ── branches ────────────────────────────────────────────────────────────────

function branches(reader: RowReader, table: Table, { groups }: BuildContext): ListData {
  const unique = uniqueIds(reader, '编号');
  const byKey = new Map<string, string>();
  for (const g of groups) {
    byKey.set(g.id, g.id);
    byKey.set(g.name, g.id);
  }
  const out: StoredBranch[] = [];
  for (const { row, cells } of table.rows) {
    const before = reader.errors.length;
    const get = <T extends CellValue>(h: string) => reader.read<T>(row, cells, h);
    const id = get<string>('编号');
    unique(row, id);
    const name = get<string>('支部名称');
    const unitId = get<string>('单位编号');
    const unitName = get<string>('单位名称');
    const groupText = get<string | null>('联系片');
    const groupId = groupText ? byKey.get(groupText) : null;
    if (groupId === undefined) reader.fail(row, '联系片', m.unknownGroup(row, groupText!));
    const stars = get<number>('星级');
    const honors = get<string[]>('荣誉');
    const temporary = get<boolean>('临时党支部');
    const project = get<string | null>('项目');
    const lng = get<number>('经度');
    const lat = get<number>('纬度');
    const address = get<string | null>('地址');
    const memberCount = get<number | null>('党员人数');
    const secretary = get<string | null>('书记');
    let county: string | undefined;
    if (lng !== undefined && lat !== undefined) {
      county = countyOf(lng, lat);
      if (!county) reader.fail(row, '经度', m.outsideJining(row, lng, lat));
    }
    if (reader.errors.length > before) continue;
    const doc = {
      id: id!,
      name: name!,
      unit: { id: unitId!, name: unitName! },
      groupId: groupId ?? null,
      stars: stars as Branch['stars'],
      honors: honors ?? [],
      temporary: temporary ?? false,
      project: project ?? null,
      location: { lng: lng!, lat: lat! },
      address: address ?? null,
      memberCount: memberCount ?? null,
      secretary: secretary ?? null,
    };
    const branch = checked(reader, row, Branch, doc);
    if (branch) out.push({ c: county!, d: branch });
  }
  return { list: 'branches', data: out };
}

// ── boards ──────────────────────────────────────────────────────────────────

interface GroupDraft {
  row: number;
  id: string;
  cells: Map<string, { row: number; text: string }>;
  units: MemberUnit[];
}

function board(reader: RowReader, table: Table, context: BuildContext): ListData {
  const { scope, period, periods, before } = context.board!;
  const groups = new Map<string, GroupDraft>();
  const unitRows = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const get = <T extends CellValue>(h: string) => reader.read<T>(row, cells, h);
    const groupId = get<string>('联系片编号');
    const unitId = get<string>('单位编号');
    const name = get<string>('单位名称');
    const score = get<number>('评分');
    const branchCount = get<number>('支部数');
    const fiveStarCount = get<number>('五星级支部数');
    if (unitId !== undefined) {
      const at = unitRows.get(unitId);
      if (at !== undefined) reader.fail(row, '单位编号', m.unitInTwoGroups(row, unitId, at));
      else unitRows.set(unitId, row);
    }
    if (branchCount !== undefined && fiveStarCount !== undefined && fiveStarCount > branchCount)
      reader.fail(row, '五星级支部数', m.fiveStarsOverBranches(row, fiveStarCount, branchCount));
    if (groupId === undefined) continue;
    let group = groups.get(groupId);
    if (!group) groups.set(groupId, (group = { row, id: groupId, cells: new Map(), units: [] }));
    for (const header of GROUP_COLUMNS) {
      const text = reader.raw(cells, header).trim();
      const first = group.cells.get(header);
      if (!first) group.cells.set(header, { row, text });
      else if (text && text !== first.text) reader.fail(row, header, m.groupDiffers(row, header, text, first.row, first.text));
    }
    if (unitId !== undefined && name !== undefined && score !== undefined && branchCount !== undefined && fiveStarCount !== undefined)
      group.units.push({ id: unitId, name, score, branchCount, fiveStarCount });
  }
  const items: LiaisonGroup[] = [];
  for (const g of groups.values()) {
    // The group's cells, read as a row of their own (its first row's).
    const cells = [...g.cells.values()].map((c) => c.text);
    const groupReader = new RowReader(
      LIST_COLUMNS.boards.filter((c) => (GROUP_COLUMNS as readonly string[]).includes(c.header)),
      [...g.cells.keys()],
    );
    const gget = <T extends CellValue>(h: string) => groupReader.read<T>(g.row, cells, h);
    const name = gget<string>('联系片名称');
    const leader = gget<string>('牵头单位');
    const deputies = gget<string[]>('副片长单位') ?? [];
    const guideName = gget<string | null>('指导领导');
    const guideTitle = gget<string | null>('指导领导职务');
    const liaison = gget<string | null>('总联络员');
    const redFlag = gget<boolean>('流动红旗');
    reader.errors.push(...groupReader.errors);
    const member = (unitName: string) => g.units.find((u) => u.name === unitName);
    if (leader !== undefined && !member(leader)) reader.fail(g.row, '牵头单位', m.leaderNotMember(g.row, leader));
    for (const d of deputies) if (!member(d)) reader.fail(g.row, '副片长单位', m.deputyNotMember(g.row, d));
    if (Boolean(guideName) !== Boolean(guideTitle)) reader.fail(g.row, '指导领导职务', m.guideHalf(g.row));
    if (reader.errors.length) continue;
    const ref = (u: MemberUnit) => ({ id: u.id, name: u.name });
    const figures = {
      score: round1(g.units.reduce((n, u) => n + u.score, 0) / (g.units.length || 1)),
      branchCount: g.units.reduce((n, u) => n + u.branchCount, 0),
      fiveStarCount: g.units.reduce((n, u) => n + u.fiveStarCount, 0),
    };
    const earlier = before?.items.find((i) => i.id === g.id);
    items.push({
      id: g.id,
      name: name!,
      leaderUnit: ref(member(leader!)!),
      deputyUnits: deputies.map((d) => ref(member(d)!)),
      guide: guideName && guideTitle ? { name: guideName, title: guideTitle } : null,
      liaison: liaison ? { name: liaison } : null,
      ...figures,
      redFlag: redFlag ?? false,
      previous: earlier ? { score: earlier.score, branchCount: earlier.branchCount, fiveStarCount: earlier.fiveStarCount } : null,
      units: g.units,
    });
  }
  const doc = { period, periods, scope, items };
  const checkedBoard = reader.errors.length ? undefined : checked(reader, 2, Leaderboard, doc);
  return { list: 'boards', data: checkedBoard ?? doc };
}
