import * as v from 'valibot';

const ERROR_CODES = [
  'bad_request', 'validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict',
  'payload_too_large', 'unprocessable', 'rate_limited', 'bad_gateway', 'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every API error has this shape; `fields` maps a field path to what is wrong with it. */
export const ApiErrorBodySchema = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    fields: v.optional(v.record(v.string(), v.string())),
  }),
});
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBodySchema>;

const TYPE_WORDS: Record<string, string> = {
  Object: 'a JSON object, e.g. {"name": "…"}', Array: 'a list, e.g. ["…"]', string: 'text', number: 'a number', boolean: 'true or false', null: 'null',
};

/** "Object | null" → "a JSON object, e.g. {…} or null". */
function typeWords(expected: string | null): string {
  if (!expected) return 'of another type';
  return expected.split(' | ').map((t) => TYPE_WORDS[t] ?? t.replace(/^"(.*)"$/, '"$1"')).join(' or ');
}

/** Valibot's default wording ("Invalid length: Expected <=64 but received 75") is not for people; say it plainly. */
function plainMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.expected === 'never') return 'is not a known field; remove it';
  if (issue.kind === 'schema' && issue.received === 'undefined') return 'is required';
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  const limit = issue.requirement;
  switch (issue.type) {
    case 'min_length': return `must be at least ${String(limit)} characters long`;
    case 'max_length': return `must be at most ${String(limit)} characters long`;
    case 'min_value': return `must be at least ${String(limit)}`;
    case 'max_value': return `must be at most ${String(limit)}`;
    case 'email': return 'must be an email address, e.g. name@example.com';
    case 'url': return 'must be a full web address starting with https://';
    case 'uuid': return 'must be a UUID';
    case 'integer': return 'must be a whole number';
    case 'iso_date': return 'must be a date like 2026-12-31';
    case 'iso_timestamp': return 'must be a date and time like 2026-11-23T09:00:00Z';
    case 'picklist': return `must be one of: ${issue.expected?.split(' | ').join(', ') ?? 'the listed values'}`;
    default: return issue.kind === 'schema' ? `must be ${typeWords(issue.expected)}` : 'is not valid';
  }
}

/**
 * Turns valibot issues into `{ "a.b": "message" }`, one message per field (the first).
 * Built from a Map so that keys such as `__proto__` or `constructor` are kept as fields
 * (a plain object would swallow them and the message would name nothing).
 */
export function issuesToFields(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const fields = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join('.') || '(body)';
    if (!fields.has(path)) fields.set(path, plainMessage(issue));
  }
  return Object.fromEntries(fields);
}
