import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.freshservice.com/a/tickets/280211?current_tab=details', 'freshservice:acme:280211'],
  ['https://acme.freshservice.com/a/tickets/44698?current_tab=details&focus_conversation=8089164582', 'freshservice:acme:44698'],
  ['https://acme.freshservice.com/helpdesk/tickets/44698', 'freshservice:acme:44698'],
  ['https://ACME.freshservice.com/support/tickets/12', 'freshservice:acme:12'],
  ['https://acme.freshservice.com/a/tickets/filters/all_tickets', null],
  ['https://acme.freshservice.com/a/tickets/new', null],
  ['https://acme.freshservice.com/helpdesk/tickets/new', null],
  ['https://acme.freshservice.com/a/changes/12', null],
  ['https://freshservice.com/a/tickets/12', null],
  ['https://acme.freshservice.com.evil.example/a/tickets/12', null],
  // The same path on Freshdesk is Freshdesk's ticket.
  ['https://acme.freshdesk.com/a/tickets/12', 'freshdesk:acme:12'],
];

describe('Freshservice ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
