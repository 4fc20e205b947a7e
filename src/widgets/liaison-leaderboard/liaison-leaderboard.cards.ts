import { unsafeCSS } from 'lit';
import { CARDS_BELOW, cardRules } from './liaison-leaderboard.styles.js';

/** The card rules under the container query, and again under `.squeezed` (see liaison-leaderboard.styles.ts). */
export const cards = unsafeCSS(
  `@container (max-width: ${CARDS_BELOW}) {${cardRules.cssText.replaceAll('&', '')}}${cardRules.cssText.replaceAll('&', '.squeezed')}`,
);
