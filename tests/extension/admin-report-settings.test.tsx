import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportSettingsPanel } from '../../extension/ui/admin/ReportSettingsPanel';
import type { Workspace } from '../../shared/schemas';
import type { FakeWorker } from './support/fake-worker';
import { button, byLabel, choose, click, mount, sessionOf, setUpPage, submit, tearDown, text, type, until } from './support/options-page';

let root: HTMLElement;
let worker: FakeWorker;
let saved: Workspace[];

beforeEach(async () => {
  ({ root, worker } = await setUpPage());
  saved = [];
});
afterEach(() => tearDown(root));

async function open() {
  await mount(root, <ReportSettingsPanel session={sessionOf(worker)} onSaved={(w) => saved.push(w)} />);
  await until(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

const summary = () => text(root.querySelector('[data-testid="schedule-summary"]')!);
const patches = () => worker.calls.filter((c) => c.method === 'PATCH');

describe('report settings', () => {
  it("shows the workspace's schedule and saves a monthly one with a cleaned-up jargon list", async () => {
    await open();
    expect(root.querySelector<HTMLInputElement>('input[name="cadence"][value="weekly"]')!.checked).toBe(true);
    expect(byLabel<HTMLSelectElement>(root, 'Day of the week').value).toBe('1');
    expect(byLabel<HTMLSelectElement>(root, 'Time').value).toBe('8');
    expect(byLabel(root, 'Time zone').value).toBe('America/Chicago');
    expect(byLabel<HTMLTextAreaElement>(root, 'Jargon words').value).toBe('SLA');
    expect(summary()).toMatch(/^Every Monday at 08:00, America\/Chicago time\. Next one: Monday \d+ \w+ \d{4} at 08:00\.$/);

    await click(root.querySelector<HTMLInputElement>('input[name="cadence"][value="monthly"]')!);
    const day = byLabel<HTMLSelectElement>(root, 'Day of the month');
    expect(day.value).toBe('');
    expect(day.options[0]!.text).toBe('First business day');
    expect(day.options).toHaveLength(29);
    await choose(byLabel<HTMLSelectElement>(root, 'Time'), '7');
    expect(summary()).toMatch(/^On the first business day \(Monday to Friday\) of each month at 07:00, America\/Chicago time\. Next one: /);
    await choose(day, '15');
    expect(summary()).toMatch(/^On the 15th of each month at 07:00/);
    await choose(day, '');

    await type(byLabel<HTMLTextAreaElement>(root, 'Jargon words'), 'SLA\n  ticket queue \n\nsla\nP1');
    expect(text(root)).toContain('3 words');
    await submit(day);
    await until(() => expect(text(root.querySelector('[role="status"]')!)).toBe('Saved. The next report follows these settings.'));
    expect(patches()).toEqual([{
      method: 'PATCH', path: '/api/v1/workspace',
      // Only what changed: the name and time zone stay as they were.
      body: { schedule: { cadence: 'monthly', weekday: 1, monthDay: null, hour: 7 }, jargonWords: ['SLA', 'ticket queue', 'P1'] },
    }]);
    expect(worker.workspace.schedule).toEqual({ cadence: 'monthly', weekday: 1, monthDay: null, hour: 7 });
    expect(saved.at(-1)!.jargonWords).toEqual(['SLA', 'ticket queue', 'P1']);
    expect(byLabel<HTMLTextAreaElement>(root, 'Jargon words').value).toBe('SLA\nticket queue\nP1');

    // Saving again with nothing changed sends nothing.
    await submit(day);
    expect(text(root.querySelector('[role="status"]')!)).toBe('Nothing changed since the last save.');
    expect(patches()).toHaveLength(1);
  });

  it("offers the browser's time zone and every zone it knows, and refuses one it does not", async () => {
    vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({ timeZone: 'Europe/Paris' } as Intl.ResolvedDateTimeFormatOptions);
    await open();
    const zone = byLabel(root, 'Time zone');
    const list = root.querySelector(`#${zone.getAttribute('list')}`)!;
    const zones = [...list.querySelectorAll('option')].map((o) => o.value);
    expect(zones.length).toBeGreaterThan(300);
    expect(zones).toEqual(expect.arrayContaining(['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo']));

    await type(zone, 'Mars/Olympus');
    await submit(zone);
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(text(root.querySelector('#ws-timezone-error')!)).toBe('Time zone must be a time zone from the list, e.g. Europe/Paris or America/New_York.');
    expect(patches()).toEqual([]);

    await click(button(root, "Use this browser's (Europe/Paris)"));
    expect(zone.value).toBe('Europe/Paris');
    expect(summary()).toContain('Europe/Paris time');
    await submit(zone);
    await until(() => expect(worker.workspace.timeZone).toBe('Europe/Paris'));
  });

  it("puts the Worker's complaint about one jargon word beside the list, naming the word, and keeps the list", async () => {
    await open();
    const long = 'x'.repeat(61);
    const jargon = byLabel<HTMLTextAreaElement>(root, 'Jargon words');
    await type(jargon, `SLA\n${long}`);
    await submit(jargon);
    await until(() => expect(jargon.getAttribute('aria-invalid')).toBe('true'));
    expect(text(root.querySelector('#ws-jargon-error')!)).toBe(`Jargon words has a word that must be at most 60 characters: “${long}”.`);
    expect(text(root.querySelector('[role="alert"]')!)).toBe('Not saved: check the fields marked below.');
    expect(jargon.value).toBe(`SLA\n${long}`);
  });

  it('says what happened when Steward cannot be reached while loading, and loads on retry', async () => {
    worker.mode = 'offline';
    await mount(root, <ReportSettingsPanel session={sessionOf(worker)} onSaved={() => {}} />);
    await until(() => expect(text(root.querySelector('[role="alert"]')!)).toContain('Steward could not be reached.'));
    worker.mode = 'up';
    await click(button(root, 'Try again'));
    await until(() => expect(byLabel(root, 'Time zone').value).toBe('America/Chicago'));
  });
});
