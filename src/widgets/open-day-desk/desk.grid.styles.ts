/**
 * The desk's tables (`.grid`), shared by the open days, the bookings and the lists' errors: wide,
 * a table whose cells keep CJK words and codes whole; narrower than 48em (a phone, large text, a
 * narrow column), each row becomes a card whose cells stack under their own labels
 * (`data-label`, the header row hidden), and the bookings' ten columns below 72em. The rows keep
 * explicit ARIA roles, so a card is still read as a table's row. (This file names Lit's raw-CSS
 * function, so the build leaves its CSS as written: the desk's bundle has no budget.)
 */
import { css, unsafeCSS } from 'lit';

/** The rows of the tables `selector` matches as cards. */
function cards(selector: string) {
  const t = unsafeCSS(selector);
  return css`
    ${t},
    ${t} > tbody,
    ${t} tr,
    ${t} th[role='rowheader'],
    ${t} td {
      display: block;
    }
    ${t} > thead {
      display: none;
    }
    ${t} tr {
      padding: 0.5em 0;
      border-bottom: 2px solid var(--_border);
    }
    ${t} th[role='rowheader'],
    ${t} td {
      display: grid;
      overflow-wrap: anywhere;
      grid-template-columns: minmax(min-content, max(5em, 30%)) 1fr;
      gap: 0.5em;
      padding: 0.2em 0;
      border: 0;
    }
    ${t} td > * {
      justify-self: start;
      min-width: 0;
    }
    ${t} th[role='rowheader']::before,
    ${t} td::before {
      content: attr(data-label);
      font-weight: 600;
      color: var(--_text-muted);
      /* A label breaks between words only (Companions broke as Companio-ns); its column is at least that wide. */
      overflow-wrap: normal;
      word-break: keep-all;
    }
  `;
}

export const gridStyles = css`
  .grid th,
  .grid td {
    overflow-wrap: normal;
    word-break: keep-all;
  }
  .grid .code,
  .grid .nowrap {
    white-space: nowrap;
  }
  @container (max-width: 48em) {
    ${cards('.grid')}
  }
  @container (max-width: 72em) {
    ${cards('.grid.bookings')}
  }
`;
