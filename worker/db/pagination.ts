/** Keyset pagination over (timestamp, id), newest first: stable while rows are added. */
export interface Cursor {
  at: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify([c.at, c.id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The cursor a client sent back, or null when it is not one of ours. */
export function decodeCursor(value: string | undefined): Cursor | null | 'invalid' {
  if (!value) return null;
  try {
    const [at, id] = JSON.parse(atob(value.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {}
  return 'invalid';
}

/** Rows were fetched with LIMIT limit + 1: the extra row proves there is a next page. */
export function pageOf<R, T>(rows: R[], limit: number, key: (r: R) => Cursor, map: (r: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(map), nextCursor: more ? encodeCursor(key(page[page.length - 1]!)) : null };
}
