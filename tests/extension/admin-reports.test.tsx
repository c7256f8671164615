import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportsPanel } from '../../extension/ui/admin/ReportsPanel';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { button, byLabel, click, mount, section, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage({
    members: [
      makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin' }),
      makeMember({ id: 'm-ceo', name: 'Alex Kim', role: 'executive', email: 'alex@example.com' }),
    ],
  }));
  worker.annotations.push({ id: 'a1', deletedAt: null, summary: 'Front desk cannot print patient forms' });
});
afterEach(() => tearDown(root));

async function open() {
  // Inside a section, as the options page shows it, so the sub-headings have a parent.
  await mount(root, <section><ReportsPanel session={sessionOf(worker)} /></section>);
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const recipients = () => [...section(root, 'Recipients').querySelectorAll('li.entry')].map((li) => text(li.querySelector('.entry-main')!));

describe('reports panel', () => {
  it('lists who receives the report, adds an address (with its error beside the field), and removes it', async () => {
    await open();
    expect(recipients()).toEqual(['Alex Kim alex@example.com Executive, from People']);
    // Executives come from People: nothing to remove here.
    expect(() => button(section(root, 'Recipients'), 'Remove alex@example.com from the recipients')).toThrow();

    const form = root.querySelector<HTMLFormElement>('form[aria-label="Add a recipient"]')!;
    await type(byLabel(form, 'Email'), 'board@example');
    await type(byLabel(form, 'Name'), 'The board');
    await submit(byLabel(form, 'Email'));
    await until(() => expect(text(form.querySelector('#recipient-email-error')!)).toBe('Email must be an email address.'));
    expect(byLabel(form, 'Name').value).toBe('The board');

    await type(byLabel(form, 'Email'), 'Board@Example.com');
    await submit(byLabel(form, 'Email'));
    await until(() => expect(recipients()).toEqual(['Alex Kim alex@example.com Executive, from People', 'The board board@example.com Added here']));
    expect(text(form.querySelector('[role="status"]')!)).toBe('Added Board@Example.com.');

    await click(button(root, 'Remove board@example.com from the recipients'));
    await until(() => expect(recipients()).toHaveLength(1));
  });

  it('marks recipients who unsubscribed', async () => {
    worker.unsubscribed.push('alex@example.com');
    await open();
    expect(recipients()).toEqual(['Alex Kim alex@example.com Executive, from People unsubscribed: not sent']);
  });

  it('previews the report in a sandboxed frame, with the bottom line and the size', async () => {
    await open();
    await click(button(root, 'Preview the report'));
    await until(() => expect(root.querySelector('[data-testid="report-preview"]')).not.toBeNull());
    const preview = root.querySelector<HTMLElement>('[data-testid="report-preview"]')!;
    expect(text(preview)).toContain('Acme Dental: IT report, week of 16 Nov 2026 (Week of 16 Nov 2026; nothing is stored or sent)');
    expect([...preview.querySelectorAll('[aria-label="Bottom line"] li')].map((li) => li.textContent)).toEqual(['1 open item.', 'Nothing resolved since last week.', 'No decision needed.']);
    expect(text(preview)).toMatch(/Email size 1 KB, under the size at which Gmail cuts emails short\./);
    const frame = preview.querySelector('iframe')!;
    expect(frame.getAttribute('title')).toBe('Report preview: Acme Dental: IT report, week of 16 Nov 2026');
    // No scripts, no same origin: the report cannot reach the extension's page or storage.
    expect(frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const doc = frame.getAttribute('srcdoc')!;
    expect(doc).toContain('<li>Front desk cannot print patient forms</li>');
    expect(doc).toMatch(/<head><base target="_blank">/);
    expect(worker.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/reports/preview' });

    await type(byLabel(root, 'Any day in the period'), '2026-11-18');
    await click(button(root, 'Refresh the preview'));
    await until(() => expect(worker.calls.at(-1)!.path).toBe('/api/v1/reports/preview?date=2026-11-18'));
  });

  it('sends now after a confirmation naming the period and how many get it, then shows each delivery in the archive', async () => {
    worker.extraRecipients.push({ id: 'rc-1', email: 'old@example.com', name: null });
    worker.bounces['old@example.com'] = '550 No such user here';
    await open();
    expect(text(section(root, 'Sent reports'))).toContain('No report has been sent yet.');

    await click(button(root, 'Send the report now…'));
    const confirm = root.querySelector<HTMLElement>('.confirm')!;
    expect(text(confirm)).toMatch(/^Send the report for (Week of \d+ \w+ \d{4}) to 2 recipients now\? Anyone who already has it is skipped\./);
    expect(worker.calls.some((c) => c.method === 'POST')).toBe(false);
    await click(button(confirm, 'Send the report'));

    await until(() => expect(text(section(root, 'Send now').querySelector('[role="status"].notice')!)).toBe(
      'Week of 9 Nov 2026: sent to 1 person; 1 could not be sent (see Sent reports below for why). Open the web view',
    ));
    await until(() => expect(section(root, 'Sent reports').querySelectorAll('tbody tr')).toHaveLength(1));
    const deliveries = [...section(root, 'Sent reports').querySelectorAll('.deliveries li')].map((li) => text(li));
    expect(deliveries[0]).toMatch(/^Alex Kim \(alex@example.com\) Sent \d+ \w+ \d{4}, \d\d:\d\d$/);
    expect(deliveries[1]).toBe('old@example.com Failed 550 No such user here');

    await click(button(root, 'View the report for Week of 9 Nov 2026'));
    await until(() => expect(section(root, 'Sent reports').querySelector('iframe')).not.toBeNull());
    const frame = section(root, 'Sent reports').querySelector('iframe')!;
    expect(frame.getAttribute('title')).toBe('Report for Week of 9 Nov 2026');
    expect(frame.getAttribute('srcdoc')).toContain('Front desk cannot print patient forms');
    await click(button(root, 'Hide the report for Week of 9 Nov 2026'));
    expect(section(root, 'Sent reports').querySelector('iframe')).toBeNull();
  });

  it("shows the Worker's reason when there is nobody to send to", async () => {
    worker.members = worker.members.filter((m) => m.role !== 'executive');
    await open();
    await click(button(root, 'Send the report now…'));
    expect(text(root.querySelector('.confirm')!)).toContain('to 0 recipients now?');
    await click(button(root.querySelector('.confirm')!, 'Send the report'));
    await until(() => expect(text(section(root, 'Send now').querySelector('[role="alert"]')!)).toBe(
      'Nobody receives the report yet: invite an executive with an email address, or add an address to the report list.',
    ));
  });
});
