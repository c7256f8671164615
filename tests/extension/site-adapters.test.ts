import { Window } from 'happy-dom';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { PageFacts } from '../../extension/core/contract/messages';
import { ADAPTERS, readTicketOnPage } from '../../extension/sites';
import { deepQuery } from '../../extension/sites/dom';
import { ticketKey } from '../../shared/schemas';
import { statusCategory } from '../../shared/tickets/status';
import { html, NOT_TICKETS, page, pageOf, SN_SYS_ID, TICKET_PAGES, type Facts } from './support/ticket-pages';

// Saved ticket pages of every tool, read at the URL each is served at, with what Steward must
// read beside each (the pages and rows: support/ticket-pages.ts).

/** The ticket a page shows, as a tag stores it (what the page says beside it is checked apart). */
const ticketOn = (url: string, doc: Document) => readTicketOnPage(url, doc)?.ref ?? null;

/** The fields a row expects found: title and status, then the facts it lists, in READ_FIELDS order. */
function foundIn(facts: Facts): PageFacts['found'] {
  const has = { created: facts.createdAt, updated: facts.updatedAt, assignee: facts.assignee, priority: facts.priority };
  return ['title', 'status', ...(['created', 'updated', 'assignee', 'priority'] as const).filter((f) => has[f])];
}

describe('reading the ticket on saved pages of each tool', () => {
  it.each(TICKET_PAGES)('$fixture at $url → $key', (row) => {
    const { url, key, title, status } = row;
    const ticket = ticketOn(url, pageOf(row));
    expect(ticket && ticketKey(ticket)).toBe(key);
    expect(ticket).toMatchObject({ title, status, url });
  });

  it.each(TICKET_PAGES)('$fixture at $url: what the page says beyond title and status', (row) => {
    expect(readTicketOnPage(row.url, pageOf(row))?.facts).toEqual({ ...row.facts, found: foundIn(row.facts) });
  });

  it.each(TICKET_PAGES)('$fixture at $url: the status “$status” is a word Steward knows', ({ key, status }) => {
    const tool = key.split(':')[0] as Parameters<typeof statusCategory>[0];
    expect(statusCategory(tool, status).known).toBe(true);
  });

  it('every tool whose page shows more than title and status has a row that reads it', () => {
    const readers = Object.values(ADAPTERS).flatMap((a) => (['created', 'updated', 'assignee', 'priority'] as const).filter((f) => a?.[f]).map((f) => `${a!.tool}.${f}`));
    const read = new Set(TICKET_PAGES.flatMap((row) => foundIn(row.facts).filter((f) => f !== 'title' && f !== 'status').map((f) => `${row.key.split(':')[0]}.${f}`)));
    // Readers whose saved page does not show the field: RT's owner is Nobody and its dates are in
    // RT's zone-less default format (both are read from RT-shaped markup below); the Freshdesk
    // ticket is unassigned (its Agent field shows the placeholder).
    const notOnTheirPage = ['freshdesk.assignee', 'rt.assignee', 'rt.created', 'rt.updated'];
    expect(readers.filter((r) => !read.has(r)).sort()).toEqual(notOnTheirPage.sort());
  });

  it('covers every tool that has an adapter', () => {
    const covered = new Set(TICKET_PAGES.map((row) => row.key.split(':')[0]));
    expect([...covered].sort()).toEqual(Object.keys(ADAPTERS).sort());
  });

  it.each(NOT_TICKETS)('%s is not a ticket', (_what, fixture, url) => {
    expect(ticketOn(url, page(fixture))).toBeNull();
  });

  it('a selector that throws costs the title, never the ticket', () => {
    const spy = vi.spyOn(ADAPTERS.redmine!, 'title').mockImplementation(() => {
      throw new Error('host page changed');
    });
    try {
      const ticket = ticketOn('https://redmine.example.com/redmine/issues/1234', page('redmine/issue.html'));
      expect(ticket && ticketKey(ticket)).toBe('redmine:redmine.example.com:1234');
      expect(ticket?.title).toBeUndefined();
      expect(ticket?.status).toBe('In Progress');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('ServiceNow classic: the form lives in the same-origin gsft_main frame', () => {
  const windows: Window[] = [];
  afterAll(async () => {
    await Promise.all(windows.map((w) => w.happyDOM.close()));
  });

  /**
   * Offline, happy-dom loads no frames; give the top page's gsft_main frame the saved form page
   * at its URL, as the browser would once the frame has loaded.
   */
  function withFrame(top: Document, frameUrl: string, fixture: string): Document {
    const frame = deepQuery(top, 'iframe#gsft_main');
    if (!frame) throw new Error('the fixture has no gsft_main frame');
    const win = new Window({ url: frameUrl });
    windows.push(win);
    win.document.write(html(fixture));
    Object.defineProperty(frame, 'contentDocument', { configurable: true, get: () => win.document });
    return top;
  }

  const FORM_URL = `https://acme.service-now.com/incident.do?sys_id=${SN_SYS_ID}`;
  const KEY = `servicenow:acme:incident/${SN_SYS_ID}`;

  it('UI16 shell (nav_to.do): title and state come from the framed form', () => {
    const url = `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const ticket = ticketOn(url, withFrame(page('servicenow/classic-nav.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    // The top URL names the same record, so it stays the link (it opens with the navigation around it).
    expect(ticket).toMatchObject({ url, title: 'Email not syncing on phones', status: 'In Progress' });
  });

  it('Next Experience shell: the frame is found inside the shell’s shadow roots', () => {
    const url = `https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const ticket = ticketOn(url, withFrame(page('servicenow/polaris-classic.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    expect(ticket).toMatchObject({ url, title: 'Email not syncing on phones', status: 'In Progress' });
  });

  it('what the framed form says about the ticket is read from the frame', () => {
    const url = `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const reading = readTicketOnPage(url, withFrame(page('servicenow/classic-nav.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(reading?.facts).toEqual({ assignee: 'Priya Shah', priority: '2 - High', found: ['title', 'status', 'assignee', 'priority'] });
  });

  it('the record open in the frame wins over a top URL still naming the list', () => {
    const url = 'https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do';
    const ticket = ticketOn(url, withFrame(page('servicenow/polaris-classic.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    expect(ticket).toMatchObject({ url: FORM_URL, title: 'Email not syncing on phones' });
  });

  it('a list in the frame is not a ticket', () => {
    const url = 'https://acme.service-now.com/nav_to.do?uri=incident_list.do';
    const listUrl = 'https://acme.service-now.com/incident_list.do';
    expect(ticketOn(url, withFrame(page('servicenow/classic-nav.html'), listUrl, 'servicenow/incident-list.html'))).toBeNull();
  });

  it('before the frame has loaded, the top URL still names the ticket', () => {
    const url = `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const ticket = ticketOn(url, page('servicenow/classic-nav.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    expect(ticket?.title).toBeUndefined();
  });
});
