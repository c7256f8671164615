import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionsPanel } from '../../extension/ui/admin/ConnectionsPanel';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { button, byLabel, choose, click, mount, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage({ members: [makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin' })] }));
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <section><ConnectionsPanel session={sessionOf(worker)} /></section>);
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const form = () => root.querySelector<HTMLFormElement>('form[aria-label="Connect a ticket tool"]')!;
const rows = () => [...root.querySelectorAll('li.entry')];
/** A connection's state as "Last success: never" lines. */
const state = (row: Element) => {
  const cells = [...row.querySelector('dl')!.children].map((c) => text(c));
  return cells.flatMap((c, i) => (i % 2 === 0 ? [`${c}: ${cells[i + 1]}`] : [])).join(' · ');
};

async function connectRt(address = 'https://rt.example.com/rt', password = 'rt-password-9f2c') {
  await choose(byLabel<HTMLSelectElement>(form(), 'Tool'), 'rt');
  await type(byLabel(form(), 'Address'), address);
  await choose(byLabel<HTMLSelectElement>(form(), 'Sign in with'), 'basic');
  await type(byLabel(form(), 'RT user name'), 'steward-reader');
  await type(byLabel(form(), 'Auth token (or password)'), password);
  await submit(byLabel(form(), 'Address'));
}

describe('connections panel', () => {
  it('connects Request Tracker, never shows the password again, tests it and checks now, in plain words', async () => {
    await open();
    expect(text(root)).toContain('No tool is connected yet.');
    await connectRt();
    await until(() => expect(rows()).toHaveLength(1));
    const row = rows()[0]!;
    expect(text(row.querySelector('.entry-main')!)).toBe('Request Tracker (rt.example.com) https://rt.example.com/rt Signed in as steward-reader, …9f2c');
    expect(root.innerHTML).not.toContain('rt-password-9f2c');
    expect(byLabel(form(), 'Auth token (or password)').value).toBe('');
    expect(state(row)).toBe('Last success: never · Last error: none · Next try: at the next hourly run');

    await click(button(row, 'Test connection'));
    await until(() => expect(text(row.querySelector('.notice')!)).toBe("Found ticket #12 'Printer jam' — open. Request Tracker answers and the credentials work."));
    await click(button(row, 'Check now'));
    // The check goes on the connector queue: the row says so until the connection shows the outcome.
    await until(() => expect(text(rows()[0]!.querySelector('.notice')!)).toBe('Checking now — results appear here in a minute.'));
    expect(button(rows()[0]!, 'Checking…').disabled).toBe(true);
    expect(state(rows()[0]!)).toBe('Last success: never · Last error: none · Next try: now (checking)');
    await until(() => expect(state(rows()[0]!)).toMatch(/^Last success: just now \(1 tagged ticket\) · Last error: none · Next try: /));
    expect(state(rows()[0]!)).toMatch(/ · Last result: Read 1 of 1 tagged ticket from Request Tracker; 1 changed\.$/);
    expect(text(rows()[0]!.querySelector('.notice.success')!)).toBe('Read 1 of 1 tagged ticket from Request Tracker; 1 changed.');
    expect(button(rows()[0]!, 'Check now').disabled).toBe(false);
  });

  it('shows what is wrong: an address on a private network beside its field, a tool refusing the credentials on the connection', async () => {
    await open();
    await connectRt('http://10.0.0.5/rt');
    await until(() => expect(text(form().querySelector('#connection-address-error')!)).toMatch(/^Address 10\.0\.0\.5 is on a private, loopback or link-local network .* Cloudflare Tunnel/));
    expect(rows()).toHaveLength(0);

    worker.toolConnections!.tools.set('https://rt.example.com/rt', {
      test: { ok: false, message: 'Request Tracker answered 401: the credentials were refused (wrong, expired or revoked); paste new ones.' },
      check: { ok: false, message: 'Request Tracker answered 401: the credentials were refused (wrong, expired or revoked); paste new ones.', tickets: 3, changed: 0 },
    });
    await connectRt();
    await until(() => expect(rows()).toHaveLength(1));
    await click(button(rows()[0]!, 'Check now'));
    await until(() => expect(state(rows()[0]!)).toMatch(/Last error: just now: Request Tracker answered 401: the credentials were refused/));
    expect(rows()[0]!.querySelector('.notice.error')).not.toBeNull();
  });

  it('gives a push tool its webhook address and a secret shown once, then only its last four', async () => {
    await open();
    await choose(byLabel<HTMLSelectElement>(form(), 'Tool'), 'github');
    await type(byLabel(form(), 'Address'), 'https://api.github.com');
    await type(byLabel(form(), 'Owner or owner/repository'), 'acme');
    await type(byLabel(form(), 'Fine-grained token (Issues: read)'), 'github_pat_0000abcd');
    await submit(byLabel(form(), 'Address'));
    await until(() => expect(rows()).toHaveLength(1));
    const row = rows()[0]!;
    expect(row.querySelector<HTMLInputElement>('input[aria-label="Webhook address for GitHub (acme)"]')!.value).toBe('https://steward.example.com/hooks/conn-1');
    expect(row.querySelector<HTMLInputElement>('input[aria-label="Webhook secret"]')!.value).toBe('fake-webhook-secret-0002');

    // Reloading the page: the secret is gone for good, only its end is shown.
    await mount(root, null);
    await open();
    expect(root.querySelector('input[aria-label="Webhook secret"]')).toBeNull();
    expect(text(rows()[0]!)).toContain('Webhook secret: …0002');
    await click(button(rows()[0]!, 'Make a new webhook secret'));
    await until(() => expect(rows()[0]!.querySelector<HTMLInputElement>('input[aria-label="Webhook secret"]')!.value).toBe('fake-webhook-secret-0003'));
  });

  it('disconnects after asking', async () => {
    await open();
    await connectRt();
    await until(() => expect(rows()).toHaveLength(1));
    await click(button(rows()[0]!, 'Disconnect'));
    expect(text(root.querySelector('.confirm')!)).toContain('Its credentials are deleted; facts already read stay with their tickets.');
    await click(button(root.querySelector('.confirm')!, 'Disconnect'));
    await until(() => expect(rows()).toHaveLength(0));
  });
});
