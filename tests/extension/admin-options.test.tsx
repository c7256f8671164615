import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectionItem } from '../../extension/core/contract/storage';
import { PanelBoundary } from '../../extension/ui/admin/forms';
import { Options } from '../../extension/ui/Options';
import { makeMember, signIn, WORKER_URL, type FakeWorker } from './support/fake-worker';
import { button, byLabel, click, mount, section, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <Options />);
  await until(() => expect(root.querySelector('nav')).not.toBeNull());
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const nav = () => [...root.querySelectorAll('nav[aria-label="Settings sections"] a')].map((a) => a.textContent);

describe('options page shell', () => {
  it('gives an admin every section, each link leading to a section titled like it', async () => {
    await open();
    expect(nav()).toEqual(['Connection', 'Taxonomy', 'People', 'Sign-in', 'Reports', 'Connections', 'Sites', 'Data', 'Activity']);
    for (const a of root.querySelectorAll<HTMLAnchorElement>('nav a')) {
      const target = root.querySelector(a.getAttribute('href')!)!;
      expect(target.tagName).toBe('SECTION');
      expect(text(target.querySelector('h2')!)).toBe(a.textContent);
    }
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(text(root.querySelector('[data-testid="who"]')!)).toBe('Signed in as Priya Shah (admin) in Acme Dental');
  });

  it('puts the schedule, recipients, preview, sending and the archive together under Reports', async () => {
    await open();
    const reports = root.querySelector('#reports')!;
    expect([...reports.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['Schedule and wording', 'Dialogue meeting', 'Recipients', 'Preview', 'Send now', 'Sent reports']);
    expect(byLabel(reports, 'Time zone').value).toBe('America/Chicago');
  });

  it('gives staff the taxonomy to read, providers and people not connected only their connection and sites', async () => {
    const staff = makeMember({ id: 'm-staff', name: 'Sam Lee', role: 'staff' });
    worker.taxonomy.linesOfBusiness.push({ id: 'l1', name: 'Front office', retiredAt: null });
    await signIn(worker, staff);
    await open();
    expect(nav()).toEqual(['Connection', 'Taxonomy', 'Sites']);
    await until(() => expect(text(section(root, 'Lines of business'))).toContain('Front office'));
    expect(section(root, 'Taxonomy').querySelectorAll('button, form')).toHaveLength(0);
    expect(worker.calls.map((c) => c.path)).toEqual(['/api/v1/taxonomy']);
    tearDown(root);

    ({ root, worker } = await setUpPage());
    await signIn(worker, makeMember({ id: 'm-msp', name: 'Chris Doe', role: 'provider', providerCompany: 'Northwind IT' }));
    await open();
    expect(nav()).toEqual(['Connection', 'Sites']);
    expect(worker.calls).toEqual([]);
    tearDown(root);

    ({ root, worker } = await setUpPage());
    await connectionItem.setValue(null);
    await open();
    expect(nav()).toEqual(['Connection', 'Sites']);
    expect(byLabel(root, 'Invite code')).toBeDefined();
  });

  it('when the sign-in is revoked mid-work: says so, offers to reconnect, and keeps what was typed for after', async () => {
    await open();
    const lines = () => section(root, 'Lines of business');
    await type(byLabel(lines(), 'New line of business'), 'Billing');
    worker.mode = 'revoked';
    await submit(byLabel(lines(), 'New line of business'));
    await until(() => expect(text(root.querySelector('main > .notice.revoked')!)).toContain('Your sign-in is no longer valid'));
    expect(text(lines().querySelector('[role="alert"]')!)).toContain('This sign-in is no longer valid');
    expect(text(section(root, 'Connection'))).toContain('Reconnect');
    expect(byLabel(lines(), 'New line of business').value).toBe('Billing');
    // The admin sections stay (with what was typed) while the person reconnects.
    expect(nav()).toContain('People');

    await type(byLabel(root, 'Invite code'), 'STW-NEW1-CODE-0000');
    await submit(byLabel(root, 'Invite code'));
    await until(() => expect(root.querySelector('main > .notice.revoked')).toBeNull());
    await submit(byLabel(lines(), 'New line of business'));
    await until(() => expect(worker.taxonomy.linesOfBusiness.map((l) => l.name)).toEqual(['Billing']));
  });

  it('works with a connection saved by an older version (no report schedule stored), and keeps a failing section to itself', async () => {
    const conn = (await connectionItem.getValue())!;
    const { schedule: _s, jargonWords: _j, ...older } = conn.workspace;
    await connectionItem.setValue({ ...conn, workspace: older as typeof conn.workspace });
    await open();
    expect(nav()).toEqual(['Connection', 'Taxonomy', 'People', 'Sign-in', 'Reports', 'Connections', 'Sites', 'Data', 'Activity']);
    expect(byLabel(root, 'Ticket address')).toBeDefined();
    await click(button(root, 'Send the report now…'));
    expect(text(root.querySelector('.confirm')!)).toMatch(/^Send the report for the last completed period to 0 recipients now\?/);

    const Broken = (): never => {
      throw new Error('boom');
    };
    tearDown(root);
    root = document.createElement('div');
    document.body.append(root);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await mount(root, <div><PanelBoundary id="people" title="People"><Broken /></PanelBoundary><p>Still here</p></div>);
    expect(text(root.querySelector('#people h2')!)).toBe('People');
    expect(text(root.querySelector('#people [role="alert"] p')!)).toBe(
      'The People section could not be shown (boom). Reload this page; if it happens again, reconnect under Connection.',
    );
    expect(text(root)).toContain('Still here');
    expect(logged).toHaveBeenCalled();
  });

  it('after saving a new workspace name, shows it; after deleting the workspace, signs out and says what happened', async () => {
    await open();
    const reports = root.querySelector('#reports')!;
    await type(byLabel(reports, 'Workspace name'), 'Acme Dental Group');
    await submit(byLabel(reports, 'Workspace name'));
    await until(() => expect(text(root.querySelector('header')!)).toContain('Acme Dental Group'));

    await click(button(root, 'Delete workspace…'));
    await until(() => expect(root.querySelector('[data-testid="delete-summary"]')).not.toBeNull());
    await type(byLabel(root.querySelector('#data')!, 'Workspace name'), 'Acme Dental Group');
    await click(button(root, 'Delete Acme Dental Group for good'));
    await until(() => expect(nav()).toEqual(['Connection', 'Sites']));
    expect(text(section(root, 'Connection'))).toContain('Acme Dental Group was deleted, with everything in it. This browser is signed out.');
    expect(await connectionItem.getValue()).toBeNull();
    // Ready to connect elsewhere, with the address kept.
    expect(byLabel(root, 'Steward address').value).toBe(WORKER_URL);
  });
});
