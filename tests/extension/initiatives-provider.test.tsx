// The initiatives a provider delivers, in its side panel below the inbox, through the real path
// (panel → typed message → background → typed client → stand-in Workers): what to deliver and
// how the client measures it, and the provider's answer with its expected date and plan.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { SidePanel } from '../../extension/ui/SidePanel';
import type { Initiative } from '../../shared/schemas';
import { buttonIn, click, labelled, text, type } from './support/dom';
import { root, setUpProviderPanel, worker } from './support/provider-panel';

function initiative(over: Partial<Initiative>): Initiative {
  const at = '2026-11-10T09:00:00.000Z';
  return {
    id: crypto.randomUUID(), title: 'Online check-in', gap: 'Patients cannot check in before they arrive.', linesOfBusiness: [], stakeholders: [],
    specification: ['Patients check in from the reminder text'], budget: { oneOff: 4000, monthly: null, currency: 'USD' }, targetQuarter: '2027-Q1', owner: null,
    kpis: [{ kpiId: 'k1', name: 'Check-in time', unit: 'min', direction: 'lower_is_better', baseline: 9, baselineOn: '2026-10-01', target: 5, targetOn: '2027-03-31', latest: null, outcome: 'waiting' }],
    providerCompany: 'BrightIT', state: 'approved', stateReason: null, evidence: { tags: 0, open: 0, tickets: 0, linesOfBusiness: 0, since: null },
    providerAnswer: null, decision: null, deliveredAt: null, createdBy: { id: 'm-sam', name: 'Sam Lee' }, createdAt: at, updatedAt: at, version: 2, ...over,
  };
}

setUpProviderPanel();

const section = () => root.querySelector<HTMLElement>('.provider-initiatives');

describe('provider side panel: initiatives it delivers', () => {
  it('shows only its company\'s approved initiatives, without the budget, and answers one with a date and a plan', async () => {
    const mine = initiative({});
    worker.initiatives.items.push(mine, initiative({ title: 'Label printers', providerCompany: 'Northwind IT' }), initiative({ title: 'Still proposed', state: 'proposed' }));
    await act(async () => {
      render(<SidePanel />, root);
    });
    await vi.waitFor(() => expect(section()).not.toBeNull());
    const card = section()!.querySelector<HTMLElement>(`[data-initiative-id="${mine.id}"]`)!;
    expect([...section()!.querySelectorAll('.summary')].map(text)).toEqual(['Online check-in (Approved, for 2027-Q1)']);
    expect(text(card)).toContain('Measured by Check-in time: from 9 to 5 min by');
    expect(text(card)).not.toContain('4000');
    expect(text(card.querySelector('[data-testid="initiative-answer"]')!)).toBe('Waiting for your answer');

    await click(buttonIn(card, 'Answer'));
    const form = card.querySelector('form')!;
    expect(document.activeElement).toBe(form.querySelector('input[type="radio"]'));
    await click(labelled(form, 'In progress'));
    await type(labelled(form, /^Expected by/), '2027-02-01');
    await type(labelled<HTMLTextAreaElement>(form, /^Your plan, for Acme Dental/), 'Check-in links go out with the reminder texts.');
    await click(buttonIn(form, 'Send answer'));
    await vi.waitFor(() => expect(text(section()!.querySelector('[data-testid="initiative-answer"]')!)).toMatch(/^Your answer: In progress, expected /));
    expect(worker.calls.filter((c) => c.path.endsWith('/answers')).map(({ path, body }) => ({ path, body }))).toEqual([{
      path: `/api/v1/initiatives/${mine.id}/answers`,
      body: { id: expect.any(String), status: 'in_progress', eta: '2027-02-01', note: 'Check-in links go out with the reminder texts.' },
    }]);
  });

});
