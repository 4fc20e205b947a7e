import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { defineConfig, type Plugin } from 'vite';

/**
 * Gzip budget of dist/dj-widgets.js: the whole kit, four widgets and what
 * they share. 32 KB held the first three widgets; the booking form's six
 * steps, rules and two locale tables took about 12 KB more, and making every
 * widget right on phones, in large text and in English 5.4 KB more (the
 * map's label placement, overlap-free clusters and targets and card placement 3.7 KB,
 * README, Size); refusing hidden characters in names and a locked booking
 * code's message 1.3 KB more. The way back under 38 KB is the loader build,
 * which lets a page fetch only the widgets it shows.
 */
export const KIT_BUDGET = 50 * 1024;

/** Prints the bundle's gzip size after every build and fails the build above budget. */
function sizeBudget(): Plugin {
  return {
    name: 'dj-size-budget',
    apply: 'build',
    writeBundle(options, bundle) {
      const file = Object.keys(bundle).find((name) => name === 'dj-widgets.js');
      if (!file) return;
      const bytes = gzipSync(readFileSync(`${options.dir}/${file}`), { level: 9 }).length;
      const line = `dist/dj-widgets.js: ${(bytes / 1024).toFixed(1)} KB gzip (budget ${KIT_BUDGET / 1024} KB)`;
      if (bytes > KIT_BUDGET) throw new Error(`${line}: over budget`);
      this.info(line);
      console.log(line);
    },
  };
}

/**
 * `npm run dev` serves the demo page with the sources in place of the built
 * bundle, so edits show without a build; `npm start` serves the real bundle.
 */
function sourcesForBundle(): Plugin {
  return {
    name: 'dj-sources-for-bundle',
    apply: (_config, env) => env.command === 'serve' && env.mode === 'development',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url?.startsWith('/dist/dj-widgets.js')) req.url = '/src/index.ts';
        next();
      });
    },
  };
}

export default defineConfig({
  publicDir: 'src/demo/public',
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  plugins: [
    // keepClosingSlash: in svg`` templates `<path … />` must stay self-closed, or
    // the next element is parsed as its child and never drawn.
    { ...minifyTemplateLiterals({ options: { minifyOptions: { keepClosingSlash: true } } }), apply: 'build' },
    sizeBudget(),
    sourcesForBundle(),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    minify: true,
    sourcemap: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'dj-widgets.js',
    },
    rolldownOptions: {
      // No comments in the bundle: pure annotations have done their work by then.
      output: { minify: true, comments: false },
    },
  },
});
