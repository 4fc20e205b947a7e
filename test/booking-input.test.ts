/**
 * Characters a name or the needs text may not hold (booking.rules.ts,
 * characterProblem): the rule itself, what a citizen reads next to the field
 * in Chinese, English and large mode, what the mock desk answers when a
 * client skips the form, and the names and notes that must still pass.
 */
import { expect, fixture } from '@open-wc/testing';
import { makeOpenDays } from '../src/demo/open-days.js';
import { chinaDate, characterProblem, validateBooking } from '../src/contract/booking.rules.js';
import type { DjOpenDayBooking } from '../src/widgets/open-day-booking/open-day-booking.js';
import { CITIZEN, field, fill, ID, OPEN_DAY, submit, toDetails } from '../stories/open-day-booking.play.js';
import { $, $$, waitForText } from './support/dom.js';
import './support/setup.js';
import '../src/index.js';

const today = chinaDate();
const day = makeOpenDays(today).find((d) => d.id === OPEN_DAY.government)!;

const body = (patch: object = {}) => ({
  sessionId: 's1',
  name: '张晓明',
  phone: '13800138000',
  idNumber: ID.adult,
  partySize: 1,
  companions: [] as { name: string; idNumber?: string }[],
  consent: { privacy: true, idNumber: true },
  ...patch,
});
const verdict = (patch: object) =>
  validateBooking(body(patch), day, today).map((e) => `${e.field}:${e.code}:${e.vars?.position ?? ''}:${e.vars?.char ?? ''}`);

describe('the booking rules refuse hidden and control characters', () => {
  it('names each class, with its field, its position and its code point; ordinary names and notes pass', () => {
    expect(verdict({ name: '张\u200b三' })).to.deep.equal(['name:invisible:2:U+200B']);
    expect(verdict({ name: '\u202e张三' })).to.deep.equal(['name:bidi:1:U+202E']);
    expect(verdict({ name: '张三\u200f' })).to.deep.equal(['name:bidi:3:U+200F']);
    expect(verdict({ name: '张\t三' })).to.deep.equal(['name:control:2:U+0009']);
    expect(verdict({ name: '张\u0085三' })).to.deep.equal(['name:control:2:U+0085']);
    expect(verdict({ name: '张三\ud800' })).to.deep.equal(['name:surrogate:3:U+D800']);
    // Blank-looking names made of Hangul fillers or a word joiner are not “required”: they are refused for what they hold.
    expect(verdict({ name: '\u3164\u3164' })).to.deep.equal(['name:invisible:1:U+3164']);
    expect(verdict({ name: '\u2060' })).to.deep.equal(['name:invisible:1:U+2060']);
    expect(
      verdict({
        partySize: 3,
        companions: [
          { name: '李红', idNumber: ID.adult2 },
          { name: '王\u2066芳', idNumber: ID.adultX },
        ],
      }),
    ).to.deep.equal(['companions[1].name:bidi:2:U+2066']);
    expect(verdict({ needs: '需要轮椅\u200d' })).to.deep.equal(['needs:invisible:5:U+200D']);
    expect(verdict({ needs: '需要\r\n轮椅' })).to.deep.equal(['needs:control:3:U+000D']);
    expect(verdict({ needs: '\ufeff轮椅\ufeff通道' })).to.deep.equal(['needs:invisible:3:U+FEFF']);

    for (const name of ['Zhang San', '阿依古丽·买买提', '阿依古丽・买买提', '欧阳 娜娜', '葛\u{E0100}明'])
      expect(verdict({ name }), name).to.deep.equal([]);
    for (const needs of ['需要轮椅\n和手语翻译', '1.\t轮椅', '坐轮椅 👨\u200d🦽', '❤️ 谢谢'])
      expect(verdict({ needs }), needs).to.deep.equal([]);
    // Mongolian script: the vowel separator after a Mongolian letter is part of the word.
    expect(characterProblem('ᠮᠣᠩᠭᠣᠯ\u180eᠠ')).to.equal(undefined);
    expect(characterProblem('ab\u180e')).to.deep.equal({ code: 'invisible', position: 3, char: 'U+180E' });
  });
});

const gov = async (attrs = '') => {
  const el = await fixture<DjOpenDayBooking>(`<dj-open-day-booking open-day-id="${OPEN_DAY.government}" ${attrs}></dj-open-day-booking>`);
  await waitForText(el, '兖州区人民政府办公室');
  await toDetails(el);
  return el;
};

/** Step 2 with `name` and `needs` typed, one companion, and Continue pressed. */
async function details(el: DjOpenDayBooking, name: string, companion = '李红', needs = ''): Promise<void> {
  await fill(el, 'name', name);
  await fill(el, 'phone', CITIZEN.phone);
  await fill(el, 'idNumber', CITIZEN.idNumber);
  await fill(el, 'partySize', '2');
  await fill(el, 'companions[0].name', companion);
  await fill(el, 'companions[0].idNumber', ID.adult2);
  await fill(el, 'needs', needs);
  await submit(el);
}

const inline = (el: DjOpenDayBooking, path: string) =>
  $(el, `#${field(el, path)!.id}-error`)
    ?.textContent!.replace(/\s+/g, ' ')
    .trim();
const summary = (el: DjOpenDayBooking) => $$(el, '[part="error-summary"] a').map((a) => a.textContent!.trim());

describe('dj-open-day-booking tells which character of which field to fix', () => {
  it('in Chinese, next to each field and in the summary; the field stays marked and keeps what was typed', async () => {
    const el = await gov();
    await details(el, '张\u200b晓明', '李\u202e红', '需要轮椅\u0007');
    expect(inline(el, 'name')).to.equal('错误：姓名第 2 个字符是看不见的字符（U+200B），请删掉或清空重填');
    expect(inline(el, 'companions[0].name')).to.equal(
      '错误：第 1 位同行人员：姓名第 2 个字符是看不见的文字方向符（U+202E），请删掉或清空重填',
    );
    expect(inline(el, 'needs')).to.equal('错误：特殊需要第 5 个字符是控制字符（U+0007），请删掉或清空重填');
    expect(summary(el)).to.have.length(3);
    expect(summary(el)[0]).to.equal('姓名第 2 个字符是看不见的字符（U+200B），请删掉或清空重填');
    expect(field(el, 'name')!.getAttribute('aria-invalid')).to.equal('true');
    expect(field(el, 'name')!.value).to.equal('张\u200b晓明');
    await expect(el).to.be.accessible();

    // Typed again without the hidden characters, the same step goes on.
    await details(el, '阿依古丽·买买提', 'Zhang San', '需要轮椅\n和手语翻译');
    await waitForText(el, '个人信息保护说明');
    expect(summary(el)).to.deep.equal([]);
  });

  it('in English, a control character in the name', async () => {
    const el = await gov('lang="en"');
    await details(el, 'Zhang\tSan');
    expect(inline(el, 'name')).to.equal('Error: Character 6 of the full name is a control character (U+0009): delete it or retype');
    await expect(el).to.be.accessible();
  });

  it('in large mode, readable at 18px or more and axe-clean', async () => {
    const el = await gov('large');
    await details(el, '张晓明', '\u2060李红');
    const error = $(el, `#${field(el, 'companions[0].name')!.id}-error`)!;
    expect(error.textContent).to.include('第 1 位同行人员：姓名第 1 个字符是看不见的字符（U+2060）');
    expect(parseFloat(getComputedStyle(error).fontSize)).to.be.at.least(18);
    await expect(el).to.be.accessible();
  });

  it('a bidi override sent past the form is refused by the mock desk with a 422 naming the field', async () => {
    const res = await fetch(`/dj-api/v1/open-days/${OPEN_DAY.government}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(body({ name: '张\u202e晓明' })),
    });
    expect(res.status).to.equal(422);
    const problem = await res.json();
    expect(problem.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).to.deep.equal(['name:bidi']);
    expect(problem.errors[0].message).to.equal('姓名第 2 个字符是看不见的文字方向符（U+202E），请删掉或清空重填');
  });
});
