/**
 * The read-only contract's error answers (brands, liaison groups, regions,
 * branches), worded once for the mock endpoint and the reference server.
 */
import type { Answer } from './booking.js';
import { problemBody } from './problem.js';

const answer = (status: number, slug: string, title: string, detail: string, extra?: object): Answer => ({
  status,
  body: problemBody(status, slug, title, detail, extra),
});

export const catalogProblems = {
  noBrand: (id: string) => answer(404, 'not-found', '未找到党建品牌', `没有编号为“${id}”的党建品牌。`),
  noPeriod: (period: string | null) => answer(404, 'not-found', '未找到该统计周期', `没有统计周期“${period}”的联系片数据。`),
  noScope: (scope: string | null) => answer(404, 'not-found', '未找到该范围', `没有范围“${scope}”的联系片数据。`),
  noBoundary: (adcode: string) => answer(404, 'not-found', '未找到该区域', `没有行政区划代码为“${adcode}”的区域边界。`),
  noRegion: (adcode: string) => answer(404, 'not-found', '未找到该区域', `没有行政区划代码为“${adcode}”的区域。`),
  badMinStars: (value: string) => {
    const message = `minStars 须为 1 到 5 的整数，收到“${value}”。`;
    return answer(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field: 'minStars', code: 'range', message }] });
  },
  badForm: (value: string) => {
    const message = `form 须为 items 或 columns（或不给），收到“${value}”。`;
    return answer(400, 'invalid-parameter', '请求参数无效', message, { errors: [{ field: 'form', code: 'enum', message }] });
  },
};

/** The forms of the branches answer (`form=`): items (the default) or columns (src/contract/branch-columns.ts). */
export const BRANCH_FORMS = ['items', 'columns'] as const;
