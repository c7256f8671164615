import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://app.atera.com/new/ticket/8366', 'atera:app.atera.com:8366'],
  ['https://app.atera.com/new/ticket/8366/', 'atera:app.atera.com:8366'],
  ['https://APP.atera.com/new/ticket/12', 'atera:app.atera.com:12'],
  ['https://app.atera.com/Admin#/ticket/8366', 'atera:app.atera.com:8366'],
  ['https://app.atera.com/new/tickets', null],
  ['https://app.atera.com/new/dashboard', null],
  ['https://app.atera.com/Admin#/tickets', null],
  ['https://www.atera.com/new/ticket/8366', null],
  ['https://app.atera.com.evil.example/new/ticket/8366', null],
];

describe('Atera ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
