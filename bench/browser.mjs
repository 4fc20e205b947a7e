/**
 * Headless Chromium as every benchmark here launches it: Debian's build
 * (or CHROME_PATH), quiet, and with gc() exposed so each trial can start
 * from a collected heap and one side's garbage is not collected in the
 * other's time.
 */
import { chromium } from 'playwright-core';
import { CHROME_PATH, CHROMIUM_ARGS } from '../test/support/chromium.mjs';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROME_PATH,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
}
