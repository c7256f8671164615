import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { DecisionFormSchema, DECISION_WORDS, FeedbackFormSchema, type ReportModel } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { deliveriesToAddress, getDelivery, type DeliveryRow } from '../db/deliveries';
import { feedbackOfDelivery, upsertFeedback } from '../db/feedback';
import { decide, decisionsOf } from '../db/initiatives';
import { getMeetingSettings } from '../db/meetings';
import { resubscribe, unsubscribe } from '../db/recipients';
import { getReport } from '../db/reports';
import type { AppEnv } from '../env';
import { verifyLink } from '../lib/links';
import { endpoint } from '../openapi';
import { html } from '../lib/html';
import { PERSONAL_PAGE_HEADERS, simplePage } from '../report/html';
import { decidableIds, decisionWords } from '../report/initiatives';
import { renderWebView } from '../report/render-web';
import { reportLinks } from '../report/service';

endpoint({
  method: 'get', path: '/r/{token}', operationId: 'reportWebView', access: 'public', summary: 'An executive\'s report web view at a signed link (HTML), answerable item by item.',
  responses: { 200: { description: 'The report page', contentType: 'text/html' }, 404: { description: 'Unknown or expired link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Opened in a browser from the personal link in an email, by people without the extension.' },
});
endpoint({
  method: 'post', path: '/r/{token}/feedback', operationId: 'reportFeedback', access: 'public',
  summary: 'Record an executive\'s answer to one item (HTML form post; redirects back).',
  responses: { 303: { description: 'Recorded' }, 400: { description: 'Not recorded', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' }, 413: { description: 'The form is too large', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'A form on that personal page posts here.' },
});
endpoint({
  method: 'post', path: '/r/{token}/decide', operationId: 'reportDecision', access: 'public',
  summary: 'Record an executive\'s decision on a proposed initiative: approve, not now, or let\'s discuss (HTML form post; redirects back). The first answer from a report decides; later ones change nothing and see who decided.',
  responses: { 303: { description: 'Recorded, or already decided' }, 400: { description: 'Not recorded', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' }, 413: { description: 'The form is too large', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'A form on that personal page posts here.' },
});
endpoint({
  method: 'get', path: '/r/{token}/archive', operationId: 'reportArchive', access: 'public', summary: 'Earlier reports for the same recipient (HTML).',
  responses: { 200: { description: 'The archive page', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Opened in a browser from the personal link in an email, by people without the extension.' },
});
endpoint({
  method: 'get', path: '/r/{token}/unsubscribe', operationId: 'reportUnsubscribePage', access: 'public', summary: 'Confirm leaving the report list (HTML); POST does it (one-click unsubscribe).',
  responses: { 200: { description: 'The confirmation page', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Opened in a browser from the personal link in an email, by people without the extension.' },
});

endpoint({
  method: 'post', path: '/r/{token}/unsubscribe', operationId: 'reportUnsubscribe', access: 'public', summary: 'Leave the report list (RFC 8058 one-click unsubscribe).',
  responses: { 200: { description: 'Unsubscribed', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Posted by the confirmation page, or by the mail app (List-Unsubscribe-Post).' },
});
endpoint({
  method: 'post', path: '/r/{token}/resubscribe', operationId: 'reportResubscribe', access: 'public', summary: 'Undo an unsubscribe.',
  responses: { 200: { description: 'Subscribed again', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'A form on that personal page posts here.' },
});

const INVALID = () =>
  simplePage('This report link is not valid', [
    'The link may have expired or been mistyped. Ask your IT team for a new link, or open the latest report email.',
  ]);

type Ctx = Context<AppEnv>;

/** Why a decision was not recorded when the initiative is no longer waiting for one. */
function movedNotice(moved: string | undefined): string | undefined {
  if (!moved) return undefined;
  if (moved === 'deleted') return 'The IT team withdrew this initiative after the report was sent. Your answer was not recorded.';
  return `This initiative is no longer waiting for a decision (the IT team moved it on since the report was sent). Your answer was not recorded.`;
}

/** The delivery a signed report link stands for, with its report; null when the link is bad. */
async function resolve(c: Ctx, kind: 'report' | 'unsubscribe'): Promise<{ delivery: DeliveryRow; model: ReportModel; reportId: string } | null> {
  const secret = c.env.STEWARD_LINK_SECRET;
  if (!secret) return null;
  const id = await verifyLink(secret, c.req.param('token') ?? '', kind);
  const delivery = id ? await getDelivery(c.env.DB, id) : null;
  const report = delivery ? await getReport(c.env.DB, delivery.report_id) : null;
  if (!delivery || !report) return null;
  return { delivery, model: JSON.parse(report.snapshot) as ReportModel, reportId: report.id };
}

function itemIds(m: ReportModel): Set<string> {
  return new Set([...m.challenges.flatMap((g) => g.items.map((i) => i.id)), ...(m.continuity ?? []).map((i) => i.id), ...m.planning.map((i) => i.id)]);
}


export const reportView = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const found = await resolve(c, 'report');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const token = c.req.param('token');
    const saved = c.req.query('saved');
    const [answers, decisions, meeting] = await Promise.all([
      feedbackOfDelivery(c.env.DB, found.delivery.id),
      decisionsOf(c.env.DB, found.delivery.workspace_id, found.reportId, [...decidableIds(found.model)]),
      getMeetingSettings(c.env.DB, found.delivery.workspace_id),
    ]);
    const taken = decisions.get(c.req.query('taken') ?? '');
    const standing = taken?.here ?? taken?.latest;
    const notice = saved
      ? 'Thank you: your answer was recorded. You can change it any time.'
      : c.req.query('decided') ? 'Thank you: your decision was recorded. The IT team sees it now.'
        : standing ? `This was already decided: ${decisionWords(standing)}. Your answer was not recorded.`
          : movedNotice(c.req.query('moved'));
    return c.html(renderWebView(found.model, {
      feedbackAction: `/r/${token}/feedback`,
      answers,
      archiveUrl: `/r/${token}/archive`,
      notice,
      decideAction: `/r/${token}/decide`,
      decisions,
      meetingIcsUrl: meeting?.enabled ? `/r/${token}/meeting.ics` : null,
    }), 200, PERSONAL_PAGE_HEADERS);
  })
  .post('/:token/feedback', async (c) => {
    const found = await resolve(c, 'report');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const form = await c.req.parseBody();
    const parsed = v.safeParse(FeedbackFormSchema, { item: form.item, answer: form.answer, comment: typeof form.comment === 'string' && form.comment ? form.comment : undefined });
    if (!parsed.success || !itemIds(found.model).has(parsed.output.item)) {
      return c.html(simplePage('That answer could not be recorded', ['Go back to the report and choose OK, Let’s discuss or I have a question for the item.']), 400, PERSONAL_PAGE_HEADERS);
    }
    const { item, answer, comment } = parsed.output;
    await upsertFeedback(c.env.DB, {
      workspaceId: found.delivery.workspace_id, reportId: found.reportId, deliveryId: found.delivery.id, annotationId: item, answer, comment: comment || null,
    }, new Date().toISOString()).run();
    return c.redirect(`/r/${c.req.param('token')}?saved=1#item-${encodeURIComponent(item)}`, 303);
  })
  .post('/:token/decide', async (c) => {
    const found = await resolve(c, 'report');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const form = await c.req.parseBody();
    const parsed = v.safeParse(DecisionFormSchema, { initiative: form.initiative, answer: form.answer, comment: typeof form.comment === 'string' && form.comment ? form.comment : undefined });
    if (!parsed.success || !decidableIds(found.model).has(parsed.output.initiative)) {
      return c.html(simplePage('That decision could not be recorded', [`Go back to the report and choose ${Object.values(DECISION_WORDS).join(', ')} for the initiative.`]), 400, PERSONAL_PAGE_HEADERS);
    }
    const { initiative, answer, comment } = parsed.output;
    const result = await decide(c.env.DB, {
      workspaceId: found.delivery.workspace_id, initiativeId: initiative, reportId: found.reportId, deliveryId: found.delivery.id,
      answer, comment: comment || null, byName: found.delivery.name ?? found.delivery.email,
    }, new Date().toISOString());
    const token = c.req.param('token');
    // Not recorded and nobody decided from a report: the IT team deleted or moved it meanwhile.
    const query = result.recorded ? 'decided=1'
      : result.standing ? `taken=${encodeURIComponent(initiative)}`
        : `moved=${result.state ?? 'deleted'}`;
    return c.redirect(`/r/${token}?${query}#initiative-${encodeURIComponent(initiative)}`, 303);
  })
  .get('/:token/archive', async (c) => {
    const found = await resolve(c, 'report');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const results = await deliveriesToAddress(c.env.DB, found.delivery.workspace_id, found.delivery.email);
    const base = new URL(c.req.url).origin;
    const links = await Promise.all(results.map(async (r) => ({ ...r, url: (await reportLinks(c.env, r.id, base)).webView })));
    const list = html`<ul>${links.map((l) => html`<li><a href="${l.url}">${l.subject}</a> <span style="color:#6b7280">(${shortDate(l.period_start, true)})</span></li>`)}</ul>`;
    const page = simplePage(`Earlier reports for ${found.model.workspace.name}`, [], list);
    return c.html(page, 200, PERSONAL_PAGE_HEADERS);
  })
  .get('/:token/unsubscribe', async (c) => {
    const found = await resolve(c, 'unsubscribe');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const page = simplePage(`Stop receiving the IT report of ${found.model.workspace.name}?`, [`The report goes to ${found.delivery.email}.`],
      html`<form method="post"><button type="submit" style="font:inherit;padding:6px 14px">Unsubscribe</button></form>`);
    return c.html(page, 200, PERSONAL_PAGE_HEADERS);
  })
  .post('/:token/unsubscribe', async (c) => {
    const found = await resolve(c, 'unsubscribe');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    await unsubscribe(c.env.DB, found.delivery.workspace_id, found.delivery.email, new Date().toISOString()).run();
    const page = simplePage('You are unsubscribed', [`${found.delivery.email} will no longer receive the IT report of ${found.model.workspace.name}.`],
      html`<form method="post" action="/r/${c.req.param('token')}/resubscribe"><button type="submit" style="font:inherit;padding:6px 14px">Undo</button></form>`);
    return c.html(page, 200, PERSONAL_PAGE_HEADERS);
  })
  .post('/:token/resubscribe', async (c) => {
    const found = await resolve(c, 'unsubscribe');
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    await resubscribe(c.env.DB, found.delivery.workspace_id, found.delivery.email).run();
    return c.html(simplePage('Welcome back', [`${found.delivery.email} will receive the IT report again.`]), 200, PERSONAL_PAGE_HEADERS);
  });

