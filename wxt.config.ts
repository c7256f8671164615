import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Hosts the built extension may run on. Cloud ticket tools are listed statically;
// self-hosted tools are granted at run time for one site at a time (optional).
const CLOUD_TICKET_HOSTS = ['https://*.zendesk.com/*'];

// `STEWARD_E2E=1 wxt build` also grants the loopback hosts the browser tests serve
// fixture pages and the Worker from, so the suite needs no permission clicks.
const E2E_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];
const e2e = process.env.STEWARD_E2E === '1';

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  outDirTemplate: e2e ? '{{browser}}-mv{{manifestVersion}}-e2e' : undefined,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: () => ({
    name: 'Steward',
    description: 'Tag IT tickets with business context for the executive dialogue report.',
    permissions: ['storage', 'sidePanel', 'alarms'],
    // The Worker is called from the background with CORS (it allows extension origins),
    // so it needs no host permission.
    host_permissions: [...CLOUD_TICKET_HOSTS, ...(e2e ? E2E_HOSTS : [])],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Steward' },
  }),
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!e2e) return;
      const widen = (matches: string[] = []) => [...new Set([...matches, ...E2E_HOSTS])];
      for (const script of manifest.content_scripts ?? []) script.matches = widen(script.matches);
      for (const resource of manifest.web_accessible_resources ?? []) {
        if (typeof resource === 'object' && 'matches' in resource) resource.matches = widen(resource.matches);
      }
    },
  },
});
