// The kit's lint: ESLint's and typescript-eslint's recommended rules for all the TypeScript,
// with Lit's and web components' rules for the widgets and stories. Prettier owns the layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import chaiFriendly from 'eslint-plugin-chai-friendly';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'storybook-static/',
      'node_modules/',
      'src/demo/public/',
      'bench/results/',
      'test/screenshots/',
      'test/node/consumer/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'server/**/*.ts', 'bench/**', 'vite.config.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Chai's property assertions (`expect(x).to.exist`) are expressions; an `expect(x)` that asserts nothing is still caught.
    files: ['test/**'],
    extends: [chaiFriendly.configs.recommendedFlat],
  },
  {
    // `_` names what a destructuring or a signature must take and does not use.
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
