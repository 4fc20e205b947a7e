/**
 * The GOV.UK form shapes the booking form and the staff desk share, in the
 * kit's tokens: a field's group (a thick red bar beside it in error), bold
 * labels and errors, full-width inputs up to a readable measure with a
 * target-high box and an inset focus ring, target-sized radios and
 * checkboxes beside their labels, and the error summary's box and links.
 * Each widget interpolates it into its own styles where its field rules
 * begin, so its own rules after it still refine it (`.short`, `textarea.input`).
 */
import { css } from 'lit';

export const fieldStyles = css`
  .group {
    align-self: stretch;
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .group.invalid {
    padding-inline-start: 12px;
    border-inline-start: 5px solid var(--_error);
  }
  .label {
    display: block;
    padding: 0;
    font-weight: 700;
  }
  .error {
    font-weight: 700;
    color: var(--_error);
  }
  .input {
    display: block;
    width: 100%;
    max-width: 32em;
    min-height: var(--_target);
    margin-top: 0.25em;
    padding: 0.25em 0.5em;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 2px solid var(--_text);
    border-radius: 0;
  }
  .input:focus-visible {
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_text);
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .choice {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: center;
    column-gap: 0.6em;
    min-height: var(--_target);
  }
  .choice input {
    width: var(--_target);
    height: var(--_target);
    margin: 0;
    accent-color: var(--_primary);
    cursor: pointer;
  }
  .summary {
    align-self: stretch;
    padding: var(--_space);
    border: 4px solid var(--_error);
  }
  .summary ul {
    margin: 0.5em 0 0;
    padding-inline-start: 1.2em;
  }
  .summary a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target);
    font-weight: 700;
    color: var(--_error);
  }
`;
