import { css } from 'lit';

export const styles = css`
  .base {
    --_accent: var(--dj-brand-card-accent, var(--_primary));
    --_card-bg: var(--dj-brand-card-background, var(--_surface));
  }
  .card {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    color: var(--_text);
    background: var(--_card-bg);
    border: 1px solid var(--_border);
    border-top: 4px solid var(--_accent);
    border-radius: var(--_radius);
  }
  .media {
    aspect-ratio: var(--dj-brand-card-image-ratio, 16 / 9);
    background: var(--_surface-tint);
  }
  .media img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .head,
  .body {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.5);
    min-width: 0;
    padding: var(--_space);
  }
  .head {
    padding-bottom: 0;
  }
  .body {
    padding-top: calc(var(--_space) * 0.5);
  }
  p {
    margin: 0;
  }
  .eyebrow {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    font-size: var(--_small);
    color: var(--_text-muted);
  }
  .level {
    padding: 0.1em 0.6em;
    font-weight: 600;
    color: var(--_on-primary);
    background: var(--_accent);
    border-radius: 999px;
  }
  .level-sub {
    color: var(--_accent);
    background: transparent;
    border: 1px solid currentColor;
  }
  .name {
    font-size: 1.375em;
    font-weight: 700;
    line-height: 1.35;
    overflow-wrap: anywhere;
  }
  .slogan {
    font-weight: 600;
    color: var(--_gold);
  }
  .unit,
  .updated,
  .honor-meta {
    color: var(--_text-muted);
  }
  .highlights {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7em, 1fr));
    gap: 0.5em;
    margin: 0;
  }
  .highlight {
    padding: 0.5em 0.75em;
    background: var(--_surface-tint);
    border-radius: var(--_radius);
  }
  .highlight dt {
    font-size: var(--_small);
    color: var(--_text-muted);
  }
  .highlight dd {
    margin: 0;
  }
  .figure {
    font-size: 1.5em;
    font-weight: 700;
    color: var(--_primary);
    font-variant-numeric: tabular-nums;
  }
  .summary {
    overflow-wrap: anywhere;
  }
  .summary.clamped {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: var(--dj-brand-card-summary-lines, 3);
    overflow: hidden;
  }
  .section-title {
    margin-bottom: 0.25em;
    font-weight: 700;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .honors li {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.75em;
    padding: 0.35em 0 0.35em 1.1em;
    position: relative;
  }
  .honors li::before {
    content: '';
    position: absolute;
    left: 0;
    top: 0.95em;
    width: 0.5em;
    height: 0.5em;
    background: var(--_gold);
    transform: rotate(45deg);
  }
  .honor-title {
    font-weight: 600;
  }
  .sub-brands {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .sub-brands li {
    padding: 0.2em 0.75em;
    background: var(--_surface-tint);
    border: 1px solid var(--_border);
    border-radius: 999px;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    margin-top: calc(var(--_space) * 0.25);
  }
  .updated {
    font-size: var(--_small);
  }
  .link-button {
    min-width: var(--_target);
  }
  .bone-eyebrow {
    width: 30%;
    height: 1em;
  }
  .bone-name {
    width: 70%;
    height: 1.6em;
  }
  .bone-unit {
    width: 50%;
    height: 1em;
  }
  .bone-figures {
    height: 3em;
  }
  .bone-summary {
    height: 4.5em;
  }
  .bone-action {
    width: 8em;
    max-width: 100%;
    height: var(--_target);
  }
  @container (min-width: 600px) {
    .layout-horizontal .has-media {
      display: grid;
      grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
      grid-template-areas: 'media head' 'body body';
    }
    .layout-horizontal .media {
      grid-area: media;
      align-self: start;
      margin: var(--_space) 0 0 var(--_space);
      overflow: hidden;
      border-radius: var(--_radius);
    }
    .layout-horizontal .has-media > .head {
      grid-area: head;
      align-self: center;
    }
    .layout-horizontal .has-media > .body {
      grid-area: body;
      padding-top: var(--_space);
    }
  }
  .layout-compact .name {
    font-size: 1.2em;
  }
  @media (forced-colors: active) {
    .level,
    .sub-brands li,
    .highlight {
      border: 1px solid CanvasText;
    }
    .honors li::before {
      background: CanvasText;
    }
  }
`;
