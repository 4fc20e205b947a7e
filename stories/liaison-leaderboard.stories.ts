/**
 * `<dj-liaison-leaderboard>` with the Yanzhou and Jining fixtures and the
 * edge cases a designer should see: ties, a first period with no previous one,
 * one group, 100 groups, a narrow column, and every state. Scopes such as
 * `ties` and `gen-100` are demo scopes of the mock endpoint
 * (mocks/fixtures/liaison-groups.ts); failures are picked with `endpoint`.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { yanzhouBoard } from '../src/demo/liaison-groups.js';
import { faultEndpoint } from '../mocks/handlers.js';
import type { Metric } from '../src/widgets/liaison-leaderboard/ranking.js';
import '../src/index.js';
import { until } from './open-day-booking.play.js';
import { about, sharedArgs, sharedArgTypes, type SharedArgs } from './shared.js';

interface LeaderboardArgs extends SharedArgs {
  scope: string;
  period: string;
  metric: Metric;
  limit: number;
  /** Width of the column the portal gives the widget. */
  width: string;
}

const board = (args: LeaderboardArgs, snapshot?: unknown) => html`<dj-liaison-leaderboard
  scope=${ifDefined(args.scope || undefined)}
  period=${ifDefined(args.period || undefined)}
  metric=${args.metric}
  limit=${ifDefined(args.limit || undefined)}
  endpoint=${ifDefined(args.endpoint || undefined)}
  timeout=${ifDefined(args.timeout)}
  ?large=${args.large}
  theme=${ifDefined(args.theme || undefined)}
  lang=${ifDefined(args.lang || undefined)}
  >${
    snapshot === undefined ? nothing : html`<script type="application/json" .textContent=${JSON.stringify(snapshot)}></script>`
  }</dj-liaison-leaderboard
>`;

const meta = {
  title: 'Widgets/Liaison-group leaderboard',
  component: 'dj-liaison-leaderboard',
  tags: ['autodocs'],
  render: (args) => board(args),
  decorators: [(story, { args }) => html`<div style="max-width: ${args.width}">${story()}</div>`],
  args: {
    scope: 'yanzhou',
    period: '',
    metric: 'score',
    limit: 0,
    ...sharedArgs,
    width: '60rem',
  },
  argTypes: {
    scope: {
      control: 'text',
      description: 'Which groups: `yanzhou`, `jining`; the mock also serves `ties`, `single`, `none` and `gen-100`.',
    },
    period: { control: 'text', description: 'e.g. `2024Q2`; empty for the latest.' },
    metric: { control: 'inline-radio', options: ['score', 'fiveStarShare', 'fiveStarCount', 'branchCount'] },
    limit: { control: { type: 'number', min: 0, step: 1 }, description: 'Top N with “show all”; 0 shows every group.' },
    endpoint: {
      control: 'text',
      description: 'Base URL of the data endpoint; `/dj-api/fault/<kind>` picks a mock failure.',
    },
    ...sharedArgTypes,
    width: {
      control: 'inline-radio',
      options: ['60rem', '718px', '40rem', '22rem', '18rem'],
      description: 'Column width (not an attribute); 718px is the demo page’s main column, 18rem a 320 px phone’s.',
    },
  },
} satisfies Meta<LeaderboardArgs>;

export default meta;
type Story = StoryObj<LeaderboardArgs>;

/** Opens the first group's details, as a reader activating its name. */
const expandFirstGroup: Story['play'] = async ({ canvasElement }) => {
  const el = canvasElement.querySelector('dj-liaison-leaderboard')!;
  const name = await until(() => el.shadowRoot?.querySelector<HTMLButtonElement>('.board .name'), 'showed a group');
  name.click();
  await until(() => el.shadowRoot!.querySelector('.members'), 'opened the group');
};

export const Yanzhou: Story = {
  parameters: about(
    'Yanzhou’s 67 district departments in 11 liaison groups, ranked by evaluation score; activate a group’s name to see its member units.',
  ),
};

export const Jining: Story = {
  args: { scope: 'jining', metric: 'fiveStarShare' },
  parameters: about('Jining’s 98 departments in 9 groups, each with two deputy leader units, ranked by five-star share.'),
};

export const TopFive: Story = {
  args: { limit: 5 },
  parameters: about('`limit="5"`: the top five with “show all”, as on a portal’s front page.'),
};

export const Ties: Story = {
  args: { scope: 'ties' },
  parameters: about(
    'Tied scores share a rank and the next rank is skipped (1, 2, 2, 4, 4, 4); “并列” says so in words. One group has no previous period, no guide, no liaison and no units.',
  ),
};

export const NoPreviousPeriod: Story = {
  args: { period: '2023Q3' },
  parameters: about('The first period on record: every trend reads “新” (no previous value).'),
};

export const OneGroup: Story = {
  args: { scope: 'single' },
  parameters: about('A scope with a single group.'),
};

export const HundredGroups: Story = {
  args: { scope: 'gen-100' },
  parameters: about('100 groups of 20 units each (generated demo data): the size the benchmark renders and sorts.'),
};

export const Narrow: Story = {
  args: { width: '22rem' },
  parameters: about('A narrow column (a phone, a sidebar): the same table becomes a card list, each figure named.'),
};

export const ExpandedGroup: Story = {
  args: { scope: 'jining' },
  play: expandFirstGroup,
  parameters: {
    ...about('A group opened: guiding leader, general liaison, deputy leader units and its member units ranked by the same metric.'),
    djSettled: '.members',
  },
};

export const PhoneLarge: Story = {
  args: { width: '18rem', large: true },
  play: expandFirstGroup,
  parameters: {
    ...about(
      'A 320 px phone in large mode, first group opened: each group a card with the rank in a gutter and the figures in as many columns as fit, each under a label that breaks only between words; member units as compact rows.',
    ),
    djSettled: '.members',
  },
};

export const EnglishMainColumn: Story = {
  args: { lang: 'en', width: '718px' },
  parameters: about(
    'English in the demo page’s 718 px main column: the table while it fits; the card list wherever it would not (longer headers, large mode, other fonts), so no column ever sticks out.',
  ),
};

export const Loading: Story = {
  args: { endpoint: faultEndpoint('timeout'), timeout: 3_600_000 },
  parameters: about('Loading: the skeleton, shaped like the table, while the endpoint has not answered.'),
};

export const Empty: Story = {
  args: { scope: 'none' },
  parameters: about('The scope has no groups in the period: the switchers stay, with an empty-state message.'),
};

export const Error: Story = {
  args: { endpoint: faultEndpoint('500') },
  parameters: about('The endpoint failed (HTTP 500): the error box with the server’s reason and a Retry button.'),
};

export const UnknownScope: Story = {
  args: { scope: 'nowhere' },
  parameters: about('A scope the endpoint does not know (HTTP 404): tells the page author which attribute to check.'),
};

export const StaleSnapshot: Story = {
  args: { endpoint: faultEndpoint('500') },
  render: (args) => board(args, yanzhouBoard),
  parameters: about('The page carries the ranking inline and the endpoint fails: the data stays, under a notice with Retry.'),
};

export const English: Story = {
  args: { lang: 'en' },
  parameters: about('lang="en": interface text in English; group and unit names stay as sent, marked as Chinese.'),
};

export const Large: Story = {
  args: { large: true },
  parameters: about('Large-text (适老化) mode: text at least 18px and targets at least 60px; the card list takes over sooner.'),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  globals: { theme: 'dark' },
  parameters: about('Dark theme on a dark page.'),
};
