import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TagForm } from '../../extension/ui/TagForm';
import type { AnnotationCreate, Taxonomy, TicketRef } from '../../shared/schemas';

const taxonomy: Taxonomy = {
  linesOfBusiness: [
    { id: 'lob-sales', name: 'Sales', retiredAt: null },
    { id: 'lob-clinic', name: 'Clinical', retiredAt: null },
    { id: 'lob-old', name: 'Retail', retiredAt: '2026-01-01T00:00:00.000Z' },
  ],
  stakeholders: [{ id: 'st-dana', name: 'Dana Ortiz', title: 'Head of Sales', lineOfBusinessId: 'lob-sales', retiredAt: null }],
  impactKinds: [
    { id: 'imp-rev', name: 'Revenue', retiredAt: null },
    { id: 'imp-cust', name: 'Customers', retiredAt: null },
  ],
  kpis: [],
};

const ticket: TicketRef = {
  tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42',
  title: 'Printer jams', observedAt: '2026-11-20T10:00:00.000Z',
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function mount(onSave = vi.fn(async (_b: AnnotationCreate) => {}), tax: Taxonomy = taxonomy) {
  await act(() => {
    render(<TagForm ticket={ticket} taxonomy={tax} onSave={onSave} />, root);
  });
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  return { onSave, q };
}

const ctrlEnter = (el: Element) => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));

describe('tag form', () => {
  it('labels every control', async () => {
    const { q } = await mount();
    for (const id of ['summary', 'lineOfBusiness', 'stakeholder', 'impact', 'priority', 'kpi', 'visibility']) {
      expect(q(`label[for="${id}"]`), id).not.toBeNull();
    }
  });

  it('saves with Ctrl+Enter a body the Worker accepts, linked to the ticket', async () => {
    const { q, onSave } = await mount();
    await act(() => {
      type(q('#summary'), '  Sales cannot send quotes on Mondays. ');
      type(q('#lineOfBusiness'), 'sales');
      type(q('#stakeholder'), 'Dana Ortiz');
      type(q('#impact'), 'imp-cust');
      type(q('#priority'), 'critical');
    });
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave).toHaveBeenCalledTimes(1);
    const saved = onSave.mock.calls[0]![0];
    // Names typed into the pick-lists are sent as the workspace's ids.
    expect(saved).toMatchObject({
      summary: 'Sales cannot send quotes on Mondays.', lineOfBusiness: 'lob-sales', stakeholders: ['st-dana'], impact: 'imp-cust',
      priority: 'critical', horizon: 'now', visibility: 'team', ticketRef: ticket, state: 'open', kpis: [],
    });
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    // Ready for the next tag: summary cleared, line of business kept.
    expect(q<HTMLTextAreaElement>('#summary').value).toBe('');
    expect(q<HTMLInputElement>('#lineOfBusiness').value).toBe('sales');
  });

  it('shows what is wrong beside the field and queues nothing', async () => {
    const { q, onSave } = await mount();
    await act(() => type(q('#summary'), 'x'.repeat(281)));
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave).not.toHaveBeenCalled();
    expect(q('#summary').getAttribute('aria-invalid')).toBe('true');
    expect(q('#summary-error').textContent).toMatch(/at most 280/);
    expect(q('#lineOfBusiness-error').textContent).toMatch(/choose a line of business/);
    // What was typed is kept.
    expect(q<HTMLTextAreaElement>('#summary').value).toHaveLength(281);
  });

  it('asks for an event date only for future events', async () => {
    const { q, onSave } = await mount();
    expect(q('#eventDate')).toBeNull();
    await act(() => {
      const next = q<HTMLInputElement>('input[name="horizon"][value="next"]');
      next.checked = true;
      next.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(q('#eventDate')).not.toBeNull();
    await act(() => {
      type(q('#summary'), 'Clinic move on 15 January');
      type(q('#lineOfBusiness'), 'Clinical');
      type(q('#impact'), 'imp-rev');
      type(q('#eventDate'), '2027-01-15');
    });
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave.mock.calls[0]![0]).toMatchObject({ horizon: 'next', eventDate: '2027-01-15' });
  });
});

describe('tag form pick-lists', () => {
  it('offers only entries in use, and refuses a retired or unknown name beside its field', async () => {
    const { q, onSave } = await mount();
    const offered = [...root.querySelectorAll('#lob-list option')].map((o) => o.getAttribute('value'));
    expect(offered).toEqual(['Sales', 'Clinical']);
    await act(() => {
      type(q('#summary'), 'Old shop till is slow');
      type(q('#lineOfBusiness'), 'Retail');
      type(q('#stakeholder'), 'Nobody Known');
    });
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave).not.toHaveBeenCalled();
    expect(q('#lineOfBusiness-error').textContent).toMatch(/choose a line of business from the list/);
    expect(q('[id="stakeholders.0-error"]').textContent).toMatch(/choose a stakeholder/);
  });

  it('tells the user when the workspace has no lines of business yet', async () => {
    const { q, onSave } = await mount(undefined, { ...taxonomy, linesOfBusiness: [] });
    await act(() => type(q('#summary'), 'Something'));
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave).not.toHaveBeenCalled();
    expect(q('#lineOfBusiness-error').textContent).toMatch(/an admin adds them in Settings/);
  });
});
