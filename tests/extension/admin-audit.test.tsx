import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditPanel, describeEntry } from '../../extension/ui/admin/AuditPanel';
import type { AuditEntry } from '../../shared/schemas';
import type { FakeWorker } from './support/fake-worker';
import { button, click, mount, sessionOf, setUpPage, tearDown, text, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
});
afterEach(() => tearDown(root));

const entry = (action: string, detail: Record<string, unknown>, targetType = 'workspace', minutesAgo = 0): AuditEntry => ({
  id: `${action}-${Math.random()}`, actor: { id: 'm-admin', name: 'Priya Shah' }, action, targetType, targetId: null, detail,
  at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
});

/** When (the relative part), who, what. */
const rows = () => [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => text(c.querySelector('time') ?? c)));

describe('activity log', () => {
  it('lists who did what, when, newest first, and pages back through older entries', async () => {
    worker.audit.push(
      entry('taxonomy.add', { name: 'Front office' }, 'line_of_business', 2),
      ...Array.from({ length: 30 }, (_, i) => entry('invite.create', { name: `Person ${i}`, role: 'staff' }, 'invite', 60 * 24 * 3 + i)),
    );
    await mount(root, <AuditPanel session={sessionOf(worker)} />);
    await until(() => expect(rows()).toHaveLength(25));
    expect(rows()[0]).toEqual(['2 minutes ago', 'Priya Shah', 'Added line of business “Front office”']);
    expect(rows()[1]).toEqual(['3 days ago', 'Priya Shah', 'Invited Person 0 as staff']);
    // The exact time is there too, for when it matters.
    expect(text(root.querySelector('tbody td')!)).toMatch(/^2 minutes ago \d+ \w+ \d{4}, \d\d:\d\d$/);

    await click(button(root, 'Show older entries'));
    await until(() => expect(rows()).toHaveLength(31));
    expect(rows()[30]![2]).toBe('Invited Person 29 as staff');
    expect(() => button(root, 'Show older entries')).toThrow();

    // New activity shows after a refresh, from the newest page again.
    worker.audit.unshift(entry('invite.revoke', {}, 'invite'));
    await click(button(root, 'Refresh'));
    await until(() => expect(rows()[0]).toEqual(['just now', 'Priya Shah', 'Revoked an invite']));
    expect(rows()).toHaveLength(25);
  });

  it('says so when there is nothing yet, and when it cannot load', async () => {
    worker.mode = 'offline';
    await mount(root, <AuditPanel session={sessionOf(worker)} />);
    await until(() => expect(text(root.querySelector('[role="alert"]')!)).toContain('Steward could not be reached.'));
    worker.mode = 'up';
    await click(button(root, 'Try again'));
    await until(() => expect(text(root)).toContain('Nothing has happened yet.'));
  });

  it('describes each kind of change in plain words', () => {
    const said = (action: string, detail: Record<string, unknown>, type = 'workspace') => describeEntry(entry(action, detail, type));
    expect(said('taxonomy.change', { from: { name: 'Billing', retiredAt: null }, to: { name: 'Billing', retiredAt: '2026-11-01T00:00:00Z' } }, 'kpi'))
      .toBe('Retired KPI “Billing”');
    expect(said('taxonomy.change', { from: { name: 'Billing', retiredAt: '2026-11-01T00:00:00Z' }, to: { name: 'Billing', retiredAt: null } }, 'impact_kind'))
      .toBe('Restored impact kind “Billing”');
    expect(said('taxonomy.change', { from: { name: 'Billing', retiredAt: null }, to: { name: 'Accounts', retiredAt: null } }, 'line_of_business'))
      .toBe('Renamed line of business “Billing” to “Accounts”');
    expect(said('member.role_change', { from: { name: 'Sam Lee', role: 'staff' }, to: { name: 'Sam Lee', role: 'admin' } }, 'member'))
      .toBe("Changed Sam Lee's role from staff to admin");
    expect(said('member.remove', { name: 'Sam Lee', role: 'staff' }, 'member')).toBe('Removed Sam Lee (staff)');
    expect(said('member.join', { role: 'provider' }, 'member')).toBe('Joined as provider');
    expect(said('workspace.update', { fields: ['timeZone', 'schedule', 'jargonWords'] })).toBe("Changed the workspace's time zone, report schedule, jargon words");
    expect(said('workspace.export', { format: 'csv', table: 'annotations' })).toBe('Exported tags as CSV');
    expect(said('workspace.export', { format: 'json', table: 'annotations' })).toBe('Exported the whole workspace');
    expect(said('kpi.reading', { value: 6.5, recordedOn: '2026-11-16' }, 'kpi')).toBe('Recorded a KPI reading of 6.5 for 16 Nov 2026');
    expect(said('annotation.provider_status', { status: 'in_progress' }, 'annotation')).toBe("Set a tag's provider status to in progress");
    expect(said('something.new', {})).toBe('something.new');
  });
});
