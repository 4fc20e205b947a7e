/**
 * The staff desk (dist/dj-desk.js) end to end against the real reference server, in Chromium,
 * Firefox and WebKit: sign in (a wrong token first), create an open day dated today with a
 * session, a citizen books it through the public form (dist/dj-widgets.js), the desk finds the
 * booking by phone and by code, cancels another with a reason, exports the list as CSV, checks a
 * visitor in by a simulated scanner (the code's keys, then Enter), undoes it, answers every kind
 * of code (already in, cancelled, not today, unknown), and takes 10 codes scanned back to back,
 * all of them, in order, with the count saying so. axe in each state reached.
 *
 *   npm run build && node --test --test-reporter=spec test/e2e/desk.test.mjs
 *
 * The page and the built files come from a server of the test's own, which passes /dj-api/ on
 * to the reference server: the desk and the API on one origin, as on an office's intranet.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { bookingBody, phoneOf, post } from '../support/booking.mjs';
import { engineNames, launch } from '../support/engines.mjs';
import { ROOT, STAFF_TOKEN, staffHeaders, startServer } from '../support/server.mjs';
import { attrOf, axeViolations, click, clickIn, fill, inPage, locate, textOf, waitFor } from './support.mjs';

const DIST = `${ROOT}dist/`;
const DESK = 'dj-open-day-desk';
const FORM = 'dj-open-day-booking';

/** The calendar date in China Standard Time, `YYYY-MM-DD`, `days` from today. */
const chinaDate = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

const PAGES = {
  '/desk.html':
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>开放日工作台</title><script src="/test/support/record-errors.js"></script>' +
    '<script type="module" src="/dj-desk.js"></script></head>' +
    '<body><main><h1>机关内网</h1><dj-open-day-desk endpoint="/dj-api/v1"></dj-open-day-desk></main></body></html>',
  '/book.html': (id) =>
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>预约</title><script src="/test/support/record-errors.js"></script>' +
    '<script type="module" src="/dj-widgets.js"></script></head>' +
    `<body><main><h1>开放日预约</h1><dj-open-day-booking open-day-id="${id}" endpoint="/dj-api/v1"></dj-open-day-booking></main></body></html>`,
};

/**
 * A reference server of its own (fresh data: each engine counts today's visitors from zero) and
 * the test's file server in front of it; `{server, patches, origin, close}`.
 */
async function serve() {
  const server = await startServer();
  /** The PATCH requests the desk sent, with their bodies: an edit sends only what changed. */
  const patches = [];
  const files = await new Promise((resolve) => {
    const http = createServer(async (req, res) => {
      const url = new URL(req.url, 'http://x');
      const path = url.pathname;
      if (path.startsWith('/dj-api/')) {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const body = ['GET', 'HEAD'].includes(req.method) ? undefined : Buffer.concat(chunks);
        const headers = {};
        for (const name of ['content-type', 'authorization', 'idempotency-key', 'accept'])
          if (req.headers[name]) headers[name] = req.headers[name];
        if (req.method === 'PATCH') patches.push({ path, body: JSON.parse(String(body)) });
        // A server that is gone is a connection that drops, as the browser would meet it.
        const answer = await fetch(`${server.origin}${req.url}`, { method: req.method, headers, body }).catch(() => null);
        if (!answer) return res.destroy();
        const out = {};
        for (const name of ['content-type', 'content-disposition', 'retry-after', 'cache-control'])
          if (answer.headers.get(name)) out[name] = answer.headers.get(name);
        res.writeHead(answer.status, out);
        return res.end(Buffer.from(await answer.arrayBuffer()));
      }
      const send = (type, content) => res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(content);
      if (path === '/desk.html') return send('text/html; charset=utf-8', PAGES['/desk.html']);
      if (path === '/book.html') return send('text/html; charset=utf-8', PAGES['/book.html'](url.searchParams.get('id')));
      if (path === '/test/support/record-errors.js') return send('text/javascript', readFileSync(`${ROOT}test/support/record-errors.js`));
      if (/^\/dj-(desk|widgets)\.js$/.test(path)) return send('text/javascript', readFileSync(`${DIST}${path.slice(1)}`));
      res.writeHead(404).end();
    });
    http.listen(0, '127.0.0.1', () => resolve(http));
  });
  return {
    server,
    patches,
    origin: `http://127.0.0.1:${files.address().port}`,
    close: async () => {
      files.close();
      await server.stop();
    },
  };
}

before(() => {
  for (const file of ['dj-desk.js', 'dj-widgets.js'])
    if (!existsSync(`${DIST}${file}`)) throw new Error(`dist/${file} is missing: run \`npm run build\` first.`);
});

test('the public kit and its loader hold no desk', () => {
  assert.doesNotMatch(readFileSync(`${DIST}dj-widgets.js`, 'utf8'), /dj-open-day-desk/);
});

/** A day of the staff API's body, dated `date`, with one session of 100 places. */
const dayBody = (id, date) => ({
  id,
  title: '区行政审批服务局开放日',
  unit: { id: 'yz-xzsp', name: '兖州区行政审批服务局' },
  description: '走进“兖周到”项目管家服务团队。',
  address: '兖州区政务服务中心',
  date,
  bookingClosesAt: `${date}T23:59:00+08:00`,
  maxPartySize: 5,
  requiresIdNumber: false,
  minAge: 0,
  notes: [],
  contactPhone: '0537-3412345',
  sessions: [{ id: 's1', start: '09:00', end: '17:00', capacity: 100 }],
});

/** Books through the public API of `server`; the booking code. */
async function book(server, dayId, n, name, partySize = 1) {
  const answer = await post(`${server.api}/open-days/${dayId}/bookings`, bookingBody({ sessionId: 's1', n, name, partySize }), {
    'Idempotency-Key': `desk-e2e-${dayId}-${n}`,
  });
  assert.equal(answer.status, 201, `booking ${n} for ${dayId}: ${answer.text}`);
  return answer.body.code;
}

/**
 * Chromium logs every answer that is not 2xx as a failed resource; the refusals the test asks
 * for (a wrong token, a 422, a 409 at the door, a code never made) are answers the desk explains.
 */
const ANSWERED = /^console\.error: Failed to load resource: the server responded with a status of (401|404|409|422|429) /;
const pageErrors = async (page) => (await page.errors()).filter((e) => !ANSWERED.test(e));

const answers = (page) =>
  inPage(page, ($) =>
    $.within('dj-open-day-desk', '.answer').map((li) => ({ code: li.dataset.code, kind: li.dataset.kind, text: $.text(li) })),
  );

async function assertAxe(page, label) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${label}: axe finds violations`);
}

for (const engineName of engineNames()) {
  describe(`the open-day desk in ${engineName}`, () => {
    let engine;
    let page;
    let served;
    let server;
    const dayId = `od-e2e-${engineName}`;
    const today = chinaDate();
    /** The n-th phone of the test's bookings. */
    const n = (i) => 9000 + i;
    const state = {};

    before(async () => {
      served = await serve();
      server = served.server;
      engine = await launch(engineName);
      page = await engine.newPage({ width: 1280, height: 900 });
      await page.open(`${served.origin}/desk.html`);
    });
    after(async () => {
      await engine?.close();
      await served?.close();
    });

    test('a wrong token is refused with its reason; the right one signs in', async () => {
      await fill(page, DESK, '#f-token', 'not-the-token');
      await page.press('Enter');
      const box = await locate(page, DESK, '#failure', { has: '员工令牌不正确' });
      assert.match(await textOf(page, box), /未能登录/);
      await assertAxe(page, 'wrong token');
      await fill(page, DESK, '#f-token', STAFF_TOKEN);
      await clickIn(page, DESK, 'button[type="submit"]', { has: '登录' });
      await locate(page, DESK, '#view-title', { has: '开放日' });
      await locate(page, DESK, '.nav-button', { has: '退出' });
      assert.equal(
        await page.evaluate((key) => sessionStorage.getItem(key), 'dj-open-day-desk.token:/dj-api/v1'),
        STAFF_TOKEN,
        'the token is kept for the tab',
      );
      assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    });

    test('an open day dated today is created with a session, and a 422 is shown by its field', async () => {
      await clickIn(page, DESK, 'button', { has: '新建开放日' });
      await locate(page, DESK, '#view-title', { has: '新建开放日' });
      await fill(page, DESK, '#f-id', dayId);
      await fill(page, DESK, '#f-title', '区行政审批服务局开放日');
      await fill(page, DESK, '#f-unit-id', 'yz-xzsp');
      await fill(page, DESK, '#f-unit-name', '兖州区行政审批服务局');
      await fill(page, DESK, '#f-date', today);
      await fill(page, DESK, '#f-address', '兖州区政务服务中心');
      // Two notes, one a line (Enter pressed as a key: WebDriver types no newline character).
      await fill(page, DESK, '#f-notes', '请携带身份证');
      await page.press('Enter');
      await page.raw.typeText('提前十分钟到场');
      await fill(page, DESK, '#f-bookingClosesAt', `${today} 23:59`);
      await fill(page, DESK, '#f-contactPhone', '0537-3412345');
      await fill(page, DESK, '#f-sessions-0-id', 's1');
      await fill(page, DESK, '#f-sessions-0-start', '09:00');
      await fill(page, DESK, '#f-sessions-0-end', '17:00');
      // Places left wrong: the server's 422 lands by its field, in the summary and above the field.
      await fill(page, DESK, '#f-sessions-0-capacity', '-3');
      await clickIn(page, DESK, 'button[type="submit"]', { has: '创建开放日' });
      await locate(page, DESK, '#summary', { has: '场次 1：名额应是 0 到 100000 的整数' });
      await locate(page, DESK, '#f-sessions-0-capacity-error');
      await assertAxe(page, 'new day with an error');
      await fill(page, DESK, '#f-sessions-0-capacity', '100');
      await clickIn(page, DESK, 'button[type="submit"]', { has: '创建开放日' });
      await locate(page, DESK, '#saved', { has: '已创建开放日' });
      await locate(page, DESK, '#view-title', { has: '编辑开放日' });
      const stored = await (await fetch(`${server.api}/admin/open-days/${dayId}`, { headers: staffHeaders })).json();
      assert.equal(stored.date, today);
      assert.deepEqual(stored.notes, ['请携带身份证', '提前十分钟到场']);
      assert.equal(Date.parse(stored.bookingClosesAt), Date.parse(`${today}T23:59:00+08:00`));
      assert.equal(stored.sessions[0].capacity, 100);
      await assertAxe(page, 'day created');
    });

    test('an edit sends only what changed; capacity below the seats taken is refused by its field; a session is added', async () => {
      // Two people booked already (through the public API), then the desk tries 1 place.
      state.other = await book(server, dayId, n(1), '王其他', 2);
      await clickIn(page, DESK, '.nav-button', { has: '开放日' });
      await clickIn(page, DESK, `article[aria-labelledby="day-${dayId}"] .bar button`, { has: '编辑开放日' });
      await fill(page, DESK, '#s-s1-capacity', '1');
      await clickIn(page, DESK, 'form.session button[type="submit"]', { has: '保存场次' });
      await locate(page, DESK, '#s-s1-error-first', { has: '名额不能少于已预约的 2 人' });
      await fill(page, DESK, '#s-s1-capacity', '120');
      await clickIn(page, DESK, 'form.session button[type="submit"]', { has: '保存场次' });
      await locate(page, DESK, '#saved', { has: '已保存' });
      assert.deepEqual(served.patches.at(-1), { path: `/dj-api/v1/admin/open-days/${dayId}/sessions/s1`, body: { capacity: 120 } });

      await fill(page, DESK, '#f-title', '区行政审批服务局政府开放日');
      await clickIn(page, DESK, 'button[type="submit"]', { has: '保存修改' });
      await locate(page, DESK, '#saved', { has: '已保存。' });
      assert.deepEqual(served.patches.at(-1), {
        path: `/dj-api/v1/admin/open-days/${dayId}`,
        body: { title: '区行政审批服务局政府开放日' },
      });
      await locate(page, DESK, '#view-title', { has: '区行政审批服务局政府开放日' });

      await fill(page, DESK, '#n-id', 's2');
      await fill(page, DESK, '#n-start', '14:30');
      await fill(page, DESK, '#n-end', '16:30');
      await fill(page, DESK, '#n-capacity', '40');
      await clickIn(page, DESK, 'form.session button[type="submit"]', { has: '添加场次' });
      await locate(page, DESK, '#saved', { has: '已添加场次 14:30–16:30' });
      await locate(page, DESK, 'form.session', { has: 's2 · 14:30–16:30' });
      await assertAxe(page, 'day edited');
    });

    test('a citizen books through the public form, and the desk comes back signed in', async () => {
      // In the same tab (WebKit's driver has one page at a time): the desk's token is kept for the tab.
      await page.setViewport(390, 844);
      await page.open(`${served.origin}/book.html?id=${dayId}`);
      await clickIn(page, FORM, 'label[for="f-sessionId"]');
      await clickIn(page, FORM, '.actions button[type="submit"]', { pick: 'last' });
      await fill(page, FORM, '#f-name', '张晓明');
      state.phone = phoneOf(n(2));
      await fill(page, FORM, '#f-phone', state.phone);
      await fill(page, FORM, '#f-partySize', '2');
      await fill(page, FORM, '#f-companions-0-name', '李红');
      await clickIn(page, FORM, '.actions button[type="submit"]', { pick: 'last' });
      await clickIn(page, FORM, 'label[for="f-consent-privacy"]');
      await clickIn(page, FORM, '.actions button[type="submit"]', { pick: 'last' });
      await locate(page, FORM, '[part="answers"]');
      await clickIn(page, FORM, '.actions button[type="submit"]', { pick: 'last' });
      state.code = await textOf(page, await locate(page, FORM, '#code'));
      assert.match(state.code, /^[A-Z2-9]{8}$/);
      assert.deepEqual(await pageErrors(page), []);

      await page.setViewport(1280, 900);
      await page.open(`${served.origin}/desk.html`);
      await locate(page, DESK, '#view-title', { has: '开放日' });
      await locate(page, DESK, '.nav-button', { has: '退出' });
    });

    test('the desk finds the booking by phone tail and by code, cancels another with a reason, and exports the CSV', async () => {
      await clickIn(page, DESK, '.nav-button', { has: '开放日' });
      await clickIn(page, DESK, `article[aria-labelledby="day-${dayId}"] .link-button`, { has: '预约名单' });
      await locate(page, DESK, '#view-title', { has: '预约名单' });
      await locate(page, DESK, '.count', { has: '共 2 条' });
      await fill(page, DESK, '#f-search', state.phone.slice(-4));
      await locate(page, DESK, '.count', { has: '显示 1 条' });
      await locate(page, DESK, 'tbody tr', { has: '张晓明' });
      await fill(page, DESK, '#f-search', state.code.toLowerCase());
      await locate(page, DESK, '.count', { has: '显示 1 条' });
      const row = await textOf(page, await locate(page, DESK, 'tbody tr'));
      assert.match(row, new RegExp(state.code));
      assert.match(row, /李红/, 'companions unmasked');
      assert.match(row, new RegExp(state.phone), 'phone unmasked');
      await assertAxe(page, 'bookings found');

      // Cancel the other booking: the reason is required.
      await fill(page, DESK, '#f-search', '王其他');
      await clickIn(page, DESK, `#cancel-${state.other}`);
      await locate(page, DESK, '#cancel-title');
      await clickIn(page, DESK, '[part="confirm"] button[type="submit"]');
      await locate(page, DESK, '#f-reason-error', { has: '请填写取消原因' });
      await assertAxe(page, 'cancel without a reason');
      await fill(page, DESK, '#f-reason', '来电告知临时出差');
      await clickIn(page, DESK, '[part="confirm"] button[type="submit"]');
      await locate(page, DESK, '#cancel-done', { has: `已取消 王其他 的预约 ${state.other}` });
      await locate(page, DESK, 'tbody tr', { has: '来电告知临时出差' });
      const after = await textOf(page, await locate(page, DESK, 'tbody tr'));
      assert.match(after, /已取消/);

      // The CSV: fetched with the token and saved under the server's name; the page keeps what was saved.
      await page.evaluate(() => {
        window.__saved = [];
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          if (this.download) {
            const name = this.download;
            window.__saved.push(
              fetch(this.href)
                .then((r) => r.text())
                .then((text) => ({ name, text })),
            );
            return;
          }
          return click.call(this);
        };
      });
      await clickIn(page, DESK, 'button', { has: '导出 CSV' });
      await locate(page, DESK, '#cancel-done', { has: '已导出' });
      const [saved] = await page.evaluate(() => Promise.all(window.__saved));
      assert.equal(saved.name, `bookings-${dayId}-s1.csv`);
      const lines = saved.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/);
      assert.match(lines[0], /^预约码,状态,姓名,手机号码/);
      assert.equal(lines.length, 3);
      assert.ok(lines.some((l) => l.startsWith(`${state.code},已预约,张晓明,`) && l.includes('李红')));
      assert.ok(lines.some((l) => l.startsWith(`${state.other},已取消,王其他,`) && l.includes('来电告知临时出差')));
    });

    test('check-in at the door: a scanned code, undo, and every kind of answer', async () => {
      // A booking for tomorrow, and one never made.
      const tomorrow = chinaDate(1);
      const later = await post(`${server.api}/admin/open-days`, dayBody(`${dayId}-later`, tomorrow), staffHeaders);
      assert.equal(later.status, 201, later.text);
      const notToday = await book(server, `${dayId}-later`, n(3), '赵明天');

      await clickIn(page, DESK, '.nav-button', { has: '签到' });
      await locate(page, DESK, '[part="count"]', { has: '今日已到 0 / 预约 2 人' });
      assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id), 'f-code', 'the code field has focus');
      await assertAxe(page, 'door, empty');

      const scan = async (code) => {
        await page.raw.typeText(code);
        await page.press('Enter');
      };
      await scan(state.code);
      await waitFor(page, 'the first answer', ($) => $.within('dj-open-day-desk', '.answer').length === 1);
      let [first] = await answers(page);
      assert.equal(first.kind, 'ok');
      assert.match(first.text, /已签到/);
      assert.match(first.text, /2 人：张晓明、李红/);
      await locate(page, DESK, '[part="count"]', { has: '今日已到 2 / 预约 2 人' });
      assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id), 'f-code', 'focus stays in the field');
      assert.equal(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.value), '', 'the field is empty again');

      await clickIn(page, DESK, '.answer button', { has: '撤销' });
      await waitFor(page, 'the check-in undone', ($) => $.within('dj-open-day-desk', '.answer')[0]?.dataset.kind === 'undone');
      await locate(page, DESK, '[part="count"]', { has: '今日已到 0 / 预约 2 人' });

      await click(page, `${DESK} >>> #f-code`);
      await scan(state.code);
      await scan(state.code.toLowerCase());
      await scan(state.other);
      await scan(notToday);
      await scan('ZZZZ2222');
      await waitFor(page, 'five more answers', ($) => $.within('dj-open-day-desk', '.answer').length === 6);
      const list = await answers(page);
      assert.deepEqual(
        list.slice(0, 5).map((a) => a.kind),
        ['unknown', 'not-today', 'cancelled', 'already', 'ok'],
        'newest first',
      );
      assert.match(list[0].text, /查无此码/);
      assert.match(list[1].text, new RegExp(`不是今天.*${tomorrow}`));
      assert.match(list[2].text, /已取消/);
      assert.match(list[3].text, /已于 \d{2}:\d{2} 签到过/);
      await locate(page, DESK, '[part="count"]', { has: '今日已到 2 / 预约 2 人' });
      await assertAxe(page, 'door, every answer');
      await waitFor(page, 'the latest answer announced', ($) =>
        $.within('dj-open-day-desk', '[aria-live="polite"]').some((el) => /ZZZZ2222 查无此码/.test($.text(el))),
      );
    });

    test('10 codes scanned back to back all land, in order, and the count says so', async () => {
      const codes = [];
      for (let i = 0; i < 10; i++) codes.push(await book(server, dayId, n(10 + i), `排队${i + 1}号`));
      const before = (await answers(page)).length;
      await click(page, `${DESK} >>> #f-code`);
      for (const code of codes) {
        await page.raw.typeText(code);
        await page.press('Enter');
      }
      await waitFor(page, 'ten answers', ($, n) => $.within('dj-open-day-desk', '.answer').length === n, [before + 10]);
      const list = await answers(page);
      assert.deepEqual(
        list.slice(0, 10).map((a) => a.code),
        [...codes].reverse(),
        'every code answered, newest first',
      );
      assert.deepEqual(
        list.slice(0, 10).map((a) => a.kind),
        Array(10).fill('ok'),
      );
      await locate(page, DESK, '[part="count"]', { has: '今日已到 12 / 预约 12 人' });
      const stored = await (await fetch(`${server.api}/admin/open-days/${dayId}`, { headers: staffHeaders })).json();
      assert.equal(stored.sessions[0].counts.arrived, 11);
      assert.deepEqual(await pageErrors(page), []);
    });

    test('at 320 px, in English and in large text, every view fits: nothing sticks out, nothing scrolls sideways', async () => {
      await page.setViewport(320, 800);
      await page.evaluate(() => {
        const desk = document.querySelector('dj-open-day-desk');
        desk.setAttribute('lang', 'en');
        desk.large = true;
      });
      await locate(page, DESK, '.desk-title', { has: 'Open day desk' });
      const overflow = (label) =>
        inPage(
          page,
          ($, what) => {
            const host = document.querySelector('dj-open-day-desk');
            const right = host.getBoundingClientRect().right;
            const out = $.within(host, '*')
              .filter((el) => $.shown(el) && !el.closest('.visually-hidden') && el.getBoundingClientRect().right > right + 0.5)
              .map((el) => `<${el.localName}${el.id ? `#${el.id}` : ''}.${String(el.className).trim().split(/\s+/).join('.')}>`);
            const page = document.documentElement.scrollWidth - innerWidth;
            return [
              ...(page > 0 ? [`${what}: the page scrolls ${page}px sideways`] : []),
              ...out.slice(0, 5).map((o) => `${what}: ${o} sticks out`),
            ];
          },
          label,
        );
      const faults = [];
      await clickIn(page, DESK, '.nav-button', { has: 'Open days' });
      await locate(page, DESK, `article[aria-labelledby="day-${dayId}"] .link-button`, { has: 'Bookings' });
      faults.push(...(await overflow('open days')));
      await clickIn(page, DESK, `article[aria-labelledby="day-${dayId}"] .link-button`, { has: 'Bookings' });
      await locate(page, DESK, '.count', { has: 'Showing' });
      faults.push(...(await overflow('bookings')));
      const size = await page.evaluate(() => parseFloat(getComputedStyle(deepQuery('dj-open-day-desk >>> td')).fontSize)); // eslint-disable-line no-undef
      assert.ok(size >= 18, `large text: a cell's text is ${size}px`);
      await assertAxe(page, 'bookings, English, large, 320 px');
      await clickIn(page, DESK, '.nav-button', { has: 'Check-in' });
      await locate(page, DESK, '.answer', { has: 'Checked in' });
      faults.push(...(await overflow('door')));
      await assertAxe(page, 'door, English, large, 320 px');
      await clickIn(page, DESK, '.nav-button', { has: 'Open days' });
      await clickIn(page, DESK, 'button', { has: 'New open day' });
      await locate(page, DESK, '#f-sessions-0-capacity');
      faults.push(...(await overflow('new open day')));
      assert.deepEqual(faults, []);
      await page.evaluate(() => {
        const desk = document.querySelector('dj-open-day-desk');
        desk.removeAttribute('lang');
        desk.large = false;
      });
      await page.setViewport(1280, 900);
    });

    test('名单导入 opens the lists view with the token', async () => {
      await clickIn(page, DESK, '.nav-button', { has: '名单导入' });
      await waitFor(page, 'the lists view drawn', ($) =>
        $.all(document, 'dj-desk-lists').some((el) => $.within(el, '#lists-title').some((h) => $.text(h) === '名单导入')),
      );
      assert.equal(await attrOf(page, `${DESK} >>> .nav-button[aria-current="page"]`, 'aria-current'), 'page');
      assert.match(await textOf(page, `${DESK} >>> .nav-button[aria-current="page"]`), /名单导入/);
      await assertAxe(page, 'lists');
    });

    test('signing out clears the token', async () => {
      await clickIn(page, DESK, '.nav-button', { has: '退出' });
      await locate(page, DESK, '#f-token');
      assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), 'dj-open-day-desk.token:/dj-api/v1'), null);
      await assertAxe(page, 'signed out');
      assert.deepEqual(await pageErrors(page), []);
    });

    test('too many wrong tokens: the wait the server gives (Retry-After) is said', async () => {
      // The server counts wrong tokens per address (10 a minute): the test's own tries use them up first.
      for (let i = 0; i < 10; i++) await fetch(`${server.api}/admin/open-days`, { headers: { Authorization: 'Bearer wrong' } });
      await fill(page, DESK, '#f-token', 'still-wrong');
      await page.press('Enter');
      const box = await locate(page, DESK, '#failure', { has: '错误令牌尝试次数过多' });
      assert.match(await textOf(page, box), /请 \d+ 秒后再试/);
      assert.deepEqual(await pageErrors(page), []);
    });

    test('the server unreachable: said plainly, and the failure reported once', async () => {
      const before = (await page.errors()).length;
      await served.server.stop();
      await fill(page, DESK, '#f-token', STAFF_TOKEN);
      await page.press('Enter');
      const box = await locate(page, DESK, '#failure', { has: '无法连接到数据服务' });
      assert.match(await textOf(page, box), /未能登录/);
      const fresh = (await page.errors()).slice(before);
      assert.ok(
        fresh.length >= 1 && fresh.every((e) => /network failure|Failed to load resource|ERR_|NetworkError|Load failed/i.test(e)),
        fresh.join('\n'),
      );
    });
  });
}
