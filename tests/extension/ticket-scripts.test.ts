// Each script a ticket page gets recognises and reads that page as `readTicketOnPage` (every
// tool's detection and readers, tests/extension/site-adapters.test.ts) does, on every saved page:
// a cloud tool's own script on its tool's pages, and the script for self-hosted and enabled
// sites on any page, with only the recognised tool's readers loaded into it. The scripts are the
// real entrypoints; what they hand the badge (core/page/ticket-badge.ts) is taken as they mount.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CLOUD_TOOL_HOSTS } from '../../shared/cloud-tools';
import type { TicketRef } from '../../shared/schemas';
import { compileCustomPattern } from '../../shared/tickets';
import { READER_TOOLS, scriptFor } from '../../extension/core/contract/ticket-scripts';
import type { TicketScript } from '../../extension/core/page/ticket-badge';
import { readTicketOnPage } from '../../extension/sites';
import { cloudToolAt } from '../../extension/sites/cloud-hosts';
import { deepQuery } from '../../extension/sites/dom';
import type { TicketReading } from '../../extension/sites/read';
import { html, NOT_TICKETS, page, pageOf, SN_SYS_ID, TICKET_PAGES } from './support/ticket-pages';

const mounted = vi.hoisted(() => ({ script: null as TicketScript | null }));
vi.mock('../../extension/core/page/ticket-badge', () => ({
  mountTicketBadge: (script: TicketScript) => {
    mounted.script = script;
  },
}));

const ENTRYPOINTS = resolve(import.meta.dirname, '../../extension/entrypoints');
const scriptsIn = (folder: string) => readdirSync(join(ENTRYPOINTS, folder)).map((f) => f.replace(/\.ts$/, '')).sort();

/** The readers the background ran into the page, by tool (`ticket:readers`, as scripting.executeScript would). */
let loaded: string[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  vi.resetModules(); // each page starts with no readers loaded, as a fresh page does
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('steward.readers')];
  loaded = [];
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string; payload: { tool: string } }, _sender: unknown, sendResponse: (answer: unknown) => void) => {
    if (message.type !== 'ticket:readers') return;
    const { tool } = message.payload;
    loaded.push(tool);
    void import(/* @vite-ignore */ join(ENTRYPOINTS, 'readers', `${tool}.ts`)).then((entry: { default: { main(): void } }) => {
      entry.default.main();
      sendResponse({ tool });
    });
    return true;
  }) as never);
});

/** The script an entrypoint mounts. */
async function scriptOf(entry: string): Promise<TicketScript> {
  mounted.script = null;
  const module = (await import(/* @vite-ignore */ join(ENTRYPOINTS, `${entry}.ts`))) as { default: { main(): void } };
  module.default.main();
  if (!mounted.script) throw new Error(`${entry} mounted no ticket badge`);
  return mounted.script;
}

/** What a script makes of a page: the ticket it recognises, read as its badge reads it. */
async function readingOf(script: TicketScript, url: string, doc: Document): Promise<TicketReading | null> {
  const found = await script.locate(url, doc);
  return found && script.read(found);
}

/** Two readings, observedAt aside (each is stamped when read). */
const same = (reading: TicketReading | null) => reading && { ...reading, ref: { ...reading.ref, observedAt: 'when read' } };

/** The scripts that may run on a page: its cloud tool's own (if it is on one's hosts), and the one for enabled sites. */
const scriptsOn = (url: string) => [...(cloudToolAt(url) ? [`tools/${cloudToolAt(url)}`] : []), 'ticket'];

describe('every script a ticket page gets reads it as readTicketOnPage does', () => {
  const rows = TICKET_PAGES.flatMap((row) => scriptsOn(row.url).map((entry) => ({ ...row, entry })));

  it.each(rows)('$entry on $fixture at $url', async (row) => {
    const reading = await readingOf(await scriptOf(row.entry), row.url, pageOf(row));
    expect(same(reading)).toEqual(same(readTicketOnPage(row.url, pageOf(row))));
    expect(reading?.ref.title).toBe(row.title);
    // The script for enabled sites gets the recognised tool's readers, and no other tool's.
    expect(loaded).toEqual(row.entry === 'ticket' ? [row.key.split(':')[0]] : []);
  });

  const notTickets = NOT_TICKETS.flatMap(([what, fixture, url]) => scriptsOn(url).map((entry) => ({ what, fixture, url, entry })));

  it.each(notTickets)('$entry: $what is not a ticket', async ({ fixture, url, entry }) => {
    expect(await (await scriptOf(entry)).locate(url, page(fixture))).toBeNull();
    expect(readTicketOnPage(url, page(fixture))).toBeNull();
  });

  it('has a script for every cloud tool and readers for every tool', () => {
    expect(scriptsIn('tools')).toEqual(Object.keys(CLOUD_TOOL_HOSTS).sort());
    expect(scriptsIn('readers')).toEqual([...READER_TOOLS].sort());
  });
});

describe('ServiceNow classic, whose form is in the gsft_main frame', () => {
  const windows: Window[] = [];
  afterAll(async () => {
    await Promise.all(windows.map((w) => w.happyDOM.close()));
  });

  /** The top page with its gsft_main frame showing the saved form (happy-dom loads no frames offline). */
  function withForm(fixture: string): Document {
    const top = page(fixture);
    const frame = deepQuery(top, 'iframe#gsft_main');
    const win = new Window({ url: `https://acme.service-now.com/incident.do?sys_id=${SN_SYS_ID}` });
    windows.push(win);
    win.document.write(html('servicenow/incident-form.html'));
    Object.defineProperty(frame, 'contentDocument', { configurable: true, get: () => win.document });
    return top;
  }

  it.each([
    ['tools/servicenow', 'servicenow/classic-nav.html', `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`],
    ['ticket', 'servicenow/classic-nav.html', `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`],
    ['tools/servicenow', 'servicenow/polaris-classic.html', 'https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do'],
    ['ticket', 'servicenow/polaris-classic.html', 'https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do'],
  ])('%s on %s at %s reads the framed form', async (entry, fixture, url) => {
    const reading = await readingOf(await scriptOf(entry), url, withForm(fixture));
    expect(same(reading)).toEqual(same(readTicketOnPage(url, withForm(fixture))));
    expect(reading?.ref).toMatchObject({ ticketId: `incident/${SN_SYS_ID}`, title: 'Email not syncing on phones', status: 'In Progress' });
  });
});

describe('a tool Steward does not know, by the user’s URL pattern', () => {
  const matcher = (pattern: string) => {
    const check = compileCustomPattern(pattern);
    if (!check.ok) throw new Error(check.error);
    return check.pattern.matcher;
  };

  it('the script for enabled sites recognises it with the checked pattern and names it by the page’s title', async () => {
    const script = await scriptOf('ticket');
    const doc = page('lookalike/issue-tracker.html');
    expect(await script.locate('https://help.example.com/cases/77', doc)).toBeNull();
    const ref = script.custom?.('https://help.example.com/cases/77', [matcher('https://help.example.com/cases/{id}')]) as TicketRef;
    expect(ref).toMatchObject({ tool: 'custom', tenant: 'help.example.com', ticketId: '77' });
    const reading = await script.read({ ref, doc });
    expect(reading.ref.title).toBe(doc.title);
    expect(reading.facts).toEqual({ found: ['title'] });
    expect(loaded).toEqual([]);
  });

  it('a cloud tool’s own script knows its tool only', async () => {
    expect((await scriptOf('tools/zendesk')).custom).toBeUndefined();
  });
});

describe('which script a registration gets', () => {
  it('a cloud tool’s own for patterns within its hosts (a company policy’s ServiceNow), else the one for any site', () => {
    expect(scriptFor(['https://*.service-now.com/*'])).toBe('/tools/servicenow.js');
    expect(scriptFor(['https://acme.service-now.com/*'])).toBe('/tools/servicenow.js');
    expect(scriptFor([...CLOUD_TOOL_HOSTS.jira])).toBe('/tools/jira.js');
    expect(scriptFor(['https://rt.acme.example/*'])).toBe('/ticket.js');
    expect(scriptFor(['https://*/*'])).toBe('/ticket.js');
    expect(scriptFor(['https://*.service-now.com/*', 'https://rt.acme.example/*'])).toBe('/ticket.js');
  });
});
