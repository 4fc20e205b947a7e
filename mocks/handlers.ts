/**
 * The mock endpoint: msw handlers for the contract, used alike by the demo
 * page, Storybook and the browser tests.
 *
 * Fault modes are endpoints, so a page, a story or a test picks one with an
 * attribute and no code: `endpoint="/dj-api/fault/<kind>"` where kind is one of
 * {@link FAULTS}. They match any origin, like the happy-path handlers, which
 * serve every `…/brands/:id` whatever the endpoint's base.
 */
import { delay, http, HttpResponse } from 'msw';
import type { Brand } from '../src/widgets/brand-card/brand.schema.js';
import { brands, longTextBrand, manyHonorsBrand, minimalBrand } from './fixtures/brands.js';
import { hostileBrand } from './fixtures/hostile.js';
import { jsonWithEtag, problem } from './http.js';

export const allBrands = new Map<string, Brand>(
  [...brands, longTextBrand, manyHonorsBrand, minimalBrand, hostileBrand].map((b) => [b.id, b]),
);

export const FAULTS = ['500', '502-html', '404', 'slow', 'timeout', 'malformed', 'schema', 'html', 'empty', 'offline', 'injection'] as const;
export type Fault = (typeof FAULTS)[number];

/** Base URL of an endpoint that fails in the given way. */
export const faultEndpoint = (fault: Fault) => `/dj-api/fault/${fault}`;

const loginPage = '<!DOCTYPE html><html lang="zh-CN"><head><title>统一身份认证</title></head><body><h1>请先登录</h1></body></html>';

/** The body the happy path would send for this request, for faults that bend it. */
function happyBody(path: string): unknown {
  const id = /\/brands\/([^/?]+)/.exec(path)?.[1];
  return (id && allBrands.get(decodeURIComponent(id))) ?? allBrands.get('chengshen-weigong');
}

export const faultHandlers = [
  http.get('*/dj-api/fault/:fault/*', async ({ params, request }) => {
    const path = new URL(request.url).pathname;
    switch (params.fault as Fault) {
      case '500':
        return problem(500, 'internal', '服务器内部错误', '数据库暂时不可用，请稍后再试。');
      case '502-html':
        return new HttpResponse('<html><body><h1>502 Bad Gateway</h1></body></html>', {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        });
      case '404':
        return problem(404, 'not-found', '未找到', `没有找到 ${path} 对应的数据。`);
      case 'slow':
        await delay(3000);
        return jsonWithEtag(request, happyBody(path));
      case 'timeout':
        await delay('infinite');
        return new HttpResponse(null, { status: 504 });
      case 'malformed':
        return new HttpResponse('{"id":"chengshen-weigong","name":"诚审', {
          headers: { 'Content-Type': 'application/json' },
        });
      case 'schema': {
        const brand = structuredClone(happyBody(path)) as Brand;
        const honor = { title: '市直机关首批十佳党建品牌', year: 2022, issuer: '市委市直机关工委' };
        brand.honors = [honor, honor, { ...honor, title: 20220601 as unknown as string }];
        return HttpResponse.json(brand);
      }
      case 'html':
        return new HttpResponse(loginPage, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      case 'empty':
        return new HttpResponse(null, { status: 204 });
      case 'offline':
        return HttpResponse.error();
      case 'injection':
        return HttpResponse.json(hostileBrand);
      default:
        return problem(400, 'unknown-fault', '未知的故障模式', `可用：${FAULTS.join(', ')}`);
    }
  }),
];

export const brandHandlers = [
  http.get('*/brands/:id', ({ params, request }) => {
    const brand = allBrands.get(String(params.id));
    if (!brand) return problem(404, 'not-found', '未找到党建品牌', `没有编号为“${String(params.id)}”的党建品牌。`);
    return jsonWithEtag(request, brand);
  }),
];

/** Faults first: their URLs would also match the happy-path patterns. */
export const handlers = [...faultHandlers, ...brandHandlers];
