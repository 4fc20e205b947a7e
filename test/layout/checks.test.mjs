/**
 * The matrix's checks catch what they are for: a matrix page with faults put
 * in on purpose (an element wider than its widget, a small button, text cut
 * off with an ellipsis, a page wider than the viewport, two map names on top
 * of each other, a broken image, a checkbox whose label is small, faults
 * inside the desk's nested import panel, a file input wider than its widget)
 * reports each one, and the untouched page reports none of them. Runs in the first
 * engine DJ_ENGINES names (Chromium by default).
 *
 *   node --import tsx --test test/layout/checks.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { engineNames, launch } from '../support/engines.mjs';
import { startLayoutServer } from './server.mjs';

let server;
let engine;
let page;

before(async () => {
  server = await startLayoutServer();
  engine = await launch(engineNames()[0]);
  page = await engine.newPage({ width: 320, height: 800 });
});
after(async () => {
  await page?.close();
  await engine?.close();
  await server?.stop();
});

/** Opens a matrix page and returns the faults at 320 px, after `spoil` (run in the page) if given. */
async function faultsOf(widget, mode, spoil) {
  await page.open(`${server.origin}/test/layout/matrix.html?widget=${widget}&lang=zh&mode=${mode}`);
  assert.deepEqual(await page.evaluate(() => window.__matrix.ready), []);
  if (spoil) await page.evaluate(spoil);
  return page.evaluate(() => window.__matrix.measure(320));
}

const has = (faults, check, element) => faults.some((f) => f.check === check && f.element.includes(element));

test('faults put into a brand card page are each reported, with the cell and the element', async () => {
  const clean = await faultsOf('brand-card', 'normal');
  const faults = await faultsOf('brand-card', 'normal', () => {
    const root = document.querySelector('dj-brand-card[data-state="content"]').shadowRoot;
    const wide = document.createElement('div');
    wide.id = 'too-wide';
    wide.style.width = '500px';
    wide.style.height = '10px';
    const small = document.createElement('button');
    small.id = 'too-small';
    small.textContent = 'x';
    small.style.width = '30px';
    small.style.height = '30px';
    const cut = document.createElement('p');
    cut.id = 'cut';
    cut.textContent = '这是一段很长很长很长很长很长很长很长很长很长很长很长的文字';
    Object.assign(cut.style, { width: '100px', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' });
    const img = document.createElement('img');
    img.id = 'broken';
    img.alt = '';
    img.src = '/images/banners/no-such-banner.svg';
    const label = document.createElement('label');
    label.id = 'small-label';
    const box = document.createElement('input');
    box.type = 'checkbox';
    label.append(box, '同意');
    label.style.display = 'inline-block';
    label.style.height = '20px';
    root.append(wide, small, cut, img, label);
    return new Promise((r) => {
      img.onerror = r;
    });
  });
  for (const f of clean) assert.ok(!/too-wide|too-small|#cut|broken|small-label/.test(f.element), 'the untouched page has none of them');
  assert.ok(has(faults, 'outside the widget box', '#too-wide'), JSON.stringify(faults));
  assert.ok(has(faults, 'page scrolls sideways', '<html>'), JSON.stringify(faults));
  assert.ok(has(faults, 'target smaller than 44×44', '#too-small'), JSON.stringify(faults));
  assert.ok(has(faults, 'clipped text', '#cut'), JSON.stringify(faults));
  assert.ok(has(faults, 'image not loaded', '#broken'), JSON.stringify(faults));
  assert.ok(has(faults, 'target smaller than 44×44', '#small-label'), JSON.stringify(faults));
  assert.ok(faults.filter((f) => f.element.includes('#too-wide')).every((f) => f.state === 'content'));
});

test('in large mode a 44 px button is too small', async () => {
  const faults = await faultsOf('brand-card', 'large', () => {
    const b = document.createElement('button');
    b.id = 'forty-four';
    b.textContent = '看';
    b.style.width = '44px';
    b.style.height = '44px';
    document.querySelector('dj-brand-card[data-state="content"]').shadowRoot.append(b);
  });
  assert.ok(has(faults, 'target smaller than 60×60', '#forty-four'), JSON.stringify(faults));
});

test('two map names on top of each other are reported', async () => {
  const faults = await faultsOf('branch-map', 'normal', () => {
    const host = document.querySelector('dj-branch-map[data-state="content"]');
    const all = (root) => [...root.querySelectorAll('*')].flatMap((e) => [e, ...(e.shadowRoot ? all(e.shadowRoot) : [])]);
    const [a, b] = all(host.shadowRoot).filter((e) => e.matches('text.county-name'));
    b.setAttribute('x', a.getAttribute('x'));
    b.setAttribute('y', a.getAttribute('y'));
  });
  assert.ok(
    faults.some(
      (f) =>
        f.state === 'content' && f.check === 'map items overlap' && f.element.includes('county-name') && f.detail.includes('county-name'),
    ),
    JSON.stringify(faults.filter((f) => f.check === 'map items overlap')),
  );
});

test("in the desk, faults inside its import panel's own shadow root are reported, and a file input is still held to its box", async () => {
  const faults = await faultsOf('open-day-desk', 'normal', () => {
    const desk = document.querySelector('dj-open-day-desk[data-state="lists-errors"]');
    const panel = desk.shadowRoot.querySelector('dj-desk-lists').shadowRoot;
    const small = document.createElement('button');
    small.id = 'panel-small';
    small.textContent = '小';
    Object.assign(small.style, { width: '30px', height: '30px' });
    const file = document.createElement('input');
    file.type = 'file';
    file.id = 'file-too-wide';
    Object.assign(file.style, { display: 'block', width: '600px', minHeight: '44px' });
    const cut = document.createElement('div');
    cut.id = 'box-cuts';
    Object.assign(cut.style, { width: '100px', overflow: 'hidden' });
    const inner = document.createElement('div');
    inner.style.width = '300px';
    inner.textContent = '被裁掉的内容';
    cut.append(inner);
    panel.append(small, file, cut);
  });
  const at = (id) => faults.filter((f) => f.element.includes(id));
  assert.ok(has(faults, 'target smaller than 44×44', '#panel-small'), JSON.stringify(faults));
  assert.ok(
    at('#panel-small').every((f) => f.state === 'lists-errors'),
    JSON.stringify(at('#panel-small')),
  );
  assert.ok(has(faults, 'outside the widget box', '#file-too-wide'), JSON.stringify(faults));
  assert.ok(has(faults, 'content cut off', '#box-cuts'), JSON.stringify(faults));
});
