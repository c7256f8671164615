import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody, ErrorCode } from '../shared/schemas';

/** An error the caller can act on; rendered as `{ error: { code, message, fields? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} was not found.`);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);

export function errorBody(code: string, message: string, fields?: Record<string, string>, extra?: Record<string, unknown>): ApiErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}), ...(extra ?? {}) } };
}

/** The one error handler: known errors keep their status, anything else is a logged 500. */
export function onError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.fields, err.extra), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
    // Hono's own wording for a body that does not parse; say what to check.
    const message = /^Malformed JSON/i.test(err.message)
      ? 'The request body is not valid JSON: check for a missing quote, comma or bracket, and send it again.'
      : err.message || 'The request could not be read.';
    return c.json(errorBody(code, message), status as ContentfulStatusCode);
  }
  console.error('Unhandled error', err);
  return c.json(errorBody('internal', 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.'), 500);
}
