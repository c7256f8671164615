import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationChanges } from '../../extension/core/contract/annotation-changes';
import { TagForm, type EditTag } from '../../extension/ui/TagForm';
import type { Annotation, AnnotationCreate, Taxonomy, TicketRef } from '../../shared/schemas';

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

describe('tag form, keyboard', () => {
  it('has the summary focused when it appears', async () => {
    const { q } = await mount();
    expect(document.activeElement).toBe(q('#summary'));
  });

  it('takes several stakeholders, separated by commas', async () => {
    const tax = { ...taxonomy, stakeholders: [...taxonomy.stakeholders, { id: 'st-lee', name: 'Lee Park', title: null, lineOfBusinessId: null, retiredAt: null }] };
    const { q, onSave } = await mount(undefined, tax);
    await act(() => {
      type(q('#summary'), 'Quotes are late');
      type(q('#lineOfBusiness'), 'Sales');
      type(q('#stakeholder'), 'Dana Ortiz, lee park');
    });
    await act(async () => {
      ctrlEnter(q('#summary'));
    });
    expect(onSave.mock.calls[0]![0].stakeholders).toEqual(['st-dana', 'st-lee']);
  });
});

describe('tag form, editing a tag', () => {
  const tag: Annotation = {
    id: '6f1c1c3e-2a4b-4c5d-8e9f-0a1b2c3d4e5f', workspaceId: 'w1', ticketKey: 'rt:rt.example.com:42', ticketRef: ticket, pageUrl: null,
    horizon: 'next', lineOfBusiness: 'lob-old', stakeholders: ['st-dana', 'st-gone'], impact: 'imp-rev', priority: 'high', kpis: [],
    summary: 'Clinic move in January', detail: 'Kept as it is', eventDate: '2027-01-15', state: 'open', visibility: 'team', providerStatus: null,
    author: { id: 'm1', name: 'Sam Lee' }, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z', version: 3, deletedAt: null,
    jargon: [], labels: { lineOfBusiness: 'Retail', stakeholders: ['Dana Ortiz', 'Former Person'], impact: 'Revenue', kpis: [] },
  };

  async function edit(overrides: Partial<EditTag> = {}) {
    const onSave = vi.fn(async (_c: AnnotationChanges) => {});
    const onCancel = vi.fn();
    await act(() => {
      render(<TagForm ticket={null} taxonomy={taxonomy} idPrefix="e-" editing={{ annotation: tag, canMakePrivate: true, onSave, onCancel, ...overrides }} />, root);
    });
    const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
    return { q, onSave, onCancel };
  }

  it('starts from the tag, names and all, with the summary focused', async () => {
    const { q } = await edit();
    expect(root.querySelector('form')?.getAttribute('aria-label')).toBe('Edit tag');
    expect(document.activeElement).toBe(q('#e-summary'));
    expect(q<HTMLTextAreaElement>('#e-summary').value).toBe('Clinic move in January');
    expect(q<HTMLInputElement>('#e-lineOfBusiness').value).toBe('Retail');
    expect(q<HTMLInputElement>('#e-stakeholder').value).toBe('Dana Ortiz, Former Person');
    expect(q<HTMLInputElement>('#e-eventDate').value).toBe('2027-01-15');
    expect(q('label[for="e-summary"]')).not.toBeNull();
  });

  it('sends only the fields changed; names left as they were keep their ids, even retired ones', async () => {
    const { q, onSave } = await edit();
    await act(() => type(q('#e-priority'), 'critical'));
    await act(async () => {
      ctrlEnter(q('#e-summary'));
    });
    expect(onSave.mock.calls).toEqual([[{ priority: 'critical' }]]);
  });

  it('clears the event date when the tag becomes a current challenge', async () => {
    const { q, onSave } = await edit();
    await act(() => {
      const now = q<HTMLInputElement>('input[value="now"]');
      now.checked = true;
      now.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(async () => {
      ctrlEnter(q('#e-summary'));
    });
    expect(onSave.mock.calls[0]![0]).toEqual({ horizon: 'now', eventDate: null });
  });

  it('Esc cancels, and saving with nothing changed sends nothing', async () => {
    const { q, onSave, onCancel } = await edit();
    q('#e-impact').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    await act(async () => {
      ctrlEnter(q('#e-summary'));
    });
    expect(onSave).not.toHaveBeenCalled();
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('checks an edit with the Worker\'s rules before sending it', async () => {
    const { q, onSave } = await edit();
    await act(() => type(q('#e-summary'), '   '));
    await act(async () => {
      ctrlEnter(q('#e-summary'));
    });
    expect(onSave).not.toHaveBeenCalled();
    expect(q('#e-summary-error').textContent).toMatch(/is required/);
    expect(q('#e-summary').getAttribute('aria-describedby')).toBe('e-summary-error');
  });

  it('lets only the author make a tag private', async () => {
    const { q } = await edit({ canMakePrivate: false });
    const option = q<HTMLOptionElement>('#e-visibility option[value="private"]');
    expect(option.disabled).toBe(true);
    expect(option.textContent).toContain('only its author can choose this');
  });
});
