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
  [aria-pressed='true'].button {
    color: var(--_on-primary);
    background: var(--_primary);
  }
  .summary {
    margin: 0.5em 0;
    font-weight: 600;
  }
  .map {
    position: relative;
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
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
  .tile ~ .county {
    fill: transparent;
  }
  .county-name {
    font-size: var(--_small);
    fill: var(--_text-muted);
    text-anchor: middle;
    pointer-events: none;
  }
  .pin,
  .cluster {
    cursor: pointer;
  }
  .pin path,
  .pin circle {
    fill: var(--_text-muted);
    stroke: var(--_surface);
    stroke-width: 1.5;
  }
  .pin .hit {
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
  .cluster circle {
    fill: var(--_surface);
    stroke: var(--_primary);
    stroke-width: 2.5;
  }
  .cluster text {
    font-size: calc(var(--_font-size) * 0.75);
    font-weight: 700;
    fill: var(--_text);
    text-anchor: middle;
  }
  .pin:focus-visible,
  .cluster:focus-visible {
    outline: none;
  }
  .pin:focus-visible .hit,
  [aria-pressed='true'] .hit,
  .cluster:focus-visible circle {
    stroke: var(--_focus);
    stroke-width: 3;
  }
  .zoom {
    position: absolute;
    top: 0.5em;
    right: 0.5em;
    display: flex;
    flex-direction: column;
    gap: 0.25em;
  }
  .zoom .button {
    padding: 0 0.5em;
    font-size: 1.1em;
  }
  .button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .attribution {
    position: absolute;
    left: 0;
    bottom: 0;
    padding: 0.1em 0.5em;
    font-size: var(--_small);
    color: var(--_text);
    background: var(--_surface);
  }
  .card {
    position: absolute;
    top: 0.5em;
    left: 0.5em;
    width: min(22em, calc(100% - 5em));
    max-height: calc(100% - 1em);
    overflow: auto;
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-top: 4px solid var(--_primary);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
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
  @container (max-width: 30em) {
    .card {
      position: static;
      width: auto;
      max-height: none;
      border-width: 1px 0 0;
      border-radius: 0;
      box-shadow: none;
    }
  }
  @media (forced-colors: active) {
    .county {
      stroke: CanvasText;
    }
    .pin path,
    .pin circle,
    .cluster circle {
      fill: CanvasText;
    }
  }
`;
