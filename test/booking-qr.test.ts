/**
 * The booking code's QR code reads back as the code: drawn by the widget's module, painted to a
 * canvas as a browser paints it, and decoded by jsQR, as a phone's camera app or a door scanner
 * would. And what makes it readable: the quiet zone, dark on white, a name for screen readers.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { qrCode, qrPath } from '../src/widgets/open-day-booking/booking.qr.js';

type JsQR = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
let jsQR: JsQR;

/** jsQR ships as a UMD script: loaded as one, it leaves `jsQR` on the window. */
before(async () => {
  const script = Object.assign(document.createElement('script'), { src: '/node_modules/jsqr/dist/jsQR.js' });
  document.head.append(script);
  await new Promise((resolve, reject) => {
    script.addEventListener('load', resolve);
    script.addEventListener('error', reject);
  });
  jsQR = (window as unknown as { jsQR: JsQR }).jsQR;
});

/** Paints the QR code's SVG at `px` pixels square and decodes it. */
async function decode(code: string, px = 240): Promise<string | undefined> {
  const host = document.createElement('div');
  render(qrCode(code, `预约码 ${code}`), host);
  const source = new XMLSerializer().serializeToString(host.querySelector('svg')!);
  const image = new Image(px, px);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source.replace('<svg ', `<svg width="${px}" height="${px}" `))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = px;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0, px, px);
  return jsQR(context.getImageData(0, 0, px, px).data, px, px)?.data;
}

describe('the booking code as a QR code', () => {
  for (const code of ['K7M2P9QX', 'ABCD2345', 'ZZZZ7777']) {
    it(`${code} reads back as ${code}`, async () => {
      expect(await decode(code)).to.equal(code);
    });
  }

  it('still reads when printed small (120 px, 3 px a module)', async () => {
    expect(await decode('K7M2P9QX', 120)).to.equal('K7M2P9QX');
  });

  it('the decoder is not fooled: another code reads as itself, not as the first', async () => {
    const read = await decode('HJKL5678');
    expect(read).to.equal('HJKL5678');
    expect(read).not.to.equal(await decode('K7M2P9QX'));
  });

  it('has the quiet zone of four modules, dark on white, and a name', async () => {
    const el = await fixture(html`<div>${qrCode('K7M2P9QX', '预约码 K7M2P9QX 的二维码')}</div>`);
    const svg = el.querySelector('svg')!;
    const { size } = qrPath('K7M2P9QX');
    expect(size, 'version 1 is enough for eight characters').to.equal(21);
    expect(svg.getAttribute('viewBox')).to.equal(`-4 -4 ${size + 8} ${size + 8}`);
    expect(svg.querySelector('rect')!.getAttribute('fill')).to.equal('#fff');
    expect(svg.querySelector('path')!.getAttribute('fill')).to.equal('#000');
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('预约码 K7M2P9QX 的二维码');
  });
});
