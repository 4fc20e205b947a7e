/**
 * Design tokens and the styles every widget shares.
 *
 * Tiers (as in Material): page-level `--dj-*` tokens a portal sets once;
 * widget-level `--dj-<widget>-*` tokens declared by each widget; private
 * `--_*` aliases that resolve them with the defaults below. The defaults live
 * in TypeScript so a test can check every text pair for 4.5:1 contrast, and
 * are written out in the CSS too (a test keeps the two equal), since the
 * build leaves a stylesheet that interpolates run-time strings unminified.
 *
 * `--_small` is secondary text, never under 18px in large mode. The `.base`
 * frame takes focus only after Retry, so it draws no outline: the reader
 * keeps their place. It is positioned, and `.visually-hidden` text pinned to
 * its corner, so that hidden text stays inside the widget: unpositioned,
 * WebKit put a span from a button inside a portal's multi-column layout
 * 1,330 px below the page's end, and at its own place after a word at a
 * line's end the 1px box stood past the widget's edge. (Comments stay out of the CSS: they would ship.)
 */
import { css } from 'lit';

export const lightColors = {
  primary: '#C8161D',
  'on-primary': '#FFFFFF',
  gold: '#8A6A00',
  text: '#1F1A17',
  'text-muted': '#5C534E',
  surface: '#FFFFFF',
  'surface-tint': '#FBF5EF',
  border: '#E4D7CF',
  focus: '#1A5FB4',
  /** Rising and falling figures: red is up in China. */
  up: '#C8161D',
  down: '#1E6E3A',
  /** Form errors: their own red, so a portal's brand colour never hides them. */
  error: '#B00020',
} as const;

export const darkColors: Record<keyof typeof lightColors, string> = {
  primary: '#FF8A80',
  'on-primary': '#1C1816',
  gold: '#E8C15A',
  text: '#F3EDE9',
  'text-muted': '#BFB4AD',
  surface: '#1C1816',
  'surface-tint': '#26201D',
  border: '#4A3F3A',
  focus: '#8AB4F8',
  up: '#FF8A80',
  down: '#7FD494',
  error: '#FFB4AB',
};

type Color = keyof typeof lightColors;

/** Foreground / background pairs the widgets use for text. */
export const textPairs: [Color, Color][] = [
  ['text', 'surface'],
  ['text', 'surface-tint'],
  ['text-muted', 'surface'],
  ['text-muted', 'surface-tint'],
  ['primary', 'surface'],
  ['primary', 'surface-tint'],
  ['on-primary', 'primary'],
  ['gold', 'surface'],
  ['gold', 'surface-tint'],
  ['up', 'surface'],
  ['up', 'surface-tint'],
  ['down', 'surface'],
  ['down', 'surface-tint'],
  ['error', 'surface'],
  ['error', 'surface-tint'],
];

export const baseStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    --_primary: var(--dj-color-primary, #C8161D);
    --_on-primary: var(--dj-color-on-primary, #FFFFFF);
    --_gold: var(--dj-color-gold, #8A6A00);
    --_text: var(--dj-color-text, #1F1A17);
    --_text-muted: var(--dj-color-text-muted, #5C534E);
    --_surface: var(--dj-color-surface, #FFFFFF);
    --_surface-tint: var(--dj-color-surface-tint, #FBF5EF);
    --_border: var(--dj-color-border, #E4D7CF);
    --_focus: var(--dj-color-focus, #1A5FB4);
    --_up: var(--dj-color-up, #C8161D);
    --_down: var(--dj-color-down, #1E6E3A);
    --_error: var(--dj-color-error, #B00020);
    --_font-size: var(--dj-font-size, 16px);
    --_space: var(--dj-space, 16px);
    --_radius: var(--dj-radius, 8px);
    --_target: 44px;
    --_small: 0.875em;
    box-sizing: border-box;
    --_cjk-fonts: 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC';
    font-family: var(--dj-font-family, var(--_cjk-fonts), system-ui, sans-serif);
    font-size: var(--_font-size);
    line-height: 1.6;
    color: var(--_text);
    container-type: inline-size;
    position: relative;
  }
  /* English in a Latin face first: a CJK face draws Latin punctuation full width (server’ s). The
     Chinese names inside (lang="zh-CN") keep the CJK faces. */
  .base:lang(en) {
    font-family: var(--dj-font-family, -apple-system, 'Segoe UI', Roboto, Arial, var(--_cjk-fonts), system-ui, sans-serif);
  }
  .base:lang(en) :lang(zh) {
    font-family: var(--dj-font-family, var(--_cjk-fonts), system-ui, sans-serif);
  }
  .base:focus {
    outline: none;
  }
  .base.theme-dark {
    --_primary: var(--dj-color-primary, #FF8A80);
    --_on-primary: var(--dj-color-on-primary, #1C1816);
    --_gold: var(--dj-color-gold, #E8C15A);
    --_text: var(--dj-color-text, #F3EDE9);
    --_text-muted: var(--dj-color-text-muted, #BFB4AD);
    --_surface: var(--dj-color-surface, #1C1816);
    --_surface-tint: var(--dj-color-surface-tint, #26201D);
    --_border: var(--dj-color-border, #4A3F3A);
    --_focus: var(--dj-color-focus, #8AB4F8);
    --_up: var(--dj-color-up, #FF8A80);
    --_down: var(--dj-color-down, #7FD494);
    --_error: var(--dj-color-error, #FFB4AB);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    .base.theme-auto {
      --_primary: var(--dj-color-primary, #FF8A80);
      --_on-primary: var(--dj-color-on-primary, #1C1816);
      --_gold: var(--dj-color-gold, #E8C15A);
      --_text: var(--dj-color-text, #F3EDE9);
      --_text-muted: var(--dj-color-text-muted, #BFB4AD);
      --_surface: var(--dj-color-surface, #1C1816);
      --_surface-tint: var(--dj-color-surface-tint, #26201D);
      --_border: var(--dj-color-border, #4A3F3A);
      --_focus: var(--dj-color-focus, #8AB4F8);
      --_up: var(--dj-color-up, #FF8A80);
      --_down: var(--dj-color-down, #7FD494);
      --_error: var(--dj-color-error, #FFB4AB);
      color-scheme: dark;
    }
  }
  .base.large {
    --_font-size: max(var(--dj-font-size, 16px), 18px);
    --_target: 60px;
    --_small: 1em;
    line-height: 1.7;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
    height: 1px;
    margin: 0;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: var(--_target);
    min-width: var(--_target);
    padding: 0 1em;
    font: inherit;
    font-weight: 600;
    color: var(--_primary);
    background: var(--_surface);
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    text-decoration: none;
    cursor: pointer;
  }
  .button:hover {
    background: var(--_surface-tint);
  }
  .button.solid {
    color: var(--_on-primary);
    background: var(--_primary);
    border-color: var(--_primary);
  }
  .link-button {
    min-height: var(--_target);
    padding: 0;
    font: inherit;
    font-weight: 600;
    color: var(--_primary);
    background: none;
    border: 0;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }
  .field {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.5em;
    min-height: var(--_target);
    font-weight: 600;
  }
  select {
    min-height: var(--_target);
    padding: 0 0.5em;
    font: inherit;
    font-weight: 400;
    color: var(--_text);
    background: var(--_surface);
    border: 2px solid var(--_text-muted);
    border-radius: var(--_radius);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: 0.35em 0.5em;
    text-align: start;
    font-weight: 400;
    border-bottom: 1px solid var(--_border);
  }
  thead th {
    font-size: var(--_small);
    font-weight: 600;
    color: var(--_text-muted);
  }
  .num {
    text-align: end;
  }
  .sort {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    min-height: var(--_target);
    padding: 0;
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    cursor: pointer;
  }
  [aria-sort] .sort {
    color: var(--_primary);
  }
  .state {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .state.error {
    border-inline-start: 6px solid var(--_primary);
  }
  .state p {
    margin: 0;
  }
  .state-title {
    font-weight: 700;
  }
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin: 0 0 calc(var(--_space) / 2);
    padding: 0.25em 0.75em;
    font-size: var(--_small);
    color: var(--_text-muted);
    background: var(--_surface-tint);
    border-radius: var(--_radius);
  }
  .notice .button {
    font-size: inherit;
  }
  .bone {
    display: block;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_surface-tint) 25%, var(--_border) 50%, var(--_surface-tint) 75%) 0 0 / 200% 100%;
    animation: shimmer 1.4s linear infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }
  @media (forced-colors: active) {
    .base {
      forced-color-adjust: auto;
    }
    .bone {
      background: GrayText;
    }
    .button,
    .state {
      border-color: CanvasText;
    }
  }
`;
