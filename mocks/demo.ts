/**
 * Demo page bootstrap (index.html): starts the mock endpoint, and only then
 * adds the kit exactly as a portal does, with one module script tag.
 *
 * Why the order: the widgets fetch `{endpoint}/brands/{id}` as soon as the kit
 * defines them. Had index.html tagged the kit itself (or had this module
 * imported it), those fetches would race the mock service worker's
 * registration and could leave the page before the worker controls it.
 * A real portal has a real endpoint and needs only the script tag.
 */
import { startMocks } from './browser.js';

const KIT = '/dist/dj-widgets.js';

try {
  await startMocks();
} catch (error) {
  // The widgets then call the real endpoint and show their own error state.
  console.error('[demo] the mock endpoint did not start; the widgets will call the real endpoint.', error);
}

const script = document.createElement('script');
script.type = 'module';
script.src = KIT;
document.head.append(script);
