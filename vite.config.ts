import { readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { minify } from 'terser';
import { defineConfig, type ConfigEnv, type Plugin, type Rolldown, type UserConfig } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/**
 * Gzip budget of dist/dj-widgets.js: the whole kit, four widgets and what
 * they share, English included. 32 KB held the first three widgets; the
 * booking form's six steps, rules and two locale tables took about 12 KB
 * more, making every widget right on phones, in large text and in English
 * 5.4 KB more, refusing hidden characters and the locked code's message
 * 1.3 KB, and the English tables as modules of their own (so the loader
 * build fetches them only for English pages) 0.4 KB, and reading the map's
 * branches in columns (a third of the time at 10,000) 0.4 KB. The goal of 38 KB is
 * not met: a page that shows few widgets is served by the loader build,
 * whose budgets are LOADER_BUDGETS below. The booking code's QR code (its
 * encoder) may add 3 KB: it took 2.8 KB. The compile hint on the first
 * line (see the build below) took 27 B. Terser after the build's minifier
 * (terserAfter below) and the widgets' modules in the order src/index.ts now
 * imports them gave 0.9 KB back, and the budget came down by 0.5 KB.
 */
export const KIT_BUDGET = 54.5 * 1024 + 32;

/** Prints the bundle's gzip size after every build and fails the build above budget. */
function sizeBudget(): Plugin {
  return {
    name: 'dj-size-budget',
    apply: 'build',
    writeBundle(options, bundle) {
      const file = Object.keys(bundle).find((name) => name === 'dj-widgets.js');
      if (!file) return;
      const bytes = gzipSync(readFileSync(`${options.dir}/${file}`), { level: 9 }).length;
      const line = `dist/dj-widgets.js: ${(bytes / 1024).toFixed(1)} KB gzip, ${bytes} B (budget ${KIT_BUDGET} B)`;
      // DJ_SIZE_REPORT=1: report only (bench/evaluation.bench.mjs builds the kit with marks added).
      if (bytes > KIT_BUDGET && !process.env.DJ_SIZE_REPORT) throw new Error(`${line}: over budget`);
      this.info(line);
      console.log(line);
    },
  };
}

/** Prints the gzip size of the staff desk's module (dist/dj-desk.js) after its build. */
function deskSize(): Plugin {
  return {
    name: 'dj-desk-size',
    apply: 'build',
    writeBundle(options) {
      const bytes = gzipSync(readFileSync(`${options.dir}/dj-desk.js`), { level: 9 }).length;
      const line = `dist/dj-desk.js: ${(bytes / 1024).toFixed(1)} KB gzip (the staff desk; never on a public page)`;
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

/** The widgets of the loader build: tag → the module that defines it. */
const WIDGETS: Record<string, string> = {
  'dj-provider': 'src/widgets/provider/provider.ts',
  'dj-brand-card': 'src/widgets/brand-card/brand-card.ts',
  'dj-liaison-leaderboard': 'src/widgets/liaison-leaderboard/liaison-leaderboard.ts',
  'dj-branch-map': 'src/widgets/branch-map/branch-map.ts',
  'dj-open-day-booking': 'src/widgets/open-day-booking/open-day-booking.ts',
};

/**
 * Loader page budgets, gzip -9 of every file the page fetches (loader, chunks) summed: a page
 * with only a brand card, and one with a brand card and a leaderboard. Chinese pages: English
 * tables come only to English ones.
 */
export const LOADER_BUDGETS: [string[], number][] = [
  [['dj-brand-card'], 20 * 1024],
  [['dj-brand-card', 'dj-liaison-leaderboard'], 26 * 1024],
];

/** Each tag's files in the bundle: its chunk, then every chunk it imports, transitively. */
function chunkFiles(bundle: OutputBundle): Record<string, string[]> {
  const byName = new Map(
    Object.values(bundle)
      .filter((c) => c.type === 'chunk' && c.isEntry)
      .map((c) => [(c as OutputChunk).name, c as OutputChunk]),
  );
  const closure = (file: string, seen = new Set<string>()): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const chunk = bundle[file]!;
    return [file, ...(chunk.type === 'chunk' ? chunk.imports.flatMap((f) => closure(f, seen)) : [])];
  };
  return Object.fromEntries(Object.keys(WIDGETS).map((tag) => [tag, closure(byName.get(tag)!.fileName)]));
}

/** The same, as paths relative to the loader, which sits at the top of dist/. */
const fromLoader = (files: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(files).map(([tag, list]) => [tag, list.map((f) => `./${f}`)]));

/**
 * The loader's `__DJ_CHUNKS__`, each tag's files: terser writes it in (terserAfter), so that the
 * loader's source map stays true past it.
 */
const loaderDefines = (bundle: OutputBundle, chunk: OutputChunk) =>
  chunk.name === 'dj-loader' ? { '@__DJ_CHUNKS__': JSON.stringify(fromLoader(chunkFiles(bundle))) } : undefined;

/**
 * After terser has written the chunks into the loader: prints what a page pays for each widget,
 * writes it to dist/sizes.json, and fails the build above a loader budget.
 */
function loaderManifest(): Plugin {
  return {
    name: 'dj-loader-manifest',
    apply: 'build',
    buildStart() {
      // Chunk names carry hashes: last build's would stay beside this one's.
      rmSync('dist/chunks', { recursive: true, force: true });
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const loader = chunks.find((c) => c.name === 'dj-loader')!;
      if (loader.code.includes('__DJ_CHUNKS__')) throw new Error('dj-loader.js: __DJ_CHUNKS__ was not written in');
      const files = chunkFiles(bundle);
      const relative = fromLoader(files);

      const gz = (file: string) =>
        gzipSync(file === loader.fileName ? loader.code : (bundle[file] as { code: string }).code, { level: 9 }).length;
      const pageCost = (tags: string[]) => [loader.fileName, ...new Set(tags.flatMap((t) => files[t]))].reduce((n, f) => n + gz(f), 0);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const sizes = {
        loader: gz(loader.fileName),
        pages: Object.fromEntries(Object.keys(WIDGETS).map((tag) => [tag, pageCost([tag])])),
        english: Object.fromEntries(
          chunks
            .filter((c) => /messages\.en|i18n\.en/.test(c.fileName))
            .map((c) => [c.fileName.replace(/^chunks\/|-[\w-]{8}\.js$/g, ''), gz(c.fileName)]),
        ),
        all: pageCost(Object.keys(WIDGETS)),
        pairs: Object.fromEntries(LOADER_BUDGETS.map(([tags]) => [tags.join('+'), pageCost(tags)])),
        files: relative,
      };
      this.emitFile({ type: 'asset', fileName: 'sizes.json', source: JSON.stringify(sizes, null, 2) + '\n' });
      const lines = Object.entries(sizes.pages).map(([tag, bytes]) => `  loader page with <${tag}> only: ${kb(bytes)}`);
      const faults: string[] = [];
      for (const [tags, budget] of LOADER_BUDGETS) {
        const bytes = pageCost(tags);
        const line = `  loader page with ${tags.map((t) => `<${t}>`).join(' + ')}: ${kb(bytes)} gzip (budget ${budget / 1024} KB)`;
        lines.push(line);
        if (bytes > budget) faults.push(line.trim());
      }
      console.log(`dist/dj-loader.js and dist/chunks/ (gzip -9, all a page fetches):\n${lines.join('\n')}`);
      if (faults.length && !process.env.DJ_SIZE_REPORT) throw new Error(`over budget:\n${faults.join('\n')}`);
    },
  };
}

/**
 * Terser over the minified output, with the source map carried through: what it finds after the
 * build's own minifier is 0.3 KB gzip on a loader page and 0.5 KB on the single file, every
 * byte of which a phone on a slow link waits for. Comments are dropped, but for V8's compile
 * hint (the single file's first line).
 */
function terserAfter(defines?: (bundle: OutputBundle, chunk: OutputChunk) => Record<string, string> | undefined): Plugin {
  return {
    name: 'dj-terser-after',
    apply: 'build',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // The source map's comment, written in by the bundler, goes back at the end.
        const [code, url = ''] = chunk.code.split(/(?=\n\/\/# sourceMappingURL=)/);
        const result = await minify(code, {
          module: true,
          ecma: 2020,
          compress: { passes: 2, global_defs: defines?.(bundle, chunk) },
          format: { comments: /^# allFunctionsCalledOnLoad$/ },
          sourceMap: chunk.map ? { content: JSON.parse(chunk.map.toString()), asObject: true } : false,
        });
        chunk.code = result.code! + url;
        // The bundler has already made the map's file an asset: the new map goes there.
        const map = bundle[`${chunk.fileName}.map`];
        if (map?.type === 'asset' && result.map) map.source = JSON.stringify({ ...(result.map as object), file: chunk.fileName });
      }
    },
  };
}

const plugins = [
  // keepClosingSlash: in svg`` templates `<path … />` must stay self-closed, or
  // the next element is parsed as its child and never drawn. Left out: Lit
  // (shipped minified), and the two files that build CSS with unsafeCSS(),
  // which the minifier would leave as written with a warning each build: the
  // leaderboard's cards (made from rules already minified) and the desk's
  // tables (the desk's bundle has no budget).
  {
    ...minifyTemplateLiterals({
      exclude: ['**/node_modules/**', '**/liaison-leaderboard.cards.ts', '**/desk.grid.styles.ts'],
      options: { minifyOptions: { keepClosingSlash: true } },
    }),
    apply: 'build' as const,
  },
];

/** What both builds share: ES2022, minified into dist/ beside each other, with source maps. */
const build = { target: 'es2022', outDir: 'dist', emptyOutDir: false, copyPublicDir: false, minify: true, sourcemap: true } as const;
/** No comments in the output: pure annotations have done their work by then. */
const output = { minify: true, comments: false } as const;

/**
 * The staff desk (`vite build --mode desk`): dist/dj-desk.js, one file of its own with the core
 * it uses inlined, so that neither the kit nor the loader build holds it and no citizen's page
 * fetches it.
 */
const deskBuild: UserConfig = {
  publicDir: false,
  plugins: [...plugins, deskSize()],
  build: {
    ...build,
    lib: { entry: 'src/widgets/open-day-desk/open-day-desk.ts', formats: ['es'], fileName: () => 'dj-desk.js' },
    rolldownOptions: { output: { ...output, codeSplitting: false } },
  },
};

/**
 * The kit's two builds from one source. `vite build`: dist/dj-widgets.js, the whole kit in one file
 * (English tables inlined). `vite build --mode loader`: dist/dj-loader.js and dist/chunks/,
 * each widget's code fetched the first time its tag appears.
 */
const kitBuilds = ({ mode }: ConfigEnv): UserConfig =>
  mode === 'loader'
    ? {
        publicDir: false,
        plugins: [...plugins, terserAfter(loaderDefines), loaderManifest()],
        build: {
          ...build,
          lib: {
            entry: { 'dj-loader': 'src/loader.ts', ...WIDGETS },
            formats: ['es'],
            fileName: (_format, name) => (name === 'dj-loader' ? 'dj-loader.js' : `chunks/${name}-[hash].js`),
          },
          rolldownOptions: {
            output: {
              ...output,
              chunkFileNames: 'chunks/[name]-[hash].js',
              // What widgets share is one chunk, fetched once with the first widget: fewer files, each gzipped whole.
              codeSplitting: {
                groups: [{ name: 'core', minShareCount: 2, test: /node_modules|[\\/]src[\\/](core|contract)[\\/](?!.*\.en\.)/ }],
              },
            },
          },
        },
      }
    : {
        publicDir: 'src/demo/public',
        server: { host: '127.0.0.1', port: 5173, strictPort: false },
        plugins: [...plugins, terserAfter(), sizeBudget(), sourcesForBundle()],
        build: {
          ...build,
          lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'dj-widgets.js' },
          // One file: the English tables, imported on demand in the loader build, are inlined. Its
          // first line is V8's explicit compile hint: Chromium compiles every function of it while
          // the file streams in, off the main thread, instead of each at its first call during the
          // module's evaluation, which is the kit's longest task on a page with every widget (a
          // quarter shorter with it: bench/evaluation.bench.mjs). Other engines read a comment.
          rolldownOptions: { output: { ...output, codeSplitting: false, postBanner: '//# allFunctionsCalledOnLoad' } },
        },
      };

export default defineConfig((env) => (env.mode === 'desk' ? deskBuild : kitBuilds(env)));
