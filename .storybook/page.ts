/**
 * The page behind a story: `<div class=${pageClass(viewMode)} data-theme=…>`.
 * Neutral colours that follow the theme, so a dark card is seen on a dark page
 * as it would be on a portal in dark mode; the widgets' own surfaces come from
 * their tokens. In the docs view stories sit one under another, so only the
 * single-story view fills the frame.
 */
const style = document.createElement('style');
style.textContent = `
  .dj-sb-page { --dj-sb-bg: #f4f1ee; --dj-sb-fg: #1f1a17; background: var(--dj-sb-bg); color: var(--dj-sb-fg); padding: 1.5rem; box-sizing: border-box; }
  .dj-sb-page[data-theme='dark'] { --dj-sb-bg: #121010; --dj-sb-fg: #f3ede9; color-scheme: dark; }
  @media (prefers-color-scheme: dark) {
    .dj-sb-page[data-theme='auto'] { --dj-sb-bg: #121010; --dj-sb-fg: #f3ede9; color-scheme: dark; }
  }
  .dj-sb-page.fill { min-height: 100vh; }
`;
document.head.append(style);

export const pageClass = (viewMode: string) => `dj-sb-page${viewMode === 'docs' ? '' : ' fill'}`;
