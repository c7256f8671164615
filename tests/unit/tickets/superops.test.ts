import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.superops.ai/#/tickets/3464521547223298048/ticket', 'superops:acme:3464521547223298048'],
  ['https://acme.superops.ai/#/tickets/42', 'superops:acme:42'],
  ['https://acme.superops.ai/#/tickets/42/conversations', 'superops:acme:42'],
  ['https://ACME.superops.ai/#/tickets/42/', 'superops:acme:42'],
  ['https://acme.superops.ai/#/tickets', null],
  ['https://acme.superops.ai/#/tickets/new', null],
  ['https://acme.superops.ai/#/dashboard', null],
  ['https://acme.superops.ai/tickets/42', null],
  ['https://superops.ai/#/tickets/42', null],
  ['https://acme.superops.ai.evil.example/#/tickets/42', null],
];

describe('SuperOps ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
