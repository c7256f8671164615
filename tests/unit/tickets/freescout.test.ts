import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://help.example.com/conversation/123', 'freescout:help.example.com:123'],
  ['https://help.example.com/conversation/123?folder_id=4', 'freescout:help.example.com:123'],
  ['https://example.com/helpdesk/conversation/123#thread-55', 'freescout:example.com:123'],
  ['http://localhost:8000/conversation/9', 'freescout:localhost:8000:9'],
  ['https://help.example.com/mailbox/1/new-ticket', null],
  ['https://help.example.com/mailbox/1', null],
  ['https://help.example.com/mailbox/1/4', null],
  ['https://help.example.com/search?q=printer', null],
  ['https://help.example.com/conversation/ajax-html/send_log', null],
  ['https://help.example.com/conversation/undo-reply/55', null],
  ['https://help.example.com/customers/5/', null],
];

describe('FreeScout conversation URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
