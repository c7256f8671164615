import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InitiativesPanel } from '../../extension/ui/admin/InitiativesPanel';
import type { FakeWorker } from './support/fake-worker';
import { button, byLabel, choose, click, mount, section, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
  worker.taxonomy.kpis.push({ id: 'k1', name: 'Check-in time', unit: 'min', target: 5, direction: 'lower_is_better', retiredAt: null, latest: { id: 'r1', kpiId: 'k1', value: 9, recordedOn: '2026-10-01', note: null, createdAt: '2026-10-01T09:00:00.000Z' } });
  worker.annotations.push({ id: 'tag-1', deletedAt: null, summary: 'Kiosk freezes every morning' } as FakeWorker['annotations'][number]);
});
afterEach(() => tearDown(root));

async function open(session = sessionOf(worker)) {
  await mount(root, <InitiativesPanel session={session} />);
  // Nothing is asked of the Worker until the section is opened.
  expect(worker.calls.filter((c) => c.method === 'GET' && c.path.includes('initiatives'))).toEqual([]);
  await click(button(root, 'Show initiatives'));
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const panel = () => section(root, 'Initiatives');
/** The state headings the list groups initiatives under. */
const groups = () => [...panel().querySelectorAll('.initiative-group > h3')].map(text);

describe('initiatives panel', () => {
  it('proposes an initiative, lists it by state, and saves its specification, KPI and budget', async () => {
    await open();
    expect(text(panel())).toContain('No initiatives yet.');
    const form = root.querySelector<HTMLFormElement>('form[aria-label="Propose an initiative"]')!;
    await type(byLabel(form, 'Title'), 'Online check-in');
    await type(byLabel<HTMLTextAreaElement>(form, 'The gap'), 'Patients cannot check in before they arrive.');
    await submit(byLabel(form, 'Title'));
    await until(() => expect(groups()).toEqual(['Proposed']));
    expect(byLabel(form, 'Title').value).toBe('');

    const editor = () => root.querySelector<HTMLElement>('.initiative')!;
    await until(() => expect(editor()).not.toBeNull());
    await type(byLabel<HTMLTextAreaElement>(editor(), 'Specification'), 'Patients check in from the reminder text\nThe desk sees who checked in');
    await click(button(editor(), 'Add a KPI'));
    expect(byLabel(editor(), 'Baseline').value).toBe('9');
    await type(byLabel(editor(), 'Measured on'), '2026-10-01');
    await type(byLabel(editor(), 'Target'), '5');
    await type(byLabel(editor(), 'Reached by'), '2027-03-31');
    // A budget that is not a number: the Worker's words appear beside the field, and what was typed stays.
    const oneOff = byLabel(editor(), 'One-off budget (USD)');
    await type(oneOff, '12k');
    await submit(oneOff);
    await until(() => expect(text(editor())).toContain('One-off budget (USD) must be a number'));
    expect(byLabel(editor(), 'One-off budget (USD)').value).toBe('12k');

    await choose(byLabel<HTMLSelectElement>(editor(), 'Owner in IT'), 'm-admin');
    await type(byLabel(editor(), 'One-off budget (USD)'), '12000');
    await submit(byLabel(editor(), 'One-off budget (USD)'));
    await until(() => expect(text(editor())).toContain('Check-in time: 9 → 9'));
    const saved = worker.calls.filter((c) => c.method === 'PATCH' && c.path.startsWith('/api/v1/initiatives/')).at(-1)!.body as Record<string, unknown>;
    expect(saved).toMatchObject({
      specification: ['Patients check in from the reminder text', 'The desk sees who checked in'],
      kpis: [{ kpiId: 'k1', baseline: 9, baselineOn: '2026-10-01', target: 5, targetOn: '2027-03-31' }], budget: { oneOff: 12000, monthly: null },
      ownerId: 'm-admin', linesOfBusiness: [], stakeholders: [],
    });
  });

  it('says why a state change that skips steps is refused, and moves it with a reason', async () => {
    await open();
    const form = root.querySelector<HTMLFormElement>('form[aria-label="Propose an initiative"]')!;
    await type(byLabel(form, 'Title'), 'New phones');
    await type(byLabel<HTMLTextAreaElement>(form, 'The gap'), 'Calls drop at the front desk.');
    await submit(byLabel(form, 'Title'));
    const editor = () => root.querySelector<HTMLElement>('.initiative')!;
    await until(() => expect(editor()).not.toBeNull());
    await choose(byLabel<HTMLSelectElement>(editor(), 'Move to'), 'delivered');
    expect(text(editor())).toContain('This move skips approved and in progress');
    await click(button(editor(), 'Change state'));
    await until(() => expect(text(editor())).toMatch(/Move to skips approved and in progress/));

    await type(byLabel(editor(), 'Reason'), 'The provider delivered it with the new lines.');
    await click(button(editor(), 'Change state'));
    await until(() => expect(groups()).toEqual(['Delivered']));
    await until(() => expect(text(root.querySelector('.initiative')!)).toContain('Delivered — The provider delivered it with the new lines.'));
  });

  it('shows the evidence linked from the side panel and unlinks a tag', async () => {
    const res = await worker.fetch('https://steward.example.com/api/v1/initiatives', {
      method: 'POST', body: JSON.stringify({ title: 'Kiosks', gap: 'The desk queues.', annotationIds: ['tag-1'] }),
    });
    expect(res.status).toBe(201);
    await open();
    await click(button(panel(), 'Kiosks'));
    const editor = () => root.querySelector<HTMLElement>('.initiative')!;
    await until(() => expect(text(editor())).toContain('Kiosk freezes every morning'));
    expect(text(editor())).toContain('Raised once by 1 line of business');
    await click(button(editor(), 'Unlink Kiosk freezes every morning'));
    await until(() => expect(text(panel())).toContain('No tickets linked yet'));
  });
});

describe('deleting an initiative', () => {
  const propose = async (body: Record<string, unknown>) => {
    const res = await worker.fetch('https://steward.example.com/api/v1/initiatives', { method: 'POST', body: JSON.stringify({ gap: 'The desk queues.', ...body }) });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; version: number };
  };
  const editor = () => root.querySelector<HTMLElement>('.initiative')!;
  /** Opens an initiative and waits for its timeline (what decides whether Delete is offered). */
  async function openOne(title: string) {
    await click(button(panel(), title));
    await until(() => expect(text(editor())).toContain('Timeline'));
  }
  const buttons = (scope: ParentNode) => [...scope.querySelectorAll('button')].map(text);

  it('asks first, then deletes a proposed initiative; Cancel keeps it', async () => {
    const kiosk = await propose({ title: 'Kiosks', annotationIds: ['tag-1'] });
    await open();
    await openOne('Kiosks');
    await click(button(editor(), 'Delete'));
    const box = () => editor().querySelector<HTMLElement>('.confirm');
    expect(text(box()!)).toContain('Delete “Kiosks” for good? Its evidence links, KPIs and timeline go with it; the tags stay.');
    expect(document.activeElement).toBe(box());
    await click(button(box()!, 'Cancel'));
    expect(box()).toBeNull();
    expect(worker.calls.filter((c) => c.method === 'DELETE')).toEqual([]);

    await click(button(editor(), 'Delete'));
    await click(button(box()!, 'Delete initiative'));
    await until(() => expect(text(panel())).toContain('Deleted “Kiosks”. The tags it linked are still there.'));
    expect(text(panel())).toContain('No initiatives yet.');
    expect(worker.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`/api/v1/initiatives/${kiosk.id}`]);
    expect(worker.audit[0]).toMatchObject({ action: 'initiative.delete', targetId: kiosk.id, detail: { title: 'Kiosks', state: 'proposed' } });
    expect(worker.annotations.map((a) => a.id)).toContain('tag-1');
  });

  it('is not offered once executives approved it, even if it was rejected later', async () => {
    const approved = await propose({ title: 'Online check-in' });
    const moved = await worker.fetch(`https://steward.example.com/api/v1/initiatives/${approved.id}`, { method: 'PATCH', body: JSON.stringify({ version: approved.version, state: 'approved' }) });
    expect(moved.status).toBe(200);
    // Rejected later: its approval is still on record, so it stays.
    const rejected = await propose({ title: 'Fax server' });
    const step = await worker.fetch(`https://steward.example.com/api/v1/initiatives/${rejected.id}`, { method: 'PATCH', body: JSON.stringify({ version: 1, state: 'approved' }) });
    const back = (await step.json()) as { version: number };
    await worker.fetch(`https://steward.example.com/api/v1/initiatives/${rejected.id}`, { method: 'PATCH', body: JSON.stringify({ version: back.version, state: 'rejected', reason: 'Budget cut.' }) });
    await propose({ title: 'Label printers' });
    await open();
    await openOne('Online check-in');
    expect(buttons(editor())).not.toContain('Delete');
    await openOne('Fax server');
    expect(buttons(editor())).not.toContain('Delete');
    await openOne('Label printers');
    expect(buttons(editor())).toContain('Delete');
  });

  it('is not offered to staff (only admins delete)', async () => {
    await propose({ title: 'Label printers' });
    await open(sessionOf(worker, { ...worker.members[0]!, role: 'staff' }));
    await openOne('Label printers');
    expect(buttons(editor())).not.toContain('Delete');
  });

  it('says why when the Worker refuses (approved meanwhile) and keeps the initiative', async () => {
    const kiosk = await propose({ title: 'Kiosks' });
    await open();
    await openOne('Kiosks');
    worker.answerOnce('DELETE', `/api/v1/initiatives/${kiosk.id}`, 409, {
      error: { code: 'conflict', message: 'This initiative was approved, so it has history executives saw: it cannot be deleted. Reject it with a reason instead, or close it by moving it on to Delivered and Measured.' },
    });
    await click(button(editor(), 'Delete'));
    await click(button(editor(), 'Delete initiative'));
    await until(() => expect(text(editor())).toContain('it cannot be deleted. Reject it with a reason instead'));
    expect(editor().querySelector('.confirm')).toBeNull();
    expect(groups()).toEqual(['Proposed']);
  });
});
