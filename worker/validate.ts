import { validator } from 'hono/validator';
import * as v from 'valibot';
import { issuesToFields } from '../shared/schemas';
import { ApiError } from './errors';

type Target = 'json' | 'query' | 'param';

const WHAT: Record<Target, string> = {
  json: 'The request body',
  query: 'The query string',
  param: 'The address',
};

/**
 * Validates one part of the request against a shared valibot schema. A failure is a 400
 * that names every wrong field, so the extension can show each message beside its field.
 */
export function validate<T extends Target, S extends v.GenericSchema>(target: T, schema: S) {
  return validator(target, async (value, c) => {
    if (target === 'json') {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json/i.test(type)) {
        throw new ApiError(400, 'bad_request', 'Send the body as JSON with the header Content-Type: application/json.');
      }
    }
    const result = await v.safeParseAsync(schema, value);
    if (!result.success) {
      const fields = issuesToFields(result.issues);
      const list = Object.entries(fields).map(([field, message]) => `${field === '(body)' ? 'it' : field} ${message}`).join('; ');
      throw new ApiError(400, 'validation_failed', `${WHAT[target]} has errors: ${list}.`, fields);
    }
    return result.output as v.InferOutput<S>;
  });
}
