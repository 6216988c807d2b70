import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { DEMO_PORT } from './scripts/demo-server';
import { writeBundledPack } from './scripts/bundled-pack';
import { ALL_SITES } from './lib/site-access';

// The development build (npm start) has a fixed extension id, so that the browser WXT opens
// can pin the extension's button and its badge shows on the toolbar at once. Only the public
// key is here; it grants nothing. Release builds have no key.
const DEV_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvMv1S0FJvH2LnwvNlhPaKVNIiOaNVi9UIAEDyv1Ij5Tg+x9b0pdVSW4HJCDDe1ymuTifNsBqo5bt8JQkg7eipx6xitwyTlbcJlWmWbahdfp/4XR3qmRc8KX4peVgXThPAloJ2IDyomR6VCC/m5Lv2fDF1lhYlA3gQlBrceC2CaW78ljUdrep9yqX1qWVB88Epi6Tdby1odHqFyW4Zf3qt9SQNzbPc0YddQ7S1LaCH6qBxRwImQk6VFB+N8xKmg7Zw+9c8gBhl2PhrSQv4Axt379y4ABH1lRw8jzcNQZNTCZ2lKZgslcOlBVk4GGaY88bd2kdNr6T7+7kLPnVyWqNCQIDAQAB';
const DEV_ID = 'cmfgfkhgbgfnfcomakojohkckfpijggh';

// One place for the manifest: permissions are justified in README "Permissions".
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser, command }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting'],
    // Nothing is granted at install. Access to every site is asked for when the reader chooses
    // automatic checking; one origin at a time when the reader subscribes to a pack published
    // there or sets a remote index. Manifest V2 (the Firefox build) names them optional_permissions.
    ...(browser === 'firefox' ? { optional_permissions: [...ALL_SITES] } : { optional_host_permissions: [...ALL_SITES] }),
    action: { default_title: '__MSG_extName__' },
    ...(command === 'serve' && browser !== 'firefox' && { key: DEV_KEY }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        // Nothing is collected: pages are checked inside the browser. The one exception is the
        // opt-in remote index, which sends the page's text to the server the reader names:
        // "website content", asked for in the click that sets it (lib/site-access SENDS_PAGE_TEXT).
        // 140 (142 on Android): the first versions that know data_collection_permissions.
        gecko: {
          id: 'news-provenance@example.org',
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'], optional: ['websiteContent'] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
  hooks: {
    // The content script is registered at runtime (lib/site-access.ts), so the manifest declares none.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!manifest.content_scripts?.length) delete manifest.content_scripts;
    },
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
    // npm start serves the demo on DEMO_PORT, or on a free port when that one is taken.
    startUrls: [`http://127.0.0.1:${Number(process.env.PROVENANCE_DEMO_PORT) || DEMO_PORT}/derivative.html`],
    chromiumPref: { extensions: { pinned_extensions: [DEV_ID] } },
  },
});

async function writePackFile(dir: string): Promise<string> {
  return writeBundledPack(`${dir}/bundled.pack`);
}
