/**
 * The desk's styles: the booking form's field shapes (GOV.UK's), and two layouts of each table.
 * Wide, a table; narrower than 48em (a phone, large text, a narrow column), each row becomes a
 * card whose cells stack under their own labels (`data-label`, the header row hidden), as the
 * leaderboard's do; the bookings' ten columns become cards below 72em. Cells keep CJK words and
 * codes whole in a table (a card may break them: it has no room to spare). The rows keep
 * explicit ARIA roles, so a card is still read as a table's row. The door's answers are in
 * large type, each with a mark and a word as well as its colour.
 */
import { css } from 'lit';
import { fieldStyles } from '../shared/field.styles.js';
import { gridStyles } from './desk.grid.styles.js';

export const styles = css`
  .base {
    --_good: var(--dj-desk-good, var(--_down));
    --_warn: var(--dj-desk-warn, var(--_gold));
    --_bad: var(--dj-desk-bad, var(--_error));
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    padding-bottom: calc(var(--_space) / 2);
    margin-bottom: var(--_space);
    border-bottom: 3px solid var(--_primary);
  }
  .desk-title {
    font-size: 1.5em;
    font-weight: 700;
    line-height: 1.3;
  }
  .nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .nav-button {
    min-height: var(--_target);
    min-width: var(--_target);
    padding: 0 0.75em;
    font: inherit;
    font-weight: 600;
    color: var(--_text);
    background: none;
    border: 0;
    border-bottom: 4px solid transparent;
    cursor: pointer;
  }
  .nav-button[aria-current='page'] {
    color: var(--_primary);
    border-bottom-color: currentColor;
  }
  .view,
  .form,
  .session,
  .confirm {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  .view > *,
  .form > * {
    max-width: 100%;
  }
  /* A form takes the view's width, so its fields reach their own widths (a token is long). */
  .view > .form {
    align-self: stretch;
  }
  .title {
    font-size: 1.3em;
    font-weight: 700;
    line-height: 1.3;
  }
  .subtitle,
  .day-title {
    font-size: 1.15em;
    font-weight: 700;
  }
  [role='heading']:focus,
  .saved:focus,
  #summary:focus,
  [tabindex='-1']:focus {
    outline: none;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    align-self: stretch;
  }
  .hint {
    color: var(--_text-muted);
  }
  .strong {
    font-weight: 700;
  }
  .nowrap {
    white-space: nowrap;
  }
  .line {
    display: block;
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
    white-space: nowrap;
  }
  .status-cancelled .status {
    border-style: dashed;
  }
  .status-checked-in .status {
    color: var(--_good);
    border-color: currentColor;
  }
  .days {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    align-self: stretch;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .day {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  /* A view's items keep their own width; bones have none of their own, so the skeleton takes the view's. */
  .view > .skeleton {
    align-self: stretch;
  }
  .bones {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
  }
  .bones .bone {
    height: 3em;
  }
  .count-bone {
    width: 12em;
    height: 2em;
  }
  .grid {
    align-self: stretch;
  }
  .grid th[role='rowheader'] {
    font-weight: 700;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    letter-spacing: 0.05em;
  }
  ${fieldStyles}
  .short .input {
    max-width: 7em;
  }
  .medium .input {
    max-width: 16em;
  }
  textarea.input {
    min-height: 5em;
  }
  .pair,
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
    align-self: stretch;
  }
  /* Short fields too: on a phone each has the row's width, so an error above one is not squeezed. */
  .pair > .group,
  .row > .group {
    flex: 1 1 12em;
    align-self: flex-start;
  }
  .choice label {
    display: flex;
    align-items: center;
    min-height: var(--_target);
    cursor: pointer;
  }
  .sessions,
  .sessions-edit {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    align-self: stretch;
  }
  .sessions-edit {
    margin-top: calc(var(--_space) * 1.5);
  }
  #add-session {
    align-self: flex-start;
  }
  fieldset.session,
  form.session,
  .confirm {
    align-self: stretch;
    margin: 0;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  fieldset.session legend {
    padding: 0 0.25em;
    font-weight: 700;
  }
  .confirm {
    border: 4px solid var(--_text);
  }
  .warning {
    padding: 0.5em 0.75em;
    font-weight: 700;
    background: var(--_surface-tint);
    border-inline-start: 5px solid var(--_text);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .link-button {
    min-width: var(--_target);
    text-align: start;
  }
  .summary-title {
    font-size: 1.2em;
    font-weight: 700;
  }
  .saved:empty {
    display: none;
  }
  .saved {
    font-weight: 700;
    color: var(--_good);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.75em 1em;
    align-self: stretch;
  }
  .toolbar .search {
    flex: 1 1 14em;
  }
  .count {
    font-weight: 700;
  }
  .count.big {
    font-size: 1.6em;
    line-height: 1.3;
  }
  .parties {
    font-size: 0.65em;
    font-weight: 600;
  }
  .scan {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    align-self: stretch;
  }
  .scan-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: stretch;
  }
  .scan-input {
    flex: 1 1 10em;
    max-width: 20em;
    margin: 0;
    font-size: 1.6em;
    letter-spacing: 0.1em;
    text-transform: uppercase;
  }
  .scan-row .button {
    font-size: 1.2em;
  }
  .queue:empty {
    display: none;
  }
  .answers {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
    align-self: stretch;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .answer {
    --_tone: var(--_bad);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    padding: 0.75em var(--_space);
    border: 2px solid var(--_tone);
    border-inline-start-width: 10px;
    border-radius: var(--_radius);
  }
  .answer.good {
    --_tone: var(--_good);
  }
  .answer.warn {
    --_tone: var(--_warn);
  }
  .answer .mark {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.6em;
    height: 1.6em;
    font-size: 1.6em;
    font-weight: 700;
    color: var(--_surface);
    background: var(--_tone);
    border-radius: 50%;
  }
  .answer-body {
    flex: 1 1 12em;
    min-width: 0;
  }
  .answer-word {
    font-size: 1.6em;
    font-weight: 700;
    line-height: 1.3;
    color: var(--_tone);
  }
  .answer-code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-weight: 700;
    letter-spacing: 0.05em;
  }
  .answer-detail {
    font-size: 1.15em;
  }
  .answers .answer:not(:first-child) {
    font-size: 0.85em;
  }
  .large .answers .answer:not(:first-child) {
    font-size: 1em;
  }
  ${gridStyles}
  @container (max-width: 72em) {
    .grid.bookings td.no-action {
      display: none;
    }
  }
  @media (forced-colors: active) {
    .answer,
    .answer .mark {
      border-color: CanvasText;
    }
  }
`;
