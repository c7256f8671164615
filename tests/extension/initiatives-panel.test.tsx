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

async function open() {
  await mount(root, <InitiativesPanel session={sessionOf(worker)} />);
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
