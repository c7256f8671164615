import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Session } from '../../../extension/ui/admin/forms';
import { fakeWorker, signIn, WORKER_URL, type FakeWorker } from './fake-worker';
import { wireBackground } from './background';

/**
 * An options page wired like the real one: the page's messages reach the real background
 * handlers, whose typed client calls `fetch` — answered here by a fake Worker.
 */
export async function setUpPage(opts: Parameters<typeof fakeWorker>[0] = {}) {
  fakeBrowser.reset();
  const worker = fakeWorker(opts);
  vi.stubGlobal('fetch', worker.fetch);
  wireBackground();
  await signIn(worker);
  const root = document.createElement('div');
  document.body.append(root);
  return { worker, root, session: sessionOf(worker) };
}

export function sessionOf(worker: FakeWorker, member = worker.members[0]!): Session {
  return { workerUrl: WORKER_URL, member, workspace: worker.workspace, revoked: false };
}

export function tearDown(root: HTMLElement) {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
}

export async function mount(root: HTMLElement, ui: ComponentChild) {
  await act(async () => {
    render(ui, root);
  });
}

/** The control a visible label names (by its exact text), within `scope`. */
export function byLabel<T extends HTMLElement = HTMLInputElement>(scope: ParentNode, label: string): T {
  const l = [...scope.querySelectorAll('label')].find((x) => x.textContent?.trim() === label);
  if (!l) throw new Error(`No label "${label}"`);
  const control = l.htmlFor ? (l.ownerDocument.getElementById(l.htmlFor) as T | null) : l.querySelector<T>('input, select, textarea');
  if (!control) throw new Error(`Label "${label}" names no control`);
  return control;
}

export function button(scope: ParentNode, name: string): HTMLButtonElement {
  const b = [...scope.querySelectorAll('button')].find((x) => x.getAttribute('aria-label') === name || x.textContent?.trim() === name);
  if (!b) throw new Error(`No button "${name}" in: ${[...scope.querySelectorAll('button')].map((x) => x.getAttribute('aria-label') ?? x.textContent).join(' | ')}`);
  return b;
}

export async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function choose(el: HTMLSelectElement, value: string) {
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function click(el: HTMLElement) {
  await act(async () => {
    el.click();
  });
}

/** Submits the form a control belongs to, as pressing Enter in it would. */
export async function submit(el: HTMLElement) {
  const form = el.closest('form')!;
  await act(async () => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

export function section(root: ParentNode, headingText: string): HTMLElement {
  const h = [...root.querySelectorAll('h2, h3')].find((x) => x.textContent?.trim() === headingText);
  if (!h) throw new Error(`No heading "${headingText}"`);
  return h.closest('section')!;
}

/** Waits until `probe` stops throwing (messages and the fake Worker answer asynchronously). */
export const until = (probe: () => void) => vi.waitFor(probe, { timeout: 3000, interval: 10 });

export const text = (el: ParentNode) => (el as HTMLElement).textContent?.replace(/\s+/g, ' ').trim() ?? ''
