// The People panel's web link for provider members: made (or replaced) and shown once with a
// copy button, its status in words, withdrawn after a confirmation; a role change warns that
// it withdraws the link. Through the real path to a stand-in Worker (support/fake-worker.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeoplePanel } from '../../extension/ui/admin/PeoplePanel';
import { makeMember, WORKER_URL, type FakeWorker } from './support/fake-worker';
import { button, choose, click, mount, sessionOf, setUpPage, tearDown, text, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

beforeEach(async () => {
  ({ root, worker } = await setUpPage({
    members: [
      makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin', lastActiveAt: hoursAgo(0) }),
      makeMember({ id: 'm-pat', name: 'Pat Kim', role: 'provider', providerCompany: 'BrightIT' }),
      makeMember({ id: 'm-sam', name: 'Sam Lee', role: 'staff' }),
    ],
  }));
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <PeoplePanel session={sessionOf(worker)} />);
  await until(() => expect(root.querySelector('[data-testid="link-status"]')?.textContent).toBe('None'));
}
const linkOf = () => root.querySelector<HTMLElement>('.provider-link')!;

describe('people panel: a provider member\'s web link', () => {
  it('is offered for provider members only, and says what it is', async () => {
    await open();
    expect(root.querySelectorAll('.provider-link')).toHaveLength(1);
    expect(text(linkOf())).toContain('Web link for Pat Kim None');
    expect(text(linkOf())).toContain("A personal page where Pat Kim sees what is shared with BrightIT and answers, without the extension. Changing Pat Kim's company or role withdraws it.");
  });

  it('makes a link, shows its address once with a copy button, then shows it as active', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await open();
    await click(button(linkOf(), 'Create web link for Pat Kim'));
    await until(() => expect(root.querySelector('[data-testid="provider-link-url"]')).not.toBeNull());
    const url = root.querySelector<HTMLInputElement>('[data-testid="provider-link-url"]')!.value;
    expect(url).toMatch(new RegExp(`^${WORKER_URL}/p/`));
    expect(text(linkOf())).toContain('Shown only now: Steward keeps no copy.');
    await click(button(linkOf(), 'Copy link'));
    expect(writeText).toHaveBeenLastCalledWith(url);
    await until(() => expect(text(root.querySelector('[data-testid="link-status"]')!)).toMatch(/^Active · made \d+ \w+ \d{4} · last used never$/));
    expect(worker.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/members/m-pat/provider-link']);

    await click(button(linkOf(), 'Done'));
    expect(root.querySelector('[data-testid="provider-link-url"]')).toBeNull();
    // Replacing makes a new one (the Worker ends the old one in the same step).
    expect(text(linkOf())).toContain('Replacing it ends the current link at once.');
    await click(button(linkOf(), 'Replace web link for Pat Kim'));
    await until(() => expect(root.querySelector<HTMLInputElement>('[data-testid="provider-link-url"]')?.value).not.toBe(url));
    // The status is read again after each change.
    await until(() => expect(worker.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/provider-link'))).toHaveLength(3));
  });

  it('shows when an active link was last used, and withdraws it only when confirmed', async () => {
    worker.providerLinks['m-pat'] = { active: true, createdAt: '2026-11-02T09:00:00.000Z', lastUsedAt: hoursAgo(3) };
    await mount(root, <PeoplePanel session={sessionOf(worker)} />);
    await until(() => expect(text(root.querySelector('[data-testid="link-status"]')!)).toBe('Active · made 2 Nov 2026 · last used 3 hours ago'));
    await click(button(linkOf(), 'Withdraw the web link of Pat Kim'));
    const confirm = linkOf().querySelector<HTMLElement>('.confirm')!;
    expect(text(confirm)).toContain("Withdraw Pat Kim's web link? It stops working at once");
    expect(document.activeElement).toBe(confirm);
    await click(button(confirm, 'Cancel'));
    expect(worker.providerLinks['m-pat']!.active).toBe(true);

    await click(button(linkOf(), 'Withdraw the web link of Pat Kim'));
    await click(button(linkOf().querySelector('.confirm')!, 'Withdraw link'));
    await until(() => expect(text(root.querySelector('[data-testid="link-status"]')!)).toBe('None'));
    expect(worker.providerLinks['m-pat']!.active).toBe(false);
  });

  it('warns that changing a provider member\'s role withdraws the link too', async () => {
    worker.providerLinks['m-pat'] = { active: true, createdAt: '2026-11-02T09:00:00.000Z', lastUsedAt: null };
    await mount(root, <PeoplePanel session={sessionOf(worker)} />);
    await until(() => expect(text(root.querySelector('[data-testid="link-status"]')!)).toMatch(/^Active/));
    await choose(root.querySelector<HTMLSelectElement>('[aria-label="Role of Pat Kim"]')!, 'staff');
    const confirm = root.querySelector<HTMLElement>('.confirm')!;
    expect(text(confirm)).toContain("Pat Kim's web link is withdrawn too.");
    await click(button(confirm, 'Change role'));
    await until(() => expect(worker.members.find((m) => m.id === 'm-pat')!.role).toBe('staff'));
    await until(() => expect(root.querySelector('.confirm')).toBeNull());
    expect(root.querySelector('.provider-link')).toBeNull();
    expect(worker.providerLinks['m-pat']).toBeUndefined();
  });
});
