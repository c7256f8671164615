import * as v from 'valibot';
import {
  AnnotationListSchema, AnnotationSchema, ApiErrorBodySchema, MeResponseSchema, RedeemResponseSchema,
  type Annotation, type AnnotationCreate, type AnnotationList, type MeResponse, type RedeemResponse,
} from '../schemas';

/** The Worker answered with an error body (`{ error: { code, message, fields? } }`). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** The Worker could not be reached at all (offline, wrong address, server down). */
export class NetworkError extends Error {
  constructor(readonly url: string, cause: unknown) {
    super(`Could not reach Steward at ${url}. Check your connection; your work is kept and will be sent when it is back.`);
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}

/**
 * The typed API client both sides agree on: requests are built from the shared schemas'
 * types and responses are checked against them, so a renamed field fails loudly.
 */
export function createClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request<S extends v.GenericSchema>(schema: S, method: string, path: string, body?: unknown): Promise<v.InferOutput<S>> {
    const url = `${base}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new NetworkError(base, err);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered with something that is not Steward's API (HTTP ${res.status}). Check the Worker address.`);
    }
    if (!res.ok) {
      const parsed = v.safeParse(ApiErrorBodySchema, data);
      if (parsed.success) {
        const e = parsed.output.error;
        throw new ApiRequestError(res.status, e.code, e.message, e.fields);
      }
      throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered HTTP ${res.status}.`);
    }
    const parsed = v.safeParse(schema, data);
    if (!parsed.success) {
      throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered in a shape this extension does not understand. Update the extension or the Worker.`);
    }
    return parsed.output;
  }

  return {
    health: () => request(v.object({ ok: v.literal(true) }), 'GET', '/healthz'),
    redeem: (code: string): Promise<RedeemResponse> => request(RedeemResponseSchema, 'POST', '/api/v1/auth/redeem', { code }),
    me: (): Promise<MeResponse> => request(MeResponseSchema, 'GET', '/api/v1/me'),
    createAnnotation: (body: AnnotationCreate): Promise<Annotation> => request(AnnotationSchema, 'POST', '/api/v1/annotations', body),
    listAnnotations: (filter: { ticket?: string } = {}): Promise<AnnotationList> => {
      const query = new URLSearchParams();
      if (filter.ticket) query.set('ticket', filter.ticket);
      const qs = query.toString();
      return request(AnnotationListSchema, 'GET', `/api/v1/annotations${qs ? `?${qs}` : ''}`);
    },
  };
}

export type StewardClient = ReturnType<typeof createClient>;
