import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  // Halo zero-pads ids; 0001234 and 1234 are the same ticket.
  ['https://acme.halopsa.com/ticket?id=0001234', 'halopsa:acme:1234'],
  ['https://acme.halopsa.com/ticket?id=1234', 'halopsa:acme:1234'],
  ['https://acme.halopsa.com/tickets?showalltickettypes=1&mainview=all&viewid=1&selid=-1&sellevel=1&selparentid=0&id=2820', 'halopsa:acme:2820'],
  ['https://Acme.HaloPSA.com/tickets?area=13&id=00511', 'halopsa:acme:511'],
  ['https://acme.halopsa.com/ticket?id=-1', null],
  ['https://acme.halopsa.com/ticket?id=0000', null],
  ['https://acme.halopsa.com/tickets?area=1&mainview=myviews&viewid=4', null],
  ['https://acme.halopsa.com/customers?id=5', null],
  ['https://halopsa.com/ticket?id=5', null],
  ['https://acme.halopsa.com.evil.example/ticket?id=5', null],
];

describe('HaloPSA ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
