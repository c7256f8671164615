// Several workspaces in one browser, from the options page (a provider's person works for
// several clients): each listed with whom it signs in as, switched to from the header or the
// Connection section, signed out of one at a time; and the popup of a provider offers the inbox.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectionIdOf, connectionItem, otherConnectionsItem, providerInboxItem, type Connection } from '../../extension/core/contract/storage';
import { Options } from '../../extension/ui/Options';
import { Popup } from '../../extension/ui/Popup';
import type { ProviderInbox } from '../../shared/schemas';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { fakeSiteApis } from './support/site-apis';
import { button, byLabel, choose, click, mount, section, setUpPage, tearDown, text, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

const globex: Connection = {
  workerUrl: 'https://steward.globex.example', token: 'stw_globex',
  member: makeMember({ id: 'm-pat', name: 'Pat Kim', role: 'provider', providerCompany: 'BrightIT', workspaceId: 'w-globex' }),
  workspace: { id: 'w-globex', name: 'Globex Clinics', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
};

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
  await otherConnectionsItem.setValue([globex]);
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <Options />);
  await until(() => expect(root.querySelector('[data-testid="who"]')).not.toBeNull());
}

describe('options page: several workspaces', () => {
  it('lists the other workspace, switches to it from the header, and its sections follow', async () => {
    await open();
    const header = root.querySelector('header')!;
    const switcher = byLabel<HTMLSelectElement>(header, 'Workspace');
    expect([...switcher.options].map((o) => o.text)).toEqual(['Acme Dental (admin)', 'Globex Clinics (BrightIT)']);
    const other = section(root, 'Other workspaces on this browser');
    expect(text(other)).toContain('Globex Clinics — Pat Kim (provider for BrightIT)');
    expect(text(other)).toContain('https://steward.globex.example');

    await choose(switcher, connectionIdOf(globex));
    await until(() => expect(text(root.querySelector('[data-testid="who"]')!)).toBe('Signed in as Pat Kim (provider for BrightIT) in Globex Clinics'));
    // A provider's sections: no admin console for that workspace.
    await until(() => expect([...root.querySelectorAll('nav a')].map((a) => a.textContent)).toEqual(['Connection', 'Sites']));
    expect(text(section(root, 'Other workspaces on this browser'))).toContain('Acme Dental — Priya Shah (admin)');
  });

  it('switches from the Connection section and signs out of one workspace only', async () => {
    await open();
    await click(button(root, 'Work in Globex Clinics'));
    await until(() => expect(text(root.querySelector('[data-testid="who"]')!)).toContain('in Globex Clinics'));
    await click(button(root, 'Sign out of Acme Dental'));
    await until(() => expect(root.querySelector('.workspace-list')).toBeNull());
    expect((await connectionItem.getValue())?.workspace.id).toBe('w-globex');
    expect(await otherConnectionsItem.getValue()).toEqual([]);
    expect(worker.calls.filter((c) => c.path === '/api/v1/auth/signout')).toHaveLength(1);
    expect(root.querySelector('header select')).toBeNull(); // one workspace: nothing to switch
  });

  it('connects another workspace beside the one in use', async () => {
    await otherConnectionsItem.setValue([]);
    await open();
    await click(button(root, 'Connect another workspace'));
    const form = root.querySelector<HTMLFormElement>('form.connect')!;
    expect(text(form.querySelector('h3')!)).toBe('Connect another workspace');
    expect(byLabel(form, 'Steward address').value).toBe('https://steward.example.com');
    // The stand-in Worker signs in to the same workspace again: it replaces that sign-in, nothing is added.
    await act(async () => {
      byLabel(form, 'Invite code').value = 'STW-TEST-0001-ABCD';
      byLabel(form, 'Invite code').dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button(form, 'Connect'));
    await until(() => expect(root.querySelector('form.connect')).toBeNull());
    expect(await otherConnectionsItem.getValue()).toEqual([]);
  });
});

describe('popup of a provider', () => {
  it('offers the inbox, with what waits on them as last fetched', async () => {
    await connectionItem.setValue(globex);
    await otherConnectionsItem.setValue([]);
    const inbox: ProviderInbox = { company: 'BrightIT', items: [], counts: { total: 4, open: 3, unanswered: 2, overdue: 1 } };
    await providerInboxItem.setValue({ [connectionIdOf(globex)]: { value: inbox, fetchedAt: new Date().toISOString() } });
    const win = await fakeBrowser.windows.create({ focused: true });
    await fakeBrowser.tabs.create({ url: 'https://brightit.halopsa.com/tickets?id=0091', active: true, windowId: win!.id });
    vi.spyOn(window, 'close').mockImplementation(() => {});
    fakeSiteApis();
    await act(async () => {
      render(<Popup />, root);
    });
    await until(() => expect(root.querySelector('[data-testid="inbox-summary"]')).not.toBeNull());
    expect(text(root.querySelector('#inbox-heading')!)).toBe('Shared with BrightIT');
    expect(text(root.querySelector('[data-testid="inbox-summary"]')!)).toBe('2 waiting for your answer, 1 past the date you gave (4 shared).');
    expect(button(root, 'Open your inbox')).toBeDefined();
    expect(root.querySelector('#recent-heading')).toBeNull();
  });
});
