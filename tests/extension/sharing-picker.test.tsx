// Sharing with one named provider from the tag form: the "Shared with" choice, fed by the
// workspace's provider companies (cached like the taxonomy), the Worker's refusal shown beside
// the field, and "Shared with <company>" on the card. The form alone first, then through the
// side panel's real path (panel → background → outbox → typed client → a stand-in Worker).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { changesBetween } from '../../extension/core/contract/annotation-changes';
import { connectionItem, outboxItem, providerCompaniesItem, tabTicketsItem } from '../../extension/core/contract/storage';
import { SidePanel } from '../../extension/ui/SidePanel';
import { TagForm } from '../../extension/ui/TagForm';
import type { Annotation, AnnotationCreate, Member, ProviderCompany, TicketRef } from '../../shared/schemas';
import { buttonIn, click, facts, key, labelled, text, type } from './support/dom';
import { fakeAnnotations, TAXONOMY, type FakeAnnotations } from './support/fake-annotations';
import { wireBackground } from './support/background';

const ticket: TicketRef = {
  tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: 'Printer jams',
  observedAt: '2026-11-20T10:00:00.000Z',
};
const company = (name: string): ProviderCompany => ({ name, members: 1, invited: 0 });

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

describe('tag form: whom an item is shared with', () => {
  async function form(providerCompanies: ProviderCompany[] | null, extra: Partial<Parameters<typeof TagForm>[0]> = {}) {
    const onSave = vi.fn(async (_b: AnnotationCreate) => {});
    await act(() => {
      render(<TagForm ticket={ticket} taxonomy={TAXONOMY} onSave={onSave} providerCompanies={providerCompanies} {...extra} />, root);
    });
    return onSave;
  }
  async function fillAndShare() {
    await type(labelled<HTMLTextAreaElement>(root, /^Summary/), 'Backups fail every Sunday night');
    await type(labelled(root, 'Line of business'), 'Front office');
    await type(labelled<HTMLSelectElement>(root, 'Who may see it'), 'provider');
  }

  it('asks nothing when the workspace has one provider: it is chosen, and named in what is sent', async () => {
    const onSave = await form([company('BrightIT')]);
    expect(root.querySelector('#sharedWith')).toBeNull(); // only once sharing with the provider
    await fillAndShare();
    const picker = labelled<HTMLSelectElement>(root, 'Shared with');
    expect(picker.value).toBe('BrightIT');
    expect([...picker.options].map((o) => o.text)).toEqual(['BrightIT']);
    await key(picker, 'Enter', true);
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ visibility: 'provider', sharedWith: 'BrightIT' }));
  });

  it('with several providers, the person chooses: saving without a choice says so beside the field', async () => {
    const onSave = await form([company('BrightIT'), company('Northwind IT')]);
    await fillAndShare();
    const picker = labelled<HTMLSelectElement>(root, 'Shared with');
    expect([...picker.options].map((o) => o.text)).toEqual(['Choose a provider…', 'BrightIT', 'Northwind IT']);
    await key(picker, 'Enter', true);
    expect(onSave).not.toHaveBeenCalled();
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(text(root.querySelector(`#${picker.getAttribute('aria-describedby')}`))).toBe('choose the provider to share it with');

    await type(picker, 'Northwind IT');
    await key(picker, 'Enter', true);
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ visibility: 'provider', sharedWith: 'Northwind IT' }));
  });

  it('with no provider invited yet, says so plainly and sends no company', async () => {
    const onSave = await form([]);
    await fillAndShare();
    expect(root.querySelector('select#sharedWith')).toBeNull();
    expect(text(root.querySelector('.sharing-none'))).toBe(
      'No provider has been invited yet, so nobody outside your team sees it for now. An admin invites providers under People; the first provider company to join will see it.',
    );
    await key(labelled(root, 'Line of business'), 'Enter', true);
    expect(onSave.mock.calls[0]![0]).not.toHaveProperty('sharedWith');

    render(null, root);
    await form(null);
    await fillAndShare();
    expect(text(root.querySelector('.sharing-none'))).toMatch(/^The list of your providers could not be loaded yet\./);
  });

  it('sends no company for a tag kept in the team', async () => {
    const onSave = await form([company('BrightIT')]);
    await fillAndShare();
    await type(labelled<HTMLSelectElement>(root, 'Who may see it'), 'team');
    await key(labelled(root, 'Line of business'), 'Enter', true);
    expect(onSave.mock.calls[0]![0]).not.toHaveProperty('sharedWith');
  });

  it('edits whom it is shared with, and un-sharing clears the company', async () => {
    const shared = {
      id: crypto.randomUUID(), ticketKey: 'rt:rt.example.com:42', ticketRef: ticket, pageUrl: null, horizon: 'now', lineOfBusiness: 'front', stakeholders: [], impact: 'cust',
      priority: 'high', kpis: [], summary: 'Backups fail', detail: null, eventDate: null, state: 'open', visibility: 'provider', sharedWith: 'BrightIT',
      providerStatus: null, author: { id: 'm1', name: 'Sam Lee' }, createdAt: '2026-11-20T09:00:00.000Z', updatedAt: '2026-11-20T09:00:00.000Z',
      version: 3, deletedAt: null, jargon: [], workspaceId: 'w1',
      labels: { lineOfBusiness: 'Front office', stakeholders: [], impact: 'Customers', kpis: [] },
    } satisfies Annotation;
    const onEdit = vi.fn(async (_c: unknown) => {});
    await act(() => {
      render(<TagForm ticket={null} taxonomy={TAXONOMY} providerCompanies={[company('BrightIT'), company('Northwind IT')]}
        editing={{ annotation: shared, canMakePrivate: true, onSave: onEdit, onCancel: () => {} }} />, root);
    });
    const picker = labelled<HTMLSelectElement>(root, 'Shared with');
    expect(picker.value).toBe('BrightIT');
    await type(picker, 'Northwind IT');
    await key(picker, 'Enter', true);
    expect(onEdit).toHaveBeenLastCalledWith({ sharedWith: 'Northwind IT' });

    await type(picker, 'BrightIT');
    await type(labelled<HTMLSelectElement>(root, 'Who may see it'), 'team');
    await key(labelled(root, 'Line of business'), 'Enter', true);
    expect(onEdit).toHaveBeenLastCalledWith({ visibility: 'team', sharedWith: null });
    // And a change of company alone is a change the outbox carries and compares.
    expect(changesBetween(shared, { ...shared, sharedWith: 'Northwind IT' })).toEqual({ sharedWith: 'Northwind IT' });
  });

  it("shows Steward's reason beside the field when the tag comes back to be fixed", async () => {
    await form([company('BrightIT'), company('Northwind IT')], { initialErrors: { sharedWith: 'is not a provider of this workspace' } });
    await type(labelled<HTMLSelectElement>(root, 'Who may see it'), 'provider');
    const picker = labelled<HTMLSelectElement>(root, 'Shared with');
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(text(root.querySelector(`#${picker.getAttribute('aria-describedby')}`))).toBe('is not a provider of this workspace');
  });
});

describe('side panel: sharing through the outbox', () => {
  const sam: Member = { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };
  let worker: FakeAnnotations;

  beforeEach(async () => {
    fakeBrowser.reset();
    worker = fakeAnnotations({ id: sam.id, name: sam.name });
    vi.stubGlobal('fetch', worker.fetch);
    wireBackground();
    await connectionItem.setValue({
      workerUrl: 'https://steward.example.com', token: 'stw_x', member: sam,
      workspace: { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
    });
    const win = await fakeBrowser.windows.create({ focused: true });
    const tab = await fakeBrowser.tabs.create({ url: ticket.url, active: true, windowId: win!.id });
    await tabTicketsItem.setValue({ [String(tab.id)]: ticket });
  });

  const openPanel = async () => {
    await act(async () => {
      render(<SidePanel />, root);
    });
    await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toContain('#42'));
  };
  const card = (summary: string) => {
    const found = [...root.querySelectorAll<HTMLElement>('.annotation')].find((li) => li.querySelector('.summary')?.textContent === summary || li.querySelector('textarea')?.value === summary);
    if (!found) throw new Error(`No card for ${summary}`);
    return found;
  };

  it('feeds the picker from the Worker, caches the list, and shows "Shared with <company>" on the card', async () => {
    worker.companies = [company('BrightIT')];
    await openPanel();
    const newTag = root.querySelector<HTMLFormElement>('form[aria-label="Tag this ticket"]')!;
    await type(labelled<HTMLTextAreaElement>(newTag, /^Summary/), 'Backups fail every Sunday night');
    await type(labelled(newTag, 'Line of business'), 'Front office');
    await type(labelled<HTMLSelectElement>(newTag, 'Who may see it'), 'provider');
    await vi.waitFor(() => expect(labelled<HTMLSelectElement>(newTag, 'Shared with').value).toBe('BrightIT'));
    await key(labelled(newTag, 'Line of business'), 'Enter', true);

    await vi.waitFor(() => expect([...worker.stored.values()].map((a) => a.sharedWith)).toEqual(['BrightIT']));
    const c = await vi.waitFor(() => card('Backups fail every Sunday night'));
    await vi.waitFor(() => expect(facts(c).BrightIT).toBe('Waiting for BrightIT to answer'));
    expect(text(c.querySelector('.visibility-provider'))).toBe('Shared with BrightIT');
    // Cached per connection, like the taxonomy: the next panel opens with it, offline too.
    expect(Object.values(await providerCompaniesItem.getValue()).map((x) => x.value)).toEqual([[company('BrightIT')]]);
    expect(worker.calls.filter((x) => x.path === '/api/v1/provider/companies')).toHaveLength(1);
  });

  it('when the list was out of date, shows Steward\'s refusal beside "Shared with" and lets the person choose', async () => {
    await openPanel(); // no provider yet, as far as this browser knows
    worker.companies = [company('BrightIT'), company('Northwind IT')]; // meanwhile, the admin invited two
    const newTag = root.querySelector<HTMLFormElement>('form[aria-label="Tag this ticket"]')!;
    await type(labelled<HTMLTextAreaElement>(newTag, /^Summary/), 'Backups fail every Sunday night');
    await type(labelled(newTag, 'Line of business'), 'Front office');
    await type(labelled<HTMLSelectElement>(newTag, 'Who may see it'), 'provider');
    expect(root.querySelector('.sharing-none')).not.toBeNull();
    await key(labelled(newTag, 'Line of business'), 'Enter', true);

    const refused = await vi.waitFor(() => {
      const c = card('Backups fail every Sunday night');
      expect(c.querySelector('.attention')).not.toBeNull();
      return c;
    });
    expect(text(refused.querySelector('.attention .field-error'))).toBe(
      'Not saved: Shared with is required: this workspace has several providers (BrightIT, Northwind IT); choose the one to share with.',
    );
    await click(buttonIn(refused, 'Edit'));
    const edit = card('Backups fail every Sunday night').querySelector<HTMLFormElement>('form[aria-label="Edit tag"]')!;
    // The list was fetched again, since Steward refused the company.
    const picker = await vi.waitFor(() => labelled<HTMLSelectElement>(edit, 'Shared with'));
    expect(text(edit.querySelector(`#${picker.getAttribute('aria-describedby')}`))).toMatch(/^is required: this workspace has several providers/);
    await type(picker, 'Northwind IT');
    await key(picker, 'Enter', true);

    await vi.waitFor(() => expect([...worker.stored.values()].map((a) => a.sharedWith)).toEqual(['Northwind IT']));
    await vi.waitFor(async () => expect(await outboxItem.getValue()).toEqual([]));
    await vi.waitFor(() => expect(text(card('Backups fail every Sunday night').querySelector('.visibility-provider'))).toBe('Shared with Northwind IT'));
  });
});
