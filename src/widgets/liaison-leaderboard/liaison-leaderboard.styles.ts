import { css } from 'lit';

/** Below 42em of container width each group becomes a card with the same figures, each named. */

export const styles = css`
  .base {
    --_bar: var(--dj-leaderboard-bar, var(--_primary));
    --_top: var(--dj-leaderboard-top, var(--_surface-tint));
    font-variant-numeric: tabular-nums;
    background: var(--_surface);
  }
  p {
    margin: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.5em;
    margin-bottom: calc(var(--_space) / 2);
  }
  table {
    color: var(--_text);
    background: var(--_surface);
  }
  caption {
    padding-bottom: 0.5em;
    font-size: 1.125em;
    font-weight: 700;
    text-align: start;
  }
  th,
  td {
    padding-inline: 0.4em;
  }
  thead th {
    white-space: nowrap;
    border-bottom-width: 2px;
  }
  .c-fiveStarShare {
    text-align: end;
  }
  .top {
    background: var(--_top);
  }
  .rank {
    display: inline-grid;
    place-items: center;
    min-width: 2em;
    height: 2em;
    font-weight: 700;
    border-radius: 999px;
  }
  .top .rank {
    color: var(--_on-primary);
    background: var(--_primary);
  }
  .tie,
  .flag {
    margin-inline-start: 0.4em;
    font-size: var(--_small);
    white-space: nowrap;
  }
  .tie {
    color: var(--_text-muted);
  }
  .trend {
    font-weight: 700;
    white-space: nowrap;
  }
  .up {
    color: var(--_up);
  }
  .down {
    color: var(--_down);
  }
  .same,
  .new {
    color: var(--_text-muted);
  }
  .name {
    white-space: nowrap;
    min-height: var(--_target);
    padding: 0;
    font: inherit;
    font-weight: 700;
    color: inherit;
    text-align: start;
    background: none;
    border: 0;
    cursor: pointer;
  }
  .name:hover {
    color: var(--_primary);
    text-decoration: underline;
  }
  .flag {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    padding: 0 0.5em;
    font-weight: 600;
    color: var(--_on-primary);
    background: var(--_primary);
    border-radius: 999px;
  }
  .flag svg {
    width: 1em;
    height: 1em;
    fill: currentColor;
    stroke: currentColor;
    stroke-width: 1.5;
  }
  .share {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
  }
  .bar {
    width: 3em;
    height: 0.5em;
    overflow: hidden;
    background: var(--_surface-tint);
    border: 1px solid var(--_border);
    border-radius: 999px;
  }
  .bar > span {
    display: block;
    height: 100%;
    background: var(--_bar);
  }
  .name::after {
    content: '';
    display: inline-block;
    width: 0.4em;
    height: 0.4em;
    margin: 0 0.4em 0.2em;
    border: solid currentColor;
    border-width: 0 2px 2px 0;
    transform: rotate(45deg);
  }
  .name[aria-expanded='true']::after {
    margin-bottom: -0.1em;
    transform: rotate(-135deg);
  }
  .c-leader {
    min-width: 6.5em;
  }
  .c-score {
    font-weight: 700;
  }
  .more > td {
    padding: var(--_space);
    background: var(--_surface-tint);
  }
  .people {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 2em;
    margin: 0 0 0.75em;
  }
  dt {
    font-size: var(--_small);
    color: var(--_text-muted);
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
  .units caption {
    font-size: 1em;
  }
  .field-bone {
    width: 12em;
    height: var(--_target);
  }
  .caption-bone {
    width: 60%;
    height: 1.5em;
    margin-bottom: 0.5em;
  }
  .row-bone {
    height: 2.6em;
    margin-top: 0.6em;
  }
  @container (max-width: 42em) {
    .board,
    .board > caption,
    .board > tbody,
    [data-id] > *,
    .more {
      display: block;
    }
    .board > thead {
      display: none;
    }
    [data-id] {
      display: grid;
      grid-template: 'r g g s' 'r l l t' 'u b f h' / auto 1fr 1fr auto;
      gap: 0 0.75em;
      margin-top: 0.5em;
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    [data-id] > * {
      padding: 0;
      text-align: start;
      border: 0;
    }
    [data-id] > .c-rank {
      grid-area: r;
    }
    [data-id] > .c-group {
      grid-area: g;
    }
    [data-id] > .c-leader {
      grid-area: l;
    }
    [data-id] > .c-score {
      grid-area: s;
      align-self: center;
      font-size: 1.25em;
    }
    [data-id] > .c-trend {
      grid-area: t;
      text-align: end;
    }
    [data-id] > .c-units {
      grid-area: u;
      --l: var(--l-units);
    }
    [data-id] > .c-branchCount {
      grid-area: b;
      --l: var(--l-branchCount);
    }
    [data-id] > .c-fiveStarCount {
      grid-area: f;
      --l: var(--l-fiveStarCount);
    }
    [data-id] > .c-fiveStarShare {
      grid-area: h;
      --l: var(--l-fiveStarShare);
    }
    [data-id] > :is(.c-units, .c-branchCount, .c-fiveStarCount, .c-fiveStarShare)::before {
      content: var(--l);
      display: block;
      font-size: var(--_small);
      color: var(--_text-muted);
    }
    [data-id] > :is(.c-score, .c-trend)::before {
      content: var(--l-score) ' ';
      font-size: var(--_small);
      font-weight: 400;
      color: var(--_text-muted);
    }
    [data-id] > .c-trend::before {
      content: var(--l-trend) ' ';
    }
    .units .bar {
      display: none;
    }
    .row-bone {
      height: 8.5em;
    }
    .more > td {
      padding: 0.75em;
    }
    .units th,
    .units td {
      padding: 0.35em 0.3em;
      font-size: var(--_small);
    }
  }
  @media (forced-colors: active) {
    .bar > span {
      background: CanvasText;
    }
    .flag,
    .top .rank {
      border: 1px solid CanvasText;
    }
  }
`;
