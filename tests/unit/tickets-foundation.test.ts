import { describe, expect, it } from 'vitest';
import { detectTicket, ticketKey } from '../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.zendesk.com/agent/tickets/4821', 'zendesk:acme:4821'],
  ['https://acme.zendesk.com/agent/tickets/4821/events', 'zendesk:acme:4821'],
  ['https://ACME.zendesk.com/agent/tickets/17?foo=bar#x', 'zendesk:acme:17'],
  ['https://acme.zendesk.com/agent/tickets/new/1', null],
  ['https://acme.zendesk.com/agent/filters/360001', null],
  ['https://acme.zendesk.com/agent/search/1?q=printer', null],
  ['https://zendesk.com/agent/tickets/4821', null],
  ['https://acme.zendesk.com.evil.example/agent/tickets/4821', null],
  ['https://rt.example.com/Ticket/Display.html?id=42', 'rt:rt.example.com:42'],
  ['https://intranet.example.com/rt/Ticket/Display.html?id=7&results=abc', 'rt:intranet.example.com:7'],
  ['http://127.0.0.1:9080/Ticket/Display.html?id=3', 'rt:127.0.0.1:9080:3'],
  ['https://RT.Example.com:443/Ticket/History.html?id=42', 'rt:rt.example.com:42'],
  ['https://rt.example.com/Ticket/Create.html?Queue=1', null],
  ['https://rt.example.com/Ticket/Display.html', null],
  ['https://rt.example.com/Ticket/Display.html?id=abc', null],
  ['https://rt.example.com/Search/Results.html?Query=id%3D42', null],
  ['not a url', null],
  ['ftp://rt.example.com/Ticket/Display.html?id=42', null],
];

describe('detectTicket (URL only)', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    const ref = detectTicket(url);
    expect(ref ? ticketKey(ref) : null).toBe(key);
  });
});

describe('detectTicket with a page fingerprint (self-hosted tools)', () => {
  const page = (bodyId: string, extra = '') =>
    ({
      body: { id: bodyId, textContent: '', getAttribute: () => null, querySelector: () => null },
      title: '',
      querySelector: (sel: string) => (extra && sel.includes('bestpractical') ? ({ id: '', textContent: '', getAttribute: () => null, querySelector: () => null }) : null),
    });

  it('accepts an RT URL on an RT page', () => {
    expect(detectTicket('https://help.example.org/Ticket/Display.html?id=9', page('comp-Ticket-Display'))?.ticketId).toBe('9');
  });

  it('rejects the RT URL shape on a page that is not RT', () => {
    expect(detectTicket('https://shop.example.org/Ticket/Display.html?id=9', page('main'))).toBeNull();
  });
});
