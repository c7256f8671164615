import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://bms.kaseya.com/react/servicedesk/tickets/51234', 'kaseya-bms:bms.kaseya.com:51234'],
  ['https://bms.kaseya.com/react/servicedesk/tickets/51234/', 'kaseya-bms:bms.kaseya.com:51234'],
  ['https://bms.kaseya.com/react/servicedesk/mytickets/51234', 'kaseya-bms:bms.kaseya.com:51234'],
  ['https://bmsemea.kaseya.com/react/servicedesk/tickets/7', 'kaseya-bms:bmsemea.kaseya.com:7'],
  ['https://bms.kaseya.com/react/servicedesk/tickets', null],
  ['https://bms.kaseya.com/react/servicedesk/mytickets', null],
  ['https://bms.kaseya.com/react/servicedesk/tickets/new', null],
  ['https://bms.kaseya.com/react/crm/accounts/51234', null],
  ['https://www.kaseya.com/react/servicedesk/tickets/51234', null],
  ['https://bms.kaseya.com.evil.example/react/servicedesk/tickets/51234', null],
];

describe('Kaseya BMS ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
