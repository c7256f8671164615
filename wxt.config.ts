import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type UserManifest } from 'wxt';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { CLOUD_TOOL_HOSTS } from './shared/cloud-tools';
import type { ToolId } from './shared/schemas';

// Hosts the built extension may run on. The tools below are allowed from the start; every
// other site (self-hosted tools and the other cloud tools) is granted at run time for one
// site at a time (optional), and the ticket script is registered for each such site then
// (extension/core/background/sites.ts). The README's list of tools is checked against this
// (tests/unit/readme-tools.test.ts).
// Every other cloud tool is one click away ("Enable Steward on ServiceNow": its hosts from
// shared/cloud-tools.ts, asked for at run time, extension/core/background/cloud-tools.ts).
export const BUILT_IN_TICKET_HOSTS: Partial<Record<ToolId, string[]>> = { zendesk: [...CLOUD_TOOL_HOSTS.zendesk] };
const CLOUD_TICKET_HOSTS = Object.values(BUILT_IN_TICKET_HOSTS).flat();
const ANY_SITE = ['https://*/*', 'http://*/*'];

// `STEWARD_E2E=1 wxt build` grants the loopback hosts the browser tests serve fixture pages
// and the Worker from, so the suite needs no permission clicks (headless Chromium cannot
// click a permission prompt). 127.0.0.1 also runs the ticket script from the manifest, like a
// cloud tool; localhost is only granted, like a site the user allowed but Steward has not
// registered yet, so the enable-on-this-site path runs for real (tests/e2e/enable-site.test.ts).
const E2E_BUILT_IN = ['http://127.0.0.1/*'];
const E2E_GRANTED = ['http://localhost/*'];
const e2e = process.env.STEWARD_E2E === '1';

const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

/**
 * Steward never renders raw HTML (pages are built from escaped text), so Preact's one way to
 * do it, `dangerouslySetInnerHTML`, is cut out of the build: its `innerHTML` assignment is
 * what Mozilla's add-on linter flags (UNSAFE_VAR_ASSIGNMENT), and nothing can reach it. A
 * source file that uses the prop stops the build instead of failing at run time.
 */
function noRawHtml(): Plugin {
  const preactDist = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/;
  const assignment = /\(([\w$]+)\.innerHTML=([\w$]+)\.__html\)/g;
  return {
    name: 'steward:no-raw-html',
    apply: 'build',
    transform(code, id) {
      if (preactDist.test(id)) {
        const found = code.match(assignment)?.length ?? 0;
        if (found !== 1) this.error(`expected one innerHTML assignment in ${id}, found ${found}: Preact changed, update noRawHtml() in wxt.config.ts`);
        return { code: code.replace(assignment, '(()=>{throw Error("Steward renders no raw HTML")})()'), map: null };
      }
      if (!id.includes('/node_modules/') && code.includes('dangerouslySetInnerHTML')) {
        this.error(`${id} uses dangerouslySetInnerHTML: Steward renders text, never raw HTML`);
      }
    },
  };
}

/**
 * The ticket scripts (entrypoints/ticket.ts, tools/, readers/) are injected into every ticket
 * page, where each byte counts (docs/benchmarks.md). WXT wraps an unlisted script in a logger
 * that prints nothing in a production build but still ships (0.1 KB gzip a script); theirs
 * runs `main()` and nothing else. The build stops if WXT's wrapper no longer does that.
 */
function plainTicketScripts(): Plugin {
  const wrapper = /^\0virtual:wxt-unlisted-script-entrypoint\?(.+[\\/]entrypoints[\\/](?:ticket|(?:tools|readers)[\\/][\w-]+)\.ts)$/;
  return {
    name: 'steward:plain-ticket-scripts',
    apply: 'build',
    transform(code, id) {
      const entry = wrapper.exec(id)?.[1];
      if (!entry) return;
      if (!/\bdefinition\.main\(\)/.test(code)) this.error(`WXT's wrapper for ${entry} no longer calls definition.main(): update plainTicketScripts() in wxt.config.ts`);
      return { code: `import definition from ${JSON.stringify(entry)};\ndefinition.main();\n`, map: null };
    },
  };
}

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  publicDir: 'extension/public',
  outDirTemplate: e2e ? '{{browser}}-mv{{manifestVersion}}-e2e' : undefined,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), noRawHtml(), plainTicketScripts()] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Steward',
    description: 'Tag IT tickets with business context for the executive dialogue report.',
    // `sidePanel` is added by WXT for Chromium builds only (Firefox gets sidebar_action).
    // `activeTab` lets the popup read the address of the tab it was opened on, to offer
    // "Enable Steward on this site" before Steward has any access to that site.
    // `identity`: the browser's sign-in window for the company account (launchWebAuthFlow); it
    // adds no install warning.
    permissions: ['storage', 'alarms', 'scripting', 'activeTab', 'identity'],
    // The company's policy (managed storage). Chrome checks it against this schema; Firefox
    // reads the same keys from policies.json (3rdparty.Extensions) and has no such key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // The Worker is called from the background with CORS (it allows extension origins),
    // so it needs no host permission.
    host_permissions: [...CLOUD_TICKET_HOSTS, ...(e2e ? [...E2E_BUILT_IN, ...E2E_GRANTED] : [])],
    // MV3 names optional hosts separately; MV2 (Firefox) lists them with optional_permissions,
    // which WXT does not convert by itself (it drops optional_host_permissions for MV2).
    ...(manifestVersion === 3
      ? { optional_host_permissions: ANY_SITE }
      : ({ optional_permissions: ANY_SITE } as unknown as UserManifest)),
    // The ticket scripts are plain scripts, not WXT content scripts, so their entries are
    // written here: each built-in cloud tool's own (extension/entrypoints/tools/<tool>.ts) on its
    // hosts. The other cloud tools' scripts are registered when a user enables the tool, and the
    // script for self-hosted and enabled sites (entrypoints/ticket.ts) for each such site; the
    // e2e build also lists that one for 127.0.0.1 (extension/core/contract/ticket-scripts.ts).
    // They start before the page is parsed, to ask storage for the badge's counts while it is
    // (core/page/ticket-badge.ts); registered scripts copy this entry's options.
    content_scripts: [
      ...Object.entries(BUILT_IN_TICKET_HOSTS).map(([tool, matches]) => ({ matches, js: [`tools/${tool}.js`], run_at: 'document_start' as const })),
      ...(e2e ? [{ matches: E2E_BUILT_IN, js: ['ticket.js'], run_at: 'document_start' as const }] : []),
    ],
    icons: ICONS,
    // MV2 names it browser_action; WXT would drop an `action` there once the popup fills it in.
    [manifestVersion === 3 ? 'action' : 'browser_action']: { default_title: 'Steward', default_icon: ICONS },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 140 (ESR): the first to show the data-collection consent below at install (older
            // versions would skip it). Steward itself needs 115: storage.session, and
            // scripting.registerContentScripts with persistAcrossSessions in MV2 (102/105).
            gecko: {
              id: 'steward@steward.example',
              strict_min_version: '140.0',
              // Shown at install. Everything goes only to the Steward server the user connects
              // to (their organisation's Worker), never to the extension's makers:
              // the invite code and its token (authenticationInfo); names and email addresses
              // of people an admin invites or lists as stakeholders and report recipients
              // (personallyIdentifyingInfo); the address of each ticket tagged or looked up
              // (browsingActivity); the ticket's title and status read from the page
              // (websiteContent). No usage statistics or error reports are sent.
              data_collection_permissions: {
                required: ['authenticationInfo', 'personallyIdentifyingInfo', 'browsingActivity', 'websiteContent'],
              },
            },
            // Firefox for Android shows the consent from 142.
            gecko_android: { strict_min_version: '142.0' },
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
    // Each cloud tool's script (entrypoints/tools/) and each tool's readers (entrypoints/readers/)
    // is a script of its own, built to tools/<tool>.js and readers/<tool>.js. WXT looks for
    // scripts only at the top of entrypoints/, so the two folders are added here.
    'entrypoints:found': (wxt, infos) => {
      for (const folder of ['tools', 'readers']) {
        for (const file of readdirSync(join(wxt.config.entrypointsDir, folder)).filter((f) => f.endsWith('.ts')).sort()) {
          infos.push({ name: `${folder}/${file.slice(0, -3)}`, inputPath: join(wxt.config.entrypointsDir, folder, file), type: 'unlisted-script' });
        }
      }
    },
    'build:manifestGenerated': (_wxt, manifest) => {
      // Firefox's sidebar has its own icon; WXT fills it only from the side panel's HTML.
      if (manifest.sidebar_action) manifest.sidebar_action.default_icon = ICONS;
    },
  },
});
