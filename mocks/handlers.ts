/**
 * The mock endpoint: msw handlers for the contract, used alike by the demo
 * page, Storybook and the browser tests.
 *
 * Fault modes are endpoints, so a page, a story or a test picks one with an
 * attribute and no code: `endpoint="/dj-api/fault/<kind>"` where kind is one of
 * {@link FAULTS}. They match any origin, like the happy-path handlers, which
 * serve every `…/brands/:id` whatever the endpoint's base.
 *
 * The branch map's generated sets are endpoints too: `/dj-api/gen/1000` and
 * `/dj-api/gen/10000` serve that many generated branches (and the usual
 * regions), for big stories and the benchmark.
 *
 * Open days and bookings are served by one {@link desk} (booking-desk.ts),
 * which keeps seats and bookings like a server; tests and stories call
 * `desk.reset()` to start from the fixtures. Under
 * `endpoint="/dj-api/post-fault/<kind>"` (see {@link POST_FAULTS}) every GET
 * is served as usual and every POST fails in that way, so a story can show
 * what the form does when a booking is refused or lost.
 */
import { delay, http, HttpResponse } from 'msw';
import { bookingProblems, holdsNul, isJsonType, mediaTypeOf, type Answer } from '../src/contract/booking.js';
import { BookingDesk } from './booking-desk.js';
import { BRANCH_FORMS, catalogProblems } from '../src/contract/catalog.js';
import { toColumns } from '../src/contract/branch-columns.js';
import type { Branch, Branches, Regions } from '../src/contract/branch-map.schema.js';
import type { Brand } from '../src/contract/brand.schema.js';
import type { Leaderboard } from '../src/contract/liaison.schema.js';
import { branches, branchesResponse, filterBranches, generateBranches, type BranchQuery } from '../src/demo/branches.js';
import { hostileBoard, hostileBranches, hostileBrand, hostileOpenDay, hostileOpenDays, hostileRegions } from '../src/demo/hostile.js';
import { servedBrands } from '../src/demo/served.js';
import { JINING, jiningCounties, regionOf } from '../src/demo/jining-counties.js';
import { findBoard, yanzhouBoard } from '../src/demo/liaison-groups.js';
import { jsonWithEtag, problem } from './http.js';

export const allBrands = new Map<string, Brand>(servedBrands.map((b) => [b.id, b]));

export const FAULTS = [
  '500',
  '502-html',
  '404',
  'slow',
  'timeout',
  'malformed',
  'schema',
  'html',
  'empty',
  'offline',
  'injection',
] as const;
export type Fault = (typeof FAULTS)[number];

/** Base URL of an endpoint that fails in the given way. */
export const faultEndpoint = (fault: Fault) => `/dj-api/fault/${fault}`;

const loginPage = '<!DOCTYPE html><html lang="zh-CN"><head><title>统一身份认证</title></head><body><h1>请先登录</h1></body></html>';

/**
 * For each contract the faults can bend: the body the happy path would send,
 * that body with one field of the wrong type, and a body full of markup.
 */
interface FaultBodies {
  happy: (url: URL) => unknown;
  /** Breaks the contract at a known path, which the widget's message must name. */
  broken: (url: URL) => unknown;
  hostile: unknown;
}

const brandBodies: FaultBodies = {
  happy: (url) => {
    const id = /\/brands\/([^/?]+)/.exec(url.pathname)?.[1];
    return (id && allBrands.get(decodeURIComponent(id))) ?? allBrands.get('chengshen-weigong');
  },
  broken: (url) => {
    const brand = structuredClone(brandBodies.happy(url)) as Brand;
    const honor = { title: '市直机关首批十佳党建品牌', year: 2022, issuer: '市委市直机关工委' };
    brand.honors = [honor, honor, { ...honor, title: 20220601 as unknown as string }];
    return brand;
  },
  hostile: hostileBrand,
};

const boardBodies: FaultBodies = {
  happy: (url) => {
    const board = findBoard(url.searchParams.get('scope'), url.searchParams.get('period'));
    return typeof board === 'string' ? yanzhouBoard : board;
  },
  broken: (url) => {
    const board = structuredClone(boardBodies.happy(url)) as Leaderboard;
    board.items[2].score = '92.5' as unknown as number; // items[2].score: expected number
    return board;
  },
  hostile: hostileBoard,
};

/** Sizes of the generated branch sets, served under `/dj-api/gen/{size}`. */
export const GENERATED_SIZES = [1000, 10000] as const;
const generated = new Map<number, Branch[]>();

/**
 * The branches an endpoint serves: the demo branches, or a generated set
 * (built once) when the path holds `/gen/{size}/`; undefined for a size
 * there is no set of.
 */
function branchSource(url: URL): Branch[] | undefined {
  const size = /\/gen\/(\d+)\//.exec(url.pathname)?.[1];
  if (size === undefined) return branches;
  const n = Number(size);
  if (!(GENERATED_SIZES as readonly number[]).includes(n)) return undefined;
  if (!generated.has(n)) generated.set(n, generateBranches(n));
  return generated.get(n);
}

/**
 * `region` (default 370800, all of Jining), `group` and `minStars` of a
 * branches request, or the parameter that is wrong. An empty parameter
 * counts as absent.
 */
function branchQuery(url: URL): BranchQuery | { invalid: 'region' | 'minStars'; value: string } {
  const region = url.searchParams.get('region') || JINING;
  if (!regionOf(region)) return { invalid: 'region', value: region };
  const minStars = url.searchParams.get('minStars') || null;
  if (minStars !== null && !/^[1-5]$/.test(minStars)) return { invalid: 'minStars', value: minStars };
  return { region, group: url.searchParams.get('group') || null, minStars: minStars === null ? null : Number(minStars) };
}

const branchBodies: FaultBodies = {
  happy: (url) => {
    const source = branchSource(url) ?? branches;
    const query = branchQuery(url);
    return branchesResponse('invalid' in query ? source : filterBranches(source, query));
  },
  broken: (url) => {
    let body = branchBodies.happy(url) as Branches;
    if (body.items.length < 4) body = branchesResponse(branches);
    body = structuredClone(body);
    const { location } = body.items[3];
    location.lat = String(location.lat) as unknown as number; // items[3].location.lat: expected number
    return body;
  },
  hostile: hostileBranches,
};

const regionBodies: FaultBodies = {
  happy: (url) => {
    const adcode = /\/regions\/([^/?]+)/.exec(url.pathname)?.[1];
    return (adcode && regionOf(decodeURIComponent(adcode))) ?? jiningCounties;
  },
  broken: (url) => {
    let regions = regionBodies.happy(url) as Regions;
    if (regions.features.length < 3) regions = jiningCounties;
    regions = structuredClone(regions);
    const { properties } = regions.features[2];
    properties.name = Number(properties.adcode) as unknown as string; // features[2].properties.name: expected string
    return regions;
  },
  hostile: hostileRegions,
};

/** The mock endpoint's open days and bookings. */
export const desk = new BookingDesk();

const openDayBodies: FaultBodies = {
  happy: (url) => {
    const id = /\/open-days\/([^/?]+)/.exec(url.pathname)?.[1];
    return desk.bodyNow(id && decodeURIComponent(id));
  },
  broken: (url) => {
    const body = structuredClone(openDayBodies.happy(url)) as { items?: unknown[] };
    const day = (body.items?.[0] ?? body) as { sessions: { remaining: unknown }[] };
    day.sessions[0].remaining = '12'; // sessions[0].remaining: expected number
    return body;
  },
  hostile: hostileOpenDay,
};

const openDayListBodies: FaultBodies = { ...openDayBodies, hostile: hostileOpenDays };

function bodiesFor(url: URL): FaultBodies {
  const path = url.pathname;
  if (path.endsWith('/open-days')) return openDayListBodies;
  if (path.includes('/open-days/')) return openDayBodies;
  if (path.endsWith('/liaison-groups')) return boardBodies;
  if (path.endsWith('/branches')) return branchBodies;
  if (/\/regions\/[^/]+$/.test(path)) return regionBodies;
  return brandBodies;
}

export const faultHandlers = [
  http.get('*/dj-api/fault/:fault/*', async ({ params, request }) => {
    const url = new URL(request.url);
    const path = url.pathname;
    const bodies = bodiesFor(url);
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
        return jsonWithEtag(request, bodies.happy(url));
      case 'timeout':
        await delay('infinite');
        return new HttpResponse(null, { status: 504 });
      case 'malformed':
        return new HttpResponse('{"id":"chengshen-weigong","name":"诚审', {
          headers: { 'Content-Type': 'application/json' },
        });
      case 'schema':
        return HttpResponse.json(bodies.broken(url) as object);
      case 'html':
        return new HttpResponse(loginPage, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      case 'empty':
        return new HttpResponse(null, { status: 204 });
      case 'offline':
        return HttpResponse.error();
      case 'injection':
        return HttpResponse.json(bodies.hostile as object);
      default:
        return problem(400, 'unknown-fault', '未知的故障模式', `可用：${FAULTS.join(', ')}`);
    }
  }),
];

export const brandHandlers = [
  http.get('*/brands/:id', ({ params, request }) => {
    const brand = allBrands.get(String(params.id));
    if (!brand) return reply(catalogProblems.noBrand(String(params.id)));
    return jsonWithEtag(request, brand);
  }),
];

export const boardHandlers = [
  http.get('*/liaison-groups', ({ request }) => {
    const url = new URL(request.url);
    const scope = url.searchParams.get('scope');
    const period = url.searchParams.get('period');
    const board = findBoard(scope, period);
    if (board === 'scope') return reply(catalogProblems.noScope(scope));
    if (board === 'period') return reply(catalogProblems.noPeriod(period));
    return jsonWithEtag(request, board);
  }),
];

export const mapHandlers = [
  http.get('*/regions/:adcode', ({ params, request }) => {
    const adcode = String(params.adcode);
    const regions = regionOf(adcode);
    if (!regions) return reply(catalogProblems.noBoundary(adcode));
    return jsonWithEtag(request, regions);
  }),
  http.get('*/branches', ({ request }) => {
    const url = new URL(request.url);
    const source = branchSource(url);
    if (!source) return problem(404, 'not-found', '未找到生成数据', `生成数据只有 ${GENERATED_SIZES.join('、')} 条两种。`);
    const query = branchQuery(url);
    if ('invalid' in query)
      return reply(query.invalid === 'region' ? catalogProblems.noRegion(query.value) : catalogProblems.badMinStars(query.value));
    // form=columns as the server answers it (src/contract/branch-columns.ts); the fault endpoints keep the usual form.
    const form = url.searchParams.get('form') || 'items';
    if (!(BRANCH_FORMS as readonly string[]).includes(form)) return reply(catalogProblems.badForm(form));
    const answer = branchesResponse(filterBranches(source, query));
    return jsonWithEtag(request, form === 'columns' ? toColumns(answer) : answer);
  }),
];

/**
 * A stand-in basemap: `/tiles/{z}/{x}/{y}.svg` draws each tile's grid and its
 * z/x/y, so a story shows where tiles fall without any tile service.
 */
export const tileHandlers = [
  http.get('*/tiles/:z/:x/:y', ({ params }) => {
    const label = `${String(params.z)}/${String(params.x)}/${String(params.y).replace(/\.svg$/, '')}`;
    const body = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">',
      '<rect width="256" height="256" fill="#e8efe4" stroke="#b9c7b0"/><path d="M0 128H256M128 0V256" stroke="#d3ddcc"/>',
      `<text x="8" y="20" font-family="sans-serif" font-size="14" fill="#5b6b52">${label}</text></svg>`,
    ].join('');
    return new HttpResponse(body, { headers: { 'Content-Type': 'image/svg+xml' } });
  }),
];

export const POST_FAULTS = ['offline', 'session-full', 'duplicate-booking', 'closed', 'invalid'] as const;
export type PostFault = (typeof POST_FAULTS)[number];

/** Base URL of an endpoint whose GETs work and whose POSTs fail in the given way. */
export const postFaultEndpoint = (fault: PostFault) => `/dj-api/post-fault/${fault}`;

const postFaultHandlers = [
  http.post('*/dj-api/post-fault/:fault/*', ({ params }) => {
    switch (params.fault as PostFault) {
      case 'offline':
        return HttpResponse.error();
      case 'session-full':
        return problem(409, 'session-full', '该场次名额不足', '该场次的名额已经约满。');
      case 'duplicate-booking':
        return problem(409, 'duplicate-booking', '已经预约过', '该手机号码或身份证号码已预约本次开放日，每人只能预约一次。');
      case 'closed':
        return problem(410, 'booking-closed', '预约已截止', '本次开放日的预约已经截止。');
      case 'invalid':
        return problem(422, 'validation', '预约信息有误', '手机号码格式不对；该姓名暂不能预约。', {
          errors: [
            { field: 'phone', code: 'format', message: '请输入以 1 开头的 11 位手机号码，例如 13800000000' },
            { field: 'name', code: 'blocked', message: '该姓名暂不能在线预约，请致电咨询' },
          ],
        });
      default:
        return problem(400, 'unknown-fault', '未知的故障模式', `可用：${POST_FAULTS.join(', ')}`);
    }
  }),
];

/** A desk answer as the contract sends it: problems as problem+json. */
const reply = ({ status, body, headers }: Answer) =>
  HttpResponse.json(body as object, {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8', ...headers },
  });

/** The JSON body of a request, or undefined when it is not JSON. */
const bodyOf = (request: Request): Promise<unknown> => request.json().catch(() => undefined);
/** A body's answer as the server gives it: 415 unless labelled JSON, 400 when not JSON or holding U+0000, else `answer(body)`. */
const withBody = async (request: Request, answer: (body: unknown) => Promise<Answer>) => {
  const type = mediaTypeOf(request.headers.get('Content-Type'));
  if (!isJsonType(type)) return reply(bookingProblems.notJsonType(type));
  const body = await bodyOf(request);
  return reply(body === undefined ? bookingProblems.notJson() : holdsNul(body) ? bookingProblems.nul() : await answer(body));
};

export const bookingHandlers = [
  http.get('*/open-days', async ({ request }) => {
    const url = new URL(request.url);
    return reply(await desk.list(url.searchParams.get('from'), url.searchParams.get('to')));
  }),
  http.get('*/open-days/:id', async ({ params, request }) => {
    const answer = await desk.get(String(params.id));
    return answer.status === 200 ? jsonWithEtag(request, answer.body) : reply(answer);
  }),
  http.post('*/open-days/:id/bookings', async ({ params, request }) => {
    return withBody(request, (body) => desk.book(String(params.id), request.headers.get('Idempotency-Key'), body));
  }),
  http.post('*/bookings/:code/lookup', async ({ params, request }) => {
    return withBody(request, (body) => desk.lookup(String(params.code), body));
  }),
  http.post('*/bookings/:code/cancel', async ({ params, request }) => {
    return withBody(request, (body) => desk.cancel(String(params.code), body));
  }),
];

/** Faults first: their URLs would also match the happy-path patterns. */
export const handlers = [
  ...faultHandlers,
  ...postFaultHandlers,
  ...brandHandlers,
  ...boardHandlers,
  ...mapHandlers,
  ...bookingHandlers,
  ...tileHandlers,
];
