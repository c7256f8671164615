import { Hono } from 'hono';

import {
  IdParam, RecipientCreateSchema, RecipientListSchema, ReportListSchema, ReportPeriodQuery, ReportPreviewSchema, ReportSendSchema,
  ReportSentSchema, ReportSummarySchema, type ReportModel, type ReportSummary, type Workspace,
} from '../../shared/schemas';
import { lastScheduledSend, localDate, periodContaining, type Period } from '../../shared/schedule';
import { audit } from '../db/audit';
import { deliveriesOf, type DeliveryRow } from '../db/deliveries';
import { addRecipient, recipientsOf, removeRecipient } from '../db/recipients';
import { getReport, listReports, type StoredReport } from '../db/reports';
import type { AppEnv } from '../env';
import { ApiError, notFound } from '../errors';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { PERSONAL_PAGE_HEADERS } from '../report/html';
import { renderWebView } from '../report/render-web';
import { UNSUBSCRIBE_URL, WEB_VIEW_URL } from '../report/render-email';
import { buildReport, deliverReport, ensureReport, reportLinks } from '../report/service';
import { validate } from '../validate';

const ADMIN = ['admin'] as const;

const list = endpoint({
  method: 'get', path: '/api/v1/reports', operationId: 'reports', access: ADMIN, summary: 'Reports sent so far, newest first, with delivery status per recipient.',
  responses: { 200: { description: 'The archive', schema: ReportListSchema } },
});
const preview = endpoint({
  method: 'get', path: '/api/v1/reports/preview', operationId: 'previewReport', access: ADMIN,
  summary: 'Preview the report for a period (default: the period in progress) as email HTML and text. Nothing is stored or sent.',
  query: ReportPeriodQuery, responses: { 200: { description: 'The preview', schema: ReportPreviewSchema } },
});
const send = endpoint({
  method: 'post', path: '/api/v1/reports/send', operationId: 'sendReport', access: ADMIN,
  summary: 'Send now the report for the last completed period (or the period containing `date`) to every recipient who has not had it.',
  body: ReportSendSchema,
  responses: { 200: { description: 'What was sent', schema: ReportSentSchema }, 422: { description: 'Nobody receives the report yet, or the email settings do not work' } },
});
const read = endpoint({
  method: 'get', path: '/api/v1/reports/{id}', operationId: 'report', access: ADMIN, summary: 'One report with its deliveries.',
  responses: { 200: { description: 'The report', schema: ReportSummarySchema } },
});
const view = endpoint({
  method: 'get', path: '/api/v1/reports/{id}/view', operationId: 'reportPage', access: ADMIN, summary: 'One stored report as its web page (HTML), for the archive.',
  responses: { 200: { description: 'The report page', contentType: 'text/html' } },
});
const recipients = endpoint({
  method: 'get', path: '/api/v1/report-recipients', operationId: 'recipients', access: ADMIN,
  summary: 'Who receives the report: executives with an email, plus extra addresses; unsubscribed ones marked.',
  responses: { 200: { description: 'Recipients', schema: RecipientListSchema } },
});
const addRecipientEp = endpoint({
  method: 'post', path: '/api/v1/report-recipients', operationId: 'addRecipient', access: ADMIN, summary: 'Add an extra address to the report list.',
  body: RecipientCreateSchema, responses: { 201: { description: 'Added', schema: RecipientListSchema } },
});
const removeRecipientEp = endpoint({
  method: 'delete', path: '/api/v1/report-recipients/{id}', operationId: 'removeRecipient', access: ADMIN, summary: 'Remove an extra address from the report list.',
  responses: { 204: { description: 'Removed' } },
});

function summary(r: StoredReport, deliveries: DeliveryRow[]): ReportSummary {
  const model = r.snapshot ? (JSON.parse(r.snapshot) as ReportModel) : null;
  return {
    id: r.id, cadence: r.cadence, subject: r.subject, createdAt: r.created_at,
    period: { start: r.period_start, end: r.period_end, label: model?.period.label ?? `${r.period_start} – ${r.period_end}` },
    deliveries: deliveries.filter((d) => d.report_id === r.id).map((d) => ({
      email: d.email, name: d.name, status: d.status, attempts: d.attempts, lastError: d.last_error, sentAt: d.sent_at,
    })),
  };
}

/** The period a date falls in, or by default the one in progress in the workspace's zone. */
function periodFor(workspace: Workspace, date: string | undefined, now: Date): Period {
  return periodContaining(date ?? localDate(now, workspace.timeZone), workspace.schedule.cadence, workspace.schedule);
}

const origin = (url: string) => new URL(url).origin;

export const reports = new Hono<AppEnv>()
  .get('/reports', guard(list), async (c) => {
    const rows = await listReports(c.env.DB, c.var.caller.workspace.id);
    const deliveries = await deliveriesOf(c.env.DB, rows.map((r) => r.id));
    return c.json({ items: rows.map((r) => summary(r, deliveries)) });
  })
  .get('/reports/preview', guard(preview), validate('query', preview.query), async (c) => {
    const workspace = c.var.caller.workspace;
    const period = periodFor(workspace, c.req.valid('query').date, new Date());
    const built = await buildReport(c.env, workspace, period);
    const fill = (s: string) => s.replaceAll(WEB_VIEW_URL, '#').replaceAll(UNSUBSCRIBE_URL, '#');
    return c.json({
      subject: built.subject, period: built.model.period, bottomLine: built.model.bottomLine,
      html: fill(built.html), text: fill(built.text), emailBytes: new TextEncoder().encode(built.html).length,
    });
  })
  .post('/reports/send', guard(send), validate('json', send.body), async (c) => {
    const caller = c.var.caller;
    const workspace = caller.workspace;
    const now = new Date();
    const { date } = c.req.valid('json');
    const period = date ? periodFor(workspace, date, now) : lastScheduledSend(now, workspace.schedule, workspace.timeZone).period;
    const recipientList = (await recipientsOf(c.env.DB, workspace.id)).filter((r) => !r.unsubscribed);
    if (!recipientList.length) {
      throw new ApiError(422, 'unprocessable', 'Nobody receives the report yet: invite an executive with an email address, or add an address to the report list.', { recipients: 'is empty' });
    }
    const report = await ensureReport(c.env, workspace, period, now);
    let outcome: Awaited<ReturnType<typeof deliverReport>>;
    try {
      outcome = await deliverReport(c.env, report, workspace, { base: origin(c.req.url), now });
    } catch (err) {
      throw new ApiError(422, 'unprocessable', err instanceof Error ? err.message : String(err));
    }
    await audit(c.env.DB, workspace.id, caller, 'report.send', { type: 'report', id: report.id }, { period: period.start, ...outcome }).run();
    const deliveries = await deliveriesOf(c.env.DB, [report.id]);
    const first = deliveries[0];
    const webViewUrl = first && c.env.STEWARD_LINK_SECRET ? (await reportLinks(c.env, first.id, origin(c.req.url), now)).webView : null;
    return c.json({ report: summary(report, deliveries), sent: outcome.sent, failed: outcome.failed, webViewUrl });
  })
  .get('/reports/:id', guard(read), validate('param', IdParam), async (c) => {
    const r = await getReport(c.env.DB, c.req.valid('param').id);
    if (!r || r.workspace_id !== c.var.caller.workspace.id) throw notFound('This report');
    return c.json(summary(r, await deliveriesOf(c.env.DB, [r.id])));
  })
  .get('/reports/:id/view', guard(view), validate('param', IdParam), async (c) => {
    const r = await getReport(c.env.DB, c.req.valid('param').id);
    if (!r || r.workspace_id !== c.var.caller.workspace.id) throw notFound('This report');
    return c.html(renderWebView(JSON.parse(r.snapshot) as ReportModel, { feedbackAction: null, answers: new Map(), archiveUrl: null }), 200, PERSONAL_PAGE_HEADERS);
  })
  .get('/report-recipients', guard(recipients), async (c) => c.json({ items: await recipientsOf(c.env.DB, c.var.caller.workspace.id) }))
  .post('/report-recipients', guard(addRecipientEp), validate('json', addRecipientEp.body), async (c) => {
    const caller = c.var.caller;
    const body = c.req.valid('json');
    const now = new Date().toISOString();
    await c.env.DB.batch([
      addRecipient(c.env.DB, caller.workspace.id, body.email, body.name || null, now),
      audit(c.env.DB, caller.workspace.id, caller, 'report.recipient_add', { type: 'recipient' }, { email: body.email }, now),
    ]);
    return c.json({ items: await recipientsOf(c.env.DB, caller.workspace.id) }, 201);
  })
  .delete('/report-recipients/:id', guard(removeRecipientEp), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const [res] = await c.env.DB.batch([removeRecipient(c.env.DB, caller.workspace.id, c.req.valid('param').id)]);
    if (res!.meta.changes === 0) throw notFound('This address');
    await audit(c.env.DB, caller.workspace.id, caller, 'report.recipient_remove', { type: 'recipient', id: c.req.valid('param').id }).run();
    return c.body(null, 204);
  });

