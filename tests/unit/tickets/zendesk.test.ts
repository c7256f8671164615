import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.zendesk.com/agent/tickets/4821', 'zendesk:acme:4821'],
  ['https://acme.zendesk.com/agent/tickets/4821/events', 'zendesk:acme:4821'],
  ['https://acme.zendesk.com/agent/tickets/4821?brand_id=360000', 'zendesk:acme:4821'],
  ['https://support-eu.zendesk.com/agent/tickets/9', 'zendesk:support-eu:9'],
  ['https://acme.zendesk.com/agent/tickets/new/1', null],
  ['https://acme.zendesk.com/agent/dashboard', null],
  ['https://acme.zendesk.com/agent/filters/360001', null],
  ['https://acme.zendesk.com/agent/search/1?q=printer', null],
  ['https://zendesk.com/agent/tickets/4821', null],
  ['https://acme.zendesk.com.evil.example/agent/tickets/4821', null],
];

describe('Zendesk ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
