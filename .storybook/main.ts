/**
 * Storybook for dj-widgets. Stories render the sources (src/), not the built
 * bundle, through the project's own vite.config.ts; Vite's TypeScript
 * transform reads tsconfig.json, so src is compiled with the legacy
 * decorators the kit is written for.
 *
 * The mock endpoint is the same msw handlers as the demo page and the tests;
 * its service worker and the banner images are served from src/demo/public.
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

/**
 * Dependencies pre-bundled when the server starts. Vite reuses its bundle of
 * them across restarts and does not look at the sources again; an import it
 * has not bundled (a widget starting to use `lit/directives/repeat.js`) is
 * found only when a browser asks for it, on the first view: Vite then holds
 * the page while it bundles again and reloads it when done. Every lit
 * directive is listed by a glob, so using one more costs nothing.
 */
const PREBUNDLED = [
  'lit',
  'lit/decorators.js',
  'lit/directives/*.js',
  'lit/directive-helpers.js',
  '@lit/context',
  '@lit/task',
  'lean-qr/nano',
  'valibot',
  'msw',
  'msw/browser',
];

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  // The introduction first: Storybook opens on the first entry.
  stories: ['../stories/Introduction.mdx', '../stories/**/*.stories.ts'],
  // The a11y addon gives the Accessibility panel (axe on every story; see preview.ts).
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // Storybook's own onboarding checklist (sidebar widget and the Guide page in the menu)
  // is for people learning Storybook, not for designers looking at the kit.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  staticDirs: ['../src/demo/public'],
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    // Template-literal minification would also run over Storybook's own
    // modules (slow, noisy, and it skips half of them anyway).
    viteConfig.plugins = [...withoutBundlePlugins(viteConfig.plugins), keepSourceSideEffects];
    // vite.config.ts points publicDir at src/demo/public for the demo page;
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
    // Vite transforms a module when a browser first asks for it, one import
    // level at a time; the preview and the stories (and through them every
    // widget and mock) are transformed as soon as the server is up instead.
    viteConfig.server = {
      ...viteConfig.server,
      warmup: { ...viteConfig.server?.warmup, clientFiles: ['./.storybook/preview.ts', './stories/*.stories.ts'] },
    };
    // Storybook's own preview chunk is large; only the kit's bundle has a budget.
    viteConfig.build = { ...viteConfig.build, chunkSizeWarningLimit: 1500 };
    return viteConfig;
  },
};

export default config;
