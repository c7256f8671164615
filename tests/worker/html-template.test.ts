import { describe, expect, it } from 'vitest';
import { html, join, raw } from '../../worker/lib/html';
import { simplePage } from '../../worker/report/html';

// Pages and emails are written with one auto-escaping template: text put into it shows as
// text wherever it lands (element or attribute), and raw markup is the marked exception.

const HOSTILE = `"><script>alert('x')</script>&amp;`;
const SHOWN = '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;';

describe('the page template', () => {
  it('escapes text in elements and attributes, and nested pieces only once', () => {
    const link = html`<a href="/x?q=${HOSTILE}">${HOSTILE}</a>`;
    expect(String(html`<p>${link}</p>`)).toBe(`<p><a href="/x?q=${SHOWN}">${SHOWN}</a></p>`);
  });

  it('passes raw markup and numbers through, and leaves out null, undefined and false', () => {
    expect(String(html`${raw('<b>&middot;</b>')} ${3} ${null}${undefined}${false}|`)).toBe('<b>&middot;</b> 3 |');
  });

  it('flattens lists, escaping each text in them', () => {
    expect(String(html`<ul>${['<a>', 'b'].map((t) => html`<li>${t}</li>`)}</ul>`)).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  });

  it('joins the facts that are there with a separator', () => {
    expect(String(html`${join(['<x>', '', null, html`<i>y</i>`, false, 'z'], ' &middot; ')}`)).toBe('&lt;x&gt; &middot; <i>y</i> &middot; z');
  });

  it('renders synchronously: a promise given to it is refused', () => {
    expect(() => html`${Promise.resolve('late') as unknown as string}`).toThrow(/promise/);
  });
});

describe('simple pages', () => {
  it('show a hostile title, paragraph and extra piece as text', () => {
    const page = simplePage(HOSTILE, [HOSTILE], html`<form action="/r/${HOSTILE}"></form>`);
    expect(page).not.toContain('<script>');
    expect(page).toContain(`<title>${SHOWN}</title>`);
    expect(page).toContain(`<h1>${SHOWN}</h1><p>${SHOWN}</p><form action="/r/${SHOWN}"></form></body>`);
    expect(typeof page).toBe('string');
  });
});
