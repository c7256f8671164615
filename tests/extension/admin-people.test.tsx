import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectionItem } from '../../extension/core/contract/storage';
import { PeoplePanel } from '../../extension/ui/admin/PeoplePanel';
import { makeMember, WORKER_URL, type FakeWorker } from './support/fake-worker';
import { button, byLabel, choose, click, mount, section, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

beforeEach(async () => {
  ({ root, worker } = await setUpPage({
    members: [
      makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin', lastActiveAt: minutesAgo(0) }),
      makeMember({ id: 'm-sam', name: 'Sam Lee', role: 'staff', email: 'sam@example.com', lastActiveAt: minutesAgo(5) }),
      makeMember({ id: 'm-ceo', name: 'Alex Kim', role: 'executive', lastActiveAt: null }),
    ],
  }));
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <PeoplePanel session={sessionOf(worker)} />);
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

/** Each row's cells, read in order with a space between (as a screen reader would). */
const rows = (heading: string) =>
  [...section(root, heading).querySelectorAll('tbody tr:not(.detail-row)')].map((tr) => [...tr.children].map((c) => text(c)).filter(Boolean).join(' '));

describe('people panel: invites', () => {
  it('shows a new code once, with the sentence to send and copy buttons, and lists the invite as pending', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await open();
    const form = section(root, 'Invite someone');
    await type(byLabel(form, 'Name'), 'Jo Park');
    await type(byLabel(form, 'Email'), 'jo@example.com');
    expect(byLabel<HTMLSelectElement>(form, 'Role').value).toBe('staff');
    await submit(byLabel(form, 'Name'));

    await until(() => expect(root.querySelector('[data-testid="invite-code"]')).not.toBeNull());
    const code = root.querySelector<HTMLInputElement>('[data-testid="invite-code"]')!.value;
    expect(code).toMatch(/^STW-/);
    expect(worker.calls.at(-2)).toMatchObject({ method: 'POST', path: '/api/v1/invites', body: { role: 'staff', name: 'Jo Park', email: 'jo@example.com' } });
    const box = root.querySelector<HTMLElement>('.new-invite')!;
    expect(text(box)).toContain('Invite code for Jo Park (Staff)');
    expect(text(box)).toContain('Shown only now');
    const message = byLabel<HTMLTextAreaElement>(box, 'Message to send with it').value;
    expect(message).toMatch(new RegExp(`^Install Steward, open Settings, connect to ${WORKER_URL} with code ${code}\\. The code works once, until \\d+ \\w+ \\d{4}\\.$`));
    // Focus moves to the new code so keyboard and screen reader users find it.
    expect(document.activeElement?.id).toBe('new-invite-heading');

    await click(button(box, 'Copy code'));
    expect(writeText).toHaveBeenLastCalledWith(code);
    expect(text(box)).toContain('Copied.');
    await click(button(box, 'Copy message'));
    expect(writeText).toHaveBeenLastCalledWith(message);

    // The form is cleared for the next person; the invite is listed.
    expect(byLabel(form, 'Name').value).toBe('');
    await until(() => expect(rows('Invites')).toEqual([expect.stringMatching(/^Jo Park jo@example.com Staff Pending until .+ Revoke$/)]));

    await click(button(box, 'Done'));
    expect(root.querySelector('[data-testid="invite-code"]')).toBeNull();
  });

  it('asks for the provider company beside the field, keeping what was typed, then invites the provider', async () => {
    await open();
    const form = section(root, 'Invite someone');
    await type(byLabel(form, 'Name'), 'Chris Doe');
    await choose(byLabel<HTMLSelectElement>(form, 'Role'), 'provider');
    const company = byLabel(form, 'Provider company');
    expect(company.getAttribute('aria-required')).toBe('true');
    await submit(company);
    await until(() => expect(company.getAttribute('aria-invalid')).toBe('true'));
    expect(text(form.querySelector('#invite-company-error')!)).toBe('Provider company is required for provider members.');
    expect(byLabel(form, 'Name').value).toBe('Chris Doe');

    await type(company, 'Northwind IT');
    await submit(company);
    await until(() => expect(rows('Invites')[0]).toMatch(/^Chris Doe Provider \(Northwind IT\) Pending/));
  });

  it('revokes a pending invite and shows it as revoked', async () => {
    worker.invites.push(
      { id: 'i1', role: 'staff', name: 'Jo Park', email: null, providerCompany: null, createdAt: minutesAgo(60), expiresAt: minutesAgo(-9000), status: 'pending' },
      { id: 'i2', role: 'staff', name: 'Old Hire', email: null, providerCompany: null, createdAt: minutesAgo(99999), expiresAt: minutesAgo(80000), status: 'expired' },
    );
    await open();
    expect(rows('Invites')).toEqual([expect.stringMatching(/^Jo Park Staff Pending until/), expect.stringMatching(/^Old Hire Staff Expired \d/)]);
    await click(button(root, 'Revoke the invite for Jo Park'));
    await until(() => expect(rows('Invites')[0]).toMatch(/^Jo Park Staff Revoked/));
    expect(() => button(root, 'Revoke the invite for Jo Park')).toThrow();
  });
});

describe('people panel: members', () => {
  it('lists members with role and when they were last active, in plain words', async () => {
    await open();
    const [priya, sam, alex] = [...section(root, 'Members').querySelectorAll('tbody tr')];
    expect(text(priya!.querySelector('th')!)).toBe('Priya Shah (you)');
    expect(text(sam!.querySelector('th')!)).toBe('Sam Lee sam@example.com');
    expect(root.querySelector<HTMLSelectElement>('[aria-label="Role of Sam Lee"]')!.value).toBe('staff');
    expect(text(sam!.querySelectorAll('td')[1]!)).toBe('5 minutes ago');
    expect(text(alex!.querySelectorAll('td')[1]!)).toBe('never');
    expect(text(priya!.querySelectorAll('td')[1]!)).toBe('just now');
  });

  it('warns that a role change signs the person out, and changes it only when confirmed', async () => {
    await open();
    const select = root.querySelector<HTMLSelectElement>('[aria-label="Role of Sam Lee"]')!;
    await choose(select, 'admin');
    const confirm = root.querySelector<HTMLElement>('.confirm')!;
    expect(text(confirm)).toContain("Change Sam Lee's role from Staff to Admin? This signs them out of Steward on every browser");
    expect(document.activeElement).toBe(confirm);
    await click(button(confirm, 'Cancel'));
    expect(select.value).toBe('staff');
    expect(worker.calls.some((c) => c.method === 'PATCH')).toBe(false);

    await choose(select, 'admin');
    await click(button(root.querySelector('.confirm')!, 'Change role'));
    await until(() => expect(worker.members.find((m) => m.id === 'm-sam')!.role).toBe('admin'));
    await until(() => expect(root.querySelector('.confirm')).toBeNull());
    expect(root.querySelector<HTMLSelectElement>('[aria-label="Role of Sam Lee"]')!.value).toBe('admin');
  });

  it('removes a member after a confirmation that names them', async () => {
    await open();
    await click(button(root, 'Remove Sam Lee'));
    const confirm = root.querySelector<HTMLElement>('.confirm')!;
    expect(text(confirm)).toContain('Remove Sam Lee from Acme Dental? Their sign-ins stop working at once. The tags they wrote stay.');
    await click(button(confirm, 'Remove Sam Lee'));
    await until(() => expect(rows('Members').some((r) => r.startsWith('Sam Lee'))).toBe(false));
    expect(worker.members.map((m) => m.name)).toEqual(['Priya Shah', 'Alex Kim']);
  });

  it('never offers to remove or demote the only admin', async () => {
    await open();
    const select = root.querySelector<HTMLSelectElement>('[aria-label="Role of Priya Shah"]')!;
    const remove = button(root, 'Remove Priya Shah');
    expect(select.disabled).toBe(true);
    expect(remove.disabled).toBe(true);
    const note = root.querySelector(`#${select.getAttribute('aria-describedby')}`)!;
    expect(text(note)).toBe('The only admin: make someone else admin first.');
  });

  it("shows the Worker's 409 when another admin left meanwhile, and keeps the member", async () => {
    worker.members.push(makeMember({ id: 'm-2', name: 'Morgan Admin', role: 'admin' }));
    await open();
    // Another admin was removed in another browser: the Worker refuses to leave no admin.
    worker.answerOnce('DELETE', '/api/v1/members/m-2', 409, { error: { code: 'conflict', message: 'A workspace needs at least one admin. Make someone else admin first.' } });
    await click(button(root, 'Remove Morgan Admin'));
    await click(button(root.querySelector('.confirm')!, 'Remove Morgan Admin'));
    await until(() => expect(text(root.querySelector('.detail-row [role="alert"]')!)).toBe('A workspace needs at least one admin. Make someone else admin first.'));
    expect(worker.members.some((m) => m.id === 'm-2')).toBe(true);
  });

  it('when the sign-in was revoked, says so and how to get back, and the extension knows it', async () => {
    await open();
    worker.mode = 'revoked';
    await click(button(root, 'Remove Sam Lee'));
    await click(button(root.querySelector('.confirm')!, 'Remove Sam Lee'));
    await until(() => expect(text(root.querySelector('.detail-row [role="alert"]')!)).toContain('This sign-in is no longer valid'));
    expect(text(root.querySelector('.detail-row [role="alert"]')!)).toContain('reconnect under Connection');
    expect((await connectionItem.getValue())!.revokedAt).toBeTruthy();
  });
});
