import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://support.example.com/scp/tickets.php?id=42', 'osticket:support.example.com:42'],
  ['https://example.com/support/scp/tickets.php?id=42#reply', 'osticket:example.com:42'],
  ['https://support.example.com/scp/tickets.php?id=42&a=edit', 'osticket:support.example.com:42'],
  ['http://helpdesk.local:8080/scp/tickets.php?id=3', 'osticket:helpdesk.local:8080:3'],
  // osTicket's own cloud: the helpdesk's label is the tenant, as for a cloud tool.
  ['https://acme.supportsystem.com/scp/tickets.php?id=42', 'osticket:acme:42'],
  ['https://support.example.com/scp/tickets.php', null],
  ['https://support.example.com/scp/tickets.php?a=open', null],
  ['https://support.example.com/scp/tickets.php?queue=1&p=2', null],
  ['https://support.example.com/scp/tickets.php?status=closed', null],
  ['https://support.example.com/scp/tickets.php?number=123456', null],
  // The client portal shows the requester's view, not the agent panel.
  ['https://support.example.com/tickets.php?id=42', null],
  ['https://support.example.com/scp/users.php?id=42', null],
];

describe('osTicket ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
