/**
 * The one way Steward puts UI into a host page: a custom element whose open shadow root
 * holds its own styles (sizes in px, so the page's `rem` cannot leak in) and a container.
 * The stylesheet is inlined: no request, no web-accessible file a page could probe for.
 */
export interface ShadowMount {
  host: HTMLElement;
  container: HTMLElement;
  remove(): void;
}

export function mountInShadow(tag: string, css: string, containerClass: string): ShadowMount {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  // `all: initial` stops the page's inherited styles (font, colour, line-height) at the door.
  style.textContent = `:host{all:initial!important}${css}`;
  const container = document.createElement('div');
  container.className = containerClass;
  root.append(style, container);
  (document.body ?? document.documentElement).append(host);
  return { host, container, remove: () => host.remove() };
}
