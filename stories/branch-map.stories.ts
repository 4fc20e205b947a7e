/**
 * `<dj-branch-map>` on the Jining boundaries with the demo branches, the
 * generated 1,000 and 10,000 sets (endpoint `/dj-api/gen/<n>` of the mock),
 * a stand-in basemap, filters, and every state.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { faultEndpoint } from '../mocks/handlers.js';
import '../src/index.js';
import { about, sharedArgs, sharedArgTypes, type SharedArgs } from './shared.js';

interface MapArgs extends SharedArgs {
  region: string;
  minStars: number;
  group: string;
  temporaryOnly: boolean;
  tileUrl: string;
  tileAttribution: string;
  reviewNumber: string;
  /** Width of the column the portal gives the widget. */
  width: string;
}

/** The manifest's attribute rows, documented but set through the args above. */
const attributeSpellings = Object.fromEntries(
  ['min-stars', 'temporary-only', 'tile-url', 'tile-attribution', 'review-number'].map((name) => [name, { control: false }]),
);

const meta = {
  title: 'Widgets/Five-star branch map',
  component: 'dj-branch-map',
  tags: ['autodocs'],
  render: (args) => html`<dj-branch-map
    region=${args.region}
    min-stars=${ifDefined(args.minStars || undefined)}
    group=${ifDefined(args.group || undefined)}
    ?temporary-only=${args.temporaryOnly}
    tile-url=${ifDefined(args.tileUrl || undefined)}
    tile-attribution=${ifDefined(args.tileAttribution || undefined)}
    review-number=${ifDefined(args.reviewNumber || undefined)}
    endpoint=${ifDefined(args.endpoint || undefined)}
    timeout=${ifDefined(args.timeout)}
    ?large=${args.large}
    theme=${ifDefined(args.theme || undefined)}
    lang=${ifDefined(args.lang || undefined)}
  ></dj-branch-map>`,
  decorators: [(story, { args }) => html`<div style="max-width: ${args.width}">${story()}</div>`],
  args: {
    region: '370800',
    minStars: 0,
    group: '',
    temporaryOnly: false,
    tileUrl: '',
    tileAttribution: '',
    reviewNumber: '',
    ...sharedArgs,
    width: '48rem',
  },
  argTypes: {
    region: { control: 'text', description: 'Administrative division code: 370800 (Jining) or a county, e.g. 370812 (Yanzhou).' },
    minStars: { control: { type: 'number', min: 0, max: 5 } },
    group: { control: 'text' },
    temporaryOnly: { control: 'boolean' },
    tileUrl: { control: 'text', description: '`{z}/{x}/{y}` template; the mock serves `/tiles/{z}/{x}/{y}.svg`.' },
    endpoint: {
      control: 'text',
      description: '`/dj-api/gen/1000` or `/dj-api/gen/10000` serve generated branches; `/dj-api/fault/<kind>` fails.',
    },
    ...sharedArgTypes,
    width: {
      control: 'inline-radio',
      options: ['48rem', '24rem', '20rem'],
      description: 'Column width (not an attribute); 20rem is a 320px phone.',
    },
    ...attributeSpellings,
  },
} satisfies Meta<MapArgs>;

export default meta;
type Story = StoryObj<MapArgs>;

export const Jining: Story = {
  parameters: about('All of Jining: 11 counties, the demo branches clustered; activate a cluster to zoom in, a pin for its card.'),
};

export const YanzhouOnly: Story = {
  args: { region: '370812' },
  parameters: about('兖州区 alone (region 370812), where 120 branches are five-star.'),
};

export const Branches1000: Story = {
  args: { endpoint: '/dj-api/gen/1000' },
  parameters: about('1,000 generated branches (demo data).'),
};

export const Branches10000: Story = {
  args: { endpoint: '/dj-api/gen/10000' },
  parameters: about('10,000 generated branches (demo data): what the benchmark paints, zooms and pans.'),
};

export const WithTiles: Story = {
  args: { tileUrl: '/tiles/{z}/{x}/{y}.svg', tileAttribution: '示例底图', reviewNumber: 'GS（2024）0650号' },
  parameters: about(
    'A basemap from `tile-url` (here a stand-in tile that shows its z/x/y); the credit and 审图号 show in a line under the map whenever tiles show.',
  ),
};

export const FiltersApplied: Story = {
  args: { minStars: 5, region: '370812' },
  parameters: about('Five-star branches only; the counts follow the filter.'),
};

export const Phone: Story = {
  args: { width: '24rem' },
  parameters: about(
    'A phone-width column: the zoom buttons sit in a bar above the map, the card under it; a county name with no free place near its seat is left out.',
  ),
};

export const PhoneLarge: Story = {
  args: { width: '20rem', large: true },
  parameters: about(
    'A 320px phone in large-text (适老化) mode: county names and cluster counts at 18px, clusters sized to hold them, no name on a marker.',
  ),
};

export const PhoneEnglish: Story = {
  args: { width: '20rem', lang: 'en' },
  parameters: about('A 320px phone in English: filters stack; the list view scrolls sideways inside its own region, not the page.'),
};

export const Loading: Story = {
  args: { endpoint: faultEndpoint('timeout'), timeout: 3_600_000 },
  parameters: about('Loading: a skeleton where the map will be.'),
};

export const Empty: Story = {
  args: { endpoint: faultEndpoint('empty') },
  parameters: about('The endpoint has no map for the region (HTTP 204).'),
};

export const Error: Story = {
  args: { endpoint: faultEndpoint('500') },
  parameters: about('The endpoint failed (HTTP 500): the reason and Retry.'),
};

export const UnknownRegion: Story = {
  args: { region: '999999' },
  parameters: about('A region code the endpoint does not know (HTTP 404).'),
};

export const English: Story = {
  args: { lang: 'en' },
  parameters: about('lang="en": interface in English; names stay as sent, marked as Chinese.'),
};

export const Large: Story = {
  args: { large: true },
  parameters: about('Large-text (适老化) mode: text at least 18px, targets at least 60px.'),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  globals: { theme: 'dark' },
  parameters: about('Dark theme on a dark page.'),
};
