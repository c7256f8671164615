import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { endpoint } from '../openapi';
import { simplePage } from '../report/html';

endpoint({
  method: 'get', path: '/r/{token}', access: 'public', summary: 'An executive report web view at a signed link (HTML).',
  responses: { 200: { description: 'The report page', contentType: 'text/html' }, 404: { description: 'Unknown or expired link', contentType: 'text/html' } },
});

/** Executives' report web view at signed links (`/r/:token`). */
export const reportView = new Hono<AppEnv>()
  // Until report snapshots exist, the preview link says plainly what will be here.
  .get('/preview', (c) =>
    c.html(simplePage('Executive report preview', [
      'This is where the executive dialogue report will appear: current challenges, the status of previous issues, planning for future events, provider accountability and KPIs.',
      'The report is not built yet in this version of Steward. Tags you add in the extension are already stored and will feed it.',
    ])),
  )
  .get('/:token', (c) =>
    c.html(simplePage('This report link is not valid', [
      'The link may have expired or been mistyped. Ask the person who sent you the report for a new link.',
    ]), 404),
  );
