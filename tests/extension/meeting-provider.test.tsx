// The action items a dialogue meeting gave the provider's company, in its side panel below the
// inbox, through the real path (panel → typed message → background → typed client → stand-in
// Worker): only its own company's, late ones said so, answered with the same form as shared items.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { SidePanel } from '../../extension/ui/SidePanel';
import type { ActionItem, ActionOwner, Meeting } from '../../shared/schemas';
import { buttonIn, click, labelled, text, type } from './support/dom';
import { addDays, todayIn } from './support/fake-held-meetings';
import { root, setUpProviderPanel, worker } from './support/provider-panel';

const provider = (company: string): ActionOwner => ({ kind: 'provider', memberId: null, company, email: null, name: `${company} (provider)` });
const today = todayIn('UTC');
const heldOn = addDays(today, -7);

function action(over: Partial<ActionItem> & { what: string; owner: ActionOwner; dueOn: string }): ActionItem {
  const at = `${heldOn}T16:00:00.000Z`;
  return {
    id: crypto.randomUUID(), meetingId: 'meeting-1', meetingOn: heldOn, ref: 'tag-backups', state: 'open', doneAt: null, late: false,
    providerAnswer: null, createdAt: at, updatedAt: at, version: 1, ...over,
  };
}

function meeting(items: ActionItem[]): Meeting {
  return {
    id: 'meeting-1', reportId: null, reportLabel: null, heldOn, state: 'closed', startedBy: 'Sam Lee', startedAt: `${heldOn}T16:00:00.000Z`, closedAt: `${heldOn}T17:00:00.000Z`,
    agenda: [{ kind: 'provider_silent', ref: 'tag-backups', title: 'Nightly backups fail', why: 'No answer for 9 days' }], decisions: [], actionItems: items, minutes: [], version: 3,
  };
}

setUpProviderPanel();

const section = () => root.querySelector<HTMLElement>('.provider-actions');
const card = (id: string) => section()!.querySelector<HTMLElement>(`[data-action-id="${id}"]`)!;

describe('provider side panel: action items from the meetings', () => {
  it('shows only its company\'s action items, late ones first said so, and answers one done', async () => {
    const backups = action({ what: 'Fix the nightly backup job', owner: provider('BrightIT'), dueOn: addDays(today, 3) });
    const late = action({ what: 'Send the printer plan', owner: provider('BrightIT'), dueOn: addDays(today, -2) });
    worker.held.meetings.push(meeting([
      backups, late,
      action({ what: 'Label the new laptops', owner: provider('Northwind IT'), dueOn: addDays(today, 3) }),
      action({ what: 'Tell the front desk', owner: { kind: 'member', memberId: 'm-sam', company: null, email: null, name: 'Sam Lee' }, dueOn: addDays(today, 3) }),
    ]));
    await act(async () => {
      render(<SidePanel />, root);
    });
    await vi.waitFor(() => expect(section()).not.toBeNull());
    expect([...section()!.querySelectorAll('.summary')].map(text)).toEqual(['Send the printer plan', 'Fix the nightly backup job']);
    expect(text(section()!.querySelector('.hint'))).toBe('2 open, 1 late. Decided in Acme Dental’s dialogue meeting, for BrightIT.');
    expect(text(card(late.id))).toMatch(/Late: was due /);
    expect(text(card(backups.id).querySelector('[data-testid="action-answer"]'))).toBe('Waiting for your answer');

    // A failed send keeps the form and says why.
    worker.mode = 'offline';
    await click(buttonIn(card(backups.id), 'Answer'));
    const form = card(backups.id).querySelector('form')!;
    expect(document.activeElement).toBe(form.querySelector('input[type="radio"]'));
    await click(labelled(form, 'Done'));
    await type(labelled<HTMLTextAreaElement>(form, /^Note for Acme Dental/), 'Job moved to 02:00; ran clean three nights.');
    await click(buttonIn(form, 'Send answer'));
    await vi.waitFor(() => expect(text(form.querySelector('[role="alert"]'))).toMatch(/^Could not reach Steward at/));

    worker.mode = 'up';
    await click(buttonIn(form, 'Send answer'));
    await vi.waitFor(() => expect(text(card(backups.id).querySelector('[data-testid="action-answer"]'))).toBe('Your answer: Done: Job moved to 02:00; ran clean three nights.'));
    expect(text(card(backups.id))).toMatch(/Done on /);
    expect(text(card(backups.id).querySelector('[role="status"]'))).toBe('Marked done: Acme Dental sees it in the next report.');
    // The offline attempt never reached the Worker; the second did, once.
    expect(worker.calls.filter((c) => c.path.endsWith('/answers')).map(({ path, body }) => ({ path, body }))).toEqual([
      { path: `/api/v1/action-items/${backups.id}/answers`, body: { status: 'done', note: 'Job moved to 02:00; ran clean three nights.' } },
    ]);
    expect(worker.held.meetings[0]!.actionItems.find((a) => a.id === backups.id)).toMatchObject({ state: 'done', providerAnswer: { status: 'done', by: 'Pat Kim' } });
    expect(text(section()!.querySelector('.hint'))).toBe('1 open, 1 late. Decided in Acme Dental’s dialogue meeting, for BrightIT.');
  });
});
