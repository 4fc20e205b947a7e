/**
 * The lists office staff keep in Excel or WPS and import through the staff
 * API (/admin/lists): brands, liaison-group boards and the five-star branch
 * list. One table per list says, for each column of the template, its
 * Chinese header, the field it fills, whether it must be filled, and how the
 * cell is read (`kind`). The reference server builds the templates and reads
 * the uploads with these tables; the desk's import panel names the lists and
 * reads the server's answers with the schemas at the end.
 *
 * Notation inside one cell (docs/lists.md has examples):
 * - several values are separated by `；` or `;` (荣誉, 子品牌, 副片长单位 …);
 * - the parts of one value by `|` or `｜`: 荣誉 `称号|年份|授予单位`, 亮点
 *   `名称|数值|单位`, a brand reference `编号|名称` (or the bare `编号` of a brand
 *   in the same list, whose name is taken from its row);
 * - yes or no: 是 / 否 (also Y / N, TRUE / FALSE, 1 / 0); empty is 否.
 *
 * Error messages name the spreadsheet's row (the header is row 1) and the
 * column's header, in plain Chinese: 第 12 行「星级」应为 1 到 5，而不是“6”.
 */
import * as v from 'valibot';

export const LISTS = ['brands', 'boards', 'branches'] as const;
export type ListName = (typeof LISTS)[number];

/** How a cell is read; {@link readCell} turns the text into the field's value. */
export type CellKind =
  | 'id'
  | 'text'
  | 'int'
  | 'score'
  | 'stars'
  | 'yesno'
  | 'level'
  | 'lng'
  | 'lat'
  | 'url'
  | 'names'
  | 'ref'
  | 'refs'
  | 'honors'
  | 'highlights';

export interface Column {
  /** The template's header, which the upload's first row must use. */
  header: string;
  /** The field it fills (a path in the contract's document). */
  field: string;
  required: boolean;
  kind: CellKind;
}

const col = (header: string, field: string, kind: CellKind, required = false): Column => ({ header, field, kind, required });

export const LIST_COLUMNS: Record<ListName, readonly Column[]> = {
  brands: [
    col('编号', 'id', 'id', true),
    col('品牌名称', 'name', 'text', true),
    col('口号', 'slogan', 'text'),
    col('单位编号', 'unit.id', 'id', true),
    col('单位名称', 'unit.name', 'text', true),
    col('层级', 'level', 'level', true),
    col('上级品牌', 'parent', 'ref'),
    col('子品牌', 'subBrands', 'refs'),
    col('荣誉', 'honors', 'honors'),
    col('亮点', 'highlights', 'highlights'),
    col('简介', 'summary', 'text', true),
    col('图片地址', 'image.url', 'url'),
    col('图片说明', 'image.alt', 'text'),
    col('链接', 'url', 'url'),
  ],
  boards: [
    col('联系片编号', 'items[].id', 'id', true),
    col('联系片名称', 'items[].name', 'text', true),
    col('牵头单位', 'items[].leaderUnit', 'text', true),
    col('副片长单位', 'items[].deputyUnits', 'names'),
    col('指导领导', 'items[].guide.name', 'text'),
    col('指导领导职务', 'items[].guide.title', 'text'),
    col('总联络员', 'items[].liaison.name', 'text'),
    col('流动红旗', 'items[].redFlag', 'yesno'),
    col('单位编号', 'items[].units[].id', 'id', true),
    col('单位名称', 'items[].units[].name', 'text', true),
    col('评分', 'items[].units[].score', 'score', true),
    col('支部数', 'items[].units[].branchCount', 'int', true),
    col('五星级支部数', 'items[].units[].fiveStarCount', 'int', true),
  ],
  branches: [
    col('编号', 'id', 'id', true),
    col('支部名称', 'name', 'text', true),
    col('单位编号', 'unit.id', 'id', true),
    col('单位名称', 'unit.name', 'text', true),
    col('联系片', 'groupId', 'text'),
    col('星级', 'stars', 'stars', true),
    col('荣誉', 'honors', 'names'),
    col('临时党支部', 'temporary', 'yesno'),
    col('项目', 'project', 'text'),
    col('经度', 'location.lng', 'lng', true),
    col('纬度', 'location.lat', 'lat', true),
    col('地址', 'address', 'text'),
    col('党员人数', 'memberCount', 'int'),
    col('书记', 'secretary', 'text'),
  ],
};

/** The boards' columns that describe the group: the same on every row of one group (or empty after its first). */
export const GROUP_COLUMNS = ['联系片名称', '牵头单位', '副片长单位', '指导领导', '指导领导职务', '总联络员', '流动红旗'] as const;

/** A column the upload may add for its own notes; it is not read. */
export const NOTES_COLUMN = '备注';

export const LIST_TITLES: Record<ListName, { zh: string; en: string }> = {
  brands: { zh: '党建品牌', en: 'Party-building brands' },
  boards: { zh: '联系片评分榜', en: 'Liaison-group boards' },
  branches: { zh: '五星级支部名单', en: 'Five-star branch list' },
};

/** The most bytes and data rows an upload may have, and how long a dry run is kept for its apply. */
export const LIST_LIMITS = { bytes: 10 * 1024 * 1024, rows: 20_000, pendingMs: 60 * 60 * 1000 } as const;

/** A board's scope (yanzhou, jining …) and period (2024Q2), as the import's form fields give them. */
export const SCOPE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const PERIOD_PATTERN = /^\d{4}Q[1-4]$/;

// ── reading cells ───────────────────────────────────────────────────────────

export const LEVELS: Record<string, 'umbrella' | 'brand' | 'sub'> = {
  总品牌: 'umbrella',
  品牌: 'brand',
  子品牌: 'sub',
  umbrella: 'umbrella',
  brand: 'brand',
  sub: 'sub',
};
export const LEVEL_NAMES = { umbrella: '总品牌', brand: '品牌', sub: '子品牌' } as const;

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);
const CN_DIGITS = '一二三四五';
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** The longest text a cell may hold (a brand's 简介 is the longest in the demo data, about 300 characters). */
export const MAX_TEXT = 5000;

/** Full-width digits, signs and separators as their ASCII twins, for numbers typed with a Chinese input method. */
const ascii = (text: string) => text.normalize('NFKC').trim();
const splitList = (text: string) =>
  text
    .split(/[；;]/)
    .map((s) => s.trim())
    .filter(Boolean);
const splitParts = (text: string) => text.split(/[|｜]/).map((s) => s.trim());

const number = (text: string): number | undefined => {
  const t = ascii(text).replace(/,/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : undefined;
};
const whole = (text: string): number | undefined => {
  const n = number(text);
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 1e9 ? n : undefined;
};

export interface RefValue {
  id: string;
  name: string | null;
}

export type CellValue =
  | string
  | number
  | boolean
  | null
  | string[]
  | RefValue
  | RefValue[]
  | { title: string; year: number | null; issuer: string | null }[]
  | { label: string; value: number; unit: string | null }[];

/** What a cell should hold, in the words of 「应为……，而不是“…”」. */
export const EXPECTED: Record<CellKind, string> = {
  id: '由字母、数字和 - _ . 组成的编号（不超过 64 个字符，以字母或数字开头）',
  text: `不超过 ${MAX_TEXT} 个字的文字`,
  int: '不小于 0 的整数',
  score: '0 到 100 之间的数',
  stars: '1 到 5',
  yesno: '“是”或“否”',
  level: '“总品牌”“品牌”或“子品牌”',
  lng: '经度（度，如 116.82）',
  lat: '纬度（度，如 35.56）',
  url: '以 https://、http:// 或 / 开头的地址',
  names: '用“；”分隔的名称',
  ref: '品牌编号，或“编号|名称”',
  refs: '用“；”分隔的品牌编号（或“编号|名称”）',
  honors: '用“；”分隔的“称号|年份|授予单位”（年份和授予单位可空）',
  highlights: '用“；”分隔的“名称|数值|单位”（单位可空）',
};

const ref = (part: string): RefValue | undefined => {
  const [id = '', name, ...rest] = splitParts(part);
  if (!ID.test(id) || rest.length) return undefined;
  return { id, name: name ? name : null };
};

/**
 * The value of a cell of `kind`, or undefined when the text does not fit
 * (the caller says so with {@link EXPECTED}). An empty cell is null (false
 * for yes/no, [] for lists); whether it may be empty is the column's
 * `required`.
 */
export function readCell(kind: CellKind, raw: string): CellValue | undefined {
  const text = raw.trim();
  if (kind === 'yesno') {
    const t = ascii(text).toLowerCase();
    return YES.has(t) ? true : NO.has(t) ? false : undefined;
  }
  if (kind === 'names') return splitList(text);
  if (kind === 'refs') {
    const refs = splitList(text).map(ref);
    return refs.every((r) => r) ? (refs as RefValue[]) : undefined;
  }
  if (kind === 'honors') {
    const out = [];
    for (const item of splitList(text)) {
      const [title = '', year = '', issuer = '', ...rest] = splitParts(item);
      const y = year ? whole(year) : null;
      if (!title || rest.length || y === undefined || (y !== null && (y < 1921 || y > 2100))) return undefined;
      out.push({ title, year: y, issuer: issuer || null });
    }
    return out;
  }
  if (kind === 'highlights') {
    const out = [];
    for (const item of splitList(text)) {
      const [label = '', value = '', unit = '', ...rest] = splitParts(item);
      const n = number(value);
      if (!label || rest.length || n === undefined) return undefined;
      out.push({ label, value: n, unit: unit || null });
    }
    return out;
  }
  if (!text) return null;
  switch (kind) {
    case 'id':
      return ID.test(text) ? text : undefined;
    case 'text':
      return text.length <= MAX_TEXT ? text : undefined;
    case 'int':
      return whole(text);
    case 'score': {
      const n = number(text);
      return n !== undefined && n >= 0 && n <= 100 ? n : undefined;
    }
    case 'stars': {
      // 5, 5星, 五星, 五星级 alike.
      const t = ascii(text).replace(/星级?$/, '');
      const n = CN_DIGITS.includes(t) && t.length === 1 ? CN_DIGITS.indexOf(t) + 1 : whole(t);
      return n !== undefined && n >= 1 && n <= 5 ? n : undefined;
    }
    case 'level':
      return LEVELS[text.toLowerCase()] ?? undefined;
    case 'lng': {
      const n = number(text);
      return n !== undefined && n >= -180 && n <= 180 ? n : undefined;
    }
    case 'lat': {
      const n = number(text);
      return n !== undefined && n >= -85 && n <= 85 ? n : undefined;
    }
    case 'url':
      return /^(https?:\/\/[^\s]+|\/[^\s]*)$/i.test(text) && text.length <= 2000 ? text : undefined;
    case 'ref':
      return ref(text);
  }
}

// ── messages ────────────────────────────────────────────────────────────────

const quoted = (text: string) => `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;

export const listMessages = {
  expected: (row: number, header: string, kind: CellKind, got: string) =>
    `第 ${row} 行「${header}」应为${/^[\w]/.test(EXPECTED[kind]) ? ' ' : ''}${EXPECTED[kind]}，而不是${quoted(got.trim())}`,
  required: (row: number, header: string) => `第 ${row} 行「${header}」不能为空`,
  duplicate: (row: number, header: string, id: string, first: number) => `第 ${row} 行「${header}」${quoted(id)}与第 ${first} 行重复`,
  missingColumn: (header: string) => `第 1 行缺少「${header}」列（请用模板的表头）`,
  unknownColumn: (header: string, known: readonly Column[]) =>
    `第 1 行的「${header}」不是这份名单的列；可用的列：${known.map((c) => c.header).join('、')}（另可加「${NOTES_COLUMN}」列）`,
  repeatedColumn: (header: string) => `第 1 行「${header}」列出现了不止一次`,
  noRows: () => '表格只有表头，没有数据行',
  outsideJining: (row: number, lng: number, lat: number) => `第 ${row} 行「经度」「纬度」（${lng}, ${lat}）不在济宁市的任何区县内`,
  fiveStarsOverBranches: (row: number, five: number, branches: number) =>
    `第 ${row} 行「五星级支部数」（${five}）不能多于「支部数」（${branches}）`,
  unknownGroup: (row: number, text: string) => `第 ${row} 行「联系片」${quoted(text)}不是已知的联系片（填联系片编号或名称）`,
  unknownBrand: (row: number, header: string, id: string) =>
    `第 ${row} 行「${header}」的品牌编号${quoted(id)}不在这份名单里；不在名单里的品牌请写成“编号|名称”`,
  selfReference: (row: number, header: string) => `第 ${row} 行「${header}」不能是本品牌自己`,
  altMissing: (row: number) => `第 ${row} 行填了「图片地址」，「图片说明」也要填（读屏软件朗读它）`,
  altWithoutImage: (row: number) => `第 ${row} 行填了「图片说明」却没有「图片地址」`,
  groupDiffers: (row: number, header: string, got: string, first: number, was: string) =>
    `第 ${row} 行「${header}」${quoted(got)}与同一联系片第 ${first} 行的${quoted(was)}不同`,
  leaderNotMember: (row: number, name: string) => `第 ${row} 行「牵头单位」${quoted(name)}不是这个联系片的成员单位（单位名称列）`,
  deputyNotMember: (row: number, name: string) => `第 ${row} 行「副片长单位」${quoted(name)}不是这个联系片的成员单位（单位名称列）`,
  unitInTwoGroups: (row: number, id: string, first: number) =>
    `第 ${row} 行「单位编号」${quoted(id)}已在第 ${first} 行出现（一个单位只属于一个联系片）`,
  guideHalf: (row: number) => `第 ${row} 行「指导领导」和「指导领导职务」要么都填，要么都空`,
  schema: (row: number, detail: string) => `第 ${row} 行内容不符合数据格式：${detail}`,
} as const;

// ── the staff API's answers, for the desk's panel ─────────────────────────────

export const ListVersion = v.object({
  version: v.number(),
  /** When it became a version (the apply, or for version 0 the first import's time). */
  at: v.string(),
  /** The staff token's name; null for version 0, the data the list held before its first import. */
  by: v.nullable(v.string()),
  rows: v.number(),
});

export const ListState = v.object({
  list: v.picklist(LISTS),
  /** Boards only: the board's scope and period; null for the other lists. */
  scope: v.nullable(v.string()),
  period: v.nullable(v.string()),
  /** null: never imported (the list holds the demo seed's data). */
  current: v.nullable(ListVersion),
  /** The version 恢复上一版本 puts back, if any. */
  previous: v.nullable(ListVersion),
});

export const ListStates = v.object({ items: v.array(ListState) });

export const RowError = v.object({ row: v.number(), column: v.nullable(v.string()), message: v.string() });

export const DryRun = v.object({
  /** The pending import to apply; null when there are errors. */
  id: v.nullable(v.string()),
  list: v.picklist(LISTS),
  scope: v.nullable(v.string()),
  period: v.nullable(v.string()),
  /** Data rows read (blank rows not counted). */
  rows: v.number(),
  errors: v.array(RowError),
  /** How many errors there are in all (`errors` lists at most the first 1,000). */
  errorCount: v.number(),
  preview: v.nullable(v.object({ added: v.number(), changed: v.number(), removed: v.number() })),
  expiresAt: v.nullable(v.string()),
});

export type ListVersion = v.InferOutput<typeof ListVersion>;
export type ListState = v.InferOutput<typeof ListState>;
export type RowError = v.InferOutput<typeof RowError>;
export type DryRun = v.InferOutput<typeof DryRun>;
