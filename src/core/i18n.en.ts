import type { Messages } from './i18n.js';

/** The English strings of the kit (states, errors, retry): loaded only when a widget resolves to English. */
export default {
  loading: 'Loading…',
  retry: 'Try again',
  'error.title': 'Could not load',
  'error.http': 'The data service returned an error (HTTP {status}).',
  'error.http.detail': 'The data service returned an error (HTTP {status}): {detail}',
  'error.not-found': 'The requested data does not exist (HTTP 404).',
  'error.unavailable': 'The service is briefly unavailable (perhaps being updated or restarted). Try again shortly.',
  'error.unavailable.in': 'The service is briefly unavailable (perhaps being updated or restarted). Try again in about {seconds} seconds.',
  'error.busy': 'Too many tries in a short time. Try again shortly.',
  'error.busy.in': 'Too many tries in a short time. Try again in about {seconds} seconds.',
  'error.network': 'Could not reach the data service. Check your connection and try again.',
  'error.timeout': 'The data service did not answer within {seconds} seconds. Try again later.',
  'error.not-json': 'The data service did not return JSON (it sent {type}); this is likely a gateway or error page.',
  'error.schema': 'The data service sent data that does not match the contract: {detail}',
  'error.config': 'The widget is not configured correctly: {detail}',
  stale: 'Could not refresh; showing data fetched earlier.',
  empty: 'Nothing to show yet.',
} satisfies Messages;
