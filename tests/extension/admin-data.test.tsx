import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countsSentence, DataPanel, exportFileName } from '../../extension/ui/admin/DataPanel';
import { todayIso } from '../../extension/ui/admin/forms';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { button, byLabel, click, mount, sessionOf, setUpPage, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;
let downloads: Array<{ name: string; blob: Blob }>;
let deleted: string[];
const realCreate = URL.createObjectURL;
const realRevoke = URL.revokeObjectURL;

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
  downloads = [];
  deleted = [];
  // What the browser would save: the blob handed to an <a download> and the name it carries.
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});
afterEach(() => {
  tearDown(root);
  URL.createObjectURL = realCreate;
  URL.revokeObjectURL = realRevoke;
});

async function open() {
  await mount(root, <DataPanel session={sessionOf(worker)} onDeleted={(name) => deleted.push(name)} />);
}

describe('data panel: export', () => {
  it('downloads the whole workspace as JSON and a table as CSV, with the names the Worker suggests', async () => {
    await open();
    await click(button(root, 'Download everything (JSON)'));
    await until(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe(`steward-acme-dental-${todayIso()}.json`);
    expect(downloads[0]!.blob.type).toBe('application/json');
    expect(JSON.parse(await downloads[0]!.blob.text())).toMatchObject({ format: 'steward-export/1', workspace: { name: 'Acme Dental' } });
    expect(text(root.querySelector('[role="status"]')!)).toBe(`Downloaded steward-acme-dental-${todayIso()}.json.`);

    await click(button(root, 'Download people as CSV'));
    await until(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]!.name).toBe(`steward-acme-dental-${todayIso()}-members.csv`);
    expect(await downloads[1]!.blob.text()).toBe('id,name,role\r\nm-admin,Priya Shah,admin\r\n');
    expect(worker.calls.map((c) => c.path)).toEqual(['/api/v1/export?format=json', '/api/v1/export?format=csv&table=members']);
  });

  it('says plainly when the export could not be made, and saves nothing', async () => {
    await open();
    worker.mode = 'offline';
    await click(button(root, 'Download tags as CSV'));
    await until(() => expect(text(root.querySelector('[role="alert"]')!)).toContain('Steward could not be reached.'));
    expect(downloads).toEqual([]);
  });

  it('names files safely whatever the workspace is called', () => {
    const day = new Date(2026, 10, 20);
    expect(exportFileName('Acme Dental (demo)', 'json', undefined, day)).toBe('steward-acme-dental-demo-2026-11-20.json');
    expect(exportFileName('Ünïcode ✓', 'csv', 'audit', day)).toBe('steward-n-code-2026-11-20-audit.csv');
    expect(exportFileName('✓', 'csv', 'updates', day)).toBe('steward-workspace-2026-11-20-updates.csv');
  });
});

describe('data panel: deleting the workspace', () => {
  it('names what will be deleted, needs the exact name typed, and deletes only then', async () => {
    worker.members.push(makeMember({ id: 'm2', name: 'Sam Lee' }));
    worker.annotations.push({ id: 'a1', deletedAt: null }, { id: 'a2', deletedAt: null }, { id: 'a3', deletedAt: '2026-11-01T00:00:00.000Z' });
    worker.taxonomy.linesOfBusiness.push({ id: 'l1', name: 'Front office', retiredAt: null });
    worker.invites.push({ id: 'i1', role: 'staff', name: 'Jo', email: null, providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z', status: 'pending' });
    await open();
    await click(button(root, 'Delete workspace…'));
    await until(() => expect(root.querySelector('[data-testid="delete-summary"]')).not.toBeNull());
    // The count is taken from the export, which itself adds one activity entry first.
    expect(text(root.querySelector('[data-testid="delete-summary"]')!)).toBe(
      'This deletes Acme Dental and everything in it: 2 tags (with 0 updates), 2 people, 1 pending invite, 3 taxonomy entries and 1 activity entry. Everyone is signed out, you included. It cannot be undone.',
    );
    const name = byLabel(root, 'Workspace name');
    await type(name, 'acme dental');
    await click(button(root, 'Delete Acme Dental for good'));
    expect(text(root.querySelector('#delete-confirm-error')!)).toBe('Workspace name must be exactly “Acme Dental”.');
    expect(worker.calls.some((c) => c.method === 'DELETE')).toBe(false);

    await click(button(root, 'Cancel'));
    expect(root.querySelector('[data-testid="delete-summary"]')).toBeNull();

    await click(button(root, 'Delete workspace…'));
    await until(() => expect(root.querySelector('[data-testid="delete-summary"]')).not.toBeNull());
    await type(byLabel(root, 'Workspace name'), 'Acme Dental');
    await click(button(root, 'Delete Acme Dental for good'));
    await until(() => expect(deleted).toEqual(['Acme Dental']));
    expect(worker.calls.at(-1)).toEqual({ method: 'DELETE', path: '/api/v1/workspace', body: { confirm: 'Acme Dental' } });
    expect(worker.deleted).toBe(true);
  });

  it('counts in plain words', () => {
    expect(countsSentence({ tags: 1, updates: 1, members: 1, pendingInvites: 0, taxonomy: 1, activity: 1 }))
      .toBe('1 tag (with 1 update), 1 person, 0 pending invites, 1 taxonomy entry and 1 activity entry');
  });
});
