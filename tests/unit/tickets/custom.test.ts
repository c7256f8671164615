import { describe, expect, it } from 'vitest';
import { compileCustomPattern, detectCustomTicket, ticketKey } from '../../../shared/tickets';

const key = (url: string, patterns: string[]) => {
  const ref = detectCustomTicket(url, patterns);
  return ref ? ticketKey(ref) : null;
};

// Each row: a pattern a person typed, a URL, and the key Steward must derive (null = not a ticket).
const URLS: Array<[string, string, string | null]> = [
  // Ticket number in the path.
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets/4821', 'custom:help.example.com:4821'],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets/4821/', 'custom:help.example.com:4821'],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets/4821?tab=notes#c3', 'custom:help.example.com:4821'],
  ['https://help.example.com/tickets/{id}', 'https://HELP.example.com/Tickets/4821', 'custom:help.example.com:4821'],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets/OPS-77', 'custom:help.example.com:OPS-77'],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets', null],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets/4821/edit', null],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/tickets/new%20one', null],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com/other/tickets/4821', null],
  ['https://help.example.com/tickets/{id}', 'https://other.example.com/tickets/4821', null],
  ['https://help.example.com/tickets/{id}', 'http://help.example.com/tickets/4821', null],
  ['https://help.example.com/tickets/{id}', 'https://help.example.com:8443/tickets/4821', null],
  // `*` stands for anything: deeper views of a ticket, slugs after the number.
  ['https://help.example.com/tickets/{id}*', 'https://help.example.com/tickets/4821/edit', 'custom:help.example.com:4821'],
  ['https://help.example.com/*/tickets/{id}', 'https://help.example.com/it/tickets/12', 'custom:help.example.com:12'],
  ['https://help.example.com/t/{id}-*', 'https://help.example.com/t/42-printer-jams-again', 'custom:help.example.com:42'],
  ['https://help.example.com/t/{id}.html', 'https://help.example.com/t/42.html', 'custom:help.example.com:42'],
  ['https://help.example.com/t/{id}.html', 'https://help.example.com/t/42', null],
  // A non-default port is part of the site and of the tenant.
  ['http://10.0.0.5:8080/case/{id}', 'http://10.0.0.5:8080/case/9', 'custom:10.0.0.5:8080:9'],
  ['http://10.0.0.5:8080/case/{id}', 'http://10.0.0.5/case/9', null],
  ['https://help.example.com:443/tickets/{id}', 'https://help.example.com/tickets/5', 'custom:help.example.com:5'],
  // Ticket number in the query: other parameters may come and go, in any order.
  ['https://desk.example.com/view.php?ticket={id}', 'https://desk.example.com/view.php?ticket=31', 'custom:desk.example.com:31'],
  ['https://desk.example.com/view.php?ticket={id}', 'https://desk.example.com/view.php?tab=log&Ticket=31', 'custom:desk.example.com:31'],
  ['https://desk.example.com/view.php?ticket={id}', 'https://desk.example.com/view.php', null],
  ['https://desk.example.com/view.php?ticket={id}', 'https://desk.example.com/list.php?ticket=31', null],
  ['https://desk.example.com/view.php?mode=ticket&id={id}', 'https://desk.example.com/view.php?id=8&mode=ticket', 'custom:desk.example.com:8'],
  ['https://desk.example.com/view.php?mode=ticket&id={id}', 'https://desk.example.com/view.php?id=8&mode=asset', null],
  // Ticket number in the hash (single-page apps).
  ['https://desk.example.com/#/cases/{id}', 'https://desk.example.com/#/cases/5001', 'custom:desk.example.com:5001'],
  ['https://desk.example.com/#/cases/{id}', 'https://desk.example.com/#/cases', null],
  ['https://desk.example.com/#/cases/{id}', 'https://desk.example.com/', null],
  // Regular expressions with a group named id.
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+)/', 'https://help.example.com/t/77?x=1', 'custom:help.example.com:77'],
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+)/', 'https://help.example.com/t/abc', null],
  ['/^https://help\\.example\\.com/(?:t|ticket)/(?<id>[A-Z]+-\\d+)$/i', 'https://help.example.com/ticket/ops-3', 'custom:help.example.com:ops-3'],
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+)/', 'https://evil.example.net/?https://help.example.com/t/77', null],
  // Not web pages at all.
  ['https://help.example.com/tickets/{id}', 'ftp://help.example.com/tickets/1', null],
  ['https://help.example.com/tickets/{id}', 'not a url', null],
];

describe('custom ticket URL patterns', () => {
  it.each(URLS)('%s on %s → %s', (pattern, url, expected) => {
    expect(key(url, [pattern])).toBe(expected);
  });

  it('makes a TicketRef of tool "custom" with the lower-case host as tenant', () => {
    expect(detectCustomTicket('https://Help.Example.com:8443/tickets/9', ['https://help.example.com:8443/tickets/{id}'])).toMatchObject({
      tool: 'custom', tenant: 'help.example.com:8443', ticketId: '9', url: 'https://help.example.com:8443/tickets/9',
    });
  });

  it('uses the first pattern that matches and skips ones that no longer compile', () => {
    const patterns = ['https://help.example.com/{id}', 'https://help.example.com/tickets/{id}', 'https://help.example.com/*/{id}'];
    expect(key('https://help.example.com/tickets/3', ['nonsense', ...patterns])).toBe('custom:help.example.com:3');
  });
});

// Each row: what a person typed and the start of the message they see (null = accepted).
const CHECKS: Array<[string, string | null]> = [
  ['https://help.example.com/tickets/{id}', null],
  ['  https://help.example.com/tickets/{id}  ', null],
  ['http://rt.intranet/case/{id}', null],
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+)/', null],
  ['', 'is empty'],
  ['help.example.com/tickets/{id}', 'must start with https://'],
  ['ftp://help.example.com/tickets/{id}', 'must start with https://'],
  ['https://help.example.com/tickets/42', 'must contain {id}'],
  ['https://help.example.com/{id}/tickets/{id}', 'must contain {id} only once'],
  ['https://{id}.example.com/ticket', 'must write the site ({id}.example.com) out in full'],
  ['https://*.example.com/tickets/{id}', 'must write the site (*.example.com) out in full'],
  ['https://help.example.com/view?{id}=1', 'must write the parameter name'],
  ['https://user:pw@help.example.com/t/{id}', 'must not contain a user name or password'],
  ['https://exa mple.com/t/{id}', 'is not a valid web address'],
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(\\d+)/', 'must capture the ticket number in a group named id'],
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+/', 'is not a valid regular expression'],
  ['/(?<id>\\d+)/', 'must start with ^https://'],
  ['/^https:\\/\\/.*\\/t\\/(?<id>\\d+)/', 'must start with ^https://'],
  ['/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+)/g', 'only the i flag'],
];

describe('checking a pattern before it is saved', () => {
  it.each(CHECKS)('%j → %s', (input, message) => {
    const check = compileCustomPattern(input);
    if (message === null) expect(check).toMatchObject({ ok: true });
    else expect(check.ok ? 'accepted' : check.error).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('names the site to enable, port included', () => {
    const site = (p: string) => {
      const c = compileCustomPattern(p);
      return c.ok ? c.pattern.origin : c.error;
    };
    expect(site('https://Help.Example.com/tickets/{id}')).toBe('https://help.example.com');
    expect(site('http://10.0.0.5:8080/case/{id}')).toBe('http://10.0.0.5:8080');
    expect(site('/^https:\\/\\/help\\.example\\.com:8443\\/t\\/(?<id>\\d+)/')).toBe('https://help.example.com:8443');
  });
});
