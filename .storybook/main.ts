/**
 * Storybook for dj-widgets. Stories render the sources (src/), not the built
 * bundle, through the project's own vite.config.ts; Vite's TypeScript
 * transform reads tsconfig.json, so src is compiled with the legacy
 * decorators the kit is written for.
 *
 * The mock endpoint is the same msw handlers as the demo page and the tests;
 * its service worker and the banner images are served from mocks/public.
 */
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin, PluginOption } from 'vite';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * package.json's `sideEffects` names the dist files a consumer must keep; the
 * bundler applies it to this package's src/ too and drops the modules that
 * only register a tag (`define('dj-brand-card', …)`) or a locale table, so a
 * built Storybook showed bare, never-upgraded elements. The sources are all
 * kept here, as the dev server keeps them.
 */
const keepSourceSideEffects: Plugin = {
  name: 'dj-storybook-keep-src-side-effects',
  enforce: 'post',
  apply: 'build',
  transform(code, id) {
    return id.startsWith(SRC) ? { code, map: null, moduleSideEffects: true } : null;
  },
};

/** Plugins of vite.config.ts that are about the library bundle, not Storybook. */
const BUNDLE_ONLY_PLUGINS = new Set(['minify-literals', 'dj-size-budget', 'dj-sources-for-bundle']);

const withoutBundlePlugins = (plugins: PluginOption[] = []): PluginOption[] =>
  plugins.flatMap((p) => {
    if (Array.isArray(p)) return [withoutBundlePlugins(p)];
    return p && typeof p === 'object' && 'name' in p && BUNDLE_ONLY_PLUGINS.has(p.name) ? [] : [p];
  });

const PREBUNDLED = [
  'lit',
  'lit/decorators.js',
  'lit/directives/if-defined.js',
  'lit/directive-helpers.js',
  '@lit/context',
  '@lit/task',
  'valibot',
  'msw',
  'msw/browser',
];

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  staticDirs: ['../mocks/public'],
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    // Template-literal minification would also run over Storybook's own
    // modules (slow, noisy, and it skips half of them anyway).
    viteConfig.plugins = [...withoutBundlePlugins(viteConfig.plugins), keepSourceSideEffects];
    // vite.config.ts points publicDir at mocks/public for the demo page;
    // staticDirs already serves and copies it here.
    viteConfig.publicDir = false;
    // Pre-bundled up front: the renderer imports lit/directive-helpers.js,
    // which the optimizer otherwise serves from node_modules beside its own
    // copy of lit-html ("Multiple versions of Lit loaded"), and deps found
    // mid-session make it re-bundle and reload the page.
    viteConfig.optimizeDeps = {
      ...viteConfig.optimizeDeps,
      include: [...(viteConfig.optimizeDeps?.include ?? []), ...PREBUNDLED],
    };
    // Storybook's own preview chunk is large; only the kit's bundle has a budget.
    viteConfig.build = { ...viteConfig.build, chunkSizeWarningLimit: 1500 };
    return viteConfig;
  },
};

export default config;
