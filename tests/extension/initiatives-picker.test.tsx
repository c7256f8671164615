// "Add to initiative…" on a tag card and the side panel's "Part of:" line, through the real path:
// the panel → typed message → background → typed client → (a stand-in for) the Worker.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { Initiative } from '../../shared/schemas';
import { buttonIn, card, click, key, openPanel, root, setUpSidePanel, tagged, type, worker } from './support/side-panel';

setUpSidePanel();

const propose = async (title: string): Promise<Initiative> =>
  (await worker.fetch('https://steward.example.com/api/v1/initiatives', { method: 'POST', body: JSON.stringify({ title, gap: `${title} is missing.` }) })).json();
const combobox = () => root.querySelector<HTMLInputElement>('[role="combobox"]')!;
const options = () => [...root.querySelectorAll('[role="option"]')].map((o) => o.textContent);

describe('add to initiative', () => {
  it('creates an initiative from the tag with the keyboard alone, and the panel says the ticket is part of it', async () => {
    const a = await tagged();
    await openPanel();
    await click(buttonIn(card(a.summary), 'Add to initiative…'));
    expect(document.activeElement).toBe(combobox());
    await vi.waitFor(() => expect(root.textContent).toContain('No initiative yet: type a title to create one.'));
    await act(async () => type(combobox(), 'Online check-in'));
    expect(options()).toEqual(['Create “Online check-in”']);
    await key(combobox(), 'Enter');
    await vi.waitFor(() => expect(root.querySelector('.initiative-picker [role="status"]')?.textContent).toBe('Added to “Online check-in”: its first tag.'));
    const created = worker.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/initiatives')!;
    // The tag's summary is the gap to start from; the options page fills in the rest.
    expect(created.body).toEqual({ title: 'Online check-in', gap: a.summary, annotationIds: [a.id] });
    // The opener has the focus back.
    expect(document.activeElement?.textContent).toBe('Add to initiative…');

    await act(async () => render(null, root));
    await openPanel();
    await vi.waitFor(() => expect(root.querySelector('.ticket-initiatives')?.textContent).toBe('Part of: Online check-in (proposed)'));
  });

  it('picks an existing initiative with the arrow keys; Esc closes without linking', async () => {
    const a = await tagged();
    await propose('New phones');
    const phones2 = await propose('Phone headsets');
    await propose('Kiosks');
    await openPanel();
    await click(buttonIn(card(a.summary), 'Add to initiative…'));
    await vi.waitFor(() => expect(options()).toHaveLength(3));
    await act(async () => type(combobox(), 'phone'));
    expect(options()).toEqual(['Phone headsets (Proposed)', 'New phones (Proposed)', 'Create “phone”']);
    await key(combobox(), 'Escape');
    expect(root.querySelector('[role="combobox"]')).toBeNull();
    expect(worker.calls.some((c) => c.path.endsWith('/evidence'))).toBe(false);

    await click(buttonIn(card(a.summary), 'Add to initiative…'));
    await vi.waitFor(() => expect(options()).toHaveLength(3));
    await act(async () => type(combobox(), 'phone'));
    await key(combobox(), 'ArrowDown');
    await key(combobox(), 'ArrowUp');
    expect(combobox().getAttribute('aria-activedescendant')).toBe(`pick-${a.id}-${phones2.id}`);
    await key(combobox(), 'Enter');
    await vi.waitFor(() => expect(root.querySelector('.initiative-picker')?.textContent).toContain('Added to “Phone headsets”: its first tag.'));
    expect(worker.calls.filter((c) => c.path.endsWith('/evidence')).map((c) => [c.path, c.body])).toEqual([[`/api/v1/initiatives/${phones2.id}/evidence`, { link: [a.id] }]]);
  });

  it('offers nothing for a private draft: private tags never leave their author', async () => {
    const a = await tagged({ visibility: 'private' });
    await openPanel();
    expect(() => buttonIn(card(a.summary), 'Add to initiative…')).toThrow();
  });
});
