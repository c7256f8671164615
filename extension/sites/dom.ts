/**
 * Small DOM readers the site adapters share. Host apps hide what we read in three ways
 * besides plain markup: form controls (the value is a property, not text), open shadow roots
 * (ServiceNow's Next Experience, built from web components) and same-origin frames
 * (ServiceNow classic's `gsft_main`). Every helper returns undefined or null rather than
 * throwing, so one broken selector never hides a ticket.
 */

type Scope = Document | Element | ShadowRoot;

/** Collapses whitespace and trims; undefined for empty text. */
export function clean(text: string | null | undefined, max = 500): string | undefined {
  const value = text?.replace(/\s+/g, ' ').trim();
  return value ? value.slice(0, max) : undefined;
}

/**
 * What an element shows a person: the chosen option of a select, the value of an input or
 * textarea (their text content is empty), otherwise its text.
 */
export function shownText(el: Element | null | undefined, max = 500): string | undefined {
  if (!el) return undefined;
  const tag = el.tagName.toLowerCase();
  if (tag === 'select') {
    const select = el as HTMLSelectElement;
    const option = select.selectedOptions?.[0] ?? select.options?.[select.selectedIndex];
    return clean(option?.textContent, max);
  }
  if (tag === 'input' || tag === 'textarea') return clean((el as HTMLInputElement).value, max);
  return clean(el.textContent, max);
}

/** `shownText` of the first element matching `selectors` in `scope` (light DOM only). */
export function textAt(scope: Scope | null | undefined, selectors: string, max = 500): string | undefined {
  return shownText(scope?.querySelector(selectors), max);
}

/**
 * The first of several readers that yields text; later ones are fallbacks for older UIs. A
 * reader that throws (the host page changed under it) just yields nothing.
 */
export function firstText(...reads: Array<() => string | undefined>): string | undefined {
  for (const read of reads) {
    try {
      const value = read();
      if (value) return value;
    } catch {
      // next fallback
    }
  }
  return undefined;
}

/**
 * Every scope under `root`: itself, then each open shadow root below it, depth first. Closed
 * shadow roots are invisible to page scripts and to content scripts alike.
 */
function* scopesUnder(root: Scope): Generator<Document | Element | ShadowRoot> {
  yield root;
  if ('shadowRoot' in root && root.shadowRoot) yield* scopesUnder(root.shadowRoot);
  const all = root.querySelectorAll('*');
  for (let i = 0; i < all.length; i++) {
    const shadow = all[i]!.shadowRoot;
    if (shadow) yield* scopesUnder(shadow);
  }
}

/**
 * The first element matching `selectors` under `root`, looking through open shadow roots.
 * A selector never crosses a shadow boundary (as in the browser), so chain calls to walk a
 * component tree: `deepQuery(deepQuery(doc, 'host-a'), 'inner')`.
 */
export function deepQuery(root: Scope | null | undefined, selectors: string): Element | null {
  if (!root) return null;
  for (const scope of scopesUnder(root)) {
    const hit = scope.querySelector(selectors);
    if (hit) return hit;
  }
  return null;
}

/** Every element matching `selectors` under `root`, shadow roots included. */
export function deepQueryAll(root: Scope | null | undefined, selectors: string): Element[] {
  if (!root) return [];
  const found: Element[] = [];
  for (const scope of scopesUnder(root)) found.push(...Array.from(scope.querySelectorAll(selectors)));
  return found;
}

/**
 * The loaded document of a same-origin frame whose id or name is `name`, wherever it sits
 * (also inside open shadow roots), with its current URL. Null while it is blank, and for a
 * cross-origin frame, whose document the browser withholds.
 */
export function frameDocument(doc: Document, name: string): { url: string; doc: Document } | null {
  const selector = `iframe[id="${name}"], iframe[name="${name}"], frame[name="${name}"]`;
  const frame = (doc.querySelector(selector) ?? deepQuery(doc, selector)) as HTMLIFrameElement | null;
  let inner: Document | null = null;
  try {
    inner = frame?.contentDocument ?? null;
  } catch {
    return null; // some engines throw instead of returning null across origins
  }
  if (!inner) return null;
  const url = inner.URL;
  return url && url !== 'about:blank' ? { url, doc: inner } : null;
}

/**
 * The value shown beside a label, for forms laid out as label/value pairs (`<th>Status:</th>
 * <td>Open</td>`, `<label>State</label><select>`): finds an element matching `labels` whose
 * text is `name` (an optional trailing colon allowed), then the nearest value after it.
 */
export function valueBesideLabel(scope: Scope | null | undefined, labels: string, name: string, max = 100): string | undefined {
  if (!scope) return undefined;
  const wanted = name.toLowerCase();
  const candidates = scope.querySelectorAll(labels);
  for (let i = 0; i < candidates.length; i++) {
    const label = candidates[i]!;
    if (clean(label.textContent)?.replace(/:$/, '').trim().toLowerCase() !== wanted) continue;
    const target = label.getAttribute('for');
    const byFor = target ? label.ownerDocument.getElementById(target) : null;
    const value = shownText(byFor ?? label.nextElementSibling, max);
    if (value) return value;
  }
  return undefined;
}

/** `value` quoted for a CSS attribute selector, e.g. `[data-id=${quoted(id)}]`. */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * For forms built of field containers that each hold a label and a widget: the text of the
 * widget (`value`) in the field whose label (`label`) reads `name`, optional colon or required
 * marker allowed.
 */
export function fieldValue(scope: Scope | null | undefined, fields: string, label: string, name: string, value: string, max = 100): string | undefined {
  if (!scope) return undefined;
  const wanted = name.toLowerCase();
  const all = scope.querySelectorAll(fields);
  for (let i = 0; i < all.length; i++) {
    const field = all[i]!;
    const text = clean(field.querySelector(label)?.textContent)?.replace(/[:*\s]+$/, '').toLowerCase();
    if (text === wanted) {
      const shown = textAt(field, value, max);
      if (shown) return shown;
    }
  }
  return undefined;
}

// A moment written with its zone: ISO 8601 ("2026-11-20T08:14:00Z", Jira's "…+0100") or RFC 2822
// ("Fri, 20 Nov 2026 08:14:00 +0000"). Anything else ("3 hours ago", "2026-11-20 08:14", RT's
// default "Fri Nov 20 08:14:00 2026") is in a zone the page does not state: it could be hours off.
const ZONED = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?( ?[+-]\d\d:?\d\d|Z)$|^(\w{3}, )?\d\d? \w{3} \d{4} \d\d:\d\d(:\d\d)? ([+-]\d{4}|GMT|UTC)$/i;

/** The moment `value` states, as ISO 8601 in UTC, or undefined unless it names its zone. */
export function moment(value: string | null | undefined): string | undefined {
  const v = value?.trim() ?? '';
  if (!ZONED.test(v)) return undefined;
  // Spelled the way every engine parses: "+0100" as "+01:00", a "T" between date and time.
  const t = Date.parse(/^\d/.test(v) ? v.replace(/ ?([+-]\d\d):?(\d\d)$/, '$1:$2').replace(' ', 'T') : v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * The moment the first element matching `selectors` states: its `datetime` (`<time>`,
 * `<relative-time>`), `data-time`, `title`, or text, whichever names its zone.
 */
export function timeAt(scope: Scope | null | undefined, selectors: string): string | undefined {
  const el = scope?.querySelector(selectors);
  return el ? [el.getAttribute('datetime'), el.getAttribute('data-time'), el.getAttribute('title'), el.textContent].map(moment).find(Boolean) : undefined;
}

/**
 * The chosen option of a select, unless it is the empty choice apps use for "nobody" or
 * "none" (Zammad's "-", Syncro's "Unassigned"), whose value is empty.
 */
export function chosen(scope: Scope | null | undefined, selectors: string): string | undefined {
  const select = scope?.querySelector<HTMLSelectElement>(selectors);
  return select?.value ? shownText(select) : undefined;
}
