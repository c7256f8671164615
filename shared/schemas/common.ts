import * as v from 'valibot';

/** A required, trimmed line of text with a maximum length. */
export const Text = (max: number, required = 'is required') =>
  v.pipe(v.string('must be text'), v.trim(), v.minLength(1, required), v.maxLength(max, `must be at most ${max} characters`));

/** Optional free text; an empty string means "none". */
export const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(max, `must be at most ${max} characters`)));

export const Uuid = v.pipe(v.string('must be text'), v.uuid('must be a UUID'));

/** Ids the Worker makes (UUIDs); a wrong one in a path is simply "not found". */
export const IdParam = v.object({ id: v.pipe(v.string(), v.maxLength(64, 'is not a valid id')) });

/** Calendar date (YYYY-MM-DD). */
export const IsoDate = v.pipe(v.string('must be text'), v.isoDate('must be a date like 2026-12-31'));

export const PAGE_MAX = 200;

/** `?limit=&cursor=` on every list. */
export const PageQuery = {
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(PAGE_MAX, `must be at most ${PAGE_MAX}`)),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200, 'is not a valid cursor'))),
};

/** A page of results; `nextCursor` is null on the last page. */
export const Page = <T extends v.GenericSchema>(item: T) => v.object({ items: v.array(item), nextCursor: v.nullable(v.string()) });
