// The side panel's tag cards, through the real path: a click in the panel → typed message →
// background handler → outbox in storage → typed client → (a stand-in for) the Worker → cache →
// the panel again. Only the Worker is stood in for (tests/extension/support/fake-annotations.ts).
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { enqueue, enqueueChange } from '../../extension/core/background/outbox';
import { flushOutbox } from '../../extension/core/background/outbox-flush';
import { outboxItem, ticketCacheItem } from '../../extension/core/contract/storage';
import type { AnnotationCreate } from '../../shared/schemas';
import { buttonIn, card, click, connectAs, key, openPanel, root, sam, setUpSidePanel, tagged, ticket, type, worker } from './support/side-panel';

setUpSidePanel();
const hasButton = (el: Element, name: string) => [...el.querySelectorAll('button')].some((b) => b.textContent === name);
const facts = (el: Element) =>
  Object.fromEntries([...el.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));

describe('the tag card', () => {
  it('shows what the tag says and where it stands, in words', async () => {
    await tagged({
      horizon: 'next', eventDate: '2027-01-15', summary: 'Clinic move needs new printers', sharedWith: 'BrightIT',
      providerStatus: { status: 'in_progress', eta: '2026-12-04', at: '2026-11-20T09:30:00.000Z' },
    });
    await tagged({ summary: 'Backups fail on Sundays', sharedWith: 'BrightIT' });
    await tagged({ summary: 'Old laptops', visibility: 'team' });
    await openPanel();
    const c = await vi.waitFor(() => card('Clinic move needs new printers'));
    expect([...c.querySelectorAll('.meta .pill')].map((p) => p.textContent)).toEqual([
      'High priority', 'Future event, 15 Jan 2027', 'Open', 'Shared with BrightIT',
    ]);
    expect(facts(c)).toEqual({
      'Line of business': 'Front office', Stakeholders: 'Dana Ortiz', Impact: 'Customers', KPIs: 'Check-in wait',
      BrightIT: expect.stringMatching(/^In progress, expected 4 Dec \(.+\)$/),
    });
    // Shared and not answered yet: staff see that it waits on the provider; nothing when not shared.
    expect(facts(card('Backups fail on Sundays')).BrightIT).toBe('Waiting for BrightIT to answer');
    expect(Object.keys(facts(card('Old laptops')))).not.toContain('Provider');
    expect(card('Old laptops').querySelector('.visibility-team')?.textContent).toBe('Team and reports');
    expect(c.querySelector('.byline')?.textContent).toMatch(/^Sam Lee, /);
    expect([...c.querySelectorAll('.card-actions button')].map((b) => b.textContent)).toEqual(['Edit', 'Resolve', 'Drop', 'Add note', 'Delete']);
  });

  it('resolves and reopens: the change is sent with the version shown, and the card follows', async () => {
    const tag = await tagged();
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    await click(buttonIn(card(tag.summary), 'Resolve'));
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({ state: 'resolved', version: 2 }));
    expect(worker.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ version: 1, state: 'resolved' }]);
    await vi.waitFor(() => expect(card(tag.summary).querySelector('.state')?.textContent).toBe('Resolved'));
    expect(hasButton(card(tag.summary), 'Resolve')).toBe(false);
    // The keyboard carries on from the button that took Resolve's place.
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('Reopen'));

    await click(buttonIn(card(tag.summary), 'Reopen'));
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({ state: 'open', version: 3 }));
  });

  it('drops a tag', async () => {
    const tag = await tagged();
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    await click(buttonIn(card(tag.summary), 'Drop'));
    await vi.waitFor(() => expect(worker.stored.get(tag.id)?.state).toBe('dropped'));
    await vi.waitFor(() => expect(card(tag.summary).querySelector('.state')?.textContent).toBe('Dropped'));
  });

  it('shows a change made offline at once, as waiting to be sent', async () => {
    const tag = await tagged();
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    worker.mode = 'offline';
    await click(buttonIn(card(tag.summary), 'Resolve'));
    await vi.waitFor(() => expect(card(tag.summary).querySelector('.pending-status')?.textContent).toBe('Offline: will send when back.'));
    expect(card(tag.summary).querySelector('.state')?.textContent).toBe('Resolved');
    expect(card(tag.summary).classList.contains('is-pending')).toBe(true);
    expect(worker.stored.get(tag.id)?.state).toBe('open');
  });

  it('deletes only after confirming, and only for its author or an admin', async () => {
    const mine = await tagged({ summary: 'Mine to delete' });
    const theirs = await tagged({ summary: 'Made by Pat' }, { ...sam, id: 'm2', name: 'Pat Kim' });
    await openPanel();
    await vi.waitFor(() => card('Made by Pat'));
    expect(hasButton(card('Made by Pat'), 'Delete')).toBe(false);

    await click(buttonIn(card('Mine to delete'), 'Delete'));
    const confirm = card('Mine to delete').querySelector('.confirm')!;
    expect(confirm.textContent).toContain('Delete this tag for everyone?');
    // The safe choice has focus; Esc backs out.
    expect(document.activeElement?.textContent).toBe('Keep it');
    await key(document.activeElement!, 'Escape');
    expect(card('Mine to delete').querySelector('.confirm')).toBeNull();
    expect(worker.calls.some((c) => c.method === 'DELETE')).toBe(false);

    await click(buttonIn(card('Mine to delete'), 'Delete'));
    await click(buttonIn(card('Mine to delete'), 'Delete tag'));
    await vi.waitFor(() => expect(worker.stored.get(mine.id)?.deletedAt).toBeTruthy());
    await vi.waitFor(() => expect(() => card('Mine to delete')).toThrow());
    expect(document.activeElement?.className).toBe('annotation-list');
    expect(worker.stored.get(theirs.id)?.deletedAt).toBeNull();
  });

  it('lets an admin delete anyone\'s tag', async () => {
    await connectAs({ ...sam, role: 'admin' });
    await tagged({ summary: 'Made by Pat' }, { ...sam, id: 'm2', name: 'Pat Kim' });
    await openPanel();
    await vi.waitFor(() => expect(hasButton(card('Made by Pat'), 'Delete')).toBe(true));
  });

  it('edits inline from the tag: prefilled, Esc cancels back to Edit, Ctrl+Enter sends only what changed', async () => {
    const tag = await tagged();
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    const edit = buttonIn(card(tag.summary), 'Edit');
    await click(edit);
    // The form fills in from the cached taxonomy and takes focus after it renders: under load
    // that can be a tick later than the click, so wait for it (the same assertions).
    const form = await vi.waitFor(() => {
      const found = card(tag.summary).querySelector<HTMLFormElement>('form[aria-label="Edit tag"]');
      if (!found) throw new Error('The edit form is not shown yet');
      return found;
    });
    const field = <T extends Element>(name: string) => form.querySelector<T>(`[id$="-edit-${name}"]`)!;
    await vi.waitFor(() => {
      expect(document.activeElement).toBe(field('summary'));
      expect(field<HTMLInputElement>('lineOfBusiness').value).toBe('Front office');
      expect(field<HTMLInputElement>('stakeholder').value).toBe('Dana Ortiz');
      expect(field<HTMLSelectElement>('impact').value).toBe('cust');
      expect(field<HTMLInputElement>('kpi').value).toBe('Check-in wait');
      expect(field<HTMLSelectElement>('visibility').value).toBe('provider');
    });

    await key(field('priority'), 'Escape');
    await vi.waitFor(() => {
      expect(card(tag.summary).querySelector('form')).toBeNull();
      expect(document.activeElement?.textContent).toBe('Edit');
    });

    await click(buttonIn(card(tag.summary), 'Edit'));
    const again = card(tag.summary).querySelector<HTMLFormElement>('form[aria-label="Edit tag"]')!;
    await act(() => type(again.querySelector<HTMLSelectElement>('[id$="-edit-priority"]')!, 'critical'));
    await key(again.querySelector('[id$="-edit-summary"]')!, 'Enter', true);
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({ priority: 'critical', version: 2 }));
    expect(worker.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ version: 1, priority: 'critical' }]);
    await vi.waitFor(() => expect(card(tag.summary).querySelector('.priority')?.textContent).toBe('Critical priority'));
  });

  it('adds a note with the keyboard and shows it on the timeline', async () => {
    const tag = await tagged();
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    await click(buttonIn(card(tag.summary), 'Add note'));
    const note = card(tag.summary).querySelector<HTMLTextAreaElement>('.note-form textarea')!;
    expect(document.activeElement).toBe(note);
    // Empty: said so, nothing sent.
    await key(note, 'Enter', true);
    expect(card(tag.summary).querySelector('.note-form [role="alert"]')?.textContent).toBe('Write the note first.');
    await act(() => type(note, 'Called the vendor; part ordered.'));
    await key(note, 'Enter', true);
    await vi.waitFor(() => expect(worker.updates.map((u) => u.note)).toEqual(['Called the vendor; part ordered.']));

    await click(buttonIn(card(tag.summary), 'Show timeline'));
    await vi.waitFor(() =>
      expect([...card(tag.summary).querySelectorAll('.timeline li span')].map((s) => s.textContent)).toEqual([
        'Sam Lee — Tagged this.', 'Sam Lee — Called the vendor; part ordered.',
      ]),
    );
  });

  it('tells the timeline in sentences, oldest first: notes, state changes, the provider\'s answers with their dates', async () => {
    const tag = await tagged();
    const pat = { id: 'm9', name: 'Pat Kim', role: 'provider', providerCompany: 'BrightIT' };
    worker.updates.push(
      { id: 'u1', annotationId: tag.id, kind: 'provider_status', note: null, state: null, providerStatus: 'acknowledged', eta: null, author: pat, createdAt: '2026-11-20T09:10:00.000Z' },
      { id: 'u2', annotationId: tag.id, kind: 'provider_status', note: 'Replacement part ordered.', state: null, providerStatus: 'in_progress', eta: '2026-12-04', author: pat, createdAt: '2026-11-20T09:20:00.000Z' },
      { id: 'u3', annotationId: tag.id, kind: 'state', note: null, state: 'resolved', providerStatus: null, eta: null, author: { ...sam, role: 'staff' }, createdAt: '2026-11-20T09:30:00.000Z' },
      { id: 'u4', annotationId: tag.id, kind: 'provider_status', note: null, state: null, providerStatus: 'waiting_on_client', eta: null, author: pat, createdAt: '2026-11-20T09:40:00.000Z' },
    );
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    const toggle = buttonIn(card(tag.summary), 'Show timeline');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await vi.waitFor(() =>
      expect([...card(tag.summary).querySelectorAll('.timeline li span')].map((s) => s.textContent)).toEqual([
        'Sam Lee — Tagged this.',
        'Pat Kim (BrightIT) — Acknowledged.',
        'Pat Kim (BrightIT) — In progress, expected 4 Dec: Replacement part ordered.',
        'Sam Lee — Resolved.',
        'Pat Kim (BrightIT) — Waiting on us.',
      ]),
    );
    expect(worker.calls.filter((c) => c.method === 'GET' && c.path === `/api/v1/annotations/${tag.id}`)).toHaveLength(1);
  });

  it('shows a new tag as being sent, and says when Steward is unreachable', async () => {
    await openPanel();
    worker.mode = 'offline';
    const summary = root.querySelector<HTMLTextAreaElement>('#summary')!;
    await act(() => {
      type(summary, 'Check-in is slow');
      type(root.querySelector<HTMLInputElement>('#lineOfBusiness')!, 'Front office');
    });
    await key(summary, 'Enter', true);
    const c = await vi.waitFor(() => card('Check-in is slow'));
    expect(c.querySelector('.byline')?.textContent).toBe('Sending…');
    await vi.waitFor(() => expect(card('Check-in is slow').querySelector('.hint')?.textContent).toBe('Offline: will send when back.'));
  });
});

describe('when someone else changed the tag meanwhile', () => {
  async function conflicted() {
    const tag = await tagged();
    await openPanel();
    await vi.waitFor(() => card(tag.summary));
    // The user opens the editor on version 1; meanwhile Pat changes the tag (version 2).
    await click(buttonIn(card(tag.summary), 'Edit'));
    worker.changeAsSomeoneElse(tag.id, { summary: 'Printing fails for the whole clinic', priority: 'critical', visibility: 'team' });
    const form = card(tag.summary).querySelector('form')!;
    await act(() => {
      type(form.querySelector<HTMLTextAreaElement>('[id$="-edit-summary"]')!, 'Front desk printer jams twice a day');
      type(form.querySelector<HTMLSelectElement>('[id$="-edit-priority"]')!, 'medium');
      type(form.querySelector<HTMLSelectElement>('[id$="-edit-impact"]')!, 'rev');
    });
    await key(form.querySelector('[id$="-edit-summary"]')!, 'Enter', true);
    const view = await vi.waitFor(() => {
      const found = root.querySelector<HTMLElement>('[data-testid="conflict"]');
      if (!found) throw new Error('no conflict view yet');
      return found;
    });
    return { tag, view };
  }

  const rows = (view: Element) =>
    [...view.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent));

  it('shows both versions, only where they differ, and overwrites nothing until the user chooses', async () => {
    const { tag, view } = await conflicted();
    expect(view.querySelector('h3')?.textContent).toBe('Someone else changed this tag while your change was waiting');
    expect([...view.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Field', 'Theirs (saved now)', 'Mine (not saved)']);
    // Visibility differs from what I saw, but I did not change it: not mine to decide.
    expect(rows(view)).toEqual([
      ['Summary', 'Printing fails for the whole clinic', 'Front desk printer jams twice a day'],
      ['Impact', 'Customers', 'Revenue'],
      ['Priority', 'Critical', 'Medium'],
    ]);
    expect(view.textContent).not.toMatch(/409|conflict|version \d/i);
    expect(worker.stored.get(tag.id)).toMatchObject({ summary: 'Printing fails for the whole clinic', version: 2 });
    const c = view.closest('.annotation')!;
    expect(c.querySelector('.pending-status')?.textContent).toBe('Needs your attention');
    // Theirs is what the card shows meanwhile; the usual actions wait for the choice.
    expect(c.querySelector('.summary')?.textContent).toBe('Printing fails for the whole clinic');
    expect(c.querySelector('.card-actions')).toBeNull();
  });

  it('"Keep mine" sends my change on top of theirs', async () => {
    const { tag, view } = await conflicted();
    await click(buttonIn(view, 'Keep mine'));
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({
      summary: 'Front desk printer jams twice a day', priority: 'medium', impact: 'rev', visibility: 'team', version: 3,
    }));
    expect(worker.calls.filter((c) => c.method === 'PATCH').map((c) => c.body.version)).toEqual([1, 2]);
    await vi.waitFor(() => expect(root.querySelector('[data-testid="conflict"]')).toBeNull());
    expect(await outboxItem.getValue()).toEqual([]);
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('Edit'));
  });

  it('"Use theirs" drops my change', async () => {
    const { tag, view } = await conflicted();
    await click(buttonIn(view, 'Use theirs'));
    await vi.waitFor(() => expect(root.querySelector('[data-testid="conflict"]')).toBeNull());
    expect(await outboxItem.getValue()).toEqual([]);
    expect(worker.stored.get(tag.id)).toMatchObject({ summary: 'Printing fails for the whole clinic', version: 2 });
    expect(card('Printing fails for the whole clinic').querySelector('.priority')?.textContent).toBe('Critical priority');
  });

  it('"Edit mine" starts from my version and sends what I settle on', async () => {
    const { tag, view } = await conflicted();
    await click(buttonIn(view, 'Edit mine'));
    const form = root.querySelector<HTMLFormElement>('form[aria-label="Edit tag"]')!;
    const summary = form.querySelector<HTMLTextAreaElement>('[id$="-mine-summary"]')!;
    expect(summary.value).toBe('Front desk printer jams twice a day');
    expect(document.activeElement).toBe(summary);
    await act(() => type(summary, 'Printing fails clinic-wide; front desk worst hit'));
    await key(summary, 'Enter', true);
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({
      summary: 'Printing fails clinic-wide; front desk worst hit', priority: 'medium', version: 3,
    }));
  });
});

describe('the side panel', () => {
  it('focuses the summary when it opens on a ticket, with the form first in reading order', async () => {
    await tagged();
    await openPanel();
    expect(document.activeElement?.id).toBe('summary');
    const order = [...root.querySelectorAll('h2')].map((h) => h.textContent);
    expect(order).toEqual(['Add a tag', 'Tags on this ticket']);
    // Nothing jumps the Tab order.
    expect(root.querySelectorAll('[tabindex]:not([tabindex="-1"]):not([tabindex="0"])')).toHaveLength(0);
  });

  it('after a revoked sign-in keeps queued changes and offers to reconnect', async () => {
    const tag = await tagged();
    await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'resolved' } });
    worker.mode = 'revoked';
    await flushOutbox();
    await openPanel().catch(() => undefined);
    await vi.waitFor(() => expect(root.textContent).toContain('Your sign-in is no longer valid'));
    expect(root.textContent).toContain('(1 waiting for this ticket)');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('Reconnect');
    expect((await outboxItem.getValue()).map((e) => e.kind)).toEqual(['patch']);
  });

  it('offers to fix or discard a new tag the Worker refused', async () => {
    const body: AnnotationCreate = {
      id: crypto.randomUUID(), ticketRef: ticket, horizon: 'now', lineOfBusiness: 'front', stakeholders: [], impact: 'cust', priority: 'low', kpis: [],
      summary: 'Refused tag', visibility: 'team', state: 'open',
    };
    await enqueue(body);
    await outboxItem.setValue((await outboxItem.getValue()).map((e) => ({ ...e, stuck: { code: 'validation_failed', message: 'The line of business was retired.' } })));
    await ticketCacheItem.setValue({});
    await openPanel();
    const c = await vi.waitFor(() => card('Refused tag'));
    expect(c.querySelector('.byline')?.textContent).toBe('Not saved');
    expect(c.querySelector('.attention')?.textContent).toContain('The line of business was retired.');
    await click(buttonIn(c, 'Discard this tag'));
    await vi.waitFor(() => expect(() => card('Refused tag')).toThrow());
    expect(await outboxItem.getValue()).toEqual([]);
  });
});
