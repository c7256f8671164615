import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://glpi.example.com/front/ticket.form.php?id=123', 'glpi:glpi.example.com:123'],
  ['https://intranet.example.com/glpi/front/ticket.form.php?id=123&forcetab=Ticket$1', 'glpi:intranet.example.com:123'],
  ['http://localhost:8080/glpi/front/ticket.form.php?id=7', 'glpi:localhost:8080:7'],
  ['https://GLPI.example.com/glpi/front/ticket.form.php?_glpi_tab=Ticket%241&id=9', 'glpi:glpi.example.com:9'],
  // GLPI Network Cloud: the company's label, not the cluster it runs on, is the tenant.
  ['https://acme.fr36.glpi-network.cloud/front/ticket.form.php?id=123', 'glpi:acme:123'],
  ['https://acme.with16.glpi-network.cloud/front/ticket.form.php?id=123', 'glpi:acme:123'],
  ['https://glpi.example.com/front/ticket.form.php', null],
  ['https://glpi.example.com/front/ticket.form.php?id=0', null],
  ['https://glpi.example.com/front/ticket.form.php?id=abc', null],
  ['https://glpi.example.com/front/ticket.php', null],
  ['https://glpi.example.com/front/ticket.php?criteria%5B0%5D%5Bfield%5D=12&criteria%5B0%5D%5Bvalue%5D=notold', null],
  ['https://glpi.example.com/front/helpdesk.public.php?create_ticket=1', null],
  ['https://glpi.example.com/front/computer.form.php?id=5', null],
];

describe('GLPI ticket URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
