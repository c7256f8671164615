import { html, type Html } from '../lib/html';

/**
 * A plain, self-contained page (no scripts, no external assets) for the web views: a title,
 * paragraphs of text, and `after` them an optional piece built with `html` (a form, a list).
 */
export function simplePage(title: string, paragraphs: string[], after?: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:640px;margin:48px auto;padding:0 20px;color:#111827}
h1{font-size:22px}p{color:#374151}@media (prefers-color-scheme:dark){body{background:#111827;color:#f3f4f6}p{color:#d1d5db}}</style>
</head><body><h1>${title}</h1>${paragraphs.map((p) => html`<p>${p}</p>`)}${after}</body></html>`.toString();
}

/** Headers for pages opened from a personal link: no scripts, no framing, no referrer leaking the link. */
export const PERSONAL_PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, no-store',
};
