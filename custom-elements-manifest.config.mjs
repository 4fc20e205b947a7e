// The custom-elements manifest, generated from the JSDoc on each element; feeds
// Storybook's docs and IDE completion. Written to dist/custom-elements.json.
export default {
  globs: ['src/widgets/**/*.component.ts', 'src/core/element.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
