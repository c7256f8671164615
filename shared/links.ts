// Which addresses may become links. Pure, with no dependencies: the Worker's renderers and the
// extension's pages (which must not pull valibot in for this) both use it.

/**
 * Whether a stored or submitted address may become a link: only `http:` and `https:`.
 * `javascript:`, `data:`, `vbscript:` and the like are refused however they are written
 * (leading spaces, mixed case, tabs inside the scheme: the URL parser normalises them).
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The address to put in an `href`, or null when it is not a plain web address. */
export function safeHref(value: string | null | undefined): string | null {
  return value && isHttpUrl(value) ? value.trim() : null;
}
