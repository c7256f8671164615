import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TagForm } from '../../extension/ui/TagForm';
import type { AnnotationCreate, TicketRef } from '../../shared/schemas';

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

async function mount(onSave = vi.fn(async (_b: AnnotationCreate) => {})) {
  await act(() => {
    render(<TagForm ticket={ticket} suggestions={{ linesOfBusiness: ['Sales'], stakeholders: [], kpis: [] }} onSave={onSave} />, root);
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
      type(q('#lineOfBusiness'), 'Sales');
      type(q('#stakeholder'), 'Dana Ortiz');
      type(q('#priority'), 'critical');
    });
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave).toHaveBeenCalledTimes(1);
    const saved = onSave.mock.calls[0]![0];
    expect(saved).toMatchObject({
      summary: 'Sales cannot send quotes on Mondays.', lineOfBusiness: 'Sales', stakeholders: ['Dana Ortiz'],
      priority: 'critical', horizon: 'now', visibility: 'team', ticketRef: ticket, state: 'open', kpis: [],
    });
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    // Ready for the next tag: summary cleared, line of business kept.
    expect(q<HTMLTextAreaElement>('#summary').value).toBe('');
    expect(q<HTMLInputElement>('#lineOfBusiness').value).toBe('Sales');
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
    expect(q('#lineOfBusiness-error').textContent).toMatch(/required/);
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
      type(q('#eventDate'), '2027-01-15');
    });
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave.mock.calls[0]![0]).toMatchObject({ horizon: 'next', eventDate: '2027-01-15' });
  });
});
