/**
 * Reads an uploaded list into rows of strings: CSV (UTF-8 with or without a
 * BOM, GBK as Chinese Excel and WPS save it by default, or UTF-16 as Excel's
 * "Unicode text") or XLSX (the first sheet, through exceljs). What the file
 * is comes from its bytes, never its name: a legacy .xls, a WPS .et, an .ods,
 * a .docx, a PDF or a picture is refused with a message that says what to do.
 *
 * Cells become the text Excel shows: dates as YYYY-MM-DD (with HH:MM when
 * they have a time), numbers with their format's decimals, formulas as their
 * result, rich text as its characters.
 *
 * An XLSX file is a zip and exceljs unpacks and parses whole sheets, so the
 * zip is checked first (zip.ts): every entry is inflated here under a cap on
 * the real uncompressed size, and each sheet's rows are counted, before
 * exceljs sees it. A zip bomb or a million-row sheet ends as a clear refusal,
 * not as a server out of memory.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { LIST_LIMITS } from '../../src/contract/lists.js';
import { ListFileError } from './problems.js';
import { unzipChecked, ZIP_LIMITS } from './zip.js';

export interface Table {
  format: 'csv' | 'xlsx';
  /** CSV only: how the bytes were decoded. */
  encoding: 'utf-8' | 'gbk' | 'utf-16' | null;
  /** The first row's cells. */
  header: string[];
  /** The data rows that are not blank, each with its row number in the spreadsheet (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Reads `bytes` as CSV or XLSX; throws {@link ListFileError} for anything else or too much. */
export async function readTable(bytes: Uint8Array, limits = { rows: LIST_LIMITS.rows, bytes: LIST_LIMITS.bytes }): Promise<Table> {
  if (bytes.length === 0) throw new ListFileError('empty');
  if (bytes.length > limits.bytes) throw new ListFileError('too-large', { limit: limits.bytes });
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return readXlsx(bytes, limits.rows);
  if (startsWith(bytes, 0x50, 0x4b)) throw new ListFileError('not-xlsx', { what: '压缩文件' });
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw new ListFileError('legacy-excel');
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) throw new ListFileError('not-a-list', { what: 'PDF 文件' });
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) || startsWith(bytes, 0xff, 0xd8, 0xff) || startsWith(bytes, 0x47, 0x49, 0x46))
    throw new ListFileError('not-a-list', { what: '图片' });
  if (startsWith(bytes, 0x7b, 0x5c, 0x72, 0x74, 0x66)) throw new ListFileError('not-a-list', { what: 'RTF 文档' });
  return readCsv(bytes, limits.rows);
}

// ── CSV ─────────────────────────────────────────────────────────────────────

function decode(bytes: Uint8Array): { text: string; encoding: Table['encoding'] } {
  if (startsWith(bytes, 0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16' };
  if (startsWith(bytes, 0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16' };
  const body = startsWith(bytes, 0xef, 0xbb, 0xbf) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Chinese Windows' ANSI code page, which Excel and WPS use for CSV.
    return { text: new TextDecoder('gbk').decode(body), encoding: 'gbk' };
  }
}

/** The separator of the first line: comma, or tab / semicolon when those are what it has. */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r|\n|$/));
  const unquoted = first.replace(/"[^"]*"/g, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  const [best] = [',', '\t', ';'].sort((a, b) => count(b) - count(a));
  return count(best!) > 0 ? best! : ',';
}

function readCsv(bytes: Uint8Array, maxRows: number): Table {
  const { text, encoding } = decode(bytes);
  // Text files have no NUL; a binary file decoded as text has many.
  if (text.slice(0, 8192).includes('\0')) throw new ListFileError('not-a-list', { what: '二进制文件' });
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ListFileError('bad-csv', { line: line ?? 0 });
  }
  return table(
    'csv',
    encoding,
    records.map((cells, i) => ({ row: i + 1, cells })),
    maxRows,
  );
}

function table(format: Table['format'], encoding: Table['encoding'], all: { row: number; cells: string[] }[], maxRows: number): Table {
  const clean = all.map(({ row, cells }) => ({ row, cells: cells.map((c) => c.replace(/\u00a0/g, ' ').trim()) }));
  const nonBlank = clean.filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...rows] = nonBlank;
  if (!head) throw new ListFileError('empty');
  if (head.row !== 1) throw new ListFileError('header-not-first', { row: head.row });
  if (rows.length > maxRows) throw new ListFileError('too-many-rows', { limit: maxRows });
  return { format, encoding, header: head.cells, rows };
}

// ── XLSX ────────────────────────────────────────────────────────────────────

async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<Table> {
  const entries = unzipChecked(bytes);
  const names = [...entries.keys()];
  if (!entries.has('xl/workbook.xml')) {
    const mimetype = entries.get('mimetype')?.toString('utf8') ?? '';
    if (mimetype.includes('opendocument.spreadsheet')) throw new ListFileError('not-xlsx', { what: 'ODS 表格' });
    if (names.some((n) => n.startsWith('word/'))) throw new ListFileError('not-xlsx', { what: 'Word 文档' });
    if (names.some((n) => n.startsWith('ppt/'))) throw new ListFileError('not-xlsx', { what: 'PowerPoint 演示文稿' });
    throw new ListFileError('not-xlsx', { what: '压缩文件' });
  }
  // Counted before exceljs builds its model of every row. Rows that only
  // carry a format count here too, so the bound is twice the data rows'.
  for (const [name, data] of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const rows = data.toString('latin1').match(/<row[\s>]/g)?.length ?? 0;
    if (rows > 2 * maxRows + 1) throw new ListFileError('too-many-rows', { limit: maxRows });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ListFileError('bad-xlsx');
  }
  // In tab order: the first sheet is the list.
  const [sheet] = workbook.worksheets;
  if (!sheet) throw new ListFileError('empty');
  const all: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = shown(cell.value, cell.numFmt);
    });
    all.push({ row: number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return table('xlsx', null, all, maxRows);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as Excel shows it in a Chinese locale: 2024-05-20, with 14:30 when the format has a time. */
function showDate(date: Date, format: string | undefined): string {
  if (Number.isNaN(date.getTime())) return '';
  // exceljs reads an Excel date (a day count with no zone) as that instant in UTC.
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const timed = /[hs]/i.test((format ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, ''));
  return timed ? `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}` : day;
}

/** A number as its format shows it: fixed decimals (0.00), percent (0.0%); otherwise as typed, without float noise. */
function showNumber(n: number, format: string | undefined): string {
  const f = (format ?? '').split(';')[0]!.replace(/"[^"]*"/g, '');
  const decimals = /0\.(0+)/.exec(f)?.[1]?.length ?? (/[#0]/.test(f) && !/\./.test(f) && f !== 'General' ? 0 : undefined);
  if (f.includes('%')) return `${(n * 100).toFixed(decimals ?? 0)}%`;
  if (decimals !== undefined) return n.toFixed(decimals);
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

function shown(value: ExcelJS.CellValue, format: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return showNumber(value, format);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return showDate(value, format);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return shown((value as { result?: ExcelJS.CellValue }).result ?? null, format);
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'string' ? text : shown((text as ExcelJS.CellValue) ?? value.hyperlink, format);
  }
  return '';
}

export { ZIP_LIMITS };
