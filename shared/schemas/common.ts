import * as v from 'valibot';
import { isHttpUrl } from '../links';

export { isHttpUrl, safeHref } from '../links';

/**
 * Control characters (C0, DEL, C1, and the Unicode line and paragraph separators). A name
 * or title ends up in email headers and subjects, where a line break starts a new header.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ONE_LINE = 'must be on one line, without line breaks or control characters';

/** True when the text holds no line break or other control character. */
const isOneLine = (s: string): boolean => !CONTROL.test(s);

/**
 * A required, trimmed line of text with a maximum length: names, titles, companies, units.
 * Refuses line breaks and control characters (these reach email headers and subjects).
 */
export const Text = (max: number, required = 'is required') =>
  v.pipe(v.string('must be text'), v.trim(), v.minLength(1, required), v.maxLength(max, `must be at most ${max} characters`), v.check(isOneLine, ONE_LINE));

/** An optional line of text (see `Text`); an empty string means "none". */
export const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(max, `must be at most ${max} characters`), v.check(isOneLine, ONE_LINE)));

/** A web address (http or https only) of at most `max` characters. */
export const HttpUrl = (max = 2048) =>
  v.pipe(
    v.string('must be text'),
    v.trim(),
    v.maxLength(max, `must be at most ${max} characters`),
    v.url('must be a full web address starting with https:// or http://'),
    v.check(isHttpUrl, 'must be a web address starting with https:// or http://'),
  );

/** Ids the Worker makes (UUIDs); a wrong one in a path is simply "not found". */
export const IdParam = v.object({ id: v.pipe(v.string(), v.maxLength(64, 'is not a valid id')) });

/** Calendar date (YYYY-MM-DD). */
export const IsoDate = v.pipe(v.string('must be text'), v.isoDate('must be a date like 2026-12-31'));

const PAGE_MAX = 200;

/** `?limit=&cursor=` on every list. */
export const PageQuery = {
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(PAGE_MAX, `must be at most ${PAGE_MAX}`)),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200, 'is not a valid cursor'))),
};

/** A page of results; `nextCursor` is null on the last page. */
export const Page = <T extends v.GenericSchema>(item: T) => v.object({ items: v.array(item), nextCursor: v.nullable(v.string()) });
