import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { DEMO_PORT } from './scripts/demo-server';
import { writeBundledPack } from './scripts/bundled-pack';

// One place for the manifest: permissions are justified in README "Permissions".
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting'],
    // Asked for one origin at a time, when the user subscribes to a pack published there.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        // Nothing is collected: pages are checked inside the browser.
        gecko: { id: 'news-provenance@example.org', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
  hooks: {
    // The bundled index is built from assets/corpus at build time; only its fingerprints
    // and metadata ship, never article text.
    'build:publicAssets': async (wxt, files) => {
      const pack = await writePackFile(wxt.config.wxtDir);
      files.push({ absoluteSrc: pack, relativeDest: 'index/bundled.pack' });
      files.push({ absoluteSrc: `${wxt.config.root}/assets/idf.bin`, relativeDest: 'index/idf.bin' });
    },
  },
  webExt: {
    binaries: { chrome: '/usr/bin/chromium' },
    chromiumArgs: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    startUrls: [`http://127.0.0.1:${DEMO_PORT}/derivative.html`],
  },
});

async function writePackFile(dir: string): Promise<string> {
  return writeBundledPack(`${dir}/bundled.pack`);
}
