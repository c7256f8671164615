// Reading health on the options page (staff and admins): per ticket tool, how often Steward
// found the title and the status on its pages, through the real path (page → callApi →
// background → typed client → a stand-in for the Worker), with every failure said plainly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionItem } from '../../extension/core/contract/storage';
import { healthLine } from '../../extension/ui/admin/ReadingHealthPanel';
import { day } from '../../extension/ui/annotation-words';
import { Options } from '../../extension/ui/Options';
import type { PageView } from './support/fake-annotations';
import { makeMember, signIn, type FakeWorker } from './support/fake-worker';
import { button, click, mount, setUpPage, tearDown, text, until } from './support/options-page';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

let root: HTMLElement;
let worker: FakeWorker;

/** `n` page views of `tool`, the first `days` ago; the status found on `status` of them, the title on `title`. */
function views(tool: string, n: number, days: number, found: { status?: number; title?: number; unknown?: string } = {}): PageView[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${tool}:acme:${i}`, memberId: 'm-admin', observedAt: daysAgo(days - (i * days) / n), tool,
    titleFound: i < (found.title ?? n), statusFound: i < (found.status ?? n), unknownStatus: i === 0 ? (found.unknown ?? null) : null,
  }));
}

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <Options />);
  await until(() => expect(root.querySelector('nav')).not.toBeNull());
}
const panel = () => root.querySelector<HTMLElement>('#reading-health');
async function show() {
  await click(button(panel()!, 'Show reading health'));
  await until(() => expect(panel()!.querySelector('[aria-busy]')).toBeNull());
}
const lines = () => [...panel()!.querySelectorAll('.health-list li')].map((li) => text(li.querySelector('.health-line')!));

describe('reading health', () => {
  it('says per tool where a field was not found, since when, and which status words are unknown', async () => {
    worker.pageViews = [
      ...views('servicenow', 10, 5, { status: 1 }),
      ...views('zendesk', 42, 20, { unknown: 'Escalated to vendor' }),
      ...views('jira', 8, 3, { status: 3, title: 6 }),
    ];
    await open();
    expect(worker.calls.some((c) => c.path.includes('reading-health'))).toBe(false);
    await show();
    expect(worker.calls.filter((c) => c.path === '/api/v1/tickets/reading-health')).toHaveLength(1);
    expect(lines()).toEqual([
      `Jira: status not found on 5 and the title on 2 of 8 pages since ${day(daysAgo(3))} — tell us.`,
      `ServiceNow: status not found on 9 of 10 pages since ${day(daysAgo(5))} — tell us.`,
      `Zendesk: title and status read on all 42 pages since ${day(daysAgo(20))}`,
    ]);
    const zendesk = panel()!.querySelector('[data-tool="zendesk"]')!;
    expect(text(zendesk.querySelector('.hint')!)).toBe('Status words Steward does not know yet (counted as open): “Escalated to vendor”.');
    // Something to send whoever fixes the reading: the counts and words, no page content.
    expect(panel()!.querySelector('[data-tool="servicenow"]')!.classList.contains('health-trouble')).toBe(true);
    expect(button(panel()!.querySelector('[data-tool="servicenow"]')!, 'Copy the details for ServiceNow')).toBeDefined();
    // The button that asked is gone: the keyboard lands on the list.
    expect(document.activeElement?.id).toBe('reading-health-list');
  });

  it('counts only the last 30 days, and says so when nothing was read', async () => {
    worker.pageViews = views('zendesk', 3, 45).map((v, i) => ({ ...v, observedAt: daysAgo(31 + i) }));
    await open();
    await show();
    expect(text(panel()!.querySelector('[data-testid="health-empty"]')!)).toBe(
      'No ticket pages were read in the last 30 days. Once someone opens a tagged ticket, its tool shows here.',
    );
  });

  it('is there for staff; not for executives or providers', async () => {
    await signIn(worker, makeMember({ id: 'm-staff', name: 'Sam Lee', role: 'staff' }));
    await open();
    expect(panel()).not.toBeNull();
    tearDown(root);

    for (const member of [makeMember({ id: 'm-exec', name: 'Eve Adams', role: 'executive' }), makeMember({ id: 'm-msp', name: 'Chris Doe', role: 'provider', providerCompany: 'Northwind IT' })]) {
      ({ root, worker } = await setUpPage());
      await signIn(worker, member);
      await open();
      expect(panel(), member.role).toBeNull();
      tearDown(root);
    }
    ({ root, worker } = await setUpPage());
  });

  it('offline: says Steward could not be reached, and tries again when asked', async () => {
    worker.pageViews = views('zendesk', 2, 1);
    await open();
    worker.mode = 'offline';
    await show();
    await until(() => expect(text(panel()!.querySelector('[role="alert"]')!)).toContain('Steward could not be reached, so reading health cannot be shown now.'));
    worker.mode = 'up';
    await click(button(panel()!, 'Try again'));
    await until(() => expect(lines()).toEqual([`Zendesk: title and status read on all 2 pages since ${day(daysAgo(1))}`]));
    expect(panel()!.querySelector('[role="alert"]')).toBeNull();
  });

  it('a refused sign-in: says to reconnect', async () => {
    await open();
    worker.mode = 'revoked';
    await show();
    await until(() => expect(text(panel()!.querySelector('[role="alert"]')!)).toContain('Your sign-in is no longer valid, so reading health cannot be shown. Reconnect under Connection'));
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
  });
});

describe('a tool\'s line', () => {
  const item = (views: number, titleFound: number, statusFound: number) => ({
    tool: 'rt' as const, views, titleFound, statusFound, unknownStatuses: [], firstViewAt: daysAgo(2), lastViewAt: daysAgo(1),
  });
  it('words each case', () => {
    expect(healthLine(item(1, 1, 1))).toEqual({ text: `Request Tracker: title and status read on the one page since ${day(daysAgo(2))}`, trouble: false });
    expect(healthLine(item(4, 3, 4))).toEqual({ text: `Request Tracker: title not found on 1 of 4 pages since ${day(daysAgo(2))}`, trouble: true });
    expect(healthLine(item(1, 1, 0)).text).toBe(`Request Tracker: status not found on 1 of 1 page since ${day(daysAgo(2))}`);
  });
});
