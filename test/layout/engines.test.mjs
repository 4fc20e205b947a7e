/**
 * The driver layer (test/support/engines.mjs) does the same in every engine:
 * a 320 px viewport is 320 px, deep selectors reach into shadow roots, a
 * click and typed text land where a person's would, keys move focus, errors
 * in the page are reported, screenshots cover the whole page.
 *
 *   node --import tsx --test test/layout/engines.test.mjs   (DJ_ENGINES=webkit to pick)
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { engineNames, launch } from '../support/engines.mjs';
import { startLayoutServer } from './server.mjs';

const SHOTS = fileURLToPath(new URL('../screenshots/layout/', import.meta.url));

let server;
before(async () => {
  server = await startLayoutServer();
  mkdirSync(SHOTS, { recursive: true });
});
after(() => server?.stop());

/** Width and height of a PNG file, from its header. */
const pngSize = (path) => {
  const b = readFileSync(path);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

for (const name of engineNames()) {
  describe(`engine ${name}`, () => {
    let engine;
    let page;
    before(async () => {
      engine = await launch(name);
      page = await engine.newPage({ width: 320, height: 640 });
      await page.open(`${server.origin}/test/layout/smoke.html`);
    });
    after(async () => {
      await page?.close();
      await engine?.close();
    });

    test('a 320 px viewport lays out 320 px of page, and resizing is exact', async () => {
      assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight, document.documentElement.clientWidth]), [320, 640, 320]);
      await page.setViewport(1280, 800);
      assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [1280, 800]);
      await page.setViewport(320, 640);
      assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [320, 640]);
    });

    test('the built kit renders a brand card from the mock endpoint', async () => {
      const heading = await page.evaluate(async () => {
        for (let i = 0; i < 200; i++) {
          const h = document.querySelector('dj-brand-card')?.shadowRoot?.querySelector('[role="heading"], h2, h3');
          if (h && h.textContent.trim()) return h.textContent.trim();
          await new Promise((r) => setTimeout(r, 50));
        }
        return null;
      });
      assert.equal(heading, '诚审惟公');
    });

    test('deep selectors click, type and press keys as a person would; page errors are reported', async () => {
      await page.type('smoke-box >>> input[name="name"]', '张三 ab');
      assert.equal(await page.evaluate(() => document.querySelector('smoke-box').shadowRoot.querySelector('input').value), '张三 ab');
      await page.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.querySelector('smoke-box').shadowRoot.activeElement?.localName), 'button');
      const before = await page.errors();
      await page.click('smoke-box >>> button.primary');
      assert.equal(await page.evaluate(() => document.querySelector('smoke-box').dataset.clicks), '1');
      await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
      const added = (await page.errors()).filter((e) => {
        const i = before.indexOf(e);
        if (i >= 0) before.splice(i, 1);
        return i < 0;
      });
      assert.ok(
        added.some((e) => /smoke: clicked/.test(e)),
        `the thrown error is reported:\n${added.join('\n')}`,
      );
      assert.ok(
        added.some((e) => /^CSP violation: style-src/.test(e)),
        `the CSP violation is reported:\n${added.join('\n')}`,
      );
      await assert.rejects(page.click('smoke-box >>> button.nope'), /no element matches/);
    });

    test('a screenshot shows the whole page', async () => {
      await page.evaluate(() => {
        document.body.style.minHeight = '2000px';
      });
      const path = `${SHOTS}smoke-${name}.png`;
      await page.screenshot(path);
      const [w, h] = pngSize(path);
      assert.equal(w, 320);
      assert.ok(h >= 2000, `screenshot is ${w}×${h}`);
      assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [320, 640]);
    });
  });
}
