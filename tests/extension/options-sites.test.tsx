import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../extension/core/background/handlers';
import { customPatternsItem, enabledSitesItem } from '../../extension/core/contract/storage';
import { Options } from '../../extension/ui/Options';
import { fakeSiteApis } from './support/site-apis';
import { wireBackground } from './support/background';

let root: HTMLElement;
let apis: ReturnType<typeof fakeSiteApis>;

beforeEach(() => {
  fakeBrowser.reset();
  apis = fakeSiteApis();
  wireBackground();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

async function mount() {
  await act(async () => {
    render(<Options />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('#pattern')).not.toBeNull());
}

function type(value: string) {
  const input = root.querySelector<HTMLInputElement>('#pattern')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const submit = (): void => void root.querySelector<HTMLFormElement>('form.add-pattern')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

describe('options: URL patterns', () => {
  it('explains a pattern it cannot use beside the field, and asks for nothing', async () => {
    await mount();
    await act(() => type('https://help.example.com/tickets/42'));
    await act(async () => submit());
    expect(root.querySelector('#pattern')!.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#pattern-error')!.textContent).toBe(
      'The pattern must contain {id} where the ticket number goes, e.g. https://help.example.com/tickets/{id}.',
    );
    await act(() => type('help.example.com/tickets/{id}'));
    await act(async () => submit());
    expect(root.querySelector('#pattern-error')!.textContent).toMatch(/^The pattern must start with https:\/\//);
    expect(apis.request).not.toHaveBeenCalled();
    expect(await customPatternsItem.getValue()).toEqual([]);
  });

  it("adds a pattern: asks for its site inside the submit, turns Steward on there, lists it, and removes it", async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://help.example.com/tickets/9' });
    await mount();
    await act(() => type('  https://help.example.com/tickets/{id}  '));
    submit();
    expect(apis.request).toHaveBeenCalledWith({ origins: ['https://help.example.com/*'] });

    await vi.waitFor(() => expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'Added. Ticket pages on help.example.com that match it now show the Steward badge.',
    ));
    expect((await customPatternsItem.getValue()).map((p) => p.pattern)).toEqual(['https://help.example.com/tickets/{id}']);
    expect([...apis.registered.keys()]).toEqual(['steward-site:https://help.example.com']);
    expect(apis.injected).toEqual([{ tabId: tab.id, files: ['/ticket.js'] }]);
    await vi.waitFor(() => expect(root.querySelector('[aria-label="Your URL patterns"]')?.textContent).toContain('https://help.example.com/tickets/{id}'));
    expect(root.querySelector('[aria-label="Sites Steward is on for"]')?.textContent).toContain('https://help.example.com');
    expect(root.querySelector<HTMLInputElement>('#pattern')!.value).toBe('');

    await act(async () => root.querySelector<HTMLButtonElement>('[aria-label="Remove https://help.example.com/tickets/{id}"]')!.click());
    await vi.waitFor(() => expect(root.querySelector('[aria-label="Your URL patterns"]')).toBeNull());
    expect(await customPatternsItem.getValue()).toEqual([]);
  });

  it('keeps nothing when the user refuses access to the site, and says how to try again', async () => {
    apis.answer(false);
    await mount();
    await act(() => type('https://help.example.com/tickets/{id}'));
    submit();
    await vi.waitFor(() => expect(root.querySelector('.add-pattern [role="alert"]')?.textContent).toBe(
      'Steward was not allowed on help.example.com. To use it there, choose Enable again and click Allow when your browser asks.',
    ));
    expect(await customPatternsItem.getValue()).toEqual([]);
    expect(apis.registered.size).toBe(0);
  });
});

describe('options: sites', () => {
  it('lists the sites Steward is on for and turns one off', async () => {
    apis.granted.add('https://rt.example.com/*');
    await dispatch({ type: 'site:enable', payload: { origin: 'https://rt.example.com' } }, {});
    await mount();
    await vi.waitFor(() => expect(root.querySelector('[aria-label="Sites Steward is on for"]')?.textContent).toContain('https://rt.example.com'));
    await act(async () => root.querySelector<HTMLButtonElement>('[aria-label="Disable Steward on https://rt.example.com"]')!.click());
    await vi.waitFor(() => expect(root.querySelector('[aria-label="Sites Steward is on for"]')).toBeNull());
    expect(await enabledSitesItem.getValue()).toEqual([]);
    expect(apis.registered.size).toBe(0);
    expect(apis.granted.has('https://rt.example.com/*')).toBe(false);
  });
});
