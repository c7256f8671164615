import { CHECK_CLOSED_AFTER_DAYS, PROVIDER_OPEN_LONG_DAYS, type ReportModel, type Workspace } from '../../shared/schemas';
import { lastScheduledSend, zonedTime, type Period } from '../../shared/schedule';
import { claimDelivery, deliveriesOf, ensureDelivery, markFailed, markSent } from '../db/deliveries';
import { recipientsOf } from '../db/recipients';
import { loadReportInputs } from '../db/report-inputs';
import { findReport, storeReport, type StoredReport } from '../db/reports';
import { forEachWorkspace } from '../db/workspaces';
import { fromAddress, transportFor, type Transport } from '../email/transport';
import type { Env } from '../env';
import { requireSecret, signLink } from '../lib/links';
import { renderEmailHtml, UNSUBSCRIBE_URL, WEB_VIEW_URL } from './render-email';
import { renderText } from './render-text';
import { buildReportModel } from './snapshot';
import { subjectOf } from './words';

/** Report links stay valid this long; the archive page re-issues links to older reports. */
const LINK_TTL_DAYS = 120;

/** The instant a local date begins in a zone (the "as of" of a period's end). */
function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Midnight is skipped by DST in a few zones; zonedTime resolves it to the next instant.
  return zonedTime(y, m, d, 0, timeZone);
}

export interface BuiltReport {
  model: ReportModel;
  subject: string;
  html: string;
  text: string;
}

/**
 * Builds the report for a period from the database as it is now. A report for a period
 * that has not ended yet (a preview) is "as of now".
 */
export async function buildReport(env: Env, workspace: Workspace, period: Period, now = new Date()): Promise<BuiltReport> {
  const end = startOfLocalDay(period.end, workspace.timeZone);
  const asOf = end < now ? end : now;
  const periodFrom = startOfLocalDay(period.start, workspace.timeZone);
  const before = (days: number) => new Date(asOf.getTime() - days * 86_400_000).toISOString();
  // One round trip: the previous report, the taxonomy, every section, the ticket facts and the
  // connected tools that keep failing (see report-inputs.ts).
  const { previous, taxonomy, inputs, staleSources } = await loadReportInputs(env.DB, workspace.id, period.cadence, period.start, {
    periodFrom: periodFrom.toISOString(), asOf: asOf.toISOString(),
    closedBefore: before(CHECK_CLOSED_AFTER_DAYS), openBefore: before(PROVIDER_OPEN_LONG_DAYS),
  });
  const model = buildReportModel({
    workspace: { id: workspace.id, name: workspace.name, timeZone: workspace.timeZone },
    period, asOf, generatedAt: now, taxonomy, previous,
  }, inputs);
  // Connected tools that keep failing: the report says how old their facts are (issue 13).
  if (staleSources.length) model.staleSources = staleSources;
  return { model, subject: subjectOf(model), html: renderEmailHtml(model), text: renderText(model) };
}

/** The stored report for a period, built and stored first if there is none (first writer wins). */
export async function ensureReport(env: Env, workspace: Workspace, period: Period, now = new Date()): Promise<StoredReport> {
  const existing = await findReport(env.DB, workspace.id, period.cadence, period.start);
  if (existing) return existing;
  const built = await buildReport(env, workspace, period, now);
  return storeReport(env.DB, {
    id: crypto.randomUUID(), workspace_id: workspace.id, cadence: period.cadence, period_start: period.start, period_end: period.end,
    subject: built.subject, model: built.model, html: built.html, text: built.text, created_at: now.toISOString(),
  });
}

export function publicUrl(env: Env, fallback?: string): string {
  const base = env.STEWARD_PUBLIC_URL || fallback;
  if (!base) throw new Error('STEWARD_PUBLIC_URL is not set: links in emails need the Worker\'s public address.');
  return base.replace(/\/+$/, '');
}

export async function reportLinks(env: Env, deliveryId: string, base: string, now = new Date()) {
  const secret = requireSecret(env.STEWARD_LINK_SECRET);
  const expires = new Date(now.getTime() + LINK_TTL_DAYS * 86_400_000);
  const view = await signLink(secret, 'report', deliveryId, expires);
  const unsub = await signLink(secret, 'unsubscribe', deliveryId, null);
  return { webView: `${base}/r/${view}`, unsubscribe: `${base}/r/${unsub}/unsubscribe` };
}

export interface DeliveryOutcome {
  sent: number;
  failed: number;
  skipped: number;
}

/**
 * Sends a stored report to every recipient that has not had it yet. Each recipient has
 * one delivery row; a run claims a row before sending, so overlapping runs never send the
 * same recipient twice, and a run that died leaves rows the next run picks up.
 */
export async function deliverReport(env: Env, report: StoredReport, workspace: Workspace, opts: { base?: string; transport?: Transport | null; now?: Date } = {}): Promise<DeliveryOutcome> {
  const now = opts.now ?? new Date();
  const transport = opts.transport === undefined ? await transportFor(env) : opts.transport;
  if (!transport) throw new Error('No email transport is configured: set STEWARD_EMAIL_TRANSPORT (smtp or cloudflare).');
  const from = fromAddress(env);
  const base = publicUrl(env, opts.base);
  const recipients = (await recipientsOf(env.DB, workspace.id)).filter((r) => !r.unsubscribed);
  if (recipients.length) await env.DB.batch(recipients.map((r) => ensureDelivery(env.DB, report.id, workspace.id, r, now.toISOString())));
  const outcome: DeliveryOutcome = { sent: 0, failed: 0, skipped: 0 };
  for (const d of await deliveriesOf(env.DB, [report.id])) {
    if (d.status === 'sent' || d.status === 'failed') continue;
    const claim = crypto.randomUUID();
    if (!(await claimDelivery(env.DB, d.id, claim, now))) {
      outcome.skipped++;
      continue;
    }
    try {
      const links = await reportLinks(env, d.id, base, now);
      const fill = (s: string) => s.replaceAll(WEB_VIEW_URL, links.webView).replaceAll(UNSUBSCRIBE_URL, links.unsubscribe);
      const { messageId } = await transport.send({
        from, to: { name: d.name, email: d.email }, subject: report.subject, text: fill(report.text), html: fill(report.html),
        headers: { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      await markSent(env.DB, d.id, claim, messageId, new Date().toISOString()).run();
      outcome.sent++;
    } catch (err) {
      await markFailed(env.DB, d.id, claim, err instanceof Error ? err.message : String(err)).run();
      outcome.failed++;
    }
  }
  return outcome;
}

/** Reports are sent within this long after their hour; later, the moment has passed. */
const SEND_GRACE_MS = 24 * 3_600_000;

/**
 * The hourly cron: every workspace whose report time has come (in its own time zone) gets
 * its report for the period just ended, and unfinished deliveries are retried.
 */
export async function runSchedule(env: Env, now = new Date(), transport?: Transport | null): Promise<{ workspaces: number; sent: number; failed: number }> {
  const totals = { workspaces: 0, sent: 0, failed: 0 };
  await forEachWorkspace(env.DB, async (workspace) => {
    const due = lastScheduledSend(now, workspace.schedule, workspace.timeZone);
    if (now.getTime() - due.at.getTime() > SEND_GRACE_MS) return;
    try {
      const report = await ensureReport(env, workspace, due.period, now);
      const outcome = await deliverReport(env, report, workspace, { transport, now });
      totals.workspaces++;
      totals.sent += outcome.sent;
      totals.failed += outcome.failed;
    } catch (err) {
      console.error(JSON.stringify({ event: 'report.failed', workspaceId: workspace.id, error: String(err) }));
    }
  });
  return totals;
}

