import type { browser as Polyfilled } from 'wxt/browser';
import type { Envelope, MessageType, Protocol, TabNotice, WireError } from '../contract/messages';

/**
 * What the ticket script needs from the extension and from its own lifetime, without the
 * runtime WXT wraps content scripts in or the webextension-polyfill: this code is injected
 * into every ticket page, and it only reads `storage.local`, listens to `storage.onChanged`
 * and `runtime.onMessage`, and sends messages. Firefox has the promise-based `browser`
 * namespace natively, and so has Chromium from 148; before that, Chromium's `chrome`
 * namespace answers those same calls with promises in MV3 (storage since 88, sendMessage
 * since 99), which is all the polyfill would add for them.
 */
let namespace: typeof Polyfilled | undefined;

/**
 * That namespace, looked up on first use: the first call into the extension's APIs costs a page
 * more than drawing the badge's shell, so the shell is drawn before it (core/page/ticket-badge.ts).
 */
export function ext(): typeof Polyfilled {
  namespace ??= (globalThis as { browser?: typeof Polyfilled }).browser?.runtime?.id
    ? (globalThis as unknown as { browser: typeof Polyfilled }).browser
    : (globalThis as unknown as { chrome: typeof Polyfilled }).chrome;
  return namespace;
}

/**
 * One run of the ticket script in a page. It ends when the extension goes away under the page
 * (reloaded, updated, removed: `runtime.id` is gone), when a newer copy of the script starts in
 * the same page (the background injects one when a site is turned on), or when told to.
 */
export interface PageContext {
  readonly isValid: boolean;
  abort(reason: string): void;
  onInvalidated(cb: () => void): void;
  setTimeout(handler: () => void, ms: number): void;
  /** Calls `onChange` on the next task after the page's address changes within the page (client-side navigation). */
  onLocationChange(onChange: () => void): void;
  addEventListener(target: EventTarget, type: string, handler: (event: Event) => void, options?: AddEventListenerOptions): void;
}

interface NavigationLike {
  addEventListener(type: 'navigate', cb: (event: Event & { destination: { url: string } }) => void, options?: AddEventListenerOptions): void;
}

export function startPageContext(name: string): PageContext {
  const controller = new AbortController();
  const { signal } = controller;
  /** Whether this copy has said it started (below); until then it is the task the extension started it in. */
  let announced = false;
  const ctx: PageContext = {
    get isValid() {
      if (announced && ext().runtime?.id == null) controller.abort('The extension went away under this page');
      return !signal.aborted;
    },
    abort: (reason) => controller.abort(reason),
    onInvalidated: (cb) => signal.addEventListener('abort', cb),
    setTimeout(handler, ms) {
      const id = setTimeout(() => ctx.isValid && handler(), ms);
      ctx.onInvalidated(() => clearTimeout(id));
    },
    addEventListener: (target, type, handler, options) => target.addEventListener(type, handler, { ...options, signal }),
    onLocationChange(onChange) {
      let last = location.href;
      const changed = (url: string) => {
        if (url === last) return;
        last = url;
        // The Navigation API announces a navigation before the address changes: look on the next task.
        ctx.setTimeout(onChange, 0);
      };
      const navigation = (globalThis as { navigation?: NavigationLike }).navigation;
      if (typeof navigation?.addEventListener === 'function') {
        navigation.addEventListener('navigate', (event) => changed(event.destination.url), { signal });
      } else {
        const id = setInterval(() => ctx.isValid && changed(location.href), 1000);
        ctx.onInvalidated(() => clearInterval(id));
      }
    },
  };
  // A newer copy of this script in the same page replaces this one (never two badges), from the
  // task after it started: naming the event asks the extension for its id, a first call into its
  // APIs (a newer copy draws over the older one's badge meanwhile: core/page/ticket-badge.ts).
  setTimeout(() => {
    announced = true;
    if (!ctx.isValid) return;
    const started = `${ext().runtime.id}:${name}:started`;
    const self = Math.random().toString(36).slice(2);
    document.dispatchEvent(new CustomEvent(started, { detail: self }));
    ctx.addEventListener(document, started, (event) => {
      if ((event as CustomEvent<unknown>).detail !== self) controller.abort('A newer copy of the ticket script started');
    });
  }, 0);
  return ctx;
}

/** Notices the background pushes to this tab; answers how to stop listening. */
export function onTabNotice(listener: (notice: TabNotice) => void): () => void {
  const wrapped = (message: unknown) => {
    listener(message as TabNotice);
  };
  ext().runtime.onMessage.addListener(wrapped);
  return () => ext().runtime.onMessage.removeListener(wrapped);
}

/**
 * `send` (contract/messages.ts) for the ticket script, on the native namespace. The page only
 * reads answers that succeed and shows no error (the badge stays as it was), so a failure the
 * background reports back is thrown as a plain error: no error class in every ticket page.
 */
export async function sendFromPage<K extends MessageType>(type: K, payload: Protocol[K]['req']): Promise<Protocol[K]['res']> {
  const answer = (await ext().runtime.sendMessage({ type, payload } satisfies Envelope<K>)) as Partial<WireError> | undefined;
  if (answer?.__stewardError) throw new Error(answer.message);
  return answer as Protocol[K]['res'];
}
