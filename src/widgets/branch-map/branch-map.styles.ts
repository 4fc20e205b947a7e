import { css } from 'lit';

export const styles = css`
  .base {
    --_land: var(--dj-branch-map-land, var(--_surface-tint));
    background: var(--_surface);
  }
  p {
    margin: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1.25em;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: var(--_target);
    font-weight: 600;
  }
  input[type='checkbox'] {
    width: 1.25em;
    height: 1.25em;
    margin: 0;
    accent-color: var(--_primary);
  }
  .summary {
    margin: 0.5em 0;
    font-weight: 600;
  }
  .map {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  /* The zoom buttons get a bar of their own: over the map they would hide markers and names. */
  .controls {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.25em;
    padding: 0.25em;
    border-bottom: 1px solid var(--_border);
  }
  .controls .button {
    padding: 0 0.75em;
    font-size: 1.1em;
  }
  .stage,
  .canvas {
    position: relative;
  }
  .canvas {
    overflow: hidden;
  }
  .map-svg {
    display: block;
    max-width: 100%;
    touch-action: none;
    cursor: grab;
    user-select: none;
  }
  .map-svg:active {
    cursor: grabbing;
  }
  .map-svg:focus-visible {
    outline-offset: -3px;
  }
  .county {
    fill: var(--_land);
    stroke: var(--_text-muted);
    stroke-width: 1;
    vector-effect: non-scaling-stroke;
  }
  .tile ~ g .county {
    fill: transparent;
  }
  /* The size comes from the font-size attribute, which the placement measured with. */
  .county-name {
    fill: var(--_text);
    text-anchor: middle;
    dominant-baseline: central;
    paint-order: stroke;
    stroke: var(--_surface);
    stroke-width: 3px;
    stroke-linejoin: round;
    pointer-events: none;
  }
  /* The names drawn while the branches load, to be measured, not seen. */
  .name-probe {
    visibility: hidden;
  }
  /* SVG groups would get a rectangular outline; a ring in the focus colour is drawn instead. */
  .pin,
  .cluster {
    cursor: pointer;
    outline: none;
  }
  .pin path,
  .pin circle {
    fill: var(--_text-muted);
    stroke: var(--_surface);
    stroke-width: 1.5;
  }
  /* The target, bigger than the symbol: transparent but hit (a painted fill). */
  .hit,
  .pin .halo {
    fill: transparent;
    stroke: none;
  }
  .stars-5 path {
    fill: var(--_primary);
    stroke: var(--_gold);
  }
  .stars-4 circle {
    fill: var(--_gold);
  }
  .temporary path {
    fill: var(--_focus);
  }
  .cluster .disc {
    fill: var(--_surface);
    stroke: var(--_primary);
    stroke-width: 2.5;
  }
  .cluster text {
    font-weight: 700;
    fill: var(--_text);
    text-anchor: middle;
  }
  .pin:focus-visible .halo,
  .cluster:focus-visible .disc {
    stroke: var(--_focus);
    stroke-width: 4;
  }
  /* The chosen branch: a thick ring around the pin, not a colour alone. */
  .pin .ring {
    fill: var(--_surface);
    stroke: var(--_text);
    stroke-width: 2.5;
  }
  .cluster.selected .disc {
    stroke: var(--_text);
    stroke-width: 4;
    stroke-dasharray: 4 2;
  }
  .button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  /* Under the drawing, not on it, where it would hide names and markers. */
  .attribution {
    padding: 0.1em 0.5em;
    border-top: 1px solid var(--_border);
    font-size: var(--_small);
    color: var(--_text);
    background: var(--_surface);
  }
  /*
   * Narrow first: the card sits under the map, where it hides nothing. A
   * browser without container queries keeps this layout, which reads at
   * every width.
   */
  .card {
    padding: var(--_space);
    background: var(--_surface);
    border-top: 4px solid var(--_primary);
  }
  @container (min-width: 30em) {
    .card {
      position: absolute;
      top: 0.5em;
      width: min(22em, calc(100% - 5em));
      max-height: calc(100% - 1em);
      overflow: auto;
      border: 1px solid var(--_border);
      border-top: 4px solid var(--_primary);
      border-radius: var(--_radius);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    }
    .card.start {
      left: 0.5em;
    }
    .card.end {
      right: 0.5em;
    }
  }
  .card-title {
    font-size: 1.125em;
    font-weight: 700;
  }
  .card-title:focus {
    outline: none;
  }
  dl {
    margin: 0.5em 0;
  }
  dt {
    font-size: var(--_small);
    color: var(--_text-muted);
  }
  dd {
    margin: 0 0 0.25em;
  }
  .list {
    margin: 0.5em 0;
    padding: 0;
    list-style: none;
  }
  .list li {
    color: var(--_text-muted);
  }
  .list .link-button {
    text-align: start;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1.25em;
    margin: 0.5em 0 0;
    padding: 0;
    list-style: none;
    font-size: var(--_small);
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 0.35em;
  }
  .legend-icon {
    width: 1.5em;
    height: 1.5em;
  }
  .toolbar-bone {
    height: calc(var(--_target) + 2.5em);
    margin-bottom: 0.5em;
  }
  .map-bone {
    height: min(80vw, var(--dj-branch-map-height, 640px));
  }
  .table-wrap {
    overflow-x: auto;
  }
  .table-wrap:focus-visible {
    outline-offset: -3px;
  }
  /* Headings on one line: squeezed, 临时党支部项目 would stand one character a line. */
  thead th {
    white-space: nowrap;
  }
  th.wide {
    min-width: 9em;
  }
  th .link-button {
    text-align: start;
  }
  /* A sort button is a target however short its heading (星级). */
  .sort {
    min-width: var(--_target);
  }
  .nowrap {
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    .county {
      stroke: CanvasText;
    }
    .pin path,
    .pin circle:not(.halo, .ring) {
      fill: CanvasText;
    }
    .cluster .disc,
    .pin .ring {
      fill: Canvas;
      stroke: CanvasText;
    }
    .cluster text,
    .county-name {
      fill: CanvasText;
    }
    .pin:focus-visible .halo,
    .cluster:focus-visible .disc {
      stroke: Highlight;
    }
  }
`;
