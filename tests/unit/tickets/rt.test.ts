import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://rt.example.com/Ticket/Display.html?id=42', 'rt:rt.example.com:42'],
  ['https://rt.example.com/Ticket/Update.html?id=42&Action=Respond', 'rt:rt.example.com:42'],
  ['https://intranet.example.com/rt/Ticket/ModifyAll.html?id=7', 'rt:intranet.example.com:7'],
  ['http://localhost:9080/Ticket/Display.html?id=3', 'rt:localhost:9080:3'],
  ['https://rt.example.com/Ticket/Create.html?Queue=1', null],
  ['https://rt.example.com/Ticket/Display.html', null],
  ['https://rt.example.com/Ticket/Display.html?id=abc', null],
  ['https://rt.example.com/Search/Results.html?Query=id%3D42', null],
  ['https://rt.example.com/index.html', null],
];

describe('Request Tracker ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
