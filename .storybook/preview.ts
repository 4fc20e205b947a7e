/**
 * Every story runs against the mock endpoint (mocks/handlers.ts, the same
 * handlers as the demo page and the tests) and inside a `<dj-provider>` driven
 * by the toolbar: language, theme and large-text mode. A story that sets one
 * of these on the widget itself shows that the widget's own attribute wins.
 * The page around the story follows the theme (./page.ts).
 *
 * The a11y addon runs axe after each story in the story view and reports any
 * violation as an error. It would run as soon as the story has rendered, on
 * the skeleton; the afterEach here first waits for the widgets' data
 * (./settle.ts), so axe checks what the story is named for.
 */
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
// Written by `cem analyze`, which the storybook scripts run first.
import manifest from '../dist/custom-elements.json';
import { desk, handlers } from '../mocks/handlers.js';
import { clearCache } from '../src/index.js';
import { pageClass } from './page.js';
import { settled } from './settle.js';

type Manifest = typeof manifest;
type Member = { privacy?: string; static?: boolean };

/**
 * The manifest lists private and static members too (the analyzer reads the
 * class, not its public surface); the docs table shows only what a page can use.
 */
function publicOnly(cem: Manifest): Manifest {
  return {
    ...cem,
    modules: cem.modules.map((mod) => ({
      ...mod,
      declarations: mod.declarations?.map((decl) =>
        'members' in decl && Array.isArray(decl.members)
          ? { ...decl, members: (decl.members as Member[]).filter((m) => !m.privacy && !m.static) }
          : decl,
      ),
    })),
  } as Manifest;
}

setCustomElementsManifest(publicOnly(manifest));

const preview: Preview = {
  // Initial handlers survive the reset the loader does before every story;
  // a story adds its own with `beforeEach({ msw }) { msw.use(...) }`.
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker(...handlers);
      await worker.start({
        quiet: true,
        onUnhandledRequest: 'bypass',
        // Relative, so a Storybook published under a sub-path still finds it.
        serviceWorker: { url: './mockServiceWorker.js' },
      });
      return worker;
    }),
  ],

  // The kit caches responses for the page, and the mock keeps bookings; each
  // story starts as a fresh page on a fresh endpoint would.
  beforeEach() {
    clearCache();
    desk.reset();
  },

  // Runs before the a11y addon's own afterEach (project hooks run last-in, first-out).
  async afterEach({ canvasElement, viewMode, parameters, globals }) {
    const a11y = parameters.a11y as { disable?: boolean; test?: string } | undefined;
    if (viewMode !== 'story' || a11y?.disable || a11y?.test === 'off' || globals.a11y?.manual) return;
    await settled(canvasElement);
  },

  globalTypes: {
    locale: {
      description: 'Language of the widgets (lang on <dj-provider>)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'zh-CN', title: '中文 (zh-CN)' },
          { value: 'en', title: 'English (en)' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Colour scheme (theme on <dj-provider>)',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'auto', title: 'Auto (system)', icon: 'mirror' },
        ],
        dynamicTitle: true,
      },
    },
    large: {
      description: 'Large-text mode, 适老化 (large on <dj-provider>)',
      toolbar: {
        title: 'Large text',
        icon: 'zoom',
        items: [
          { value: 'off', title: 'Large text off' },
          { value: 'on', title: 'Large text on' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'zh-CN', theme: 'light', large: 'off' },

  decorators: [
    (story, { globals, parameters, viewMode }) => {
      const provided = html`<dj-provider
        lang=${globals.locale ?? 'zh-CN'}
        theme=${globals.theme ?? 'light'}
        ?large=${globals.large === 'on'}
        >${story()}</dj-provider
      >`;
      // A story that sets its own theme paints its own page (`djPage: false`).
      if (parameters.djPage === false) return provided;
      return html`<div class=${pageClass(viewMode)} data-theme=${globals.theme ?? 'light'}>${provided}</div>`;
    },
  ],

  parameters: {
    // The decorator paints the page, so the story fills the frame.
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
    docs: { source: { excludeDecorators: true } },
    // Any axe violation fails the story (the addon's default, 'todo', only warns).
    a11y: { test: 'error' },
    options: { storySort: { order: ['Introduction', 'Widgets'] } },
  },
};

export default preview;
