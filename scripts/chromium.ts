import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH names another build (no browser is downloaded). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium with an unpacked extension loaded, for the end-to-end tests and the
 * benchmark. The network flags keep Chromium from calling home on a machine without network.
 */
export async function launchWithExtension(
  profile: string,
  extension: string,
): Promise<{ context: BrowserContext; worker: Worker; extensionId: string }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, worker, extensionId: new URL(worker.url()).host };
}
