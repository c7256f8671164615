// Meeting mode (issue 15), through the real path: the meeting page → typed messages → the
// background's typed client → the stand-in Worker (tests/extension/support/fake-held-meetings.ts),
// which answers by the contract in shared/schemas/meeting.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createClient } from '../../shared/api/client';
import { connectionItem } from '../../extension/core/contract/storage';
import { MeetingRuns } from '../../extension/ui/admin/MeetingPanel';
import { MeetingPage } from '../../extension/ui/meeting/MeetingPage';
import { addDays, todayIn } from './support/fake-held-meetings';
import { makeMember, WORKER_URL, type FakeWorker } from './support/fake-worker';
import { text } from './support/dom';
import { button, byLabel, choose, click, mount, sessionOf, setUpPage, submit, tearDown, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;
let opened: string[];

const AGENDA = [
  { kind: 'discuss', ref: 'tag-printers', title: 'Front desk printers keep jamming', why: 'Dana Ortiz: “Let’s discuss” — patients wait at check-in.' },
  { kind: 'decision', ref: 'init-checkin', title: 'Online check-in', why: 'Decision needed: approve the proposal (4,000 USD one-off).' },
  { kind: 'provider_silent', ref: 'tag-backups', title: 'Nightly backups fail on the imaging server', why: 'Acme IT has not answered for 9 days.' },
];

beforeEach(async () => {
  ({ root, worker } = await setUpPage({
    members: [
      makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin', email: 'priya@example.com' }),
      makeMember({ id: 'm-exec', name: 'Eve Exec', role: 'executive', email: 'eve@example.com' }),
      makeMember({ id: 'm-sam', name: 'Sam Staff', role: 'staff', email: 'sam@example.com' }),
      makeMember({ id: 'm-pat', name: 'Pat Provider', role: 'provider', email: 'pat@acme-it.example', providerCompany: 'Acme IT' }),
    ],
  }));
  worker.held.state.agenda = AGENDA.map((a) => ({ ...a })) as never;
  opened = [];
});
afterEach(() => tearDown(root));

const today = () => todayIn('America/Chicago');

async function openPage(meetingId: string | null = null) {
  await mount(root, <MeetingPage meetingId={meetingId} onOpened={(id) => opened.push(id)} />);
  await until(() => expect(root.querySelector('#item-title, .minutes')).not.toBeNull());
}

const heading = () => text(root.querySelector('#item-title'));
const saveState = () => text(root.querySelector('[data-testid="save-state"]'));
const decision = () => root.querySelector<HTMLTextAreaElement>('#decision')!;
const actionForm = () => root.querySelector<HTMLFormElement>('form[aria-label="New action item"]')!;
const actionTexts = () => [...root.querySelectorAll('.current-item .action-item')].map((li) => text(li.querySelector('.action-what')));
/** The action items on screen once the Worker confirmed them all. */
async function confirmed(expected: string[]) {
  await until(() => {
    expect(root.querySelector('.current-item .action-item.is-pending')).toBeNull();
    expect(actionTexts()).toEqual(expected);
  });
}
const calls = (method: string, end: string) => worker.calls.filter((c) => c.method === method && c.path.endsWith(end));

/** A key pressed where the focus is (or on the page). */
async function press(k: string, opts: { alt?: boolean; on?: Element | null } = {}) {
  const target = opts.on ?? document.activeElement ?? document.body;
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, altKey: !!opts.alt, bubbles: true, cancelable: true }));
  });
}

async function typeDecision(value: string) {
  decision().focus();
  await type(decision(), value);
}

/** Fills the action form and presses Enter in the owner list (a select does not submit by itself). */
async function addAction(what: string, owner: string, dueOn: string) {
  await type(byLabel(actionForm(), 'What'), what);
  await choose(byLabel<HTMLSelectElement>(actionForm(), 'Owner'), owner);
  await type(byLabel(actionForm(), 'Due date'), dueOn);
  await press('Enter', { on: byLabel(actionForm(), 'Owner') });
}

describe('meeting mode', () => {
  it('walks the agenda with the keyboard, records a decision and two action items, and saves as it goes', async () => {
    await openPage();
    expect(opened).toHaveLength(1);
    expect(calls('POST', '/api/v1/meetings')).toHaveLength(1);
    expect([...root.querySelectorAll('.agenda-item')].map((b) => text(b.querySelector('.agenda-title')))).toEqual(AGENDA.map((a) => a.title));
    expect(heading()).toBe('Front desk printers keep jamming');
    expect(text(root.querySelector('.why'))).toContain('patients wait at check-in');
    expect(text(root.querySelector('.shortcuts'))).toContain('Alt+↓ / Alt+↑Next / previous item (also while typing)');
    expect(saveState()).toBe('Saved');

    // j (outside a field) moves on and puts the keyboard in the decision; Alt+arrows work while typing.
    await press('j', { on: document.body });
    expect(heading()).toBe('Online check-in');
    expect(document.activeElement).toBe(decision());
    expect(root.querySelector('.agenda-item[aria-current="step"]')!.textContent).toContain('Online check-in');
    await press('ArrowDown', { alt: true });
    expect(heading()).toBe('Nightly backups fail on the imaging server');
    await press('ArrowUp', { alt: true });
    expect(heading()).toBe('Online check-in');
    expect(text(root.querySelector('[aria-live="polite"]'))).toBe('Item 2 of 3: Online check-in');

    await typeDecision('Approved: start with the Main Street office in January.');
    expect(saveState()).toBe('Saving…');
    await until(() => expect(saveState()).toBe('Saved'));
    expect(calls('POST', '/decisions').map((c) => c.body)).toEqual([{ ref: 'init-checkin', text: 'Approved: start with the Main Street office in January.' }]);

    // Esc leaves the field so letters work again; a goes to the action form.
    await press('Escape');
    expect(document.activeElement).toBe(root.querySelector('#item-title'));
    await press('a');
    expect(document.activeElement).toBe(byLabel(actionForm(), 'What'));

    const due = addDays(today(), 7);
    await addAction('Send the check-in quote', 'provider:Acme IT', due);
    await confirmed(['Send the check-in quote']);
    // The form empties for the next one, and the keyboard is back in "What".
    expect(byLabel(actionForm(), 'What').value).toBe('');
    await until(() => expect(document.activeElement).toBe(byLabel(actionForm(), 'What')));
    await addAction('Tell the front desk', 'member:m-sam', addDays(today(), 2));
    await confirmed(['Send the check-in quote', 'Tell the front desk']);
    const items = [...root.querySelectorAll('.current-item .action-item')].map(text);
    expect(items[0]).toContain('Acme IT (provider)');
    expect(items[1]).toContain('Sam Staff');
    const posted = calls('POST', '/action-items').map((c) => c.body as Record<string, unknown>);
    expect(posted).toEqual([
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), ref: 'init-checkin', what: 'Send the check-in quote', owner: { kind: 'provider', company: 'Acme IT' }, dueOn: due },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), ref: 'init-checkin', what: 'Tell the front desk', owner: { kind: 'member', memberId: 'm-sam' }, dueOn: addDays(today(), 2) },
    ]);
    expect(posted[0]!.id).not.toBe(posted[1]!.id);
    expect(text(root.querySelector('.agenda-item[aria-current="step"] .agenda-marks'))).toBe('Decided2 actions');
    expect(saveState()).toBe('Saved');
  });

  it('resumes after the tab was closed: nothing typed is lost, and it picks up after the last item worked on', async () => {
    await openPage();
    await typeDecision('Replace the two front-desk printers.');
    await act(async () => decision().blur());
    await until(() => expect(saveState()).toBe('Saved'));
    await press('j', { on: document.body });
    await addAction('Order two printers', 'member:m-admin', addDays(today(), 5));
    await confirmed(['Order two printers']);
    render(null, root);

    // Opened again from the options page: the same meeting, not a new one.
    await openPage();
    expect(worker.held.meetings).toHaveLength(1);
    expect(opened[1]).toBe(opened[0]);
    expect(heading()).toBe('Nightly backups fail on the imaging server');
    await press('k', { on: document.body });
    expect(actionTexts()).toEqual(['Order two printers']);
    await press('k', { on: document.body });
    expect(decision().value).toBe('Replace the two front-desk printers.');
    render(null, root);

    // A reload of the page names the meeting.
    await openPage(opened[0]!);
    expect(calls('GET', `/meetings/${opened[0]}`)).toHaveLength(1);
    expect(text(root.querySelector('.agenda'))).toContain('Decided');
  });

  it('keeps a change the network lost and sends it again; an action item sent twice is stored once', async () => {
    await openPage();
    worker.mode = 'offline';
    await typeDecision('Ask Acme IT for a printer plan.');
    await act(async () => decision().blur());
    await until(() => expect(saveState()).toBe('Not saved — retrying'));
    expect(text(root.querySelector('.save-state'))).toContain('Steward could not be reached: check the internet connection. Nothing typed here is lost');
    // An action item typed meanwhile waits in the list, the form is free for the next one.
    await addAction('Get a printer plan', 'provider:Acme IT', addDays(today(), 3));
    await until(() => expect(text(root.querySelector('.current-item .action-item'))).toContain('Not saved yet: sent again by itself'));
    expect(byLabel(actionForm(), 'What').value).toBe('');

    worker.mode = 'up';
    await click(button(root, 'Try now'));
    await until(() => expect(saveState()).toBe('Saved'));
    const m = worker.held.meetings[0]!;
    expect(m.decisions.map((d) => d.text)).toEqual(['Ask Acme IT for a printer plan.']);
    expect(m.actionItems.map((a) => a.what)).toEqual(['Get a printer plan']);
    expect(text(root.querySelector('.current-item .action-item'))).toContain('Due');

    // The answer to this one is lost: the page sends it again with the same id, and the Worker keeps one.
    worker.loseNextAnswer();
    await addAction('Check the toner order', 'member:m-sam', addDays(today(), 3));
    await until(() => expect(saveState()).toBe('Not saved — retrying'));
    await click(button(root, 'Try now'));
    await until(() => expect(saveState()).toBe('Saved'));
    const sent = calls('POST', '/action-items').filter((c) => (c.body as { what: string }).what === 'Check the toner order');
    expect(sent).toHaveLength(2);
    expect((sent[0]!.body as { id: string }).id).toBe((sent[1]!.body as { id: string }).id);
    expect(m.actionItems.map((a) => a.what)).toEqual(['Get a printer plan', 'Check the toner order']);
    expect(actionTexts()).toEqual(['Get a printer plan', 'Check the toner order']);
  });

  it('says what is wrong beside the field: no owner, a due date in the past, and a sign-in that ended', async () => {
    await openPage();
    await type(byLabel(actionForm(), 'What'), 'Call the printer vendor');
    await type(byLabel(actionForm(), 'Due date'), addDays(today(), 2));
    await submit(byLabel(actionForm(), 'What'));
    expect(text(root.querySelector('#action-owner-error'))).toBe('Owner is required: say who does it (a member, the provider company, or an executive).');
    expect(root.querySelector('#action-what-error')).toBeNull();
    expect(byLabel<HTMLSelectElement>(actionForm(), 'Owner').getAttribute('aria-invalid')).toBe('true');
    expect(calls('POST', '/action-items')).toHaveLength(0);

    // The Worker decides what "today" is (the workspace's time zone) and says so beside the date.
    await choose(byLabel<HTMLSelectElement>(actionForm(), 'Owner'), 'member:m-admin');
    await type(byLabel(actionForm(), 'Due date'), addDays(today(), -1));
    await submit(byLabel(actionForm(), 'What'));
    await until(() => expect(text(root.querySelector('#action-due-error'))).toBe(`Due date must be today or later (today is ${today()} in America/Chicago): an action item cannot be due in the past.`));
    expect(byLabel(actionForm(), 'Due date').getAttribute('aria-invalid')).toBe('true');
    expect(byLabel(actionForm(), 'What').value).toBe('Call the printer vendor');
    expect(saveState()).toBe('Not saved — see the marked field');
    expect(actionTexts()).toEqual([]);

    await type(byLabel(actionForm(), 'Due date'), today());
    await submit(byLabel(actionForm(), 'What'));
    await confirmed(['Call the printer vendor']);
    expect(root.querySelector('#action-due-error')).toBeNull();
    // Fixed and sent again as the same item (the id it was given).
    const [refused, accepted] = calls('POST', '/action-items').map((c) => (c.body as { id: string }).id);
    expect(accepted).toBe(refused);

    worker.mode = 'revoked';
    await typeDecision('Vendor visit next week.');
    await act(async () => decision().blur());
    await until(() => expect(saveState()).toBe('Not saved — retrying'));
    expect(text(root.querySelector('.save-state'))).toContain('Keep this tab open: reconnect in Steward\'s settings (another tab), and what waits here is sent then.');
    await until(() => expect(text(root.querySelector('.notice.revoked'))).toContain('Your sign-in is no longer valid'));
  });

  it('marks an action item done; when someone changed it meanwhile, shows it as it is now and says so', async () => {
    await openPage();
    await addAction('Order two printers', 'member:m-admin', addDays(today(), 5));
    await confirmed(['Order two printers']);
    await click(button(root, 'Mark done: Order two printers'));
    await until(() => expect(text(root.querySelector('.current-item .action-item'))).toMatch(/Done on /));
    expect(calls('PATCH', `/action-items/${worker.held.meetings[0]!.actionItems[0]!.id}`).map((c) => c.body)).toEqual([{ state: 'done', version: 1 }]);

    // Another tab opens it again meanwhile: this page still holds version 2.
    const item = worker.held.meetings[0]!.actionItems[0]!;
    Object.assign(item, { state: 'open', doneAt: null, version: item.version + 1 });
    await click(button(root, 'Open again: Order two printers'));
    await until(() => expect(text(root.querySelector('.current-item .action-item'))).toContain('Someone changed this action item meanwhile'));
    expect(text(root.querySelector('.current-item .action-item .action-state'))).toMatch(/^Due /);
    expect(button(root, 'Mark done: Order two printers')).toBeTruthy();
  });

  it('closes after asking, says who got the minutes, then corrects them with a note', async () => {
    const admin = createClient({ baseUrl: WORKER_URL, token: 'stw_test', fetch: worker.fetch });
    await admin.updateMeeting({ version: 0, enabled: true, startTime: '11:00', memberIds: ['m-exec', 'm-pat'], emails: ['board@example.com'] });
    worker.bounces['board@example.com'] = '550 mailbox unavailable';
    await openPage();
    await typeDecision('Replace both printers.');
    await addAction('Order two printers', 'member:m-admin', addDays(today(), 5));
    await confirmed(['Order two printers']);

    await click(button(root, 'Close the meeting and send the minutes'));
    expect(document.activeElement?.classList.contains('confirm')).toBe(true);
    expect(calls('POST', '/close')).toHaveLength(0);
    await click(button(root, 'Close and send the minutes'));
    await until(() => expect(root.querySelector('.minutes')).not.toBeNull());
    expect(calls('POST', '/close')).toHaveLength(1);
    const outcomes = [...root.querySelectorAll('[data-testid="minutes-outcomes"] p, [data-testid="minutes-outcomes"] li')].map(text);
    expect(outcomes).toEqual([
      'The minutes went to eve@example.com, pat@acme-it.example.',
      'Not sent to:',
      'board@example.com: The mail server refused it: 550 mailbox unavailable',
      'Check the address (or the mail settings of the Steward server), then send a correction: it goes to everyone again.',
    ]);
    await until(() => expect(document.activeElement).toBe(root.querySelector('#minutes-heading')));
    expect(text(root.querySelector('.minutes-items'))).toContain('Decision: Replace both printers.');
    expect(text(root.querySelector('.sendings'))).toMatch(/^Minutes sent on .+ by Priya Shah to 2 people \(1 could not be sent\)$/);
    expect(root.querySelector('#decision')).toBeNull();

    // A correction says what it corrects; a bad date is refused beside its field.
    await click(button(root, 'Send a correction'));
    const form = () => root.querySelector<HTMLFormElement>('form[aria-label="Correction to the minutes"]')!;
    await type(byLabel<HTMLTextAreaElement>(form(), 'Front desk printers keep jamming'), 'Replace both printers before Christmas.');
    await submit(byLabel<HTMLTextAreaElement>(form(), 'What you corrected'));
    expect(text(root.querySelector('#fix-note-error'))).toBe('What you corrected is required: say what you are correcting, the attendees will read it.');
    expect(calls('POST', '/corrections')).toHaveLength(0);

    await type(byLabel<HTMLTextAreaElement>(form(), 'What you corrected'), 'The printers are due before Christmas.');
    await type(byLabel(form(), 'Due date'), addDays(today(), -2));
    await submit(byLabel<HTMLTextAreaElement>(form(), 'What you corrected'));
    await until(() => expect(text(root.querySelector('#fix-action-0-due-error'))).toBe(`Due date must be on or after the meeting's date (${today()}).`));
    expect(text(form())).toContain('Not sent: check the fields marked above.');

    await type(byLabel(form(), 'Due date'), addDays(today(), 10));
    await submit(byLabel<HTMLTextAreaElement>(form(), 'What you corrected'));
    await until(() => expect(text(root.querySelector('[data-testid="minutes-outcomes"]'))).toMatch(/^The correction went to eve@example\.com, pat@acme-it\.example\./));
    expect(calls('POST', '/corrections').at(-1)!.body).toEqual({
      note: 'The printers are due before Christmas.',
      decisions: [{ ref: 'tag-printers', text: 'Replace both printers before Christmas.' }],
      actionItems: [{ id: worker.held.meetings[0]!.actionItems[0]!.id, dueOn: addDays(today(), 10) }],
    });
    expect(text(root.querySelector('.sendings'))).toContain('Correction sent on');
    expect(text(root.querySelector('.sendings'))).toContain(': The printers are due before Christmas.');
    expect(text(root.querySelector('.minutes-items'))).toContain('Decision: Replace both printers before Christmas.');

    // Progress on an action item is still recorded after the minutes went out.
    await click(button(root, 'Mark done: Order two printers'));
    await until(() => expect(text(root.querySelector('.minutes-items .action-item'))).toMatch(/Done on /));
  });

  it('brings back the last meeting\'s open action item and marks it done when the meeting reaches it', async () => {
    const client = createClient({ baseUrl: WORKER_URL, token: 'stw_test', fetch: worker.fetch });
    const last = await client.startMeeting();
    const item = await client.addActionItem(last.id, { ref: 'tag-printers', what: 'Order two printers', owner: { kind: 'provider', company: 'Acme IT' }, dueOn: addDays(today(), 1) });
    await client.closeMeeting(last.id);

    await openPage();
    expect(opened[0]).not.toBe(last.id);
    await press('j', { on: document.body });
    await press('j', { on: document.body });
    await press('j', { on: document.body });
    expect(heading()).toBe('Order two printers');
    expect(text(root.querySelector('.item-count'))).toBe('Item 4 of 4 · Action item from an earlier meeting');
    expect(text(root.querySelector('.why'))).toMatch(/^From the meeting on \d+ \w{3}: Acme IT \(provider\), due \d+ \w{3} \d{4}$/);
    await until(() => expect(text(root.querySelector('.carried .action-item'))).toMatch(/Due /));
    await click(button(root, 'Mark done: Order two printers'));
    await until(() => expect(text(root.querySelector('.carried .action-item'))).toMatch(/Done on /));
    expect(calls('PATCH', `/action-items/${item.id}`).map((c) => c.body)).toEqual([{ state: 'done', version: 1 }]);
  });

  it('adds any other business to the agenda and goes to it', async () => {
    await openPage();
    await press('o', { on: document.body });
    expect(document.activeElement).toBe(root.querySelector('#aob-title'));
    await submit(root.querySelector<HTMLInputElement>('#aob-title')!);
    await until(() => expect(text(root.querySelector('#aob-error'))).toBe('The item is required: what is to be discussed.'));
    await type(root.querySelector<HTMLInputElement>('#aob-title')!, 'Wi-Fi in the waiting room');
    await submit(root.querySelector<HTMLInputElement>('#aob-title')!);
    await until(() => expect(heading()).toBe('Wi-Fi in the waiting room'));
    expect(text(root.querySelector('.item-count'))).toBe('Item 4 of 4 · Any other business');
    await until(() => expect(document.activeElement).toBe(decision()));
  });

  it('tells someone who may not run the meeting why, and one not connected how to connect', async () => {
    const { signIn } = await import('./support/fake-worker');
    await signIn(worker, makeMember({ id: 'm-exec', name: 'Eve Exec', role: 'executive', email: 'eve@example.com' }));
    await mount(root, <MeetingPage meetingId={null} />);
    await until(() => expect(text(root)).toContain('The meeting is run by an admin or someone from IT staff'));
    expect(calls('POST', '/api/v1/meetings')).toHaveLength(0);
    render(null, root);

    await connectionItem.removeValue();
    await mount(root, <MeetingPage meetingId={null} />);
    await until(() => expect(text(root)).toContain('Steward is not connected in this browser'));
  });
});

describe('meetings in the options page', () => {
  it('runs the meeting in a tab of its own and lists the meetings held with their minutes and open action items', async () => {
    const client = createClient({ baseUrl: WORKER_URL, token: 'stw_test', fetch: worker.fetch });
    const m = await client.startMeeting();
    await client.addActionItem(m.id, { ref: 'tag-printers', what: 'Order two printers', owner: { kind: 'member', memberId: 'm-admin' }, dueOn: addDays(today(), 5) });
    await client.saveDecision(m.id, { ref: 'tag-printers', text: 'Replace them.' });
    await client.closeMeeting(m.id);

    await mount(root, <section><MeetingRuns session={sessionOf(worker)} /></section>);
    await until(() => expect(root.querySelector('.meetings-held')).not.toBeNull());
    expect(text(root.querySelector('.meetings-held li'))).toMatch(/Minutes sent on \d+ \w{3} · 1 decision · 1 open action item of 1\s*Open the minutes$/);
    const opened: string[] = [];
    fakeBrowser.tabs.onCreated.addListener((tab) => opened.push(tab.url ?? ''));
    await click(button(root, 'Run the meeting'));
    await click(button(root, `Open the minutes of ${text(root.querySelector('.meetings-held strong'))}`));
    await until(() => expect(opened).toHaveLength(2));
    expect(opened[0]).toMatch(/\/meeting\.html$/);
    expect(opened[1]).toMatch(new RegExp(`/meeting\\.html\\?id=${m.id}$`));
  });

  it('lets staff run it too: the list of meetings loads when asked for', async () => {
    const staff = worker.members.find((x) => x.id === 'm-sam')!;
    await mount(root, <section><MeetingRuns session={sessionOf(worker, staff)} listed={false} /></section>);
    expect(button(root, 'Run the meeting')).toBeTruthy();
    expect(calls('GET', '/meetings')).toHaveLength(0);
    await click(button(root, 'Show meetings held'));
    await until(() => expect(text(root)).toContain('No meeting held yet.'));
  });
});
