/**
 * `<dj-brand-card>` in every layout, with real brands from the fixtures and
 * every state a reader can meet: loading, empty, each kind of failure, and
 * data kept from an inline snapshot when the endpoint fails. Failures are
 * picked with the `endpoint` attribute (mocks/handlers.ts, `faultEndpoint`),
 * so each story is plain markup a page could carry.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { brands } from '../src/demo/brands.js';
import { faultEndpoint } from '../mocks/handlers.js';
import type { BrandCardLayout } from '../src/widgets/brand-card/brand-card.component.js';
import '../src/index.js';
import { about } from './shared.js';

interface BrandCardArgs {
  brandId: string;
  layout: BrandCardLayout;
  headingLevel: number;
  endpoint?: string;
  timeout?: number;
  large: boolean;
  /** '' leaves it to the provider. */
  theme: '' | 'light' | 'dark' | 'auto';
  /** '' leaves it to the page. */
  lang: '' | 'zh-CN' | 'en';
}

/** Widths of the column a portal would give each layout. */
const columnWidth: Record<BrandCardLayout, string> = {
  card: '26rem',
  horizontal: '52rem',
  compact: '22rem',
};

const snapshotBrand = brands.find((b) => b.id === 'chengshen-weigong')!;

const card = (args: BrandCardArgs, snapshot?: unknown) => html`<dj-brand-card
  brand-id=${args.brandId}
  layout=${args.layout}
  heading-level=${args.headingLevel}
  endpoint=${ifDefined(args.endpoint || undefined)}
  timeout=${ifDefined(args.timeout)}
  ?large=${args.large}
  theme=${ifDefined(args.theme || undefined)}
  lang=${ifDefined(args.lang || undefined)}
  >${
    snapshot === undefined ? nothing : html`<script type="application/json" .textContent=${JSON.stringify(snapshot)}></script>`
  }</dj-brand-card
>`;

/**
 * Rows of the manifest that are documented but not controls: the attribute
 * spellings of brandId / headingLevel (the args under their property names
 * set those attributes).
 */
const documentedOnly = {
  'brand-id': { control: false },
  'heading-level': { control: false },
} as const;

const meta = {
  title: 'Widgets/Brand card',
  component: 'dj-brand-card',
  tags: ['autodocs'],
  render: (args) => card(args),
  decorators: [(story, { args }) => html`<div style="max-width: ${columnWidth[args.layout] ?? '100%'}">${story()}</div>`],
  args: {
    brandId: 'chengshen-weigong',
    layout: 'card',
    headingLevel: 3,
    endpoint: '',
    timeout: 10_000,
    large: false,
    theme: '',
    lang: '',
  },
  argTypes: {
    brandId: { control: 'text', description: 'Id of the brand to show (`brand-id`), as in `{endpoint}/brands/{id}`.' },
    layout: { control: 'inline-radio', options: ['card', 'horizontal', 'compact'] },
    headingLevel: { control: { type: 'number', min: 1, max: 6, step: 1 } },
    endpoint: {
      control: 'text',
      description:
        'Base URL of the data endpoint; empty falls back to `<dj-provider>`, the meta tag, then `/dj-api/v1`. `/dj-api/fault/<kind>` picks a mock failure.',
    },
    timeout: { control: { type: 'number', min: 0, step: 500 } },
    large: { control: 'boolean' },
    theme: { control: 'inline-radio', options: ['', 'light', 'dark', 'auto'], labels: { '': '(from provider)' } },
    ...documentedOnly,
    lang: {
      control: 'inline-radio',
      options: ['', 'zh-CN', 'en'],
      labels: { '': '(from page)' },
      description: 'The global `lang` attribute: the nearest `lang` above the widget sets its language.',
      table: { category: 'attributes' },
    },
  },
} satisfies Meta<BrandCardArgs>;

export default meta;
type Story = StoryObj<BrandCardArgs>;

export const Default: Story = {
  parameters: about('The card as most pages will use it: a brand with image, honours, key figures and summary.'),
};

export const Card: Story = {
  args: { brandId: 'yanzheng-xianfeng', layout: 'card' },
  parameters: about('Card layout for an umbrella brand: image on top, the first 3 of its 7 sub-brands with a “show all” toggle.'),
};

export const Horizontal: Story = {
  args: { brandId: 'hongyao-jiaoyu', layout: 'horizontal' },
  parameters: about('Horizontal layout: image beside the text once the column is at least 600px wide; stacks like the card below that.'),
};

export const Compact: Story = {
  args: { brandId: 'ying-zai-jining', layout: 'compact' },
  parameters: about('Compact layout for lists and sidebars: level, name, unit and the details link only.'),
};

export const CompactPhoneLarge: Story = {
  args: { brandId: 'zhongcheng-dangban', layout: 'compact', large: true },
  decorators: [(story) => html`<div style="max-width: 18rem">${story()}</div>`],
  parameters: about('Compact layout on a 320 px phone in large mode: 18px text, a 60px details button, nothing past the card’s edge.'),
};

export const LongText: Story = {
  args: { brandId: 'long-text-demo' },
  parameters: about('Very long name, unit, slogan and summary: text wraps, the summary clamps with “Read more”.'),
};

export const ManyHonours: Story = {
  args: { brandId: 'many-honors-demo' },
  parameters: about('A brand with a long list of honours, to check the list’s rhythm and the card’s height.'),
};

export const NoImage: Story = {
  args: { brandId: 'minimal-demo' },
  parameters: about('Only the required fields and no image: the card closes up with no empty image box.'),
};

export const SubBrand: Story = {
  args: { brandId: 'xingzaiqian-zhengdangxian' },
  parameters: about('A sub-brand: the “Sub-brand” badge and the umbrella brand it belongs to.'),
};

export const Loading: Story = {
  args: { endpoint: faultEndpoint('timeout'), timeout: 3_600_000 },
  parameters: about('Loading: the skeleton, shaped like the card, shown while the endpoint has not answered.'),
};

export const LoadingHorizontal: Story = {
  args: { layout: 'horizontal', endpoint: faultEndpoint('timeout'), timeout: 3_600_000 },
  parameters: {
    ...about(
      'Loading in the horizontal layout: the image box beside the name bones, the detail bones across the card below, as the card will be.',
    ),
    djSettled: '.skeleton',
  },
};

export const Empty: Story = {
  args: { endpoint: faultEndpoint('empty') },
  parameters: about('The endpoint answered with nothing (HTTP 204): a quiet empty-state message.'),
};

export const Error: Story = {
  args: { endpoint: faultEndpoint('500') },
  parameters: about('The endpoint failed (HTTP 500): the error box with the server’s reason and a Retry button.'),
};

export const NotFound: Story = {
  args: { brandId: 'no-such-brand' },
  parameters: about('A brand-id the endpoint does not know (HTTP 404): tells the page author to check the brand-id.'),
};

export const SchemaMismatch: Story = {
  args: { endpoint: faultEndpoint('schema') },
  parameters: about('The endpoint sent data that breaks the contract: an error naming the bad field, not a half-drawn card.'),
};

export const NotJson: Story = {
  args: { endpoint: faultEndpoint('html') },
  parameters: about('The endpoint sent an HTML page (e.g. a login gateway) instead of JSON: an error that says so.'),
};

export const Offline: Story = {
  args: { endpoint: faultEndpoint('offline') },
  parameters: about('The network request failed outright (offline, blocked): asks the reader to check the connection.'),
};

export const SlowNetwork: Story = {
  args: { endpoint: faultEndpoint('slow') },
  parameters: about('The endpoint takes 3 seconds: the skeleton first, then the card without a layout jump.'),
};

export const StaleSnapshot: Story = {
  args: { endpoint: faultEndpoint('500') },
  render: (args) => card(args, snapshotBrand),
  parameters: about(
    'The page carries the brand inline (<script type="application/json">) and the endpoint fails: the data stays, under a notice with Retry.',
  ),
};

export const English: Story = {
  args: { lang: 'en' },
  parameters: about('lang="en" on the widget: interface text in English, whatever the page’s language; brand data stays as sent.'),
};

export const Large: Story = {
  args: { large: true },
  parameters: about('Large-text (适老化) mode: text at least 18px and touch targets at least 60px.'),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  globals: { theme: 'dark' },
  parameters: about('Dark theme on a dark page.'),
};
