/**
 * Stories double as fixtures: every story of every widget renders, runs its
 * play function, settles in the state it is named for, and passes axe,
 * outside Storybook, on the same mocks. As in Storybook, each story sits in a
 * `<dj-provider>`; switching that provider to large-text mode, as the
 * toolbar does, must give large text and pass axe again, in the same state.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, render, type LitElement, type TemplateResult } from 'lit';
import { settled } from '../.storybook/settle.js';
import brandMeta, * as brandStories from '../stories/brand-card.stories.js';
import boardMeta, * as boardStories from '../stories/liaison-leaderboard.stories.js';
import mapMeta, * as mapStories from '../stories/branch-map.stories.js';
import bookingMeta, * as bookingStories from '../stories/open-day-booking.stories.js';
import providerMeta, * as providerStories from '../stories/provider.stories.js';
import deskMeta, * as deskStories from '../stories/open-day-desk.stories.js';
import type { DjProvider } from '../src/index.js';
import { worker } from './support/setup.js';
import { $ } from './support/dom.js';

type Args = Record<string, unknown>;
type Story = {
  args?: Args;
  render?: (args: Args, context: { viewMode: string }) => TemplateResult;
  /** Walks the widget to the state the story shows, as in Storybook. */
  play?: (context: { canvasElement: HTMLElement; args: Args }) => Promise<void>;
  /** What the story shows once settled, when its name does not say. */
  parameters?: { djSettled?: string };
};
type Meta = {
  args?: object;
  render?: unknown;
  decorators?: unknown;
  /** Storybook's per-story setup; the desk's adds the staff API's handlers to the msw worker (Storybook's msw addon). */
  beforeEach?: unknown;
};

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

/**
 * The desk's states by story. Its ready mark (`.view`) is there while a view still loads (its
 * skeleton), so each story names what it ends up showing.
 */
const deskStates: Record<string, string> = {
  SignIn: '#f-token',
  WrongToken: '#failure',
  TooManyTries: '#failure',
  StaffApiOff: '#failure',
  ServerUnreachable: '#failure',
  OpenDays: 'article.day',
  OpenDaysEnglishLarge: 'article.day',
  NoOpenDays: '.state.empty',
  NewOpenDayErrors: '#summary',
  Bookings: 'tbody tr',
  CancelStep: '#f-reason-error',
  CheckInAnswers: '[part="count"]',
  CheckInAnswersEnglishLarge: '[part="count"]',
};

const widgets: [string, Meta, Record<string, unknown>, string][] = [
  ['dj-brand-card', brandMeta, brandStories, '[part="card"]'],
  ['dj-liaison-leaderboard', boardMeta, boardStories, 'caption'],
  ['dj-branch-map', mapMeta, mapStories, '.summary'],
  ['dj-open-day-booking', bookingMeta, bookingStories, '[part="form"]'],
  // Its stories set large mode on their own provider, nearer than the toolbar's.
  ['dj-brand-card', providerMeta, providerStories, '[part="card"]'],
  // Every desk view has `.view`; the sign-in stories end in `#failure`, which is inside it.
  ['dj-open-day-desk', deskMeta, deskStories, '.view'],
];

/** Renders a story as Storybook does: args over the meta's, inside the toolbar's provider. */
async function renderStory(meta: Meta, story: Story) {
  const args = { ...(meta.args as Args), ...story.args };
  await (meta.beforeEach as ((context: { msw: typeof worker }) => unknown) | undefined)?.({ msw: worker });
  const host = await fixture<HTMLDivElement>('<div></div>');
  const storyFn = story.render ?? (meta.render as NonNullable<Story['render']>);
  render(html`<dj-provider>${storyFn(args, { viewMode: 'story' })}</dj-provider>`, host);
  return { args, host, provider: host.querySelector<DjProvider>('dj-provider')! };
}

const fontSize = (el: Element) => parseFloat(getComputedStyle($(el, '[part="base"]')!).fontSize);

for (const [tag, meta, stories, ready] of widgets) {
  describe(`${(meta as { title?: string }).title} stories`, () => {
    for (const [name, story] of Object.entries(stories) as [string, Story][]) {
      if (name === 'default' || typeof story !== 'object') continue;
      it(`${name} renders, settles and passes axe, then again in large mode`, async () => {
        const { args, host, provider } = await renderStory(meta, story);
        const el = host.querySelector(tag)!;
        await story.play?.({ canvasElement: host, args });
        const selector = story.parameters?.djSettled ?? (tag === 'dj-open-day-desk' ? deskStates[name] : states[name]) ?? ready;
        await waitUntil(() => $(el, selector) && !$(el, '[aria-busy="true"]:not(.skeleton)'), `${name} never showed ${selector}`, {
          timeout: 6000,
        });
        await expect(host).to.be.accessible();

        provider.large = true;
        await provider.updateComplete;
        const widgets = [...host.querySelectorAll<LitElement>(tag)];
        await Promise.all(widgets.map((w) => w.updateComplete));
        for (const w of widgets) expect(fontSize(w), `${name}: text size in large mode`).to.be.at.least(18);
        expect($(el, selector), `${name} kept its state in large mode`).to.exist;
        await expect(host).to.be.accessible();
      });
    }
  });
}

describe('the a11y check in Storybook', () => {
  it("waits for a story's data before axe runs, so it checks the card and not its skeleton", async () => {
    const { host } = await renderStory(brandMeta as Meta, brandStories.Card as unknown as Story);
    const card = host.querySelector('dj-brand-card')!;
    expect(await settled(host)).to.equal(true);
    // Booleans, not elements: a failing match on an element hangs the runner's report.
    expect($(card, '.skeleton') === null, 'the card still showed its skeleton').to.equal(true);
    expect($(card, '[part="card"]') !== null, 'the card showed no brand').to.equal(true);
  });
});
