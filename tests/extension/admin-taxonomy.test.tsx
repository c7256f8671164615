import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaxonomyPanel } from '../../extension/ui/admin/TaxonomyPanel';
import { makeMember, type FakeWorker } from './support/fake-worker';
import { button, byLabel, choose, click, mount, section, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
});
afterEach(() => tearDown(root));

async function open(session = sessionOf(worker)) {
  await mount(root, <TaxonomyPanel session={session} />);
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const entries = (heading: string) => [...section(root, heading).querySelectorAll('li.entry')].map((li) => text(li.querySelector('.entry-main')!));

describe('taxonomy panel (admin)', () => {
  it('adds, renames, retires and restores a line of business; retired ones stay listed, greyed and marked', async () => {
    await open();
    const lines = section(root, 'Lines of business');
    expect(text(lines)).toContain('None yet.');

    await type(byLabel(lines, 'New line of business'), '  Front office ');
    await submit(byLabel(lines, 'New line of business'));
    await until(() => expect(entries('Lines of business')).toEqual(['Front office']));
    expect(text(lines.querySelector('[role="status"]')!)).toBe('Added “Front office”.');
    expect(byLabel(lines, 'New line of business').value).toBe('');
    expect(worker.taxonomy.linesOfBusiness.map((l) => l.name)).toEqual(['Front office']);

    await click(button(lines, 'Rename Front office'));
    const rename = byLabel(lines, 'New name');
    expect(rename.value).toBe('Front office');
    await type(rename, 'Front desk');
    await submit(rename);
    await until(() => expect(entries('Lines of business')).toEqual(['Front desk']));

    await click(button(lines, 'Retire Front desk'));
    await until(() => expect(entries('Lines of business')).toEqual(['Front desk retired']));
    const li = lines.querySelector('li.entry')!;
    expect(li.classList.contains('retired')).toBe(true);
    // A retired entry can only be restored, not renamed.
    expect(() => button(lines, 'Rename Front desk')).toThrow();

    await click(button(lines, 'Restore Front desk'));
    await until(() => expect(entries('Lines of business')).toEqual(['Front desk']));
    expect(worker.taxonomy.linesOfBusiness[0]!.retiredAt).toBeNull();
  });

  it("shows the Worker's refusal beside the field and keeps what was typed", async () => {
    worker.taxonomy.linesOfBusiness.push({ id: 'l1', name: 'Billing', retiredAt: null });
    await open();
    const lines = section(root, 'Lines of business');
    const input = byLabel(lines, 'New line of business');
    await type(input, 'billing');
    await submit(input);
    await until(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(text(lines.querySelector(`#${input.id}-error`)!)).toBe('New line of business is already used.');
    expect(input.getAttribute('aria-describedby')).toBe(`${input.id}-error`);
    expect(text(lines.querySelector('[role="alert"]')!)).toContain('There is already a line of business called "Billing".');
    expect(input.value).toBe('billing');

    // An empty name: the Worker's own validation message lands beside the field too.
    await type(input, '   ');
    await submit(input);
    await until(() => expect(text(lines.querySelector(`#${input.id}-error`)!)).toBe('New line of business is required.'));
    expect(text(lines.querySelector('[role="alert"]')!)).toBe('Not saved: check the fields marked below.');
  });

  it('adds a stakeholder with title and line of business, and edits it', async () => {
    worker.taxonomy.linesOfBusiness.push({ id: 'l1', name: 'Front office', retiredAt: null }, { id: 'l2', name: 'Old wing', retiredAt: '2026-10-01T00:00:00.000Z' });
    await open();
    const s = section(root, 'Stakeholders');
    const lob = byLabel<HTMLSelectElement>(s, 'Line of business');
    // Retired lines are not offered for new stakeholders.
    expect([...lob.options].map((o) => o.text)).toEqual(['None', 'Front office']);
    await type(byLabel(s, 'Name'), 'Dana Ortiz');
    await type(byLabel(s, 'Title'), 'Front office manager');
    await choose(lob, 'l1');
    await submit(lob);
    await until(() => expect(entries('Stakeholders')).toEqual(['Dana Ortiz Front office manager · Front office']));
    expect(worker.taxonomy.stakeholders[0]).toMatchObject({ name: 'Dana Ortiz', title: 'Front office manager', lineOfBusinessId: 'l1' });

    await click(button(s, 'Edit Dana Ortiz'));
    const edit = s.querySelector('li.entry form')!;
    await type(byLabel(edit, 'Title'), '');
    await submit(byLabel(edit, 'Title'));
    await until(() => expect(entries('Stakeholders')).toEqual(['Dana Ortiz Front office']));
  });

  it('adds a KPI, records a reading and shows it against the target in the right direction', async () => {
    await open();
    const k = section(root, 'KPIs');
    await type(byLabel(k, 'Name'), 'Check-in time');
    await type(byLabel(k, 'Unit'), 'minutes');
    await type(byLabel(k, 'Target'), 'five');
    await click(byLabel(k, 'Lower is better'));
    await submit(byLabel(k, 'Target'));
    // Not a number: said beside the field, nothing sent.
    expect(text(k.querySelector('#kpi-new-target-error')!)).toBe('Target must be a number, like 95 or 2.5.');
    expect(worker.calls.filter((c) => c.method === 'POST')).toEqual([]);

    await type(byLabel(k, 'Target'), '5');
    await submit(byLabel(k, 'Target'));
    await until(() => expect(entries('KPIs')).toEqual(['Check-in time Target 5 minutes · lower is better No readings yet']));
    expect(worker.taxonomy.kpis[0]).toMatchObject({ unit: 'minutes', target: 5, direction: 'lower_is_better' });

    await click(button(k, 'Record reading Check-in time'));
    const form = k.querySelector<HTMLFormElement>('form[aria-label="Record a reading for Check-in time"]')!;
    expect(byLabel(form, 'Date').value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await type(byLabel(form, 'Value (minutes)'), '6,5');
    await type(byLabel(form, 'Date'), '2026-11-16');
    await type(byLabel(form, 'Note'), 'From the front desk log');
    await submit(byLabel(form, 'Note'));
    await until(() => expect(entries('KPIs')[0]).toContain('Latest 6.5 minutes on 16 Nov 2026 · off target'));
    expect(k.querySelector('.kpi-latest')!.classList.contains('off')).toBe(true);
    expect(worker.taxonomy.kpis[0]!.latest).toMatchObject({ value: 6.5, recordedOn: '2026-11-16', note: 'From the front desk log' });

    // Higher is better: the same kind of reading above target is on target.
    await click(button(k, 'Edit Check-in time'));
    const edit = k.querySelector('li.entry form')!;
    await click(byLabel(edit, 'Higher is better'));
    await submit(byLabel(edit, 'Name'));
    await until(() => expect(entries('KPIs')[0]).toContain('· on target'));
  });

  it('says when Steward cannot be reached, keeps the typed name, and saves it once back', async () => {
    await open();
    const lines = section(root, 'Lines of business');
    const input = byLabel(lines, 'New line of business');
    worker.mode = 'offline';
    await type(input, 'Billing');
    await submit(input);
    await until(() => expect(text(lines.querySelector('[role="alert"]')!)).toContain('Steward could not be reached.'));
    expect(input.value).toBe('Billing');
    worker.mode = 'up';
    await submit(input);
    await until(() => expect(entries('Lines of business')).toEqual(['Billing']));
  });
});

describe('taxonomy panel (not admin)', () => {
  it('shows the lists read-only, retired entries marked, with no way to change them', async () => {
    const staff = makeMember({ id: 'm-staff', name: 'Sam Lee', role: 'staff' });
    worker.members.push(staff);
    worker.taxonomy.linesOfBusiness.push({ id: 'l1', name: 'Front office', retiredAt: null }, { id: 'l2', name: 'Old wing', retiredAt: '2026-10-01T00:00:00.000Z' });
    worker.taxonomy.kpis.push({
      id: 'k1', name: 'Uptime', unit: '%', target: 99.5, direction: 'higher_is_better', retiredAt: null,
      latest: { id: 'r1', kpiId: 'k1', value: 99.9, recordedOn: '2026-11-02', note: null, createdAt: '2026-11-02T10:00:00.000Z' },
    });
    await open(sessionOf(worker, staff));
    expect(text(root)).toContain('Only an admin can change them.');
    expect(entries('Lines of business')).toEqual(['Front office', 'Old wing retired']);
    expect(entries('KPIs')).toEqual(['Uptime Target 99.5% · higher is better Latest 99.9% on 2 Nov 2026 · on target']);
    expect(root.querySelectorAll('button, form')).toHaveLength(0);
  });
});
