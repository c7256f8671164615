import { act } from 'preact/test-utils';

/** Small DOM helpers for component tests: find by visible words, act as a person would. */
export const click = (el: HTMLElement) => act(async () => el.click());

export function buttonIn(el: ParentNode, name: string | RegExp): HTMLButtonElement {
  const found = [...el.querySelectorAll('button')].find((b) => {
    const words = [b.textContent ?? '', b.getAttribute('aria-label') ?? ''];
    return words.some((w) => (typeof name === 'string' ? w === name : name.test(w)));
  });
  if (!found) throw new Error(`No button ${name} in: ${[...el.querySelectorAll('button')].map((b) => b.textContent).join(' | ')}`);
  return found;
}

export const hasButton = (el: ParentNode, name: string) => [...el.querySelectorAll('button')].some((b) => b.textContent === name);

/** Types into a field (or picks in a select) the way the browser reports it. */
export const type = (el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) =>
  act(async () => {
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });

export const key = (el: Element, k: string, ctrl = false) =>
  act(async () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: ctrl, bubbles: true }));
  });

/** The control a label names (by its text, or a pattern), within `scope`. */
export function labelled<T extends HTMLElement = HTMLInputElement>(scope: ParentNode, label: string | RegExp): T {
  const l = [...scope.querySelectorAll('label')].find((x) => (typeof label === 'string' ? x.textContent?.trim() === label : label.test(x.textContent ?? '')));
  if (!l) throw new Error(`No label ${label} in: ${[...scope.querySelectorAll('label')].map((x) => x.textContent).join(' | ')}`);
  const control = l.htmlFor ? (l.ownerDocument.getElementById(l.htmlFor) as T | null) : l.querySelector<T>('input, select, textarea');
  if (!control) throw new Error(`Label ${label} names no control`);
  return control;
}

/** A definition list as { term: description }. */
export const facts = (el: Element) =>
  Object.fromEntries([...el.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));

export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
