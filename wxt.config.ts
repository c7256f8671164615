import { defineConfig, type UserManifest } from 'wxt';
import preact from '@preact/preset-vite';

// Hosts the built extension may run on. Cloud ticket tools are listed statically;
// self-hosted tools are granted at run time for one site at a time (optional), and the
// ticket script is registered for each such site then (extension/core/sites.ts).
const CLOUD_TICKET_HOSTS = ['https://*.zendesk.com/*'];
const ANY_SITE = ['https://*/*', 'http://*/*'];

// `STEWARD_E2E=1 wxt build` grants the loopback hosts the browser tests serve fixture pages
// and the Worker from, so the suite needs no permission clicks (headless Chromium cannot
// click a permission prompt). 127.0.0.1 also runs the ticket script from the manifest, like a
// cloud tool; localhost is only granted, like a site the user allowed but Steward has not
// registered yet, so the enable-on-this-site path runs for real (tests/e2e/enable-site.test.ts).
const E2E_BUILT_IN = ['http://127.0.0.1/*'];
const E2E_GRANTED = ['http://localhost/*'];
const e2e = process.env.STEWARD_E2E === '1';

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  outDirTemplate: e2e ? '{{browser}}-mv{{manifestVersion}}-e2e' : undefined,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Steward',
    description: 'Tag IT tickets with business context for the executive dialogue report.',
    // `sidePanel` is added by WXT for Chromium builds only (Firefox gets sidebar_action).
    // `activeTab` lets the popup read the address of the tab it was opened on, to offer
    // "Enable Steward on this site" before Steward has any access to that site.
    permissions: ['storage', 'alarms', 'scripting', 'activeTab'],
    // The Worker is called from the background with CORS (it allows extension origins),
    // so it needs no host permission.
    host_permissions: [...CLOUD_TICKET_HOSTS, ...(e2e ? [...E2E_BUILT_IN, ...E2E_GRANTED] : [])],
    // MV3 names optional hosts separately; MV2 (Firefox) lists them with optional_permissions,
    // which WXT does not convert by itself (it drops optional_host_permissions for MV2).
    ...(manifestVersion === 3
      ? { optional_host_permissions: ANY_SITE }
      : ({ optional_permissions: ANY_SITE } as unknown as UserManifest)),
    action: { default_title: 'Steward' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 115 (ESR): storage.session, and scripting.registerContentScripts with
            // persistAcrossSessions in MV2 (102/105), which enabling a site relies on.
            gecko: { id: 'steward@steward.example', strict_min_version: '115.0' },
          },
        }
      : {}),
  }),
  zip: {
    // Firefox's reviewers rebuild the extension from this: the Worker, artifacts and test
    // fixtures are not part of it.
    excludeSources: ['worker/**', 'artifacts/**', 'tests/**', 'wrangler.toml', '.wrangler/**'],
  },
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!e2e) return;
      for (const script of manifest.content_scripts ?? []) script.matches = [...new Set([...(script.matches ?? []), ...E2E_BUILT_IN])];
    },
  },
});
