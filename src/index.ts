/**
 * dj-widgets: the whole kit in one module. Importing it defines every dj- tag
 * (each only when free; see core/define.ts) and exports `configure()`.
 */
export { configure, DEFAULT_ENDPOINT, type DjConfig } from './core/config.js';
export { clearCache } from './core/client.js';
export { DjError, type ErrorKind } from './core/errors.js';
export type { DjEventDetails } from './core/events.js';
export type { Locale } from './core/i18n.js';
export type { Theme } from './core/context.js';
export { VERSION } from './core/version.js';
// The provider first: widgets upgraded after it find it at once.
export * from './widgets/provider/provider.js';
export * from './widgets/brand-card/brand-card.js';
export * from './widgets/liaison-leaderboard/liaison-leaderboard.js';
export * from './widgets/branch-map/branch-map.js';
export * from './widgets/open-day-booking/open-day-booking.js';
