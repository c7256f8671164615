/**
 * The one way pages and emails are written: Hono's `html` template, which escapes every
 * value put into it. Raw HTML is the marked exception (`raw`, for trusted constants such
 * as a stylesheet), never the default, so a forgotten escape cannot become an injection.
 */
import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export { raw };
export type Html = HtmlEscapedString;

/**
 * What a template takes: text (escaped), numbers, already-built HTML, lists of those, and
 * nothing for `null`, `undefined` and `false`. Not `true`: Hono drops booleans, so a
 * boolean attribute value must be written out as text.
 */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

/**
 * `html` that stays synchronous. Hono's returns a promise when a value is one; nothing
 * here awaits while rendering, and the email's size budget measures the finished string.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('A page template was given a promise: resolve it before rendering.');
  return out;
}

/**
 * The items that are not empty, with `separator` (trusted markup, e.g. ' &middot; ')
 * between them: a line of facts where any fact may be missing.
 */
export function join(items: readonly HtmlValue[], separator: string): Html[] {
  const sep = raw(separator);
  return items
    .filter((i) => i !== null && i !== undefined && i !== false && String(i) !== '')
    .flatMap((item, n) => (n ? [sep, html`${item}`] : [html`${item}`]));
}
