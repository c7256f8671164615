// The script on self-hosted and enabled sites carries no tool's readers: it asks the background
// (`ticket:readers`), which runs the recognised tool's readers into the very frame that asked.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../extension/core/background/handlers';

let injected: unknown[];
beforeEach(() => {
  fakeBrowser.reset();
  injected = [];
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (injection: unknown) => {
    injected.push(injection);
    return [];
  }) as never);
});

describe('loading a tool’s readers into a ticket page', () => {
  it('runs the tool’s readers in the tab and frame that asked', async () => {
    expect(await dispatch({ type: 'ticket:readers', payload: { tool: 'rt' } }, { tab: { id: 5 }, frameId: 3 })).toEqual({ tool: 'rt' });
    expect(injected).toEqual([{ target: { tabId: 5, frameIds: [3] }, files: ['/readers/rt.js'] }]);
  });

  it('refuses a tool it has no readers for, and a request from no page, running nothing', async () => {
    expect(await dispatch({ type: 'ticket:readers', payload: { tool: 'custom' } }, { tab: { id: 5 }, frameId: 0 })).toMatchObject({ __stewardError: true, code: 'validation_failed' });
    expect(await dispatch({ type: 'ticket:readers', payload: { tool: '../background' } }, { tab: { id: 5 }, frameId: 0 })).toMatchObject({ __stewardError: true, code: 'validation_failed' });
    expect(await dispatch({ type: 'ticket:readers', payload: { tool: 'rt' } }, {})).toMatchObject({ __stewardError: true, code: 'validation_failed' });
    expect(injected).toEqual([]);
  });
});
