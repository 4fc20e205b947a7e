/**
 * `<dj-open-day-booking>` as a citizen meets it: each step, every rule with
 * its exact words, the error summary and its links, what survives errors and
 * failures, idempotent retry, the 409 / 410 / 422 answers, lookup and cancel,
 * keyboard only, large mode, a 320px screen and axe at every step.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { delay, http, HttpResponse } from 'msw';
import { desk } from '../mocks/handlers.js';
import { problem } from '../mocks/http.js';
import { addDays, makeOpenDays } from '../src/demo/open-days.js';
import { chinaDate, idNumberProblem, normaliseId, validateBooking } from '../src/contract/booking.rules.js';
import type { OpenDay } from '../src/contract/booking.schema.js';
import { icsFile } from '../src/widgets/open-day-booking/ics.js';
import type { DjOpenDayBooking } from '../src/widgets/open-day-booking/open-day-booking.js';
import {
  CITIZEN,
  field,
  fill,
  fillDetails,
  ID,
  lookUp,
  lookUpBooked,
  OPEN_DAY,
  pick,
  submit,
  toCheck,
  toConsent,
  toDetails,
  toDone,
} from '../stories/open-day-booking.play.js';
import { runConformance } from './support/conformance.js';
import { $, $$, control, textOf, waitForSelector, waitForText } from './support/dom.js';
import { callsTo, fetchCalls, worker } from './support/setup.js';
import '../src/index.js';

const today = chinaDate();
const govDate = addDays(today, 4);

/** A YYYY-MM-DD as the reader sees it, worked out here rather than by the form's formatter: 12月6日 星期日. */
const zhDay = (date: string) => {
  const d = new Date(`${date}T12:00:00+08:00`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 星期${'日一二三四五六'[d.getUTCDay()]}`;
};
/** Sunday 6 December. */
const enDay = (date: string) => {
  const d = new Date(`${date}T12:00:00+08:00`);
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()]} ${d.getUTCDate()} ${month[d.getUTCMonth()]}`;
};

const make = (attrs = `open-day-id="${OPEN_DAY.government}"`) =>
  fixture<DjOpenDayBooking>(`<dj-open-day-booking ${attrs}></dj-open-day-booking>`);

async function gov(attrs = ''): Promise<DjOpenDayBooking> {
  const el = await make(`open-day-id="${OPEN_DAY.government}" ${attrs}`);
  await waitForText(el, '兖州区人民政府办公室');
  return el;
}

const active = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;
const summaryLinks = (el: Element) => $$(el, '[part="error-summary"] a').map((a) => a.textContent!.trim());
const inlineError = (el: DjOpenDayBooking, path: string) => {
  const id = field(el, path)!.id;
  return $(el, `#${id}-error`)?.textContent!.replace('错误：', '').trim();
};

/** The citizen's booking of session s1 of the government open day, as the contract's body. */
const bookingBody = (patch: object = {}) => ({
  sessionId: 's1',
  name: '张晓明',
  phone: '13800138000',
  idNumber: ID.adult,
  partySize: 1,
  companions: [],
  consent: { privacy: true, idNumber: true },
  ...patch,
});

/** The dj-error events of the running test: only failures fire one, never an answer the form explains. */
const djErrors: CustomEvent[] = [];
document.addEventListener('dj-error', (e) => djErrors.push(e));
/** The console.error lines of the running test (the kit logs each failed request once). */
const consoleErrors: string[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  consoleErrors.push(args.map(String).join(' '));
  consoleError(...args);
};
beforeEach(() => {
  djErrors.length = 0;
  consoleErrors.length = 0;
});

/** Presses Tab until the focused control's text or label contains `label`. */
async function tabTo(el: DjOpenDayBooking, label: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await sendKeys({ press: 'Tab' });
    const focused = active(el);
    const text = `${focused?.textContent ?? ''} ${(focused as HTMLInputElement | null)?.labels?.[0]?.textContent ?? ''}`;
    if (text.includes(label)) return;
  }
  throw new Error(`Tab never reached “${label}”`);
}

/** The bookings the form sent, with their Idempotency-Key. */
const posts = () => fetchCalls.filter((c) => c.url.endsWith('/bookings') && c.headers.has('Idempotency-Key'));

runConformance({
  tag: 'dj-open-day-booking',
  attrs: `open-day-id="${OPEN_DAY.government}"`,
  path: `/open-days/${OPEN_DAY.government}`,
  route: '*/open-days/:id',
  readyText: '兖州区人民政府办公室',
  emptyText: '这个开放日没有可以显示的内容',
  schemaPath: 'sessions[0].remaining',
});

describe('the booking rules', () => {
  const ids: [string, string, string | undefined][] = [
    ['valid', ID.adult, undefined],
    ['valid, check character X', ID.child, undefined],
    ['lowercase x', ID.child.toLowerCase(), undefined],
    ['Hong Kong residence permit (81)', ID.hongKong, undefined],
    ['Macao residence permit (82)', ID.macao, undefined],
    ['Taiwan residence permit (83)', ID.taiwan, undefined],
    ['wrong check character', `${ID.adult.slice(0, 17)}5`, 'check'],
    ['impossible date (30 February)', '370812199002301234', 'date'],
    ['impossible month', '370812199013011234', 'date'],
    ['future date', '370812209901011234', 'future'],
    ['17 characters', ID.adult.slice(0, 17), 'length'],
    ['letters inside', '3708121985O3121234', 'format'],
  ];
  for (const [what, id, expected] of ids) {
    it(`ID number: ${what}`, () => {
      // normaliseId raises a lowercase x; idNumberProblem takes normalised numbers.
      expect(idNumberProblem(normaliseId(id), today)).to.equal(expected);
    });
  }

  const day = makeOpenDays(today).find((d) => d.id === OPEN_DAY.government)!;
  const codes = (patch: object, d: OpenDay = day) => validateBooking(bookingBody(patch), d, today).map((e) => `${e.field}:${e.code}`);

  it('accepts a complete booking', () => expect(codes({})).to.deep.equal([]));

  it('takes mobiles with spaces, hyphens, +86 and 0086, and only 1[3-9] and 11 digits', () => {
    for (const phone of ['138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '008613800138000', '１３８００１３８０００'])
      expect(codes({ phone }), phone).to.deep.equal([]);
    for (const phone of ['12800138000', '1380013800', '138001380000', '23800138000'])
      expect(codes({ phone }), phone).to.deep.equal(['phone:format']);
  });

  it('holds names to 2-30 characters', () => {
    expect(codes({ name: '张' })).to.deep.equal(['name:length']);
    expect(codes({ name: '欧'.repeat(31) })).to.deep.equal(['name:length']);
    expect(codes({ name: '欧'.repeat(30) })).to.deep.equal([]);
    expect(codes({ name: '  ' })).to.deep.equal(['name:required']);
  });

  it('checks the minimum age against the open-day date', () => {
    expect(codes({ idNumber: ID.child })).to.deep.equal(['idNumber:age']);
    const sixteen = makeOpenDays(today).find((d) => d.id === OPEN_DAY.full)!;
    expect(codes({ idNumber: ID.child, sessionId: 'e1' }, sixteen)).to.deep.equal([]);
    // Turning 18 on the open day itself is old enough.
    const birthday = `${Number(govDate.slice(0, 4)) - 18}${govDate.slice(5, 7)}${govDate.slice(8)}`;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const first17 = `370812${birthday}123`;
    const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
    expect(codes({ idNumber: first17 + '10X98765432'[sum % 11] })).to.deep.equal([]);
  });

  it('holds the party size to 1..maxPartySize, with one companion per extra person', () => {
    expect(codes({ partySize: 0 })).to.deep.equal(['partySize:range']);
    expect(codes({ partySize: 6 })).to.deep.equal(['partySize:range']);
    expect(codes({ partySize: 2 })).to.deep.equal(['companions:count']);
    expect(codes({ partySize: 2, companions: [{ name: '李红', idNumber: ID.adult2 }] })).to.deep.equal([]);
  });

  it('refuses the same ID number twice in one booking', () => {
    expect(codes({ partySize: 2, companions: [{ name: '李红', idNumber: ID.adult.toLowerCase() }] })).to.deep.equal([
      'companions[0].idNumber:duplicate',
    ]);
  });

  it('asks for both consents, the ID one only when ID numbers are collected', () => {
    expect(codes({ consent: { privacy: false } })).to.deep.equal(['consent.privacy:required', 'consent.idNumber:required']);
    const noIds = makeOpenDays(today).find((d) => d.id === OPEN_DAY.approval)!;
    expect(codes({ sessionId: 'a1', idNumber: undefined, consent: { privacy: true } }, noIds)).to.deep.equal([]);
  });
});

describe('the mock desk answers like a server', async () => {
  const seats = async (session = 0) => ((await desk.get(OPEN_DAY.government)).body as OpenDay).sessions[session].remaining;

  it('takes seats, replays a key with the same body and refuses it with another', async () => {
    const first = await desk.book(OPEN_DAY.government, 'k1', bookingBody());
    expect(first.status).to.equal(201);
    expect(first.body).to.include({ status: 'confirmed', name: '张*明', phone: '138****8000', partySize: 1 });
    expect(await desk.book(OPEN_DAY.government, 'k1', bookingBody())).to.deep.equal(first);
    expect(await seats()).to.equal(11);
    expect((await desk.book(OPEN_DAY.government, 'k1', bookingBody({ sessionId: 's3' }))).status).to.equal(422);
    expect((await desk.book(OPEN_DAY.government, null, bookingBody())).status).to.equal(400);
  });

  it('books a phone or an ID number once per open day', async () => {
    await desk.book(OPEN_DAY.government, 'k1', bookingBody());
    const samePhone = await desk.book(OPEN_DAY.government, 'k2', bookingBody({ idNumber: ID.adult2 }));
    expect(samePhone.status).to.equal(409);
    expect((samePhone.body as { type: string }).type).to.match(/duplicate-booking$/);
    expect((await desk.book(OPEN_DAY.government, 'k3', bookingBody({ phone: '13900139000' }))).status).to.equal(409);
  });

  it('answers 409 session-full when the seats run out, and 410 once booking has closed', async () => {
    desk.holdSeats(OPEN_DAY.government, 's1', 12);
    const full = await desk.book(OPEN_DAY.government, 'k1', bookingBody());
    expect(full.status).to.equal(409);
    expect((full.body as { type: string }).type).to.match(/session-full$/);
    const closed = await desk.book(OPEN_DAY.closed, 'k2', bookingBody({ sessionId: 'j1' }));
    expect(closed.status).to.equal(410);
  });

  it('answers 422 with an error on each field, in the form’s words', async () => {
    const answer = await desk.book(
      OPEN_DAY.government,
      'k1',
      bookingBody({ phone: '123', partySize: 2, companions: [{ name: '', idNumber: ID.adult }] }),
    );
    expect(answer.status).to.equal(422);
    const { errors } = answer.body as { errors: { field: string; code: string; message: string }[] };
    expect(errors.map((e) => `${e.field}:${e.code}`)).to.deep.equal([
      'phone:format',
      'companions[0].name:required',
      'companions[0].idNumber:duplicate',
    ]);
    expect(errors[1].message).to.equal('第 1 位同行人员：请输入姓名');
  });

  it('finds and cancels by code and phone only, giving the seats back', async () => {
    const { code } = (await desk.book(OPEN_DAY.government, 'k1', bookingBody())).body as { code: string };
    expect((await desk.lookup(code, { phone: '13900139000' })).status).to.equal(404);
    expect((await desk.lookup(code.toLowerCase(), { phone: '+86 13800138000' })).status).to.equal(200);
    expect((await desk.cancel(code, { phone: '13800138000' })).body).to.include({ status: 'cancelled' });
    expect(await seats()).to.equal(12);
  });

  it('locks a code for an hour after ten wrong phones, even to the right one, and says so', async () => {
    const { code } = (await desk.book(OPEN_DAY.government, 'k1', bookingBody())).body as { code: string };
    const wrong = [];
    for (let i = 0; i < 10; i++) wrong.push(await desk.lookup(code, { phone: `1390013900${i}` }));
    expect(wrong.slice(0, 9).map((a) => a.status)).to.deep.equal(Array(9).fill(404));
    expect(wrong[9].status).to.equal(429);
    const locked = await desk.lookup(code, { phone: '13800138000' });
    expect(locked.status).to.equal(429);
    expect((locked.body as { type: string }).type).to.match(/\/code-locked$/);
    expect(Number(locked.headers!['Retry-After'])).to.be.within(3500, 3600);
    expect((await desk.cancel(code, { phone: '13800138000' })).status).to.equal(429);
    // A code that does not exist is counted alike: the lock tells nothing.
    const none = [];
    for (let i = 0; i < 10; i++) none.push((await desk.lookup('ZZZZ2222', { phone: '13900139000' })).status);
    expect(none.at(-1)).to.equal(429);
  });
});

describe('dj-open-day-booking step 1: choose', () => {
  it('shows the open day, its notes and minimum age, and its sessions with seats left', async () => {
    const el = await gov();
    const text = textOf(el);
    expect(text).to.contain('第 1 步，共 4 步').and.contain('群众监督进机关暨政府开放日').and.contain('兖州区人民政府机关大院北门');
    expect(text).to.contain('请携带身份证原件').and.contain('参观者须年满 18 周岁').and.contain('0537-3412345');
    expect(text)
      .to.contain(`${zhDay(govDate)} 09:00–10:30`)
      .and.contain('剩余 12 个名额')
      .and.contain('剩余 30 个名额');
    expect(text).to.contain(`预约截止：${zhDay(addDays(govDate, -1))} 17:00`);
    expect($$(el, '.facts div').find((row) => row.textContent!.includes('日期'))!.textContent).to.contain(zhDay(govDate));
    const radios = $$<HTMLInputElement>(el, 'input[type="radio"]');
    expect(radios.map((r) => r.disabled)).to.deep.equal([false, true, false]);
    const full = radios[1];
    expect(el.shadowRoot!.getElementById(full.getAttribute('aria-describedby')!)!.textContent).to.equal('已约满，不能选择');
  });

  it('lists the open days of the next 30 days when no open-day-id is given', async () => {
    const el = await make('');
    await waitForText(el, '选择开放日');
    const [call] = callsTo(`/open-days?from=${today}&to=${addDays(today, 30)}`);
    expect(call, 'the list request').to.exist;
    const days = $$(el, 'input[name="openDay"] + label').map((l) => l.textContent!.trim());
    expect(days).to.have.length(4);
    expect(days[0]).to.contain(zhDay(addDays(today, 1)));
    expect(textOf(el)).not.to.contain('兖州区市场监督管理局');
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal(['请选择一个开放日']);
    await pick(el, '政务服务开放日');
    expect(textOf(el)).to.contain('剩余 3 个名额').and.not.contain('参观者须年满');
  });

  it('marks closed and fully booked days in the list before they are chosen, and keeps them out of reach', async () => {
    const el = await make('');
    await waitForText(el, '选择开放日');
    const rows = () =>
      $$(el, 'input[name="openDay"]').map((input) => [
        (input as HTMLInputElement).labels![0].textContent!.replace(/\s+/g, ' ').trim(),
        (input as HTMLInputElement).disabled,
      ]);
    expect(rows()).to.deep.equal([
      [`${zhDay(addDays(today, 1))} 群众监督进机关暨政府开放日 已截止`, true],
      [`${zhDay(govDate)} 群众监督进机关暨政府开放日`, false],
      [`${zhDay(addDays(today, 6))} 群众监督进机关暨政府开放日 已约满`, true],
      [`${zhDay(addDays(today, 11))} 政务服务开放日：走进“兖周到”`, false],
    ]);
    const group = $(el, 'input[name="openDay"]')!.closest('fieldset')!;
    const about = el.shadowRoot!.getElementById(group.getAttribute('aria-describedby')!)!;
    expect(about.textContent!.trim(), 'the group says why some cannot be chosen').to.equal('已截止或已约满的开放日不能选择。');
    expect(
      $$(el, '.actions button[type="submit"]').map((b) => b.textContent),
      'Continue is there before choosing',
    ).to.deep.equal(['继续']);
    // By keyboard: Tab lands on the first day that can be booked, the arrows skip the full one.
    await tabTo(el, zhDay(govDate));
    await sendKeys({ press: 'ArrowDown' });
    expect((active(el) as HTMLInputElement).labels![0].textContent).to.contain('走进“兖周到”');
    await waitForText(el, '剩余 3 个名额');
    expect($$(el, '.actions button[type="submit"]'), 'Continue stays after choosing').to.have.length(1);
  });

  it('marks them in English too: Closed, Fully booked, with the weekday', async () => {
    const el = await make('lang="en"');
    await waitForText(el, 'Open day');
    const labels = $$(el, 'input[name="openDay"] + label').map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
    expect(labels[0]).to.equal(`${enDay(addDays(today, 1))} 群众监督进机关暨政府开放日 Closed`);
    expect(labels[2]).to.equal(`${enDay(addDays(today, 6))} 群众监督进机关暨政府开放日 Fully booked`);
    expect(textOf(el)).to.contain('Open days that are closed or fully booked cannot be chosen.');
    await pick(el, enDay(govDate));
    expect(textOf(el))
      .to.contain(`${enDay(govDate)} 09:00–10:30`)
      .and.contain(`Booking closes ${enDay(addDays(govDate, -1))} 17:00`);
  });

  it('a chosen day that fills up is marked, and Continue asks for another day', async () => {
    const el = await make('');
    await waitForText(el, '选择开放日');
    await pick(el, zhDay(govDate));
    await toCheck(el);
    desk.holdSeats(OPEN_DAY.government, 's1', 12);
    desk.holdSeats(OPEN_DAY.government, 's3', 30);
    await submit(el);
    const chosen = () => $$<HTMLInputElement>(el, 'input[name="openDay"]').find((r) => r.checked);
    await waitUntil(() => chosen()?.labels![0].textContent!.includes('已约满'), 'the chosen day was marked full');
    expect(chosen()!.labels![0].textContent).to.contain(zhDay(govDate));
    expect(textOf(el)).to.contain('本次开放日的所有场次都已约满。');
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal(['这个开放日的场次都已约满，请选择其他开放日']);
    $$(el, '[part="error-summary"] a')[0].click();
    expect((active(el) as HTMLInputElement).labels![0].textContent, 'the link goes to a day that can be chosen').to.contain('走进“兖周到”');
    expect(djErrors, 'a full session is an answer, not a failure').to.have.length(0);
    expect(consoleErrors, 'nor a console error').to.deep.equal([]);
  });

  it('says so when every open day in the list is closed or full', async () => {
    const days = makeOpenDays(today).filter((d) => d.id === OPEN_DAY.closed || d.id === OPEN_DAY.full);
    worker.use(http.get('*/open-days', () => HttpResponse.json({ items: days, total: days.length })));
    const el = await make('');
    await waitForText(el, '近期的开放日都已截止或约满，暂时不能预约。');
    expect($$<HTMLInputElement>(el, 'input[name="openDay"]').every((r) => r.disabled)).to.equal(true);
    expect($$(el, '.actions button[type="submit"]')).to.have.length(0);
  });

  it('explains a booking that has closed, and offers no session', async () => {
    const el = await make(`open-day-id="${OPEN_DAY.closed}"`);
    await waitForText(el, '济宁市审计局');
    expect(textOf(el)).to.contain(`本次开放日的预约已于 ${zhDay(addDays(today, -1))} 17:00 截止，不能再预约。`);
    expect($$(el, 'input[type="radio"]')).to.have.length(0);
    expect($$(el, 'button[type="submit"]')).to.have.length(0);
  });

  it('explains a past open day', async () => {
    const el = await make(`open-day-id="${OPEN_DAY.past}"`);
    await waitForText(el, '兖州区市场监督管理局');
    expect(textOf(el)).to.contain(`本次开放日已于 ${zhDay(addDays(today, -10))} 举行，不能再预约。`);
  });

  it('shows full sessions that cannot be chosen', async () => {
    const el = await make(`open-day-id="${OPEN_DAY.full}"`);
    await waitForText(el, '所有场次都已约满');
    expect($$<HTMLInputElement>(el, 'input[type="radio"]').every((r) => r.disabled)).to.equal(true);
    expect($$(el, 'button[type="submit"]')).to.have.length(0);
  });

  it('names the open day a wrong open-day-id asked for', async () => {
    const el = await make('open-day-id="no-such-day"');
    await waitForText(el, '未找到编号为“no-such-day”的开放日，请核对 open-day-id。');
  });
});

describe('dj-open-day-booking error summary', () => {
  it('takes focus, is titled “存在以下问题”, links to each field and repeats the inline words', async () => {
    const el = await gov();
    await toDetails(el);
    await fill(el, 'name', '张');
    await fill(el, 'phone', '1380013');
    await submit(el);
    await waitUntil(() => active(el)?.id === 'summary', 'the summary took focus');
    expect($(el, '#summary [role="alert"]')!.textContent).to.contain('存在以下问题');
    expect(summaryLinks(el)).to.deep.equal([
      '姓名应为 2 到 30 个字',
      '请输入以 1 开头的 11 位手机号码，例如 13800000000',
      '请输入身份证号码',
    ]);
    expect(inlineError(el, 'name')).to.equal('姓名应为 2 到 30 个字');
    expect(inlineError(el, 'idNumber')).to.equal('请输入身份证号码');
    const phone = field(el, 'phone')!;
    expect(phone.getAttribute('aria-invalid')).to.equal('true');
    expect(phone.getAttribute('aria-describedby')).to.equal('f-phone-hint f-phone-error');
    $$(el, '[part="error-summary"] a')[1].click();
    expect(active(el)).to.equal(phone);
    expect(location.hash, 'the page URL is left alone').to.equal('');
  });

  it('never uses vague words', async () => {
    const el = await gov();
    await toDetails(el);
    await fill(el, 'partySize', 'abc');
    await submit(el);
    const text = textOf(el);
    for (const vague of ['非法', '无效', 'required']) expect(text).not.to.contain(vague);
    expect(summaryLinks(el)).to.include('参观人数应为 1 到 5 人（含您本人）');
  });

  it('shows no error before the step is submitted (not on blur)', async () => {
    const el = await gov();
    await toDetails(el);
    await fill(el, 'phone', '123');
    field(el, 'phone')!.dispatchEvent(new Event('blur'));
    field(el, 'name')!.focus();
    await el.updateComplete;
    expect($(el, '[part="error-summary"]')).to.equal(null);
    expect($$(el, '.error')).to.have.length(0);
  });
});

describe('dj-open-day-booking step 2: details', () => {
  it('labels every field, with hints, autocomplete and inputmode', async () => {
    const el = await gov();
    await toDetails(el);
    const name = field(el, 'name')!;
    const phone = field(el, 'phone')!;
    expect(name.labels![0].textContent).to.equal('姓名');
    expect(name.autocomplete).to.equal('name');
    expect(phone.autocomplete).to.equal('tel');
    expect(phone.type).to.equal('tel');
    expect(phone.inputMode).to.equal('tel');
    expect(field(el, 'partySize')!.inputMode).to.equal('numeric');
    expect(name.inputMode).to.equal('text');
    expect(field(el, 'idNumber')!.inputMode, 'a number pad has no X').to.equal('text');
    expect(field(el, 'idNumber')!.getAttribute('autocapitalize')).to.equal('characters');
    expect(field(el, 'idNumber')!.labels![0].textContent).to.equal('身份证号码');
    for (const input of [name, phone, field(el, 'idNumber')!, field(el, 'partySize')!, field<HTMLTextAreaElement>(el, 'needs')!]) {
      const hint = el.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!);
      expect(hint?.textContent, input.id).to.have.length.above(4);
    }
  });

  it('asks no ID number when the open day does not require one', async () => {
    const el = await make(`open-day-id="${OPEN_DAY.approval}"`);
    await waitForText(el, '兖周到');
    await toDetails(el, '09:30');
    expect(field(el, 'idNumber')).to.equal(null);
    await fill(el, 'partySize', '2');
    expect(field(el, 'companions[0].name')).to.exist;
    expect(field(el, 'companions[0].idNumber')).to.equal(null);
  });

  it('asks for each companion as the party grows, and keeps their names when it shrinks', async () => {
    const el = await gov();
    await toDetails(el);
    await fill(el, 'partySize', '3');
    expect($$(el, 'fieldset.person legend').map((l) => l.textContent)).to.deep.equal(['第 1 位同行人员', '第 2 位同行人员']);
    await fill(el, 'companions[1].name', '王强');
    await fill(el, 'partySize', '1');
    expect(field(el, 'companions[0].name')).to.equal(null);
    await fill(el, 'partySize', '3');
    expect(field(el, 'companions[1].name')!.value).to.equal('王强');
  });

  const cases: [string, string, string, string][] = [
    ['name', '', 'name', '请输入姓名'],
    ['name', '张', 'name', '姓名应为 2 到 30 个字'],
    ['phone', '', 'phone', '请输入手机号码'],
    ['phone', '12800138000', 'phone', '请输入以 1 开头的 11 位手机号码，例如 13800000000'],
    ['idNumber', ID.adult.slice(0, 17), 'idNumber', '身份证号码应为 18 位，现在是 17 位'],
    ['idNumber', `${ID.adult.slice(0, 17)}5`, 'idNumber', '身份证号码最后一位与前 17 位对不上，请逐位核对'],
    ['idNumber', '370812199002301234', 'idNumber', '身份证号码第 7 到 14 位的出生日期不存在，请核对'],
    ['idNumber', '370812209901011234', 'idNumber', '身份证号码第 7 到 14 位的出生日期晚于今天，请核对'],
    ['idNumber', '3708121985O3121234', 'idNumber', '身份证号码前 17 位应是数字，最后一位是数字或 X'],
    ['idNumber', ID.child, 'idNumber', '按身份证号码，参观者在开放日当天未满 18 周岁'],
    ['partySize', '6', 'partySize', '参观人数应为 1 到 5 人（含您本人）'],
    ['partySize', '0', 'partySize', '参观人数应为 1 到 5 人（含您本人）'],
  ];
  for (const [path, value, errorField, message] of cases) {
    it(`says “${message}” for ${path} “${value}”`, async () => {
      const el = await gov();
      await toDetails(el);
      await fill(el, 'name', CITIZEN.name);
      await fill(el, 'phone', CITIZEN.phone);
      await fill(el, 'idNumber', CITIZEN.idNumber);
      await fill(el, path, value);
      await submit(el);
      expect(summaryLinks(el)).to.deep.equal([message]);
      expect(inlineError(el, errorField)).to.equal(message);
      expect(field(el, path)!.value, 'what was typed stays').to.equal(value);
    });
  }

  it('accepts a lowercase x and the 81/82/83 residence permits', async () => {
    const el = await gov();
    await toDetails(el);
    await fill(el, 'name', CITIZEN.name);
    await fill(el, 'phone', CITIZEN.phone);
    await fill(el, 'partySize', '4');
    await fill(el, 'idNumber', ID.hongKong);
    await fill(el, 'companions[0].name', '陈美玲');
    await fill(el, 'companions[0].idNumber', ID.macao);
    await fill(el, 'companions[1].name', '林志明');
    await fill(el, 'companions[1].idNumber', ID.taiwan);
    await fill(el, 'companions[2].name', '李红');
    await fill(el, 'companions[2].idNumber', ID.adultX.toLowerCase());
    await submit(el);
    await waitForSelector(el, '#f-consent-privacy');
  });

  it('names the companion in their errors, and refuses an ID number given twice', async () => {
    const el = await gov();
    await toDetails(el);
    await fill(el, 'name', CITIZEN.name);
    await fill(el, 'phone', CITIZEN.phone);
    await fill(el, 'idNumber', ID.adult);
    await fill(el, 'partySize', '3');
    await fill(el, 'companions[0].idNumber', ID.adult);
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal([
      '第 1 位同行人员：请输入姓名',
      '第 1 位同行人员：这个身份证号码在本次预约中已经填过',
      '第 2 位同行人员：请输入姓名',
      '第 2 位同行人员：请输入身份证号码',
    ]);
    $$(el, '[part="error-summary"] a')[3].click();
    expect(active(el)).to.equal(field(el, 'companions[1].idNumber'));
  });

  it('says how many seats are left when the party is larger', async () => {
    desk.holdSeats(OPEN_DAY.approval, 'a2', 1);
    const el = await make(`open-day-id="${OPEN_DAY.approval}"`);
    await waitForText(el, '剩余 2 个名额');
    await toDetails(el, '15:00');
    await fill(el, 'name', CITIZEN.name);
    await fill(el, 'phone', CITIZEN.phone);
    await fill(el, 'partySize', '3');
    await fill(el, 'companions[0].name', '李红');
    await fill(el, 'companions[1].name', '王强');
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal(['该场次只剩 2 个名额，请减少人数或另选场次']);
    expect(inlineError(el, 'partySize')).to.equal('该场次只剩 2 个名额，请减少人数或另选场次');
  });
});

describe('dj-open-day-booking step 3: consent', () => {
  it('explains who, why, what, how long and the rights, with two separate unticked boxes', async () => {
    const el = await gov('retention-days="45"');
    await toConsent(el);
    const text = textOf(el);
    expect(text).to.contain('本次活动由兖州区人民政府办公室组织');
    expect(text)
      .to.contain('您和同行人员的身份证号码')
      .and.contain('用途')
      .and.contain('开放日结束后 45 天内删除')
      .and.contain('请致电 0537-3412345');
    const boxes = $$<HTMLInputElement>(el, 'input[type="checkbox"]');
    expect(boxes.map((b) => b.checked)).to.deep.equal([false, false]);
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal([
      '请阅读个人信息保护说明，勾选同意后再继续',
      '本次开放日要核验身份证，请勾选同意提供身份证号码',
    ]);
    await pick(el, 'consent.privacy');
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal(['本次开放日要核验身份证，请勾选同意提供身份证号码']);
  });

  it('has no ID consent when no ID number is collected', async () => {
    const el = await make(`open-day-id="${OPEN_DAY.approval}"`);
    await waitForText(el, '兖周到');
    await toConsent(el);
    expect($$(el, 'input[type="checkbox"]')).to.have.length(1);
    expect(textOf(el)).not.to.contain('身份证');
  });
});

describe('dj-open-day-booking step 4: check your answers', () => {
  it('shows every answer with a change link that returns to the field and back', async () => {
    const el = await gov();
    await toCheck(el, [{ name: '李红', idNumber: ID.adult2 }]);
    const text = textOf(el);
    expect(text)
      .to.contain(`${zhDay(govDate)} 09:00–10:30`)
      .and.contain('张晓明')
      .and.contain('13800138000')
      .and.contain(ID.adult);
    expect(text).to.contain(`李红 ${ID.adult2}`).and.contain('无');
    const changes = $$(el, '.change button').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(changes).to.include('更改 手机号码');
    control(el, '更改 手机号码').click();
    await el.updateComplete;
    expect(active(el)).to.equal(field(el, 'phone'));
    await fill(el, 'phone', '139 0013 9000');
    await submit(el);
    await waitForSelector(el, '[part="answers"]');
    expect(textOf(el)).to.contain('13900139000');
  });

  it('goes back to step 1 when the page changes open-day-id mid-way, answers kept', async () => {
    const el = await gov();
    await toCheck(el);
    el.openDayId = OPEN_DAY.approval;
    await waitForText(el, '兖周到');
    expect(textOf(el)).to.contain('第 1 步');
    await toDetails(el);
    expect(field(el, 'name')!.value).to.equal(CITIZEN.name);
  });

  it('keeps every answer when going back to step 1 and forward again', async () => {
    const el = await gov();
    await toCheck(el);
    for (let i = 0; i < 3; i++) {
      control(el, '返回上一步').click();
      await el.updateComplete;
    }
    await waitForText(el, '选择场次');
    expect($<HTMLInputElement>(el, '#f-sessionId')!.checked).to.equal(true);
    await submit(el);
    expect(field(el, 'name')!.value).to.equal(CITIZEN.name);
    expect(field(el, 'idNumber')!.value).to.equal(CITIZEN.idNumber);
    await submit(el);
    expect(field(el, 'consent.privacy')!.checked).to.equal(true);
  });
});

describe('dj-open-day-booking submit', () => {
  it('sends the contract body with an Idempotency-Key, confirms, and takes the seats', async () => {
    const confirms: CustomEvent[] = [];
    document.addEventListener('dj-booking-confirm', (e) => confirms.push(e), { once: true });
    const el = await gov();
    await toCheck(el, [{ name: '李红', idNumber: ID.adult2.toLowerCase() }]);
    const sent: unknown[] = [];
    worker.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST') sent.push(await request.clone().json());
    });
    await submit(el);
    await waitForSelector(el, '#code');
    worker.events.removeAllListeners();
    expect(sent).to.deep.equal([
      {
        sessionId: 's1',
        name: '张晓明',
        phone: '13800138000',
        idNumber: ID.adult,
        partySize: 2,
        companions: [{ name: '李红', idNumber: ID.adult2 }],
        consent: { privacy: true, idNumber: true },
      },
    ]);
    expect(posts()[0].headers.get('Idempotency-Key')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const code = $(el, '#code')!.textContent!;
    expect(code).to.match(/^[A-Z2-9]{8}$/);
    expect(confirms[0].detail).to.deep.equal({ code, openDayId: OPEN_DAY.government, sessionId: 's1' });
    const seats = ((await desk.get(OPEN_DAY.government)).body as OpenDay).sessions[0].remaining;
    expect(seats).to.equal(10);
  });

  it('shows the code as a QR code too, named with the code, square and kept in its box at 320 px', async () => {
    const el = await gov();
    await toDone(el);
    const code = $(el, '#code')!.textContent!;
    const qr = await waitForSelector(el, 'svg.qr');
    expect(qr.getAttribute('role')).to.equal('img');
    expect(qr.getAttribute('aria-label')).to.equal(`预约码 ${code} 的二维码`);
    expect(textOf(el)).to.contain('入场时出示这个二维码或预约码均可');
    const box = qr.getBoundingClientRect();
    expect(Math.round(box.width)).to.equal(Math.round(box.height));
    expect(box.width).to.be.at.least(120);
    el.style.width = '320px';
    await el.updateComplete;
    const frame = $(el, '[part="base"]')!.getBoundingClientRect();
    const small = qr.getBoundingClientRect();
    expect(small.right, 'inside the widget').to.be.at.most(frame.right);
    await expect(el).to.be.accessible();
  });

  it('names the QR code in English on an English page', async () => {
    const el = await gov('lang="en"');
    await toDone(el);
    const code = $(el, '#code')!.textContent!;
    const qr = await waitForSelector(el, 'svg.qr');
    expect(qr.getAttribute('aria-label')).to.equal(`QR code of booking code ${code}`);
  });

  it('shows the code large, the visit, what to bring and the phone; copies, prints and adds to the phone calendar with an .ics', async () => {
    const el = await gov();
    await toDone(el);
    const code = $(el, '#code')!;
    expect(parseFloat(getComputedStyle(code).fontSize)).to.be.at.least(32);
    const text = textOf(el);
    expect(text).to.contain('预约成功').and.contain(zhDay(govDate)).and.contain('09:00–10:30').and.contain('兖州区人民政府机关大院北门');
    expect(text).to.contain('请携带身份证原件').and.contain('0537-3412345').and.contain('人数2');
    expect(active(el)!.id).to.equal('heading');

    const copied: string[] = [];
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copied.push(t) } });
    try {
      control(el, '复制预约码').click();
      await waitForText(el, '预约码已复制');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
    expect(copied).to.deep.equal([code.textContent]);

    let printed = 0;
    const realPrint = window.print;
    window.print = () => void printed++;
    control(el, '打印').click();
    window.print = realPrint;
    expect(printed).to.equal(1);

    const blobs: Blob[] = [];
    const create = URL.createObjectURL;
    const click = HTMLAnchorElement.prototype.click;
    let downloadName = '';
    URL.createObjectURL = (blob: Blob) => (blobs.push(blob), create.call(URL, blob));
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloadName = this.download;
    };
    try {
      control(el, '添加到手机日历').click();
    } finally {
      URL.createObjectURL = create;
      HTMLAnchorElement.prototype.click = click;
    }
    expect(downloadName).to.equal(`${code.textContent}.ics`);
    const ics = (await blobs[0].text()).replace(/\r\n /g, '');
    const start = new Date(`${govDate}T09:00:00+08:00`).toISOString().replace(/[-:]|\.\d+/g, '');
    expect(ics).to.contain('BEGIN:VCALENDAR').and.contain(`DTSTART:${start}`).and.contain(`UID:${code.textContent}@dj-widgets`);
    expect(ics).to.contain('LOCATION:兖州区人民政府机关大院北门（凭预约码和身份证入场）');
    expect(ics).to.contain(`预约码: ${code.textContent}`);
  });

  it('folds .ics lines to 75 octets and escapes commas and semicolons', () => {
    const day = { ...makeOpenDays(today)[0], address: '地点，甲；乙'.repeat(10) };
    const ics = icsFile('CODE1234', day, day.sessions[0], ['a, b; c'], 0);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length, line).to.be.at.most(75);
    expect(ics.replace(/\r\n /g, '')).to.contain('DESCRIPTION:a\\, b\\; c').and.contain('DTSTAMP:19700101T000000Z');
  });

  it('retries a dropped request with the same key, so the citizen is booked once', async () => {
    const el = await gov();
    await toCheck(el);
    // The server takes the booking, but the answer never arrives.
    worker.use(
      http.post(
        '*/open-days/:id/bookings',
        async ({ params, request }) => {
          await desk.book(String(params.id), request.headers.get('Idempotency-Key'), await request.json());
          return HttpResponse.error();
        },
        { once: true },
      ),
    );
    await submit(el);
    await waitForText(el, '预约没有提交成功：无法连接到数据服务');
    expect(active(el)!.id).to.equal('failure');
    expect(
      djErrors.map((e) => e.detail.kind),
      'a lost request is a failure',
    ).to.deep.equal(['network']);
    expect(field(el, 'name'), 'still on the check page').to.equal(null);
    expect(textOf(el)).to.contain('张晓明');
    expect(
      $$(el, 'button[type="submit"]').map((b) => b.textContent!.trim()),
      'one way to send again: the error box’s, not a second button that does the same',
    ).to.deep.equal(['重新提交']);
    control(el, '重新提交').click();
    await waitForSelector(el, '#code');
    const [first, second] = posts();
    expect(second.headers.get('Idempotency-Key')).to.equal(first.headers.get('Idempotency-Key'));
    expect(((await desk.get(OPEN_DAY.government)).body as OpenDay).sessions[0].remaining, 'one seat taken').to.equal(11);
  });

  it('offers Retry after a timeout, with the same key', async () => {
    const el = await gov('timeout="300"');
    await toCheck(el);
    worker.use(http.post('*/open-days/:id/bookings', () => delay('infinite'), { once: true }));
    await submit(el);
    await waitForText(el, '0.3 秒内没有响应');
    // The retry is answered by the desk: on a loaded machine it may take longer than the 0.3 s that made the first time out.
    el.timeout = 10_000;
    await el.updateComplete;
    control(el, '重新提交').click();
    await waitForSelector(el, '#code');
    const keys = posts().map((c) => c.headers.get('Idempotency-Key'));
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
  });

  it('ignores a second press while the request is pending, and never disables the button', async () => {
    const el = await gov();
    await toCheck(el);
    worker.use(
      http.post(
        '*/open-days/:id/bookings',
        async ({ params, request }) => {
          await delay(400);
          const { status, body } = await desk.book(String(params.id), request.headers.get('Idempotency-Key'), await request.json());
          return HttpResponse.json(body as object, { status });
        },
        { once: true },
      ),
    );
    const button = control(el, '确认并提交预约') as HTMLButtonElement;
    button.click();
    await el.updateComplete;
    expect(button.disabled).to.equal(false);
    expect(textOf(el)).to.contain('正在提交预约，请稍候');
    button.click();
    await waitForSelector(el, '#code');
    expect(posts()).to.have.length(1);
  });

  it('a new key when the answers change after a failure', async () => {
    const el = await gov();
    await toCheck(el);
    worker.use(http.post('*/open-days/:id/bookings', () => HttpResponse.error(), { once: true }));
    await submit(el);
    await waitForText(el, '预约没有提交成功');
    control(el, '更改 手机号码').click();
    await el.updateComplete;
    await fill(el, 'phone', '13900139000');
    await submit(el);
    await waitForSelector(el, '[part="answers"]');
    await submit(el);
    await waitForSelector(el, '#code');
    const [first, second] = posts();
    expect(second.headers.get('Idempotency-Key')).not.to.equal(first.headers.get('Idempotency-Key'));
  });

  it('409 session-full: back to step 1 with fresh seats, saying what happened, every answer kept', async () => {
    const el = await gov();
    await toCheck(el, [{ name: '李红', idNumber: ID.adult2 }]);
    desk.holdSeats(OPEN_DAY.government, 's1', 11);
    await submit(el);
    await waitForText(el, '您选的场次名额刚刚不够了');
    expect(summaryLinks(el)).to.deep.equal(['您选的场次名额刚刚不够了，名额已经更新，请另选场次或减少人数。您填写的信息都已保留。']);
    await waitForText(el, '剩余 1 个名额');
    await pick(el, '14:30');
    await submit(el);
    // Straight back to check your answers, every answer kept.
    await waitForSelector(el, '[part="answers"]');
    expect(textOf(el)).to.contain('14:30–16:00').and.contain('张晓明').and.contain(`李红 ${ID.adult2}`);
    await submit(el);
    await waitForSelector(el, '#code');
    expect(textOf(el)).to.contain('14:30–16:00');
    expect(djErrors, 'an answer, not a failure').to.have.length(0);
    expect(consoleErrors, 'nor a console error').to.deep.equal([]);
  });

  it('409 duplicate-booking: says so and offers the lookup', async () => {
    const el = await gov();
    await toCheck(el);
    await desk.book(OPEN_DAY.government, 'earlier', bookingBody({ sessionId: 's3' }));
    await submit(el);
    await waitForText(el, '该手机号码或身份证号码已经预约过本次开放日，不能重复预约。');
    expect(djErrors, 'an answer, not a failure').to.have.length(0);
    expect(consoleErrors, 'nor a console error').to.deep.equal([]);
    control(el, '查询或取消预约').click();
    await el.updateComplete;
    expect(field(el, 'code')).to.exist;
  });

  it('410: back to step 1, saying booking has just closed', async () => {
    const el = await gov();
    await toCheck(el);
    worker.use(http.post('*/open-days/:id/bookings', () => problem(410, 'booking-closed', '预约已截止', '预约已截止。'), { once: true }));
    await submit(el);
    await waitForText(el, '本次开放日刚刚截止预约，预约没有提交。');
    expect(active(el)!.id).to.equal('summary');
    expect(djErrors, 'an answer, not a failure').to.have.length(0);
    expect(consoleErrors, 'nor a console error').to.deep.equal([]);
  });

  it('422: the server’s field errors land on the same fields and summary', async () => {
    const el = await gov('lang="en"');
    await toCheck(el);
    worker.use(
      http.post(
        '*/open-days/:id/bookings',
        () =>
          problem(422, 'validation', '预约信息有误', '…', {
            errors: [
              { field: 'phone', code: 'format', message: '请输入以 1 开头的 11 位手机号码' },
              { field: 'name', code: 'blocked', message: '该姓名暂不能预约，请致电咨询' },
            ],
          }),
        { once: true },
      ),
    );
    await submit(el);
    await waitForText(el, 'There is a problem');
    expect(summaryLinks(el)).to.deep.equal([
      'Enter an 11-digit mobile number starting with 1, like 13800000000',
      '该姓名暂不能预约，请致电咨询',
    ]);
    expect(inlineError(el, 'name')).to.contain('该姓名暂不能预约');
    expect(field(el, 'name')!.value).to.equal(CITIZEN.name);
    expect(djErrors, 'the citizen’s answers to fix, not a failure').to.have.length(0);
    expect(consoleErrors, 'nor a console error').to.deep.equal([]);
  });
});

describe('dj-open-day-booking: the server’s words in the reader’s language', () => {
  it('a 422 whose message has values (a hidden character’s position) is said in English from the values the server sends', async () => {
    const el = await gov('lang="en"');
    await toCheck(el);
    // The desk's own answer to a name with a zero-width space: the server sends the same.
    const answer = await desk.book(OPEN_DAY.government, 'k-hidden', bookingBody({ name: '张\u200b三' }));
    expect(answer.status).to.equal(422);
    worker.use(
      http.post(
        '*/open-days/:id/bookings',
        () => HttpResponse.json(answer.body as object, { status: 422, headers: { 'Content-Type': 'application/problem+json' } }),
        { once: true },
      ),
    );
    await submit(el);
    await waitForText(el, 'There is a problem');
    const [link] = summaryLinks(el);
    expect(link).to.match(/^Character 2 of the full name is invisible \(U\+200B\)/);
    expect(textOf(el)).not.to.contain('姓名第');
  });

  it('a locked code says how long is left, from the seconds the answer gives', async () => {
    const el = await make('view="lookup"');
    worker.use(
      http.post('*/bookings/:code/lookup', () => problem(429, 'code-locked', '查询错误次数过多', '…', { retryAfter: 1490 }), {
        once: true,
      }),
    );
    await lookUp(el, 'ABCD2345');
    await waitForText(el, '网上查询和取消暂停约 25 分钟');
    expect(djErrors).to.have.length(0);
  });
});

describe('dj-open-day-booking lookup and cancel', () => {
  async function booked(): Promise<[DjOpenDayBooking, string]> {
    const el = await gov();
    await toDone(el);
    const code = $(el, '#code')!.textContent!;
    el.view = 'lookup';
    await el.updateComplete;
    return [el, code];
  }

  it('finds a booking by code and mobile, masked, with its visit', async () => {
    const [el, code] = await booked();
    await lookUp(el, ` ${code.toLowerCase()} `, '+86 138-0013-8000');
    await waitForText(el, '您的预约');
    await waitForText(el, '兖州区人民政府机关大院北门');
    const text = textOf(el);
    expect(text).to.contain(code).and.contain('已预约').and.contain('张*明').and.contain('138****8000').and.contain('09:00–10:30');
    // A POST with the phone in its body: no phone in a URL a proxy would log.
    const [call] = callsTo(`/bookings/${code}/lookup`);
    expect(call.method).to.equal('POST');
    expect(JSON.parse(call.body!)).to.deep.equal({ phone: '13800138000' });
    expect(
      fetchCalls.some((c) => c.url.includes('13800138000')),
      'the phone is in no URL',
    ).to.equal(false);
  });

  it('a code locked after ten wrong mobiles: says for how long, that the booking stands and whom to call; no dj-error', async () => {
    const [el, code] = await booked();
    for (let i = 0; i < 10; i++) await desk.lookup(code, { phone: `1390013900${i}` });
    await lookUp(el, code);
    const message =
      '这个预约码的手机号码已核对错误多次，为保护预约人，网上查询和取消暂停约 60 分钟。预约本身仍然有效；急需查询或取消，请致电开放日的联系电话';
    await waitForText(el, message);
    expect(summaryLinks(el)).to.deep.equal([message]);
    expect(field(el, 'code')!.getAttribute('aria-invalid')).to.equal('true');
    // The way out: the open day's number, right under the message.
    const call = $(el, '#locked-phones a[href^="tel:"]');
    expect(call, 'a number to call').to.exist;
    expect(call!.textContent).to.equal(((await desk.get(OPEN_DAY.government)).body as OpenDay).contactPhone);
    expect(djErrors, 'a lock is no system error').to.have.length(0);
    expect(consoleErrors).to.deep.equal([]);
    await expect(el).to.be.accessible();
    el.lang = 'en';
    await lookUp(el, code);
    await waitForText(el, 'finding or cancelling it online is paused for about 60 minutes. The booking itself still stands');
  });

  it('a right code with a wrong mobile: one error over both fields, naming both, blaming neither, and no dj-error', async () => {
    const el = await gov();
    await lookUpBooked(el, '139 0013 9000');
    const message = '没有找到与这个预约码和手机号码相符的预约：请核对两项是否都与预约时一致';
    await waitForText(el, message);
    expect(active(el)!.id).to.equal('summary');
    expect(summaryLinks(el)).to.deep.equal([message]);
    const shared = $(el, '#f-lookup-error')!;
    expect(shared.textContent!.replace('错误：', '').trim()).to.equal(message);
    expect($(el, '#f-code-error'), 'not on the code field alone').to.equal(null);
    expect($(el, '#f-phone-error'), 'not on the phone field alone').to.equal(null);
    for (const path of ['code', 'phone']) {
      const input = field(el, path)!;
      expect(input.getAttribute('aria-invalid'), path).to.equal('true');
      expect(input.getAttribute('aria-describedby'), path).to.contain('f-lookup-error');
      expect(shared.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING, `the message is above ${path}`).to.be.above(0);
    }
    $$(el, '[part="error-summary"] a')[0].click();
    expect(active(el), 'the summary leads to the first of the two').to.equal(field(el, 'code'));
    expect(field(el, 'phone')!.value, 'what was typed stays').to.equal('139 0013 9000');
    expect(djErrors, 'a citizen’s mistake is not a system error').to.have.length(0);
    expect(consoleErrors, 'nor a console error').to.deep.equal([]);
  });

  it('in English, names both fields', async () => {
    const el = await make('view="lookup" lang="en"');
    await lookUp(el, 'ZZZZ2222');
    await waitForText(el, 'No booking matches that booking code and mobile number: check both are the ones you booked with');
  });

  it('a lookup that fails (HTTP 503) fires dj-error without the phone number, and offers Retry', async () => {
    const el = await make('view="lookup"');
    worker.use(
      http.post(
        '*/bookings/:code/lookup',
        () =>
          HttpResponse.json(
            {
              type: 'https://dj-widgets.example/problems/unavailable',
              title: '服务暂时不可用',
              status: 503,
              detail: '数据库暂时无法连接，请稍后再试。',
            },
            { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' } },
          ),
        { once: true },
      ),
    );
    await lookUp(el, 'ABCD2345');
    await waitForSelector(el, '#failure');
    // Said plainly, with the wait the answer gives: no HTTP status for a citizen to make sense of.
    expect($(el, '#failure')!.textContent).to.contain('服务暂时不可用（可能正在维护或重启），请约 5 秒后重试。').and.not.contain('HTTP');
    expect(djErrors.map((e) => e.detail)).to.have.length(1);
    expect(djErrors[0].detail).to.include({ kind: 'http', status: 503 });
    expect(djErrors[0].detail.url).to.match(/\/bookings\/ABCD2345\/lookup$/);
    expect($(el, '[part="error-summary"]'), 'not the citizen’s mistake').to.equal(null);
    expect(consoleErrors).to.have.length(1);
    expect(consoleErrors[0]).to.match(/POST \S+\/bookings\/ABCD2345\/lookup failed: HTTP 503/);
    control(el, '重试').click();
    await waitForText(el, '没有找到与这个预约码和手机号码相符的预约');
  });

  it('too many lookups from one address (429): says so and how long to wait, in English too', async () => {
    const el = await make('view="lookup" lang="en"');
    worker.use(
      http.post(
        '*/bookings/:code/lookup',
        () =>
          HttpResponse.json(
            { status: 429, title: '请求过于频繁' },
            { status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '42' } },
          ),
        { once: true },
      ),
    );
    await lookUp(el, 'ABCD2345');
    await waitForSelector(el, '#failure');
    expect($(el, '#failure')!.textContent).to.contain('Too many tries in a short time. Try again in about 42 seconds.');
  });

  it('asks for both code and mobile', async () => {
    const el = await make('view="lookup"');
    await submit(el);
    expect(summaryLinks(el)).to.deep.equal(['请输入预约码', '请输入手机号码']);
  });

  it('cancels only after a confirmation step, gives the seats back and fires dj-booking-cancel', async () => {
    const [el, code] = await booked();
    await lookUp(el, code);
    await waitForText(el, '您的预约');
    control(el, '取消这个预约').click();
    await waitForText(el, '确定要取消预约吗？');
    control(el, '不，保留预约').click();
    await waitForText(el, '您的预约');
    expect(textOf(el)).to.contain('已预约');
    const cancels: CustomEvent[] = [];
    document.addEventListener('dj-booking-cancel', (e) => cancels.push(e), { once: true });
    control(el, '取消这个预约').click();
    await waitForText(el, '确定要取消预约吗？');
    control(el, '是，取消预约').click();
    await waitForText(el, '预约已取消');
    expect(textOf(el)).to.contain('已取消').and.not.contain('取消这个预约');
    expect(cancels[0].detail).to.deep.equal({ code });
    expect(((await desk.get(OPEN_DAY.government)).body as OpenDay).sessions[0].remaining).to.equal(12);
  });

  it('keeps the booking on screen with Retry when cancelling fails', async () => {
    const [el, code] = await booked();
    await lookUp(el, code);
    await waitForText(el, '您的预约');
    control(el, '取消这个预约').click();
    await waitForText(el, '确定要取消预约吗？');
    worker.use(http.post('*/bookings/:code/cancel', () => HttpResponse.error(), { once: true }));
    control(el, '是，取消预约').click();
    await waitForText(el, '无法连接到数据服务');
    expect(
      $$(el, '#failure ~ .actions button, #failure button').map((b) => b.textContent!.trim()),
      'Retry in the error box and the way out; no second button that cancels',
    ).to.deep.equal(['重试', '不，保留预约']);
    control(el, '重试').click();
    await waitForText(el, '预约已取消');
  });
});

describe('dj-open-day-booking by keyboard only', () => {
  it('books with real typing, Tab, Space and Enter', async () => {
    const el = await gov();
    await tabTo(el, '09:00');
    await sendKeys({ press: 'Space' });
    await tabTo(el, '继续');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'heading', 'focus moved to the step heading');
    expect(textOf(el)).to.contain('第 2 步，共 4 步');
    await tabTo(el, '姓名');
    await sendKeys({ type: '张晓明' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '138 0013 8000' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: ID.adult.toLowerCase() });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '2' }); // Tab selects the 1 already there, so typing replaces it.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '李红' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: ID.adult2 });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(el).includes('第 3 步'), 'step 3');
    await tabTo(el, '我已阅读并同意');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await tabTo(el, '继续');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(el).includes('第 4 步'), 'step 4');
    expect(textOf(el)).to.contain('李红 370812199007070022').and.contain('13800138000');
    await tabTo(el, '确认并提交预约');
    await sendKeys({ press: 'Enter' });
    await waitForSelector(el, '#code');
    expect(active(el)!.id).to.equal('heading');
  });

  it('reaches the error summary links by keyboard and follows them', async () => {
    const el = await gov();
    await tabTo(el, '继续');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'summary');
    await sendKeys({ press: 'Tab' });
    expect(active(el)!.textContent).to.contain('请选择一个场次');
    await sendKeys({ press: 'Enter' });
    expect(active(el)).to.equal($(el, '#f-sessionId'));
  });
});

describe('dj-open-day-booking large mode and small screens', () => {
  it('has targets of at least 60px and text of at least 18px in large mode', async () => {
    const el = await gov('large');
    const check = () => {
      for (const target of $$(el, 'button, input:not([type="radio"]):not([type="checkbox"]), .choice, textarea')) {
        expect(target.getBoundingClientRect().height, target.outerHTML.slice(0, 80)).to.be.at.least(60);
      }
      for (const text of $$(el, '.hint, .error, label, dd, dt, p')) {
        expect(parseFloat(getComputedStyle(text).fontSize), text.outerHTML.slice(0, 80)).to.be.at.least(18);
      }
    };
    check();
    await toDetails(el);
    await submit(el);
    check();
    await el.updateComplete;
  });

  const modes: [string, string, number][] = [
    ['zh', '', 44],
    ['en', 'lang="en"', 44],
    ['large', 'large', 60],
  ];
  for (const [mode, attrs, target] of modes) {
    it(`at 320px (${mode}): nothing outside the box and every target at least ${target}px, at every step`, async () => {
      const host = await fixture<HTMLDivElement>(`<div style="width:320px"><dj-open-day-booking ${attrs}></dj-open-day-booking></div>`);
      const el = host.firstElementChild as DjOpenDayBooking;
      const check = async (step: string) => {
        await el.updateComplete;
        const box = el.getBoundingClientRect();
        expect(box.width).to.equal(320);
        for (const n of $$(el, '*')) {
          const r = n.getBoundingClientRect();
          if (!r.width || n.closest('.visually-hidden')) continue;
          expect(
            r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
            `${step}: <${n.localName} class="${n.className}"> sticks out`,
          ).to.equal(true);
        }
        // Inline text links (a phone number inside a sentence) are exempt, as in WCAG 2.5.8.
        // A radio or checkbox is clicked through its label too, so the label is a target of its own.
        for (const n of $$(el, 'a, button, input, textarea, select, .choice label')) {
          if (n.matches('.tel.inline')) continue;
          const r = n.getBoundingClientRect();
          expect(
            Math.min(r.width, r.height),
            `${step}: <${n.localName} id="${n.id}" class="${n.className}"> ${n.textContent!.trim().slice(0, 20)}`,
          ).to.be.at.least(target);
        }
      };
      await waitForSelector(el, 'input[name="openDay"]');
      await check('open days');
      await pick(el, mode === 'en' ? enDay(govDate) : zhDay(govDate));
      await check('chosen day');
      await submit(el);
      await check('choose errors');
      await toDetails(el);
      await submit(el);
      await check('details errors');
      await fillDetails(el, [{ name: '李红', idNumber: ID.adult2 }]);
      await check('details');
      await submit(el);
      await check('consent');
      await pick(el, 'consent.privacy');
      await pick(el, 'consent.idNumber');
      await submit(el);
      await waitForSelector(el, '[part="answers"]');
      await check('check');
      await submit(el);
      await waitForSelector(el, '#code');
      await check('done');
      const code = $(el, '#code')!.textContent!;
      el.view = 'lookup';
      await waitForSelector(el, '#f-code');
      await check('lookup');
      await lookUp(el, code, '13900139000');
      await waitForSelector(el, '#summary');
      await check('lookup mismatch');
      await lookUp(el, code);
      await waitUntil(() => textOf(el).includes('09:00'));
      await check('found');
      $$(el, '.actions button').at(-1)!.click();
      await waitForSelector(el, '.warning');
      await check('cancel');
      await submit(el);
      await waitUntil(() => !$(el, '.actions button.solid'));
      await check('cancelled');
      for (const [day, unit] of [
        [OPEN_DAY.closed, '济宁市审计局'],
        [OPEN_DAY.full, '兖州区教育和体育局'],
        [OPEN_DAY.past, '兖州区市场监督管理局'],
      ]) {
        el.openDayId = day;
        el.view = 'book';
        await waitForText(el, unit);
        await check(day);
      }
    });
  }
});

describe('dj-open-day-booking phone numbers', () => {
  it('dial in the kit’s colours, on one line, as big as a target, in large mode at 320px', async () => {
    const host = await fixture<HTMLDivElement>(
      `<div style="width:320px"><dj-open-day-booking open-day-id="${OPEN_DAY.government}" large></dj-open-day-booking></div>`,
    );
    const el = host.firstElementChild as DjOpenDayBooking;
    await waitForText(el, '兖州区人民政府办公室');
    const link = $(el, '.facts a')!;
    expect(link.getAttribute('href')).to.equal('tel:05373412345');
    const style = getComputedStyle(link);
    expect(style.color, 'the kit’s red, not the browser’s blue').to.equal('rgb(200, 22, 29)');
    expect(style.whiteSpace).to.equal('nowrap');
    const text = document.createRange();
    text.selectNodeContents(link);
    expect(text.getClientRects(), 'one line').to.have.length(1);
    const box = link.getBoundingClientRect();
    expect(box.height).to.be.at.least(60);
    expect(box.right).to.be.at.most(host.getBoundingClientRect().right);
    link.scrollIntoView({ block: 'center' });
    const at = link.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(at.x + at.width / 2), Math.round(at.y + at.height / 2)] });
    try {
      expect(getComputedStyle(link).textDecorationThickness, 'hover thickens the underline').to.equal('3px');
    } finally {
      await resetMouse();
    }
  });

  it('stay whole inside a sentence, and show the focus ring when reached by keyboard', async () => {
    const host = await fixture<HTMLDivElement>(
      `<div style="width:320px"><dj-open-day-booking open-day-id="${OPEN_DAY.government}" large></dj-open-day-booking></div>`,
    );
    const el = host.firstElementChild as DjOpenDayBooking;
    await waitForText(el, '兖州区人民政府办公室');
    await toConsent(el);
    const link = $(el, '.privacy a')!;
    expect(link.closest('p')!.textContent).to.contain('请致电 0537-3412345');
    expect(getComputedStyle(link).whiteSpace).to.equal('nowrap');
    const text = document.createRange();
    text.selectNodeContents(link);
    expect(text.getClientRects(), 'one line').to.have.length(1);
    await tabTo(el, '0537-3412345');
    const focused = getComputedStyle(link);
    expect(focused.outlineStyle).to.equal('solid');
    expect(focused.outlineColor).to.equal('rgb(26, 95, 180)');
    expect(focused.color).to.equal('rgb(200, 22, 29)');
  });
});

describe('dj-open-day-booking without container queries', () => {
  /** Takes the @container rules out of the form's style sheets (shared by every instance) until the returned function puts them back. */
  function withoutContainerQueries(el: Element): () => void {
    const removed: [CSSStyleSheet, number, string][] = [];
    for (const sheet of el.shadowRoot!.adoptedStyleSheets) {
      for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
        const rule = sheet.cssRules[i];
        if (rule instanceof CSSContainerRule) {
          removed.unshift([sheet, i, rule.cssText]);
          sheet.deleteRule(i);
        }
      }
    }
    expect(removed, 'the form has container queries to take out').not.to.have.length(0);
    return () => removed.forEach(([sheet, i, text]) => sheet.insertRule(text, i));
  }

  it('puts each answer under its label, in the width there is', async () => {
    const host = await fixture<HTMLDivElement>(
      `<div style="width:900px"><dj-open-day-booking open-day-id="${OPEN_DAY.government}" large></dj-open-day-booking></div>`,
    );
    const el = host.firstElementChild as DjOpenDayBooking;
    await waitForText(el, '兖州区人民政府办公室');
    await toCheck(el);
    const row = () => {
      const [dt, dd] = [...$(el, '[part="answers"] div')!.querySelectorAll('dt, dd')].map((n) => n.getBoundingClientRect());
      return { dt, dd };
    };
    expect(row().dd.left, 'with container queries, a wide form puts the answer beside its label').to.be.above(row().dt.right);
    host.style.width = '320px';
    const restore = withoutContainerQueries(el);
    try {
      const { dt, dd } = row();
      expect(dd.top, 'the answer is under its label').to.be.at.least(dt.bottom - 0.5);
      expect(dd.left).to.equal(dt.left);
      const box = el.getBoundingClientRect();
      for (const n of $$(el, '[part="answers"] *')) expect(n.getBoundingClientRect().right, n.localName).to.be.at.most(box.right + 0.5);
      host.style.width = '900px';
      expect(row().dd.top, 'and still reads, stacked, when wide').to.be.at.least(row().dt.bottom - 0.5);
    } finally {
      restore();
    }
  });
});

describe('dj-open-day-booking is accessible at every step', () => {
  const modes: [string, string][] = [
    ['zh', ''],
    ['en', 'lang="en"'],
    ['large', 'large'],
  ];
  for (const [mode, attrs] of modes) {
    it(`choose, errors, details, consent, check, done (${mode})`, async () => {
      const el = await gov(attrs);
      await expect(el).to.be.accessible();
      await submit(el);
      await expect(el).to.be.accessible();
      await toDetails(el);
      await fill(el, 'partySize', '2');
      await expect(el).to.be.accessible();
      await submit(el);
      await expect(el).to.be.accessible();
      await fillDetails(el, [{ name: '李红', idNumber: ID.adult2 }]);
      await submit(el);
      await waitForSelector(el, '#f-consent-privacy');
      await expect(el).to.be.accessible();
      await submit(el);
      await expect(el).to.be.accessible();
      await pick(el, 'consent.privacy');
      await pick(el, 'consent.idNumber');
      await submit(el);
      await waitForSelector(el, '[part="answers"]');
      await expect(el).to.be.accessible();
      await submit(el);
      await waitForSelector(el, '#code');
      await expect(el).to.be.accessible();
    });

    it(`lookup, not found, found, cancel, cancelled (${mode})`, async () => {
      const el = await gov(attrs);
      await toDone(el);
      const code = $(el, '#code')!.textContent!;
      el.view = 'lookup';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      await lookUp(el, 'ZZZZ2222');
      await waitForSelector(el, '#summary');
      await expect(el).to.be.accessible();
      await lookUp(el, code);
      await waitForSelector(el, '.facts');
      await waitUntil(() => textOf(el).includes('09:00'));
      await expect(el).to.be.accessible();
      $$(el, '.actions button').at(-1)!.click();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      await submit(el);
      await waitUntil(() => !$(el, '.actions button.solid'));
      await expect(el).to.be.accessible();
    });
  }

  it('a failed submit and a duplicate booking are announced and accessible', async () => {
    const el = await gov('lang="en"');
    await toCheck(el);
    worker.use(http.post('*/open-days/:id/bookings', () => HttpResponse.error(), { once: true }));
    await submit(el);
    await waitForSelector(el, '#failure');
    expect($(el, '#failure')!.getAttribute('role')).to.equal('alert');
    expect(textOf(el)).to.contain('Your booking was not sent');
    await expect(el).to.be.accessible();
  });
});
