// The side panel of a provider member (Pat Kim of BrightIT, working for Acme Dental) on a ticket of
// the provider's own PSA, wired as in the browser: the panel → typed message → the real background
// handlers → typed client → the stand-in Workers (fake-annotations.ts). Shared by the tests of
// what the provider sees below its inbox (initiatives, action items).
import { render } from 'preact';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectionItem, type Connection } from '../../../extension/core/contract/storage';
import type { Member, Workspace } from '../../../shared/schemas';
import { fakeAnnotations } from './fake-annotations';
import { wireBackground } from './background';

const URL_BASE = 'https://steward.acme.example';
const ACME: Workspace = { id: 'w-acme', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' };
const pat: Member = { id: 'm-pat', workspaceId: ACME.id, name: 'Pat Kim', email: null, role: 'provider', providerCompany: 'BrightIT', createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };
const conn: Connection = { workerUrl: URL_BASE, token: 'stw_acme', member: pat, workspace: ACME };

/** The panel's root element and the stand-in Workers of the running test (live bindings). */
export let root: HTMLElement;
export let worker: ReturnType<typeof fakeAnnotations>;

/** Registers the set-up and clean-up of every test in the calling file. */
export function setUpProviderPanel(): void {
  beforeEach(async () => {
    fakeBrowser.reset();
    worker = fakeAnnotations({ id: pat.id, name: pat.name, role: 'provider', providerCompany: 'BrightIT' });
    vi.stubGlobal('fetch', worker.fetch);
    wireBackground();
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
}
