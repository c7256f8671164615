// The initiatives a provider delivers, in its side panel below the inbox, through the real path
// (panel → typed message → background → typed client → stand-in Workers): what to deliver and
// how the client measures it, and the provider's answer with its expected date and plan.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../extension/core/background/handlers';
import { connectionItem, type Connection } from '../../extension/core/contract/storage';
import { SidePanel } from '../../extension/ui/SidePanel';
import type { Initiative, Member, Workspace } from '../../shared/schemas';
import { buttonIn, click, labelled, text, type } from './support/dom';
import { fakeAnnotations } from './support/fake-annotations';

const URL_BASE = 'https://steward.acme.example';
const ACME: Workspace = { id: 'w-acme', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' };
const pat: Member = { id: 'm-pat', workspaceId: ACME.id, name: 'Pat Kim', email: null, role: 'provider', providerCompany: 'BrightIT', createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };
const conn: Connection = { workerUrl: URL_BASE, token: 'stw_acme', member: pat, workspace: ACME };

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

let root: HTMLElement;
/** The stand-in Workers (annotations and initiatives, checked against the same scenarios as the real one). */
let worker: ReturnType<typeof fakeAnnotations>;

beforeEach(async () => {
  fakeBrowser.reset();
  worker = fakeAnnotations({ id: pat.id, name: pat.name, role: 'provider', providerCompany: 'BrightIT' });
  vi.stubGlobal('fetch', worker.fetch);
  fakeBrowser.runtime.onMessage.addListener(((message: unknown, sender: { tab?: { id?: number } }, sendResponse: (r: unknown) => void) => {
    void dispatch(JSON.parse(JSON.stringify(message)), sender).then(sendResponse);
    return true;
  }) as never);
  await connectionItem.setValue(conn);
  const win = await fakeBrowser.windows.create({ focused: true });
  await fakeBrowser.tabs.create({ url: 'https://brightit.halopsa.com/tickets?id=0091', active: true, windowId: win!.id });
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

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
