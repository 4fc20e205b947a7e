/**
 * Headless Chromium as every benchmark here launches it: Debian's build
 * (or CHROME_PATH), quiet, and with gc() exposed so each trial can start
 * from a collected heap and one side's garbage is not collected in the
 * other's time.
 */
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--js-flags=--expose-gc',
    ],
  });
}
