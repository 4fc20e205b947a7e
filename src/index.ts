/**
 * dj-widgets: the whole kit in one module. Importing it defines every dj- tag
 * (each only when free; see core/define.ts; on a lazy page over a few turns, below)
 * and exports `configure()`.
 *
 * Each widget's own module (widgets/<name>/<name>.ts, the loader build's entry) defines its tag
 * as it runs. Here the tags are defined below instead, from the widgets' classes, so that on a
 * lazy page (`<meta name="dj-loading" content="lazy">`) each widget's tag is defined in a turn of
 * its own: defining a tag upgrades every element of it on the page, and the page's widgets
 * upgraded with the module's code were one long task on a phone.
 */
import { define } from './core/define.js';
import { lazyPage, turn } from './core/element.js';
import { DjBranchMap } from './widgets/branch-map/branch-map.component.js';
import { DjBrandCard } from './widgets/brand-card/brand-card.component.js';
import { DjLiaisonLeaderboard } from './widgets/liaison-leaderboard/liaison-leaderboard.component.js';
import { DjOpenDayBooking } from './widgets/open-day-booking/open-day-booking.component.js';
import { DjProvider } from './widgets/provider/provider.component.js';

export { configure, DEFAULT_ENDPOINT, type DjConfig } from './core/config.js';
export { clearCache } from './core/client.js';
export { DjError, type ErrorKind } from './core/errors.js';
export type { DjEventDetails } from './core/events.js';
export type { Locale } from './core/i18n.js';
export type { Theme } from './core/context.js';
export { VERSION } from './core/version.js';
// What each widget's own module exports besides its class (test/node/exports.test.mjs checks that none is left out).
export { DjProvider, DjBrandCard, DjLiaisonLeaderboard, DjBranchMap, DjOpenDayBooking };
export type { BrandCardLayout } from './widgets/brand-card/brand-card.component.js';
export { Brand } from './contract/brand.schema.js';
export { Leaderboard, LiaisonGroup, MemberUnit, Figures } from './contract/liaison.schema.js';
export { METRICS, type Metric } from './widgets/liaison-leaderboard/ranking.js';
export { Branch, Branches, RegionFeature, Regions } from './contract/branch-map.schema.js';
export { Booking, BookingRequest, OpenDay, OpenDays, Session } from './contract/booking.schema.js';

/**
 * Tells the loader build, should a page hold it too, that this module defines every tag: it
 * fetches nothing for the tags still to come (src/loader.ts). Set before the first turn.
 */
(globalThis as Record<symbol, unknown>)[Symbol.for('dj-widgets.kit')] = true;

// The provider first: widgets upgraded after it find it at once. An async function runs to its
// first await at once, so off a lazy page every tag is defined before this module is done; on a
// lazy page the widgets' tags come a turn apart (wait for one with customElements.whenDefined()).
// Not a top-level await: WebKit lets a second module that imports one still awaiting run early,
// or fail (bugs.webkit.org 242740).
define('dj-provider', DjProvider);
void (async (lazy: boolean) => {
  for (const [tag, widget] of [
    ['dj-brand-card', DjBrandCard],
    ['dj-liaison-leaderboard', DjLiaisonLeaderboard],
    ['dj-branch-map', DjBranchMap],
    ['dj-open-day-booking', DjOpenDayBooking],
  ] as const) {
    if (lazy) await turn();
    define(tag, widget);
  }
})(lazyPage());
