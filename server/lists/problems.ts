/**
 * The list import's problems (RFC 9457) in plain Chinese: a file that cannot
 * be read as a list (its kind, its size, its rows), a wrong list or form
 * field, an unknown, expired or stale import, and nothing to restore. Errors
 * inside the rows are no problem of the request: the dry run lists them in
 * its answer (200) so the person can fix the file.
 */
import { LIST_LIMITS, LISTS } from '../../src/contract/lists.js';
import { problem } from '../http.js';

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const SAVE_AS = '请在 Excel 或 WPS 中“另存为” .xlsx 工作簿或 CSV（逗号分隔）文件后再上传。';

/** Why an uploaded file cannot be read; `problem()` words it. */
export type FileProblem =
  | 'empty'
  | 'too-large'
  | 'too-many-rows'
  | 'not-a-list'
  | 'not-xlsx'
  | 'legacy-excel'
  | 'bad-csv'
  | 'bad-xlsx'
  | 'zip-bomb'
  | 'header-not-first';

export class ListFileError extends Error {
  constructor(
    readonly kind: FileProblem,
    readonly detail: { limit?: number; what?: string; line?: number; row?: number } = {},
  ) {
    super(kind);
  }

  problem(): Response {
    const { limit = 0, what = '文件', line = 0, row = 0 } = this.detail;
    switch (this.kind) {
      case 'empty':
        return problem(422, 'empty-file', '文件是空的', '上传的文件没有内容（连表头都没有）。请用名单模板填写后再上传。');
      case 'too-large':
        return problem(413, 'file-too-large', '文件过大', `名单文件不能超过 ${mb(limit)}。请删去无关的工作表、图片或空行后再上传。`);
      case 'too-many-rows':
        return problem(413, 'too-many-rows', '行数过多', `一份名单最多 ${limit} 行数据。请删去多余的行后再上传。`);
      case 'not-a-list':
        return problem(
          415,
          'unsupported-file',
          '文件类型不支持',
          `上传的是${what}，不是表格。只能导入 .xlsx 工作簿或 CSV 文件；${SAVE_AS}`,
        );
      case 'not-xlsx':
        return problem(415, 'unsupported-file', '文件类型不支持', `上传的是${what}，不是 .xlsx 工作簿。${SAVE_AS}`);
      case 'legacy-excel':
        return problem(415, 'unsupported-file', '文件类型不支持', `这是旧版 Excel（.xls）或 WPS 表格（.et）文件，无法直接读取。${SAVE_AS}`);
      case 'bad-csv':
        return problem(
          422,
          'unreadable-file',
          '文件无法读取',
          `CSV 文件${line ? `第 ${line} 行附近` : ''}的引号没有配对，无法分出各列。${SAVE_AS}`,
        );
      case 'bad-xlsx':
        return problem(422, 'unreadable-file', '文件无法读取', `这个 .xlsx 文件已损坏、加了密码或不完整。${SAVE_AS}`);
      case 'zip-bomb':
        return problem(
          413,
          'file-too-large',
          '文件解压后过大',
          '这个 .xlsx 文件解压后的内容过大（或文件数过多），不像一份名单。请只保留名单所在的工作表后再上传。',
        );
      case 'header-not-first':
        return problem(
          422,
          'unreadable-file',
          '表头不在第 1 行',
          `表格前面有空行：表头在第 ${row} 行。请删去表头上方的空行，让表头在第 1 行（行号即按此计算）。`,
        );
    }
  }
}

export const listProblems = {
  noList: (list: string) => problem(404, 'not-found', '没有这份名单', `没有名为“${list}”的名单；可用的名单：${LISTS.join('、')}。`),
  badParameter: (field: string, value: string, expected: string) => {
    const message = `「${field}」应为${expected}，而不是“${value}”。`;
    return problem(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field, code: 'format', message }] });
  },
  missingParameter: (field: string, what: string) => {
    const message = `联系片评分榜的导入要写明${what}（${field}）。`;
    return problem(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field, code: 'required', message }] });
  },
  /** A scope met for the first time needs its name. */
  newScope: (scope: string) => {
    const message = `“${scope}”是新的范围，请同时写明它的名称（scopeName），如“兖州区区直机关”。`;
    return problem(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field: 'scopeName', code: 'required', message }] });
  },
  badType: (type: string) =>
    problem(
      415,
      'unsupported-media-type',
      '请求类型不支持',
      `名单文件要以 text/csv、application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/octet-stream 上传，而不是 ${type || '（无）'}。`,
    ),
  tooLarge: () =>
    problem(413, 'file-too-large', '文件过大', `名单文件不能超过 ${mb(LIST_LIMITS.bytes)}。请删去无关的工作表、图片或空行后再上传。`),
  noImport: (id: string) =>
    problem(
      404,
      'not-found',
      '没有这次试导入',
      `没有编号为“${id}”的待确认导入：它可能已经确认过、已过期（试导入保留 1 小时）或属于另一份名单。请重新上传文件。`,
    ),
  expired: (id: string) =>
    problem(410, 'import-expired', '试导入已过期', `试导入“${id}”已超过 1 小时，没有导入。请重新上传文件，核对后再确认。`),
  stale: (version: number | null) =>
    problem(
      409,
      'import-stale',
      '名单已有变化',
      `试导入之后，这份名单已被修改（现在是${version === null ? '导入前的数据' : `第 ${version} 版`}）。为免覆盖他人的修改，本次没有导入；请重新上传文件，核对后再确认。`,
    ),
  noPrevious: () => problem(409, 'no-previous-version', '没有上一版本', '这份名单还没有可恢复的上一版本（它从未导入过）。'),
  noBoard: (scope: string, period: string) =>
    problem(404, 'not-found', '没有这份评分榜', `范围“${scope}”没有 ${period} 期的评分榜导入记录。`),
};
