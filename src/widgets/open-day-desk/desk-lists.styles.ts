import { css } from 'lit';
import { gridStyles } from './desk.grid.styles.js';

/** The import panel: a GOV.UK-like form, the check's result and the restore step; the kit's large mode and 320 px phones. */
export const styles = css`
  .panel {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    max-width: 60em;
  }
  .title {
    font-size: 1.5em;
    font-weight: 700;
    line-height: 1.3;
  }
  .subtitle {
    font-size: 1.2em;
    font-weight: 700;
    line-height: 1.4;
  }
  .title:focus,
  .subtitle:focus,
  .done:focus {
    outline: none;
  }
  p {
    margin: 0;
  }
  form {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_space);
  }
  .group {
    align-self: stretch;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend,
  .label {
    display: block;
    padding: 0;
    font-weight: 700;
  }
  .hint,
  .status {
    color: var(--_text-muted);
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-height: var(--_target);
    cursor: pointer;
  }
  .choice input {
    flex: none;
    width: var(--_target);
    height: var(--_target);
    margin: 0;
    accent-color: var(--_primary);
    cursor: pointer;
  }
  .board {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-self: stretch;
  }
  .board > div {
    flex: 1 1 12em;
    min-width: 0;
  }
  .input {
    display: block;
    width: 100%;
    max-width: 24em;
    min-height: var(--_target);
    margin-top: 0.25em;
    padding: 0.25em 0.5em;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 2px solid var(--_text);
    border-radius: 0;
  }
  .input[type='file'] {
    padding: 0.4em 0.5em;
    max-width: 100%;
  }
  .input::file-selector-button {
    min-height: calc(var(--_target) - 1em);
    margin-inline-end: 0.75em;
    font: inherit;
    font-weight: 600;
    color: var(--_primary);
    background: var(--_surface);
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .input:focus-visible {
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_text);
  }
  .input[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .field.invalid {
    padding-inline-start: 12px;
    border-inline-start: 5px solid var(--_error);
  }
  .inline-error {
    font-weight: 700;
    color: var(--_error);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  .button {
    max-width: 100%;
    padding-block: 0.25em;
    text-align: center;
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  .result {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-inline-start: 6px solid var(--_border);
    border-radius: var(--_radius);
  }
  .result.bad {
    border-inline-start-color: var(--_error);
  }
  .result.good {
    border-inline-start-color: var(--_down);
  }
  .table-box {
    max-width: 100%;
    max-height: 28em;
    overflow: auto;
  }
  ${gridStyles}
  .errors th,
  .errors td.col {
    white-space: nowrap;
  }
  /* A message is a sentence: it wraps where it must, in a table and in a card alike. */
  .errors td.msg {
    word-break: normal;
    overflow-wrap: anywhere;
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.5em;
    margin: 0;
  }
  .counts div {
    display: flex;
    gap: 0.4em;
  }
  .counts dt {
    color: var(--_text-muted);
  }
  .counts dd {
    margin: 0;
    font-weight: 700;
  }
  .done {
    padding: calc(var(--_space) / 2) var(--_space);
    font-weight: 700;
    background: var(--_surface-tint);
    border-inline-start: 6px solid var(--_down);
    border-radius: var(--_radius);
  }
  .confirm {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
  }
`;
