import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.syncromsp.com/tickets/4233', 'syncro:acme:4233'],
  ['https://acme.shield.syncromsp.com/tickets/4233', 'syncro:acme:4233'],
  ['https://acme.syncromsp.com/tickets/4233?tab=comments', 'syncro:acme:4233'],
  ['https://Acme.SyncroMSP.com/tickets/12/', 'syncro:acme:12'],
  ['https://acme.syncromsp.com/tickets', null],
  ['https://acme.syncromsp.com/tickets/new', null],
  ['https://acme.syncromsp.com/tickets?status=Not%20Closed', null],
  ['https://acme.syncromsp.com/customers/5', null],
  ['https://syncromsp.com/tickets/4233', null],
  ['https://shield.syncromsp.com/tickets/4233', null],
  ['https://acme.syncromsp.com.evil.example/tickets/4233', null],
];

describe('Syncro ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
