import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { AppEnv, Env } from './env';
import { ApiError, errorBody, onError } from './errors';
import { PERSONAL_PAGE_HEADERS, simplePage } from './report/html';
import { annotations } from './routes/annotations';
import { auth } from './routes/auth';
import { connections } from './routes/connections';
import { health } from './routes/health';
import { hooks } from './routes/hooks';
import { actionItems, heldMeetings, providerActionItemsApi } from './routes/held-meetings';
import { initiatives } from './routes/initiatives';
import { invites } from './routes/invites';
import { meetingFile, meetings } from './routes/meetings';
import { members } from './routes/members';
import { openapi } from './routes/openapi';
import { provider, providerView } from './routes/provider';
import { reportView } from './routes/report-view';
import { reports } from './routes/reports';
import { signIn } from './routes/sign-in';
import { taxonomy } from './routes/taxonomy';
import { tickets } from './routes/tickets';
import { workspace, workspaces } from './routes/workspaces';

/** Largest request body the API reads (an annotation is a few KB at most). */
const MAX_BODY_BYTES = 64 * 1024;

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]+$/i;

/** The extension's origins, plus origins an operator lists in STEWARD_ALLOWED_ORIGINS. */
function allowedOrigin(origin: string, env: Env): string | null {
  if (EXTENSION_ORIGIN.test(origin)) return origin;
  const extra = (env.STEWARD_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return extra.includes(origin) ? origin : null;
}

const api = new Hono<AppEnv>()
  .use(cors({
    origin: (origin, c) => allowedOrigin(origin, c.env),
    allowHeaders: ['Authorization', 'Content-Type'],
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  }))
  .use(bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB. Shorten the detail text and try again.`);
    },
  }))
  .route('/', openapi)
  .route('/workspaces', workspaces)
  .route('/', workspace)
  .route('/', auth)
  .route('/', signIn)
  .route('/members', members)
  .route('/invites', invites)
  .route('/taxonomy', taxonomy)
  .route('/annotations', annotations)
  .route('/initiatives', initiatives)
  .route('/provider', provider)
  .route('/provider/action-items', providerActionItemsApi)
  .route('/tickets', tickets)
  .route('/connections', connections)
  .route('/meeting', meetings)
  .route('/meetings', heldMeetings)
  .route('/action-items', actionItems)
  .route('/', reports);

/**
 * Largest form the personal web pages read (an executive's comment, a provider's note:
 * a few KB at most). Without it a page would read a body of any size.
 */
const MAX_FORM_BYTES = 16 * 1024;

const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) => c.html(
    simplePage('That answer is too long', [`What you sent is larger than ${MAX_FORM_BYTES / 1024} KB. Go back, shorten your comment, and send it again.`]),
    413,
    PERSONAL_PAGE_HEADERS,
  ),
});

export const app = new Hono<AppEnv>()
  .use('/r/*', formLimit)
  .use('/p/*', formLimit)
  // The extension checks the address with /healthz before anything else (connect step).
  .use('/healthz', cors({ origin: (origin, c) => allowedOrigin(origin, c.env), allowMethods: ['GET', 'OPTIONS'], maxAge: 600 }))
  .route('/healthz', health)
  .route('/api/v1', api)
  .route('/r', meetingFile)
  .route('/r', reportView)
  .route('/p', providerView)
  .route('/hooks', hooks)
  .notFound((c) => c.json(errorBody('not_found', `There is no ${c.req.method} ${new URL(c.req.url).pathname} here. See /api/v1/openapi.json for the routes.`), 404))
  .onError(onError);

