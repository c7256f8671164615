import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://helpdesk.example.com/#ticket/zoom/42', 'zammad:helpdesk.example.com:42'],
  ['https://helpdesk.example.com/#ticket/zoom/42/311', 'zammad:helpdesk.example.com:42'],
  ['https://Support.Example.org:3000/#ticket/zoom/7', 'zammad:support.example.org:3000:7'],
  ['https://help.example.net/zammad/#ticket/zoom/24820', 'zammad:help.example.net:24820'],
  // Zammad's own hosting: the company's label is the tenant, as for a cloud tool.
  ['https://acme.zammad.com/#ticket/zoom/1696', 'zammad:acme:1696'],
  ['https://helpdesk.example.com/#ticket/create', null],
  ['https://helpdesk.example.com/#ticket/view/my_assigned', null],
  ['https://helpdesk.example.com/#dashboard', null],
  ['https://helpdesk.example.com/#search/printer', null],
  ['https://helpdesk.example.com/#ticket/zoom/', null],
  ['https://helpdesk.example.com/#ticket/zoom/abc', null],
  ['https://helpdesk.example.com/ticket/zoom/42', null],
];

describe('Zammad ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
