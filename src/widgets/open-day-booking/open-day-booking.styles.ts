/**
 * The booking form's styles: GOV.UK's form shapes (bold labels, hints, a
 * thick red bar beside a field in error, an error summary with a red
 * border) in the kit's tokens. Inputs are full width up to a readable
 * measure, so the form works from 320px up and at 200% zoom. Radios and
 * checkboxes are target-sized, as GOV.UK's are. Narrow first: the check
 * page's answers stack under their labels, and only a container query puts
 * them beside, so a browser without container queries gets the narrow
 * layout, which reads well at any width. A step's
 * heading takes focus only to move the reader's place there, so it draws no
 * ring, as the kit's base frame does not.
 */
import { css } from 'lit';
import { fieldStyles } from '../shared/field.styles.js';

export const styles = css`
  .base {
    --_panel: var(--dj-booking-panel, var(--_primary));
  }
  form,
  .page,
  .skeleton-body {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_space) * 0.75);
  }
  form > *,
  .page > *,
  .skeleton-body > * {
    max-width: 100%;
  }
  p {
    margin: 0;
  }
  .skeleton-body .bone {
    width: 100%;
    height: var(--_target);
  }
  .bone:nth-child(1) {
    width: 8em;
    height: 1.2em;
  }
  .bone:nth-child(2) {
    width: 60%;
    height: 2em;
  }
  .bone:nth-child(3) {
    height: 3.2em;
  }
  .bone:nth-child(4) {
    height: 9.6em;
  }
  .bone:nth-child(5) {
    width: 40%;
    height: 1.6em;
  }
  .bone:nth-child(9) {
    width: 7em;
  }
  .title {
    font-size: 1.5em;
    font-weight: 700;
    line-height: 1.3;
  }
  .title:focus {
    outline: none;
  }
  .caption,
  .hint {
    color: var(--_text-muted);
  }
  ${fieldStyles}
  .person {
    padding: calc(var(--_space) / 2) 0 0 var(--_space);
    border-inline-start: 3px solid var(--_border);
  }
  .person .group {
    margin-top: calc(var(--_space) / 2);
  }
  .short {
    max-width: 5em;
  }
  .medium {
    max-width: 14em;
  }
  textarea.input {
    min-height: 5em;
  }
  .choice input:disabled {
    cursor: not-allowed;
    opacity: 0.45;
  }
  .choice label {
    display: flex;
    align-items: center;
    min-height: var(--_target);
    padding: 0.35em 0;
    cursor: pointer;
  }
  .choice .hint {
    grid-column: 2;
    margin-top: -0.35em;
  }
  .nowrap,
  .tag {
    white-space: nowrap;
  }
  .tag {
    display: inline-block;
    padding: 0 0.4em;
    font-size: var(--_small);
    font-weight: 700;
    line-height: 1.5;
    color: var(--_text);
    background: var(--_surface-tint);
    border: 1px solid var(--_text-muted);
    border-radius: 4px;
  }
  .pair {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.75);
  }
  .link-button {
    min-width: var(--_target);
    text-align: start;
  }
  .tel {
    font-weight: 600;
    color: var(--_primary);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    white-space: nowrap;
  }
  .tel:not(.inline) {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target);
  }
  .tel:hover {
    text-decoration-thickness: 3px;
  }
  .tel:focus-visible {
    outline-offset: 0;
    background: var(--_surface-tint);
  }
  .summary-title {
    font-size: 1.25em;
    font-weight: 700;
  }
  .day,
  .privacy,
  .answers,
  .facts {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    align-self: stretch;
    margin: 0;
  }
  .day-title,
  .strong {
    font-weight: 700;
  }
  .day-title {
    font-size: 1.2em;
  }
  .facts div {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 1em;
  }
  .facts dt {
    min-width: 5em;
    color: var(--_text-muted);
  }
  dd {
    margin: 0;
  }
  dd ul {
    margin: 0;
    padding-inline-start: 1.2em;
  }
  .answers {
    gap: 0;
  }
  .answers div {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: baseline;
    gap: 0.25em 1em;
    padding: 0.5em 0;
    border-bottom: 1px solid var(--_border);
  }
  .answers dd:not(.change) {
    grid-column: 1 / -1;
    grid-row: 2;
  }
  .answers dt {
    font-weight: 700;
  }
  .line {
    display: block;
  }
  .warning {
    padding: 0.5em 0.75em;
    font-weight: 700;
    background: var(--_surface-tint);
    border-inline-start: 5px solid var(--_text);
  }
  .panel {
    align-self: stretch;
    padding: var(--_space);
    text-align: center;
    color: var(--_on-primary);
    background: var(--_panel);
  }
  .qr-figure {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    margin: 0;
  }
  /* Room kept for the QR code while its module comes, so nothing moves when it is drawn. */
  .qr-box {
    width: 10em;
    height: 10em;
    max-width: 100%;
  }
  .qr {
    display: block;
    width: 100%;
    height: 100%;
  }
  .code {
    font-size: 2.4em;
    font-weight: 700;
    line-height: 1.2;
    letter-spacing: 0.12em;
    overflow-wrap: anywhere;
    user-select: all;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em;
  }
  .back {
    min-height: var(--_target);
  }
  .back::before {
    content: '‹ ';
  }
  @container (width > 30em) {
    .answers div {
      grid-template-columns: minmax(5em, 1fr) 2fr auto;
    }
    .answers dd:not(.change) {
      grid-column: auto;
      grid-row: auto;
    }
  }
  @media print {
    .actions,
    .link-button {
      display: none;
    }
  }
`;
