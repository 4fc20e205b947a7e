/**
 * The built kit as a portal loads it: dist/dj-widgets.js (run `npm run build`
 * first; the test command does). Loading it twice, or beside another
 * version, must never throw.
 */
import { expect, fixture } from '@open-wc/testing';
import './support/setup.js';
import { waitForText } from './support/dom.js';

const BUNDLE = '/dist/dj-widgets.js';

describe('dist/dj-widgets.js', () => {
  let kit: typeof import('../src/index.js');

  before(async () => {
    const res = await fetch(BUNDLE);
    if (!res.ok) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
    kit = await import(BUNDLE);
  });

  it('defines every tag and exports configure()', () => {
    for (const tag of ['dj-provider', 'dj-brand-card', 'dj-liaison-leaderboard', 'dj-branch-map', 'dj-open-day-booking']) {
      expect(customElements.get(tag), tag).to.exist;
    }
    expect(kit.configure).to.be.a('function');
    expect(kit.VERSION).to.match(/^\d+\.\d+\.\d+/);
  });

  it('renders a brand card from the bundle', async () => {
    kit.clearCache();
    const el = await fixture('<dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>');
    await waitForText(el, '诚审惟公');
  });

  it('loads a second time without throwing or warning', async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const again = await import(`${BUNDLE}?second-copy`);
      expect(again.DjBrandCard).not.to.equal(kit.DjBrandCard);
      expect(customElements.get('dj-brand-card')).to.equal(kit.DjBrandCard);
      expect(warnings).to.have.length(0);
    } finally {
      console.warn = original;
    }
  });

  it('leaves the tags to the first copy and warns once when another version loads', async () => {
    const source = await (await fetch(BUNDLE)).text();
    const version = JSON.stringify(kit.VERSION).slice(1, -1);
    const other = source.replaceAll(`\`${version}\``, '`99.0.0`').replaceAll(`"${version}"`, '"99.0.0"');
    // The minifier may inline VERSION in several places; each must be a whole
    // string literal, or the copy would be half one version, half the other.
    expect(other.split(version).length - 1, 'traces of the first version left in the copy').to.equal(0);
    const url = URL.createObjectURL(new Blob([other], { type: 'text/javascript' }));
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const newer = await import(url);
      expect(newer.VERSION).to.equal('99.0.0');
      expect(customElements.get('dj-brand-card')).to.equal(kit.DjBrandCard);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain(kit.VERSION).and.contain('99.0.0');
    } finally {
      console.warn = original;
      URL.revokeObjectURL(url);
    }
    const el = await fixture('<dj-brand-card brand-id="ying-zai-jining"></dj-brand-card>');
    await waitForText(el, '营在济宁');
  });

  it('ships a custom-elements manifest describing each tag', async () => {
    const manifest = await (await fetch('/dist/custom-elements.json')).json();
    const declarations = manifest.modules.flatMap((m: { declarations: unknown[] }) => m.declarations);
    const card = declarations.find((d: { tagName?: string }) => d.tagName === 'dj-brand-card');
    expect(card.attributes.map((a: { name: string }) => a.name)).to.include.members([
      'brand-id',
      'layout',
      'endpoint',
      'timeout',
      'large',
      'theme',
    ]);
    expect(card.events.map((e: { name: string }) => e.name)).to.include.members(['dj-brand-select', 'dj-load', 'dj-error']);
    expect(card.cssParts.length).to.be.above(5);
    expect(declarations.some((d: { tagName?: string }) => d.tagName === 'dj-provider')).to.equal(true);
    const booking = declarations.find((d: { tagName?: string }) => d.tagName === 'dj-open-day-booking');
    expect(booking.attributes.map((a: { name: string }) => a.name)).to.include.members([
      'open-day-id',
      'view',
      'retention-days',
      'heading-level',
      'endpoint',
      'large',
      'theme',
    ]);
    expect(booking.events.map((e: { name: string }) => e.name)).to.include.members(['dj-booking-confirm', 'dj-booking-cancel', 'dj-error']);
  });
});
