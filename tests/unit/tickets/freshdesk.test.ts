import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.freshdesk.com/a/tickets/8509', 'freshdesk:acme:8509'],
  ['https://acme.freshdesk.com/a/tickets/3?dev=true', 'freshdesk:acme:3'],
  ['https://acme.freshdesk.com/helpdesk/tickets/617', 'freshdesk:acme:617'],
  ['https://Acme.Freshdesk.com/support/tickets/218', 'freshdesk:acme:218'],
  ['https://acme.freshdesk.com/a/tickets/filters/search?orderBy=created_at', null],
  ['https://acme.freshdesk.com/a/tickets/new', null],
  ['https://acme.freshdesk.com/a/contacts/5', null],
  ['https://freshdesk.com/a/tickets/8509', null],
  ['https://acme.freshdesk.com.evil.example/a/tickets/8509', null],
];

describe('Freshdesk ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
