/**
 * `<dj-desk-lists>`, the staff desk's 名单导入 view, as a member of staff
 * uses it: the lists' versions, a template saved with the token, a file
 * chosen and checked (its errors as a table of row, column and problem; or
 * what it adds, changes and removes), 确认导入 only without errors, the new
 * version, 恢复上一版本 behind a confirm step, the server's refusals in its
 * own words, English, large mode and a 320 px phone, axe in each state.
 *
 * The staff API is the msw worker's, with handlers per test that keep what
 * the panel sent (the server's own behaviour: test/server/lists.test.mjs).
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { DryRun, ListState } from '../src/contract/lists.js';
import type { DjDeskLists } from '../src/widgets/open-day-desk/desk-lists.js';
import '../src/widgets/open-day-desk/desk-lists.js';
import { $, $$, control, textOf, waitForSelector, waitForText } from './support/dom.js';
import { worker } from './support/setup.js';

const TOKEN = 'desk-token-0123456789abcdef';
const ADMIN = '/dj-api/v1/admin';

const version = (n: number, rows: number, by: string | null = 'staff') => ({ version: n, at: '2024-05-20T06:30:00.000Z', by, rows });
const states = (): ListState[] => [
  { list: 'brands', scope: null, period: null, current: null, previous: null },
  { list: 'branches', scope: null, period: null, current: version(2, 305), previous: version(1, 300) },
  { list: 'boards', scope: 'yanzhou', period: '2024Q3', current: version(1, 67), previous: version(0, 0, null) },
];

interface Sent {
  method: string;
  path: string;
  auth: string | null;
  body: string;
}

/** The staff API's list routes; `dry` is the next dry run's answer. Returns what the panel sent. */
function serve(dry: DryRun | { status: number; problem: object }) {
  const sent: Sent[] = [];
  let current = states();
  const record = async (request: Request) => {
    const url = new URL(request.url);
    sent.push({
      method: request.method,
      path: url.pathname.slice(ADMIN.length) + url.search,
      auth: request.headers.get('Authorization'),
      // The bytes as sent, a BOM included.
      body: request.method === 'POST' ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(await request.arrayBuffer()) : '',
    });
    return request.headers.get('Authorization') === `Bearer ${TOKEN}`;
  };
  const unauthorized = () =>
    HttpResponse.json({ title: '需要员工令牌', status: 401, detail: '请在 Authorization 请求头中提供 Bearer 令牌。' }, { status: 401 });
  worker.use(
    http.get(`${ADMIN}/lists`, async ({ request }) => ((await record(request)) ? HttpResponse.json({ items: current }) : unauthorized())),
    http.get(`${ADMIN}/lists/:list/template.:kind`, async ({ request, params }) => {
      if (!(await record(request))) return unauthorized();
      return new HttpResponse(`\ufeff编号,支部名称\r\n`, {
        headers: { 'Content-Type': 'text/csv', 'Content-Disposition': `attachment; filename="${params.list}-template.${params.kind}"` },
      });
    }),
    http.post(`${ADMIN}/lists/:list/imports`, async ({ request }) => {
      if (!(await record(request))) return unauthorized();
      return 'problem' in dry ? HttpResponse.json(dry.problem, { status: dry.status }) : HttpResponse.json(dry);
    }),
    http.post(`${ADMIN}/lists/:list/imports/:id/apply`, async ({ request, params }) => {
      if (!(await record(request))) return unauthorized();
      const state = current.find((s) => s.list === params.list)!;
      const next = { ...state, previous: state.current, current: version((state.current?.version ?? 0) + 1, 305) };
      current = current.map((s) => (s === state ? next : s));
      return HttpResponse.json(next);
    }),
    http.post(`${ADMIN}/lists/:list/restore`, async ({ request, params }) => {
      if (!(await record(request))) return unauthorized();
      const state = current.find((s) => s.list === params.list)!;
      const next = { ...state, previous: state.current, current: state.previous };
      current = current.map((s) => (s === state ? next : s));
      return HttpResponse.json(next);
    }),
  );
  return sent;
}

const goodRun: DryRun = {
  id: 'imp-1',
  list: 'branches',
  scope: null,
  period: null,
  rows: 305,
  errors: [],
  errorCount: 0,
  preview: { added: 5, changed: 12, removed: 0 },
  expiresAt: '2024-05-20T07:30:00.000Z',
};
const badRun: DryRun = {
  ...goodRun,
  id: null,
  preview: null,
  expiresAt: null,
  errorCount: 2,
  errors: [
    { row: 4, column: '星级', message: '第 4 行「星级」应为 1 到 5，而不是“6”' },
    { row: 9, column: '经度', message: '第 9 行「经度」「纬度」（100.5, 35.5）不在济宁市的任何区县内' },
  ],
};

async function panel(attrs = ''): Promise<DjDeskLists> {
  const el = await fixture<DjDeskLists>(`<dj-desk-lists endpoint="/dj-api/v1" ${attrs}></dj-desk-lists>`);
  el.token = TOKEN;
  await waitForText(el, el.locale === 'en' ? 'Never imported' : '尚未导入过');
  return el;
}

async function choose(el: DjDeskLists, label: string) {
  const radio = $$<HTMLInputElement>(el, 'input[type="radio"]').find((r) => r.closest('label')!.textContent!.includes(label))!;
  radio.click();
  await el.updateComplete;
}

/** A file put in the file input as the file picker does, and its change event. */
async function pickFile(el: DjDeskLists, text: string, name = 'branches.csv') {
  const input = $<HTMLInputElement>(el, '#file')!;
  const files = new DataTransfer();
  files.items.add(new File([text], name, { type: 'text/csv' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

const CSV = '\ufeff编号,支部名称,单位编号\r\nyz-g1-u1-b1,区委办公室党支部,yz-g1-u1\r\n';

describe('dj-desk-lists', () => {
  it('shows each list’s version, read with the staff token', async () => {
    const sent = serve(goodRun);
    const el = await panel();
    expect(sent[0]).to.include({ method: 'GET', path: '/lists', auth: `Bearer ${TOKEN}` });
    expect(textOf(el)).to.include('尚未导入过：现在显示的是演示数据');
    await choose(el, '五星级支部名单');
    expect(textOf(el)).to.include('当前：第 2 版，2024-05-20 14:30 由 staff 导入，305 行');
    expect(control(el, '恢复上一版本')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('saves a template fetched with the token, and says so', async () => {
    const sent = serve(goodRun);
    const el = await panel();
    await choose(el, '五星级支部名单');
    const saved: string[] = [];
    const onClick = (event: Event) => {
      const link = event.composedPath()[0] as HTMLAnchorElement;
      if (link.localName === 'a' && link.download) {
        saved.push(link.download);
        event.preventDefault();
      }
    };
    el.shadowRoot!.addEventListener('click', onClick, true);
    control(el, '下载 XLSX 模板').click();
    await waitForText(el, '已下载 branches-template.xlsx');
    expect(saved).to.deep.equal(['branches-template.xlsx']);
    expect(sent.at(-1)).to.include({ path: '/lists/branches/template.xlsx', auth: `Bearer ${TOKEN}` });
  });

  it('asks for a file before checking, at the file field', async () => {
    serve(goodRun);
    const el = await panel();
    control(el, '检查文件').click();
    await waitForText(el, '请先选择要上传的文件');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'file', 'focus never reached the file field');
    expect($(el, '#file')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('lists a file’s errors by row and column, and 确认导入 stays disabled', async () => {
    const sent = serve(badRun);
    const el = await panel();
    await choose(el, '五星级支部名单');
    await pickFile(el, CSV);
    control(el, '检查文件').click();
    const heading = await waitForSelector(el, '#result');
    expect(heading.textContent).to.equal('发现 2 处问题，没有导入');
    await waitUntil(() => el.shadowRoot!.activeElement === heading, 'focus never moved to the result');
    const upload = sent.find((s) => s.method === 'POST')!;
    expect(upload).to.include({ path: '/lists/branches/imports', auth: `Bearer ${TOKEN}`, body: CSV });
    expect($$(el, '.errors thead th').map((th) => th.textContent)).to.deep.equal(['行', '列', '问题']);
    const rows = $$(el, '.errors tbody tr').map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
    expect(rows).to.deep.equal([
      ['4', '星级', '第 4 行「星级」应为 1 到 5，而不是“6”'],
      ['9', '经度', '第 9 行「经度」「纬度」（100.5, 35.5）不在济宁市的任何区县内'],
    ]);
    expect((control(el, '确认导入') as HTMLButtonElement).disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('at 1000px the errors are a table: each error’s row, column and problem side by side, the header shown', async () => {
    serve(badRun);
    const host = await fixture<HTMLDivElement>(
      '<div style="width:1000px"><dj-desk-lists endpoint="/dj-api/v1" large></dj-desk-lists></div>',
    );
    const el = host.firstElementChild as DjDeskLists;
    el.token = TOKEN;
    await waitForText(el, '尚未导入过');
    await choose(el, '五星级支部名单');
    await pickFile(el, CSV);
    control(el, '检查文件').click();
    await waitForSelector(el, '.errors');
    expect($(el, '.errors thead')!.getBoundingClientRect().height).to.be.above(0);
    for (const tr of $$(el, '.errors tbody tr')) {
      const [row, column, message] = [...tr.children].map((c) => c.getBoundingClientRect());
      expect(column.left).to.be.at.least(row.right - 0.5);
      expect(message.left).to.be.at.least(column.right - 0.5);
      expect(message.top).to.equal(row.top);
    }
  });

  it('shows what a clean file changes, imports it on 确认导入 and shows the new version', async () => {
    const sent = serve(goodRun);
    const el = await panel();
    await choose(el, '五星级支部名单');
    await pickFile(el, CSV);
    control(el, '检查文件').click();
    await waitForText(el, '检查通过：共 305 行');
    const counts = $$(el, '.counts div').map((d) => d.textContent!.replace(/\s+/g, ''));
    expect(counts).to.deep.equal(['新增5', '修改12', '删除0']);
    await expect(el).to.be.accessible();
    const apply = control(el, '确认导入') as HTMLButtonElement;
    expect(apply.disabled).to.equal(false);
    apply.click();
    const done = await waitForSelector(el, '#done');
    expect(done.textContent).to.equal('已导入：现在是第 3 版，共 305 行。网站上的内容已更新。');
    await waitUntil(() => el.shadowRoot!.activeElement === done, 'focus never moved to the outcome');
    expect(
      sent.some((s) => s.method === 'POST' && s.path === '/lists/branches/imports/imp-1/apply' && s.auth === `Bearer ${TOKEN}`),
    ).to.equal(true);
    await waitForText(el, '当前：第 3 版');
    expect($(el, '#result')).to.equal(null);
  });

  it('sends a board’s scope and period with its file', async () => {
    const sent = serve({ ...goodRun, list: 'boards', scope: 'yanzhou', period: '2024Q3' });
    const el = await panel();
    await choose(el, '联系片评分榜');
    const period = $<HTMLInputElement>(el, '#f-period')!;
    period.value = '2024Q3';
    period.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(textOf(el)).to.include('当前：第 1 版');
    await pickFile(el, CSV, 'board.xlsx');
    control(el, '检查文件').click();
    await waitForText(el, '检查通过');
    expect(sent.find((s) => s.method === 'POST')!.path).to.equal('/lists/boards/imports?scope=yanzhou&period=2024Q3');
    await expect(el).to.be.accessible();
  });

  it('restores the previous version only after a confirm step; cancel goes back to the button', async () => {
    const sent = serve(goodRun);
    const el = await panel();
    await choose(el, '五星级支部名单');
    control(el, '恢复上一版本').click();
    const title = await waitForSelector(el, '#confirm-title');
    await waitUntil(() => el.shadowRoot!.activeElement === title, 'focus never moved to the confirm step');
    expect(textOf(el)).to.include('将把这份名单恢复为第 1 版（2024-05-20 14:30，300 行），替换现在的第 2 版。再恢复一次可以撤销。');
    await expect(el).to.be.accessible();
    control(el, '取消').click();
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'restore', 'focus never returned to 恢复上一版本');
    expect(sent.some((s) => s.path.includes('restore'))).to.equal(false);
    control(el, '恢复上一版本').click();
    await waitForSelector(el, '#confirm-title');
    control(el, '确认恢复').click();
    const done = await waitForSelector(el, '#done');
    expect(done.textContent).to.equal('已恢复：现在是第 1 版，共 300 行。');
    expect(sent.filter((s) => s.path === '/lists/branches/restore')).to.have.length(1);
    await waitForText(el, '当前：第 1 版');
  });

  it('shows a refusal in the server’s own words and moves focus to it', async () => {
    const detail =
      '这是旧版 Excel（.xls）或 WPS 表格（.et）文件，无法直接读取。请在 Excel 或 WPS 中“另存为” .xlsx 工作簿或 CSV（逗号分隔）文件后再上传。';
    serve({ status: 415, problem: { title: '文件类型不支持', status: 415, detail } });
    const el = await panel();
    await pickFile(el, 'binary', 'old.xls');
    control(el, '检查文件').click();
    const box = await waitForSelector(el, '#failure');
    expect(box.textContent!.replace(/\s+/g, ' ')).to.include(detail);
    await waitUntil(() => el.shadowRoot!.activeElement === box, 'focus never moved to the failure');
    await expect(el).to.be.accessible();
  });

  it('says why the versions cannot be read, and still offers the templates and the check', async () => {
    serve(goodRun);
    worker.use(
      http.get(`${ADMIN}/lists`, () =>
        HttpResponse.json({ title: '需要员工令牌', status: 401, detail: '请在 Authorization 请求头中提供 Bearer 令牌。' }, { status: 401 }),
      ),
    );
    const el = await fixture<DjDeskLists>(`<dj-desk-lists endpoint="/dj-api/v1"></dj-desk-lists>`);
    el.token = 'a-token-that-has-expired-000000';
    const box = await waitForSelector(el, '#failure');
    expect(box.textContent!.replace(/\s+/g, ' ')).to.include('请在 Authorization 请求头中提供 Bearer 令牌。');
    expect(textOf(el)).not.to.include('正在读取名单的版本');
    expect(control(el, '下载 CSV 模板')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('speaks English, the server’s Chinese marked as Chinese', async () => {
    serve(badRun);
    const el = await panel('lang="en"');
    expect($(el, '#lists-title')!.textContent).to.equal('Import lists');
    await choose(el, 'Five-star branch list');
    await pickFile(el, CSV);
    control(el, 'Check the file').click();
    await waitForText(el, '2 problems found: nothing was imported');
    expect($(el, '.errors td.msg span')!.getAttribute('lang')).to.equal('zh-CN');
    await expect(el).to.be.accessible();
  });

  for (const [mode, attrs, target] of [
    ['zh', '', 44],
    ['large', 'large', 60],
  ] as const) {
    it(`at 320px (${mode}): nothing outside the box, every target at least ${target}px, with errors and in the confirm step`, async () => {
      serve(badRun);
      const host = await fixture<HTMLDivElement>(
        `<div style="width:320px"><dj-desk-lists endpoint="/dj-api/v1" ${attrs}></dj-desk-lists></div>`,
      );
      const el = host.firstElementChild as DjDeskLists;
      el.token = TOKEN;
      await waitForText(el, '尚未导入过');
      const check = async (step: string) => {
        await el.updateComplete;
        const box = el.getBoundingClientRect();
        for (const n of $$(el, '*')) {
          const r = n.getBoundingClientRect();
          if (!r.width || n.closest('.visually-hidden') || n.closest('.table-box')) continue;
          expect(
            r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
            `${step}: <${n.localName} class="${n.className}"> sticks out`,
          ).to.equal(true);
        }
        for (const n of $$(el, 'button, input, label.choice')) {
          const r = n.getBoundingClientRect();
          expect(
            Math.min(r.width, r.height),
            `${step}: <${n.localName} id="${n.id}"> ${n.textContent!.trim().slice(0, 20)}`,
          ).to.be.at.least(target);
        }
        if (mode === 'large')
          for (const t of $$(el, 'p, label, legend, td, th'))
            expect(parseFloat(getComputedStyle(t).fontSize), `${step}: ${t.outerHTML.slice(0, 60)}`).to.be.at.least(18);
      };
      await check('start');
      await choose(el, '联系片评分榜');
      await check('board fields');
      await choose(el, '五星级支部名单');
      await pickFile(el, CSV);
      control(el, '检查文件').click();
      await waitForSelector(el, '.errors');
      await check('errors');
      // Each error is a card here: its row, column and problem one under another, each under its
      // label, the problem as wide as the card allows (beside two columns it was a third of it).
      for (const tr of $$(el, '.errors tbody tr')) {
        const [row, column, message] = [...tr.children] as HTMLElement[];
        expect(column.getBoundingClientRect().top).to.be.at.least(row.getBoundingClientRect().bottom - 0.5);
        expect(message.getBoundingClientRect().top).to.be.at.least(column.getBoundingClientRect().bottom - 0.5);
        expect(getComputedStyle(message, '::before').content).to.equal('"问题"');
        expect(message.querySelector('span')!.getBoundingClientRect().width / tr.getBoundingClientRect().width).to.be.at.least(0.5);
      }
      const table = $(el, '.table-box')!;
      expect(table.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
      control(el, '恢复上一版本').click();
      await waitForSelector(el, '#confirm-title');
      await check('confirm');
      await expect(el).to.be.accessible();
    });
  }
});
