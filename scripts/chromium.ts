import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { ALL_SITES, READER_SCRIPT_ID } from '../lib/site-access';

/** Debian's Chromium unless CHROMIUM_PATH names another build (no browser is downloaded). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The id Chromium gives an unpacked extension: its absolute path's SHA-256, in the letters a-p. */
export function unpackedExtensionId(extension: string): string {
  const hex = createHash('sha256').update(resolve(extension)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/**
 * Records in a profile (new, or one the browser is not running on) that the reader granted
 * the extension access to all sites, automatic checking's optional permission. Nobody can
 * answer the browser's prompt in headless Chromium, and neither CDP nor a switch grants an
 * optional permission, so the grant goes where Chromium keeps it: the extension's entry in
 * the profile's Preferences.
 */
export function grantAllSites(profile: string, extension: string): void {
  const file = join(profile, 'Default', 'Preferences');
  mkdirSync(join(profile, 'Default'), { recursive: true });
  const prefs = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as {
    extensions?: { settings?: Record<string, Record<string, unknown>> };
  };
  const settings = ((prefs.extensions ??= {}).settings ??= {});
  const id = unpackedExtensionId(extension);
  const entry = (settings[id] ??= {});
  for (const key of ['granted_permissions', 'active_permissions']) {
    const set = (entry[key] ??= {}) as { explicit_host?: string[] };
    set.explicit_host = [...new Set([...(set.explicit_host ?? []), ...ALL_SITES])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

/**
 * Headless Chromium with an unpacked extension loaded, for the end-to-end tests and the
 * benchmark. The network flags keep Chromium from calling home on a machine without network.
 * `allSites` (the default): the reader has granted automatic checking, and the content
 * script is registered before this returns; false: a fresh install, nothing granted.
 * `--enable-unsafe-extension-debugging` lets the tests click the toolbar button over CDP
 * (Extensions.triggerAction), which is what grants activeTab.
 */
export async function launchWithExtension(
  profile: string,
  extension: string,
  { allSites = true }: { allSites?: boolean } = {},
): Promise<{ context: BrowserContext; worker: Worker; extensionId: string }> {
  if (allSites) grantAllSites(profile, extension);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--enable-unsafe-extension-debugging',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  if (allSites) await contentScriptRegistered(worker);
  return { context, worker, extensionId: new URL(worker.url()).host };
}

/** Waits until the background has registered the content script (it does so as it starts). */
export async function contentScriptRegistered(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ids = await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id));
    if (ids.includes(READER_SCRIPT_ID)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the extension never registered its content script, though access to all sites was granted');
}
