import { describe, expect, it } from 'vitest';
import { DETECTORS, detectTicket } from '../../../shared/tickets';
import type { PageDocument } from '../../../shared/tickets';

// A page with none of any tool's markup, standing for another app on an enabled host.
const OTHER_APP: PageDocument = {
  body: { id: 'main', textContent: 'Ticket 42', getAttribute: () => null, querySelector: () => null },
  title: 'Intranet',
  querySelector: () => null,
  querySelectorAll: () => [],
};

describe('self-hosted tools never claim a page on URL shape alone', () => {
  it('every self-hosted detector checks the page for its own markup', () => {
    const blind = DETECTORS.filter((d) => d.selfHosted && !d.fingerprint).map((d) => d.tool);
    expect(blind).toEqual([]);
  });

  // One ticket URL of each self-hosted tool's shape, on a host no cloud tool owns.
  const SHAPES = [
    'https://intranet.example.com/Ticket/Display.html?id=42',
    'https://intranet.example.com/issues/42',
    'https://intranet.example.com/front/ticket.form.php?id=42',
    'https://intranet.example.com/scp/tickets.php?id=42',
    'https://intranet.example.com/#ticket/zoom/42',
    'https://intranet.example.com/conversation/42',
    'https://intranet.example.com/browse/OPS-42',
    'https://intranet.example.com/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=42',
    'https://intranet.example.com/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=42',
  ];

  it.each(SHAPES)('%s is a ticket by URL alone (the Worker checking a key)…', (url) => {
    expect(detectTicket(url)).not.toBeNull();
  });

  it.each(SHAPES)('…but not on a page that is another app’s: %s', (url) => {
    expect(detectTicket(url, OTHER_APP)).toBeNull();
  });
});
