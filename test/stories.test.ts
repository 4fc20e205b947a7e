/**
 * Stories double as fixtures: every story of every widget renders, runs its
 * play function, settles in the state it is named for, and passes axe,
 * outside Storybook, on the same mocks.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import brandMeta, * as brandStories from '../stories/brand-card.stories.js';
import boardMeta, * as boardStories from '../stories/liaison-leaderboard.stories.js';
import mapMeta, * as mapStories from '../stories/branch-map.stories.js';
import bookingMeta, * as bookingStories from '../stories/open-day-booking.stories.js';
import './support/setup.js';
import { $ } from './support/dom.js';

type Args = Record<string, unknown>;
type Story = {
  args?: Args;
  render?: (args: Args) => TemplateResult;
  /** Walks the widget to the state the story shows, as in Storybook. */
  play?: (context: { canvasElement: HTMLElement; args: Args }) => Promise<void>;
  /** What the story shows once settled, when its name does not say. */
  parameters?: { djSettled?: string };
};
type Meta = { args?: object; render?: unknown; decorators?: unknown };

/** What a story must end up showing, by name; anything else must show its data. */
const states: Record<string, string> = {
  Loading: '.skeleton',
  Empty: '.state.empty',
  Error: '[role="alert"]',
  NotFound: '[role="alert"]',
  UnknownScope: '[role="alert"]',
  UnknownRegion: '[role="alert"]',
  SchemaMismatch: '[role="alert"]',
  NotJson: '[role="alert"]',
  Offline: '[role="alert"]',
  StaleSnapshot: '.notice',
};

const widgets: [string, Meta, Record<string, unknown>, string][] = [
  ['dj-brand-card', brandMeta, brandStories, '[part="card"]'],
  ['dj-liaison-leaderboard', boardMeta, boardStories, 'caption'],
  ['dj-branch-map', mapMeta, mapStories, '.summary'],
  ['dj-open-day-booking', bookingMeta, bookingStories, '[part="form"]'],
];

for (const [tag, meta, stories, ready] of widgets) {
  describe(`${tag} stories`, () => {
    for (const [name, story] of Object.entries(stories) as [string, Story][]) {
      if (name === 'default' || typeof story !== 'object') continue;
      it(`${name} renders, settles and passes axe`, async () => {
        const args = { ...(meta.args as Args), ...story.args };
        const host = await fixture<HTMLDivElement>('<div></div>');
        render((story.render ?? (meta.render as (a: Args) => TemplateResult))(args), host);
        const el = host.querySelector(tag)!;
        await story.play?.({ canvasElement: host, args });
        const selector = story.parameters?.djSettled ?? states[name] ?? ready;
        await waitUntil(() => $(el, selector) && !$(el, '[aria-busy="true"]:not(.skeleton)'), `${name} never showed ${selector}`, {
          timeout: 6000,
        });
        await expect(host).to.be.accessible();
      });
    }
  });
}
