import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeetingPanel } from '../../extension/ui/admin/MeetingPanel';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { byLabel, click, mount, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage({
    members: [
      makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin', email: 'priya@example.com' }),
      makeMember({ id: 'm-exec', name: 'Eve Exec', role: 'executive', email: 'eve@example.com' }),
      makeMember({ id: 'm-staff', name: 'Sam Staff', role: 'staff' }),
      makeMember({ id: 'm-pat', name: 'Pat Provider', role: 'provider', email: 'pat@provider.example', providerCompany: 'Acme IT' }),
    ],
  }));
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <section><MeetingPanel session={sessionOf(worker)} /></section>);
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const form = () => root.querySelector<HTMLFormElement>('form[aria-label="Dialogue meeting"]')!;
/** A member's checkbox, by the name its label starts with. */
const attendee = (name: string) => [...form().querySelectorAll('label.check')].find((l) => l.textContent?.trim().startsWith(name))!.querySelector('input')!;
const status = () => text(form().querySelector('[role="status"]')!);
const patches = () => worker.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith('/meeting'));

describe('meeting panel', () => {
  it('turns the meeting on with members from both sides and an extra address, and says who was invited', async () => {
    await open();
    expect(byLabel(form(), 'Hold a dialogue meeting after each report').checked).toBe(false);
    // A member without an address cannot be chosen; the form says why beside the name.
    expect(attendee('Sam Staff').disabled).toBe(true);
    expect(text(form())).toContain('Sam Staff no email address: cannot be invited');
    expect(text(form())).toContain('From the provider Pat Provider pat@provider.example · Acme IT');

    await click(byLabel(form(), 'Hold a dialogue meeting after each report'));
    await type(byLabel(form(), 'Starts at'), '10:30');
    await type(byLabel(form(), 'Length (minutes)'), '45');
    await click(attendee('Eve Exec'));
    await click(attendee('Pat Provider'));
    await type(byLabel<HTMLTextAreaElement>(form(), 'Also invite'), 'Board@Example.com\n\nboard@example.com');
    await type(byLabel(form(), 'Where'), 'https://meet.example.com/dialogue');
    await submit(byLabel(form(), 'Where'));

    await until(() => expect(status()).toBe('Invitation sent to 3 people.'));
    expect(patches()[0]!.body).toEqual({
      version: 0, enabled: true, startTime: '10:30', durationMinutes: 45, memberIds: ['m-exec', 'm-pat'], emails: ['board@example.com'], location: 'https://meet.example.com/dialogue',
    });
    expect(text(form())).toMatch(/Next meeting: /);

    // A second save is an update, sent with the version just saved.
    await type(byLabel(form(), 'Where'), 'Board room');
    await submit(byLabel(form(), 'Where'));
    await until(() => expect(status()).toBe('Updated invitation sent to 3 people.'));
    expect(patches()[1]!.body).toMatchObject({ version: 1, location: 'Board room' });
  });

  it('shows what is wrong beside the field, and which addresses the mail server refused', async () => {
    await open();
    await click(byLabel(form(), 'Hold a dialogue meeting after each report'));
    await click(attendee('Eve Exec'));
    await type(byLabel<HTMLTextAreaElement>(form(), 'Also invite'), 'board@example.com\nnot an address');
    await submit(byLabel(form(), 'Where'));
    await until(() => expect(text(form().querySelector('#meeting-emails-error')!)).toContain('“not an address” must be an email address, like name@example.com'));
    expect(byLabel<HTMLTextAreaElement>(form(), 'Also invite').getAttribute('aria-invalid')).toBe('true');

    await type(byLabel(form(), 'Length (minutes)'), '600');
    await type(byLabel<HTMLTextAreaElement>(form(), 'Also invite'), 'board@example.com');
    await submit(byLabel(form(), 'Where'));
    await until(() => expect(text(form().querySelector('#meeting-length-error')!)).toContain('must be at most 8 hours'));

    worker.bounces['board@example.com'] = '550 mailbox unavailable';
    await type(byLabel(form(), 'Length (minutes)'), '60');
    await submit(byLabel(form(), 'Where'));
    await until(() => expect(status()).toBe('Invitation sent to 1 person.'));
    expect(text(form().querySelector('[role="alert"]')!)).toMatch(/^Not everyone got it:\s*board@example\.com: The mail server refused it: 550 mailbox unavailable$/);
  });
});
