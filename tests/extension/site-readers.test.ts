import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADAPTERS, readTicketOnPage } from '../../extension/sites';
import { moment, timeAt } from '../../extension/sites/dom';
import { inPage, ticketReader } from '../../extension/sites/read';
import { detectTicket } from '../../shared/tickets';

// What the site adapters read beyond title and status, on the edges the saved pages alone do
// not show: times whose zone the page does not state, times that cannot be true, unassigned
// tickets in each tool's own way, and RT (whose saved page is a real capture) with an owner
// and a date format that carries the offset.

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
function page(file: string): Document {
  const doc = new DOMParser().parseFromString(readFileSync(join(FIXTURES, file), 'utf8'), 'text/html');
  for (const option of Array.from(doc.querySelectorAll<HTMLOptionElement>('option[selected]'))) option.selected = true; // see site-adapters.test.ts
  return doc;
}

describe('a moment is read only when the page states its zone', () => {
  it.each([
    ['2026-11-20T08:14:02Z', '2026-11-20T08:14:02.000Z'],
    ['2026-11-23T07:14:09.112Z', '2026-11-23T07:14:09.112Z'],
    // Jira Data Center's <time datetime> writes the offset without a colon.
    ['2026-11-20T08:14:00+0100', '2026-11-20T07:14:00.000Z'],
    ['2026-11-20 08:14:00-05:00', '2026-11-20T13:14:00.000Z'],
    // RT's RFC 2822 and W3CDTF formats (RT::Date).
    ['Mon, 23 Nov 2026 01:54:59 +0000', '2026-11-23T01:54:59.000Z'],
    ['2026-11-23T01:54:59+02:00', '2026-11-22T23:54:59.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(moment(text)).toBe(iso);
  });

  it.each([
    ['relative words', '3 hours ago'],
    ['a local time (Redmine, GLPI, ServiceNow)', '2026-11-20 08:14'],
    ['RT’s default format', 'Mon Nov 23 01:54:59 2026'],
    ['Syncro’s title', 'Mon, Nov 23 2026 09:12'],
    ['a date alone', '2026-11-20'],
    ['an impossible moment', '2026-13-45T99:99:00Z'],
    ['nothing', ''],
  ])('%s is not read', (_what, text) => {
    expect(moment(text)).toBeUndefined();
  });

  it('prefers the machine-readable attribute to the words on screen', () => {
    const doc = new DOMParser().parseFromString('<small><time datetime="2026-11-23T07:14:09Z" title="23.11.2026 08:14">3 hours ago</time> <time data-time="2026-11-22T07:00:00Z">yesterday</time> <span title="Mon, Nov 23 2026 09:12">about 2 hours ago</span></small>', 'text/html');
    expect(timeAt(doc, 'time')).toBe('2026-11-23T07:14:09.000Z');
    expect(timeAt(doc, 'time[data-time]')).toBe('2026-11-22T07:00:00.000Z');
    expect(timeAt(doc, 'span')).toBeUndefined();
  });
});

describe('what cannot be true is not sent', () => {
  const URL = 'https://rt.example.com/Ticket/Display.html?id=1';
  const readWith = (created: string, updated: string) =>
    ticketReader(inPage((url, doc) => detectTicket(url, doc)), { rt: { tool: 'rt', created: () => created, updated: () => updated } })(URL, page('rt/ticket-display.html'));

  afterEach(() => vi.useRealTimers());

  it('drops a time before 2000 or after now, and says it was not found', () => {
    vi.useFakeTimers({ now: new Date('2026-11-29T12:00:00Z'), toFake: ['Date'] });
    expect(readWith('1999-12-31T23:59:59.000Z', '2026-11-29T12:05:00.000Z')?.facts).toEqual({ found: [] });
    expect(readWith('2000-01-01T00:00:00.000Z', '2026-11-29T12:00:00.000Z')?.facts).toEqual({
      createdAt: '2000-01-01T00:00:00.000Z',
      updatedAt: '2026-11-29T12:00:00.000Z',
      found: ['created', 'updated'],
    });
  });

  it('a reader that throws costs its own field, never the others or the ticket', () => {
    const spy = vi.spyOn(ADAPTERS.redmine!, 'assignee').mockImplementation(() => {
      throw new Error('host page changed');
    });
    try {
      const reading = readTicketOnPage('https://redmine.example.com/redmine/issues/1234', page('redmine/issue.html'));
      expect(reading?.ref.title).toBe('Backup of the accounting share fails nightly');
      expect(reading?.facts).toEqual({ priority: 'High', found: ['title', 'status', 'priority'] });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Request Tracker, on its real page with an owner and an RFC 2822 date format', () => {
  // Elements/ShowUser links a real owner to /User/Summary.html (Nobody has no link); a user who
  // chose RFC 2822 in RT's preferences sees every date with its offset.
  function withOwnerAndOffsets(): Document {
    const doc = page('rt/ticket-display.html');
    doc.querySelector('.ticket-info-people .owner .current-value .user')!.innerHTML = '<a href="/User/Summary.html?id=14">root (Enoch Root)</a>';
    doc.querySelector('.ticket-info-dates .created .current-value')!.textContent = 'Mon, 23 Nov 2026 01:54:59 +0000';
    const updated = doc.querySelector('.ticket-info-dates .updated .current-value a')!;
    updated.firstChild!.textContent = 'Mon, 23 Nov 2026 01:55:00 +0000 by ';
    return doc;
  }

  it('reads the owner and both dates', () => {
    const reading = readTicketOnPage('https://rt.example.com/Ticket/Display.html?id=1', withOwnerAndOffsets());
    expect(reading?.facts).toEqual({
      createdAt: '2026-11-23T01:54:59.000Z',
      updatedAt: '2026-11-23T01:55:00.000Z',
      assignee: 'root (Enoch Root)',
      priority: 'Low',
      found: ['title', 'status', 'created', 'updated', 'assignee', 'priority'],
    });
  });

  it('the saved page as RT sent it: Nobody owns the ticket and the default dates name no zone', () => {
    expect(readTicketOnPage('https://rt.example.com/Ticket/Display.html?id=1', page('rt/ticket-display.html'))?.facts).toEqual({ priority: 'Low', found: ['title', 'status', 'priority'] });
  });
});

describe('an unassigned ticket has no assignee, whatever the tool writes in its place', () => {
  const UNASSIGNED: Array<[string, string, string, (doc: Document) => void]> = [
    ['Redmine shows "-"', 'redmine/issue.html', 'https://redmine.example.com/redmine/issues/1234', (doc) => {
      doc.querySelector('.assigned-to.attribute .value')!.innerHTML = '-';
    }],
    ['osTicket shows "— Unassigned —"', 'osticket/ticket.html', 'https://support.example.com/support/scp/tickets.php?id=42', (doc) => {
      const cell = Array.from(doc.querySelectorAll('table.ticket_info th')).find((th) => th.textContent === 'Assigned To:')!.nextElementSibling!;
      cell.innerHTML = '<span class="faded">&mdash; Unassigned &mdash;</span>';
    }],
    ['FreeScout shows "Anyone"', 'freescout/conversation.html', 'https://help.example.com/conversation/123?folder_id=4', (doc) => {
      doc.querySelector('ul.conv-user li.active')!.classList.remove('active');
      doc.querySelector('ul.conv-user a[data-user_id="-1"]')!.parentElement!.classList.add('active');
      doc.querySelector('ul.conv-user')!.closest('.btn-group')!.querySelector('.conv-info-val > span')!.textContent = 'Anyone';
    }],
    ['GLPI assigns a group only', 'glpi/ticket.html', 'https://glpi.example.com/glpi/front/ticket.form.php?id=123', (doc) => {
      doc.querySelector('select[data-actor-type="assign"] option[data-itemtype="User"]')!.remove();
    }],
    ['Jira Cloud shows "Unassigned" without a profile card', 'jira/issue.html', 'https://acme.atlassian.net/browse/OPS-142', (doc) => {
      doc.querySelector('[data-testid="issue.views.field.user.assignee"]')!.innerHTML = '<span>Unassigned</span><div role="button">Assign to me</div>';
    }],
    ['Jira Data Center shows "Unassigned" without a user link', 'jira/issue-datacenter.html', 'https://jira.example.com/jira/browse/OPS-9', (doc) => {
      doc.querySelector('#assignee-val')!.innerHTML = '<em>Unassigned</em>';
    }],
    ['Syncro’s Tech is the empty choice', 'syncro/ticket.html', 'https://acme.syncromsp.com/tickets/107248794', (doc) => {
      (doc.querySelector('select#ticket_user_id option[value=""]') as HTMLOptionElement).selected = true;
    }],
    ['Zendesk shows only the group', 'zendesk/ticket.html', 'https://acme.zendesk.com/agent/tickets/101', (doc) => {
      doc.querySelector('[data-test-id="assignee-field-selected-agent-tag"]')!.remove();
    }],
  ];

  it.each(UNASSIGNED)('%s', (_what, fixture, url, unassign) => {
    const doc = page(fixture);
    expect(readTicketOnPage(url, doc)?.facts.assignee).toBeTruthy();
    unassign(doc);
    const reading = readTicketOnPage(url, doc);
    expect(reading?.ref).toBeTruthy();
    expect(reading?.facts.assignee).toBeUndefined();
    expect(reading?.facts.found).not.toContain('assignee');
  });
});
