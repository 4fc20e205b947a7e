import { css } from 'lit';

/**
 * Two layouts of the same table. Wide containers get the table; each group
 * becomes a card when the container is narrower than `CARDS_BELOW`, or when
 * the table would not fit anyway (longer English headers, large mode, another
 * font: the component then sets `.squeezed` on the table's frame). A card has
 * the rank in a gutter, name and leader unit across, then the figures in as
 * many columns as fit, each under its own label. Labels keep CJK words whole
 * (`word-break: keep-all`) and wrap only at spaces, so 党支部 never breaks
 * into 党支/部.
 *
 * A browser without container queries (before Chrome 105, Safari 16,
 * Firefox 110) ignores the `@container` block; the `.squeezed` check still
 * gives it the cards wherever the table does not fit. The card rules use
 * nothing newer than grid and flex-wrap for that reason.
 */
export const CARDS_BELOW = '42em';

/**
 * The card rules, each selector under `&`: liaison-leaderboard.cards.ts puts
 * them under the container query and under `.squeezed`. That takes Lit's
 * raw-CSS function, and the build does not minify the CSS of a file that
 * names it: hence two files.
 */
export const cardRules = css`
  & .board,
  & .board > caption,
  & .board > tbody,
  & .more,
  & .more > td {
    display: block;
  }
  & .board > thead,
  & .units > thead {
    display: none;
  }
  & [data-id] {
    position: relative;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(4.5em, 1fr));
    gap: 0.25em 0.5em;
    margin-top: 0.5em;
    padding: 0.5em 0.6em 0.75em 3.25em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  & [data-id] > td,
  & [data-id] > th {
    display: block;
    min-width: 0;
    padding: 0;
    text-align: left;
    border: 0;
  }
  & [data-id] > .c-rank {
    position: absolute;
    left: 0.6em;
    top: calc(0.5em + (var(--_target) - 2em) / 2);
    display: flex;
    flex-direction: column;
    align-items: center;
    width: 2em;
  }
  & .c-rank .tie {
    margin: 0;
    line-height: 1.3;
    text-align: center;
  }
  & [data-id] > .c-group {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 0.5em;
  }
  & [data-id] > .c-group .flag {
    margin: 0;
  }
  & [data-id] > .c-leader {
    grid-column: 1 / -1;
    order: 1;
    min-width: 0;
    margin-top: -0.25em;
  }
  & [data-id] > .c-score {
    order: 2;
  }
  & [data-id] > .c-trend {
    order: 3;
  }
  & [data-id] > .c-units {
    order: 4;
  }
  & [data-id] > .c-branchCount {
    order: 5;
  }
  & [data-id] > .c-fiveStarCount {
    order: 6;
  }
  & [data-id] > .c-fiveStarShare {
    order: 7;
  }
  & .label {
    display: block;
  }
  & [data-id] > .c-score .value {
    font-size: 1.25em;
    line-height: 1.3;
  }
  & [data-id] .share {
    flex-direction: column-reverse;
    align-items: flex-start;
    gap: 0.2em;
  }
  & .more > td {
    margin-top: -0.25em;
    padding: 0.75em;
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
  & .units,
  & .units > caption,
  & .units > tbody {
    display: block;
  }
  & .units tr {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.1em 1em;
    padding: 0.4em 0.5em;
    border-bottom: 1px solid var(--_border);
  }
  & .units tr > * {
    display: block;
    padding: 0;
    border: 0;
  }
  & .units tr > th {
    flex: 1 1 8em;
    font-weight: 600;
  }
  & .units .rank {
    min-width: 1.75em;
    height: 1.75em;
  }
  & .units .label {
    display: inline;
    margin-right: 0.3em;
  }
  & .units .bar {
    display: none;
  }
  & .row-bone {
    height: 9em;
  }
`;

/** The table layout, and what both layouts share. */
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
  select {
    max-width: 100%;
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
    padding-inline: 0.3em;
  }
  thead th {
    line-height: 1.3;
    word-break: keep-all;
    vertical-align: bottom;
    border-bottom-width: 2px;
  }
  .sort {
    min-width: var(--_target);
    text-align: start;
  }
  .num .sort {
    justify-content: flex-end;
    text-align: end;
  }
  .arrow,
  .word {
    white-space: nowrap;
  }
  .label {
    display: none;
    font-size: var(--_small);
    font-weight: 400;
    line-height: 1.3;
    color: var(--_text-muted);
    word-break: keep-all;
    overflow-wrap: break-word;
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
    min-height: var(--_target);
    padding: 0;
    font: inherit;
    font-weight: 700;
    color: inherit;
    text-align: start;
    white-space: nowrap;
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
    white-space: nowrap;
  }
  .bar {
    flex: none;
    width: 2.5em;
    height: 0.5em;
    overflow: hidden;
    background: var(--_surface-tint);
    border: 1px solid var(--_border);
    border-radius: 999px;
  }
  .bar rect {
    fill: var(--_bar);
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
    min-width: 6em;
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
    max-width: 100%;
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
  @media (forced-colors: active) {
    .bar rect {
      fill: CanvasText;
    }
    .flag,
    .top .rank {
      border: 1px solid CanvasText;
    }
  }
`;
