/**
 * `<dj-provider>` handing endpoint, large-text mode and theme to the widgets
 * inside it. It sits inside the toolbar's own provider; the nearer one wins,
 * so the toolbar's theme and large-text settings do not reach these cards
 * (the language does: `lang` is not set here).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { pageClass } from '../.storybook/page.js';
import '../src/index.js';

interface ProviderArgs {
  endpoint: string;
  large: boolean;
  theme: 'light' | 'dark' | 'auto';
}

const meta = {
  title: 'Widgets/Provider',
  component: 'dj-provider',
  tags: ['autodocs'],
  args: { endpoint: '/dj-api/v1', large: false, theme: 'light' },
  argTypes: {
    endpoint: { control: 'text' },
    large: { control: 'boolean' },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
  // The page follows this provider's theme, not the toolbar's.
  parameters: { djPage: false },
  render: (args, { viewMode }) => html`<div class=${pageClass(viewMode)} data-theme=${args.theme}>
    <dj-provider endpoint=${ifDefined(args.endpoint || undefined)} ?large=${args.large} theme=${args.theme}>
      <div style="display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); align-items: start">
        <dj-brand-card brand-id="chengshen-weigong"></dj-brand-card>
        <dj-brand-card brand-id="ying-zai-jining"></dj-brand-card>
        <dj-brand-card brand-id="hongyao-jiaoyu"></dj-brand-card>
      </div>
    </dj-provider>
  </div>`,
} satisfies Meta<ProviderArgs>;

export default meta;
type Story = StoryObj<ProviderArgs>;

export const ThreeCards: Story = {
  args: { large: true, theme: 'dark' },
  parameters: {
    docs: {
      description: {
        story:
          'One provider sets the endpoint, large-text mode and dark theme for three brand cards; none of the cards carries an attribute of its own.',
      },
    },
  },
};
