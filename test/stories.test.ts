/**
 * Stories double as fixtures: every brand-card story renders, settles in the
 * state it is named for, and passes axe, outside Storybook, on the same mocks.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import meta, * as stories from '../stories/brand-card.stories.js';
import './support/setup.js';
import { $ } from './support/dom.js';

type Args = Record<string, unknown>;
type Story = { args?: Args; render?: (args: Args) => TemplateResult };

/** What a story must end up showing, by name; anything else must show data. */
const settlesOn: Record<string, string> = {
  Loading: '.skeleton',
  Empty: '.state.empty',
  Error: '[role="alert"]',
  NotFound: '[role="alert"]',
  SchemaMismatch: '[role="alert"]',
  NotJson: '[role="alert"]',
  Offline: '[role="alert"]',
  StaleSnapshot: '.notice',
};

describe('brand-card stories', () => {
  for (const [name, story] of Object.entries(stories) as [string, Story][]) {
    if (name === 'default' || typeof story !== 'object') continue;
    it(`${name} renders, settles and passes axe`, async () => {
      const args = { ...(meta.args as Args), ...story.args };
      const host = await fixture<HTMLDivElement>('<div></div>');
      render((story.render ?? (meta.render as unknown as (a: Args) => TemplateResult))(args), host);
      const el = host.querySelector('dj-brand-card')!;
      const selector = settlesOn[name] ?? '[part="card"]';
      await waitUntil(() => $(el, selector) && !$(el, '[aria-busy="true"]:not(.skeleton)'), `${name} never showed ${selector}`, {
        timeout: 6000,
      });
      await expect(host).to.be.accessible();
    });
  }
});
