import * as v from 'valibot';

export const ERROR_CODES = [
  'bad_request', 'validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict',
  'payload_too_large', 'unprocessable', 'rate_limited', 'internal',
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

/** Valibot's default wording for a missing or unknown key is not for people; say it plainly. */
function plainMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.expected === 'never') return 'is not a known field; remove it';
  if (issue.kind === 'schema' && issue.received === 'undefined') return 'is required';
  if (issue.message.startsWith('Invalid type: Expected')) return `must be ${issue.expected}`;
  return issue.message;
}

/** Turns valibot issues into `{ "a.b": "message" }`, one message per field (the first). */
export function issuesToFields(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join('.') || '(body)';
    if (!(path in fields)) fields[path] = plainMessage(issue);
  }
  return fields;
}
