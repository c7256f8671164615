// The user's URL patterns are checked once, in the background, and the ticket script matches
// with what that stored: it carries no pattern compiler (shared/tickets/custom.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { syncCustomMatchers, watchCustomPatterns } from '../../extension/core/background/custom-matchers';
import { CUSTOM_MATCHERS } from '../../extension/core/contract/storage-keys';
import { customMatchersItem, customPatternsItem } from '../../extension/core/contract/storage';
import { addPattern, removePattern } from '../../extension/core/page/custom-patterns';
import { readLocal } from '../../extension/core/page/page-storage';
import { customTicketOf, detectCustomTicket } from '../../shared/tickets';

beforeEach(() => fakeBrowser.reset());

const saved = (pattern: string) => ({ id: crypto.randomUUID(), pattern, addedAt: '2026-11-20T10:00:00.000Z' });
const key = (ref: { tool: string; tenant: string; ticketId: string } | null) => ref && `${ref.tool}:${ref.tenant}:${ref.ticketId}`;

describe('the URL patterns the ticket script matches with', () => {
  it('follow the patterns saved in Settings, added and removed', async () => {
    watchCustomPatterns();
    const entry = await addPattern('https://help.example.com/tickets/{id}');
    await addPattern('/^https:\\/\\/desk\\.example\\.com\\/t\\/(?<id>\\d+)/');
    await vi.waitFor(async () => expect(await readLocal(CUSTOM_MATCHERS)).toHaveLength(2));
    const matchers = await readLocal(CUSTOM_MATCHERS);
    expect(key(customTicketOf('https://help.example.com/tickets/42?tab=notes', matchers))).toBe('custom:help.example.com:42');
    expect(key(customTicketOf('https://desk.example.com/t/7', matchers))).toBe('custom:desk.example.com:7');
    expect(customTicketOf('https://help.example.com/other/42', matchers)).toBeNull();

    await removePattern(entry.id);
    await vi.waitFor(async () => expect(await readLocal(CUSTOM_MATCHERS)).toHaveLength(1));
    expect(customTicketOf('https://help.example.com/tickets/42', await readLocal(CUSTOM_MATCHERS))).toBeNull();
  });

  it('match every address as the patterns as typed do', async () => {
    const patterns = ['https://help.example.com/tickets/{id}', 'https://desk.example.com/view.php?ticket={id}', 'https://desk.example.com/#/cases/{id}', 'http://10.0.0.5:8080/case/{id}-*'];
    await customPatternsItem.setValue(patterns.map(saved));
    await syncCustomMatchers();
    const matchers = await customMatchersItem.getValue();
    for (const url of [
      'https://help.example.com/tickets/4821/', 'https://HELP.example.com/Tickets/OPS-77', 'https://help.example.com/tickets/4821/edit',
      'https://desk.example.com/view.php?x=1&TICKET=55', 'https://desk.example.com/view.php', 'https://desk.example.com/#/cases/9',
      'http://10.0.0.5:8080/case/12-printer-jams', 'http://10.0.0.5/case/12-printer-jams', 'https://help.example.com/tickets/new%20one',
    ]) {
      expect(key(customTicketOf(url, matchers)), url).toBe(key(detectCustomTicket(url, patterns)));
    }
  });

  it('leave out a saved pattern that no longer compiles, and keep the others', async () => {
    await customPatternsItem.setValue([saved('https://help.example.com/tickets/42'), saved('https://help.example.com/t/{id}')]);
    await syncCustomMatchers();
    expect(await customMatchersItem.getValue()).toHaveLength(1);
    expect(key(customTicketOf('https://help.example.com/t/3', await customMatchersItem.getValue()))).toBe('custom:help.example.com:3');
  });
});
