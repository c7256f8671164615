import type { TicketRef } from '../schemas/ticket';
import { hostTenant } from './types';

/**
 * User-defined ticket addresses, for tools Steward does not know. A pattern is either a
 * template — the ticket's address with `{id}` where the ticket number goes, and `*` for
 * "anything here" — or a regular expression written `/…/` with a group named `id`:
 *
 *   https://help.example.com/tickets/{id}
 *   https://desk.example.com/view.php?ticket={id}
 *   https://desk.example.com/#/cases/{id}
 *   /^https:\/\/help\.example\.com\/t\/(?<id>\d+)/
 *
 * A pattern names exactly one site (scheme and host written out), because the extension
 * must ask for access to that site before it can read its pages.
 */
export const PATTERN_EXAMPLE = 'https://help.example.com/tickets/{id}';

export interface CustomPattern {
  kind: 'template' | 'regex';
  /** The site the pattern belongs to, e.g. `https://help.example.com` (port kept). */
  origin: string;
  /** The ticket id in `url`, or null when the URL is not one of this pattern's tickets. */
  match(url: URL): string | null;
  /** The checked pattern as data, for the ticket script (see `PatternMatcher`). */
  matcher: PatternMatcher;
}

/**
 * A checked pattern as plain data: regular expressions' sources (matched ignoring case) and
 * the site. The background checks the saved patterns once and stores these
 * (extension/core/background/custom-matchers.ts), so the script in ticket pages matches
 * addresses with `customTicketOf` and carries no compiler.
 */
export type PatternMatcher =
  /** A template: its path, named query parameters and hash, each matched whole. */
  | { origin: string; path: string; params: Array<[name: string, value: string]>; hash: string | null }
  /** A regular expression over the whole address, with its flags. */
  | { origin: string; regex: string; flags: string };

export type PatternCheck = { ok: true; pattern: CustomPattern } | { ok: false; error: string };

/**
 * What is wrong with a pattern, as a code: the ticket script compiles saved patterns on every
 * page and needs no words, so the messages (below) stay out of it.
 */
type Problem =
  | 'empty' | 'scheme' | 'no-id' | 'two-ids' | 'no-site' | 'site-wildcard' | 'bad-site' | 'credentials' | 'param-wildcard'
  | 'slashes' | 'flags' | 'bad-regex' | 'no-group' | 'regex-site' | 'regex-bad-site';
type Compiled = { ok: true; matcher: PatternMatcher } | { ok: false; problem: Problem; detail?: string };

const REGEX_EXAMPLE = '/^https:\\/\\/help\\.example\\.com\\/t\\/(?<id>\\d+)/';

/** What a person reads when a pattern is refused: what is wrong and how to write it instead. */
const MESSAGES: Record<Problem, (detail: string) => string> = {
  empty: () => `is empty: type the address of one ticket with {id} where its number goes, e.g. ${PATTERN_EXAMPLE}`,
  scheme: () => `must start with https:// (or http://), e.g. ${PATTERN_EXAMPLE}`,
  'no-id': () => `must contain {id} where the ticket number goes, e.g. ${PATTERN_EXAMPLE}`,
  'two-ids': () => 'must contain {id} only once',
  'no-site': (scheme) => `must name the site after ${scheme}, e.g. ${PATTERN_EXAMPLE}`,
  'site-wildcard': (authority) => `must write the site (${authority}) out in full: {id} and * belong after it`,
  'bad-site': (authority) => `is not a valid web address: "${authority}" is not a site name`,
  credentials: () => 'must not contain a user name or password',
  'param-wildcard': (key) => `must write the parameter name "${key}" out; {id} goes in its value, e.g. ?id={id}`,
  slashes: () => `a regular expression must be written between slashes, e.g. ${REGEX_EXAMPLE}`,
  flags: () => 'only the i flag is supported after the closing slash',
  'bad-regex': (why) => `is not a valid regular expression: ${why}`,
  'no-group': () => 'must capture the ticket number in a group named id, e.g. (?<id>\\d+)',
  'regex-site': () => `must start with ^https:// and the site written out in lowercase, e.g. ${REGEX_EXAMPLE}`,
  'regex-bad-site': () => 'names a site that is not a valid web address',
};

/** Ticket ids as tools write them (`42`, `INC0012345`, `OPS-7`); never spaces or colons, which a ticket key cannot hold. */
const ID_PUNCTUATION = '._~-';
const VALID_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

const fail = (problem: Problem, detail?: string): Compiled => ({ ok: false, problem, ...(detail === undefined ? {} : { detail }) });
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A template part as a regular expression: `{id}` captures the id, `*` matches anything.
 * The id ends where the character written after `{id}` appears (`/t/{id}-*` on
 * `/t/42-printer-jams` is 42), and otherwise takes all it can (`/t/{id}*` on `/t/42/edit`).
 */
function partRegExp(part: string): string {
  const [before, after] = part.split('{id}');
  const literal = (piece: string) => piece.split('*').map(escapeRegExp).join('.*');
  if (after === undefined) return literal(before!);
  const next = after[0] ?? '';
  // `-` stays last in the class, where it is literal.
  const punctuation = ID_PUNCTUATION.replace(next, '');
  return `${literal(before!)}(?<id>[A-Za-z0-9${punctuation}]+)${literal(after)}`;
}

function cleanId(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let id = raw;
  try {
    id = decodeURIComponent(raw);
  } catch {
    // a stray % in the address: keep the id as written
  }
  return VALID_ID.test(id) ? id : null;
}

function compileTemplate(input: string): Compiled {
  const scheme = /^(https?):\/\//i.exec(input);
  if (!scheme) return fail('scheme');
  const occurrences = input.split('{id}').length - 1;
  if (occurrences === 0) return fail('no-id');
  if (occurrences > 1) return fail('two-ids');

  const afterScheme = input.slice(scheme[0].length);
  const authorityEnd = afterScheme.search(/[/?#]/);
  const authority = authorityEnd === -1 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const rest = authorityEnd === -1 ? '/' : afterScheme.slice(authorityEnd);
  if (!authority) return fail('no-site', scheme[0]);
  if (/[{}*]/.test(authority)) return fail('site-wildcard', authority);
  let site: URL;
  try {
    site = new URL(`${scheme[1]!.toLowerCase()}://${authority}/`);
  } catch {
    return fail('bad-site', authority);
  }
  if (site.username || site.password) return fail('credentials');

  // Split the rest like a URL: path, then ?query, then #hash.
  const hashAt = rest.indexOf('#');
  const beforeHash = hashAt === -1 ? rest : rest.slice(0, hashAt);
  const hash = hashAt === -1 ? null : rest.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = (queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt)) || '/';
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);

  // Paths match whole (a trailing slash aside); ticket tools on IIS ignore case, so we do too.
  const params: Array<[string, string]> = [];
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    if (/[{}*]/.test(key)) return fail('param-wildcard', key);
    params.push([key.toLowerCase(), `^${partRegExp(value)}$`]);
  }
  const whole = (part: string) => `^${partRegExp(part.replace(/\/$/, ''))}/?$`;
  return { ok: true, matcher: { origin: site.origin, path: whole(path), params, hash: hash === null ? null : whole(hash) } };
}

/** `^https://host(:port)` at the start of a regular expression, with the host written out. */
const REGEX_SITE = /^\^(https?):(?:\\\/|\/)(?:\\\/|\/)((?:[a-z0-9-]|\\\.)+)(?::(\d{1,5}))?(?=$|\\\/|\/|\\\?|\?|#|\$)/;

function compileRegex(input: string): Compiled {
  const close = input.lastIndexOf('/');
  if (close <= 0) return fail('slashes');
  const source = input.slice(1, close);
  const flags = input.slice(close + 1);
  if (!/^i?$/.test(flags)) return fail('flags');
  try {
    new RegExp(source, flags);
  } catch (err) {
    return fail('bad-regex', (err as Error).message);
  }
  if (!source.includes('(?<id>')) return fail('no-group');
  const site = REGEX_SITE.exec(source);
  if (!site) return fail('regex-site');
  let origin: string;
  try {
    origin = new URL(`${site[1]}://${site[2]!.replaceAll('\\.', '.')}${site[3] ? `:${site[3]}` : ''}/`).origin;
  } catch {
    return fail('regex-bad-site');
  }
  return { ok: true, matcher: { origin, regex: source, flags } };
}

function compile(input: string): Compiled {
  const text = input.trim();
  if (!text) return fail('empty');
  return text.startsWith('/') ? compileRegex(text) : compileTemplate(text);
}

/** The ticket id `url` holds by one checked pattern, or null. */
function matchId(m: PatternMatcher, url: URL): string | null {
  if ('regex' in m) return cleanId(new RegExp(m.regex, m.flags).exec(url.href)?.groups?.id);
  // Same scheme, host and port (a URL's origin writes its host in lower case).
  if (url.origin !== m.origin) return null;
  let id: string | undefined;
  const take = (source: string, text: string): boolean => {
    const found = new RegExp(source, 'i').exec(text);
    if (found) id ??= found.groups?.id;
    return !!found;
  };
  if (!take(m.path, url.pathname)) return null;
  // Other parameters may come and go (tabs, filters); the named ones must be there.
  for (const [name, value] of m.params) {
    const found = [...url.searchParams].find(([k]) => k.toLowerCase() === name);
    if (!found || !take(value, found[1])) return null;
  }
  if (m.hash !== null && !take(m.hash, url.hash)) return null;
  return cleanId(id);
}

/** Checks what a person typed; the error says what is wrong and how to write it instead. */
export function compileCustomPattern(input: string): PatternCheck {
  const check = compile(input);
  if (!check.ok) return { ok: false, error: MESSAGES[check.problem](check.detail ?? '') };
  const { matcher } = check;
  return { ok: true, pattern: { kind: 'regex' in matcher ? 'regex' : 'template', origin: matcher.origin, matcher, match: (url) => matchId(matcher, url) } };
}

/**
 * The ticket a page shows according to the user's checked patterns (the first that matches),
 * or null.
 */
export function customTicketOf(url: string, matchers: readonly PatternMatcher[]): TicketRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  for (const matcher of matchers) {
    let ticketId: string | null = null;
    try {
      ticketId = matchId(matcher, parsed);
    } catch {
      // Checked when saved, so it compiles; a browser that reads a regular expression differently skips it.
    }
    if (ticketId) return { tool: 'custom', tenant: hostTenant(parsed), ticketId, url: parsed.href, observedAt: new Date().toISOString() };
  }
  return null;
}

/**
 * `customTicketOf` with patterns as typed. Patterns that no longer compile are skipped: they
 * were checked when saved.
 */
export function detectCustomTicket(url: string, patterns: readonly string[]): TicketRef | null {
  return customTicketOf(url, patterns.flatMap((text) => {
    const check = compile(text);
    return check.ok ? [check.matcher] : [];
  }));
}
