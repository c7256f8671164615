import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { ProviderCompanyListSchema, ProviderInboxSchema, ProviderRespondFormSchema, type Member, type Workspace } from '../../shared/schemas';
import { getAnnotationRow, getUpdate, insertUpdate, listUpdatesOf, touchAnnotation } from '../db/annotations';
import { audit } from '../db/audit';
import { touchMember } from '../db/members';
import { resubscribeDigest, unsubscribeDigest } from '../db/digests';
import { anyMember, providerCompanies, resolveProviderLink, touchProviderLink } from '../db/provider';
import type { AppEnv } from '../env';
import { afterResponse, guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { answerFromPage as answerActionItemFromPage, providerActionItems, providerActionItemsSection } from '../provider/action-items';
import { answerFromPage, providerInitiatives, providerInitiativesSection } from '../provider/initiatives';
import { providerInbox } from '../provider/inbox';
import { verifyDigestUnsubscribe, verifyProviderToken } from '../provider/links';
import { renderProviderPage, statusWords } from '../provider/page';
import { html } from '../lib/html';
import { PERSONAL_PAGE_HEADERS, simplePage } from '../report/html';

const inboxEp = endpoint({
  method: 'get', path: '/api/v1/provider/inbox', operationId: 'providerInbox', access: ['provider'],
  summary: 'Everything the client shared with your company, with your latest status and ETA: items without an answer first (oldest first), then by newest activity; with counts. Answer through POST /api/v1/annotations/{id}/updates.',
  responses: { 200: { description: 'Your inbox', schema: ProviderInboxSchema } },
});
const companiesEp = endpoint({
  method: 'get', path: '/api/v1/provider/companies', operationId: 'providerCompanies', access: ['admin', 'staff'],
  summary: 'The workspace\'s provider companies (members who joined, invites pending), to choose whom an item is shared with.',
  responses: { 200: { description: 'Provider companies', schema: ProviderCompanyListSchema } },
});

/** `/api/v1/provider/*`: the provider's own API, and the list staff share against. */
export const provider = new Hono<AppEnv>()
  .get('/inbox', guard(inboxEp), async (c) => {
    const { workspace, member } = c.var.caller;
    return c.json(await providerInbox(c.env.DB, workspace, member));
  })
  .get('/companies', guard(companiesEp), async (c) => {
    return c.json({ items: await providerCompanies(c.env.DB, c.var.caller.workspace.id, new Date().toISOString()) });
  });

// ---------------------------------------------------------------------------------------
// The provider web view at a personal signed link, for providers without the extension.

endpoint({
  method: 'get', path: '/p/{token}', operationId: 'providerPage', access: 'public',
  summary: 'A provider member\'s web view at their personal link (HTML): what the client shared with their company, answerable item by item. A revoked or unknown link shows a plain "not valid" page (404).',
  responses: { 200: { description: 'The provider page', contentType: 'text/html' }, 404: { description: 'Unknown or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Opened in a browser from the personal link in an email, by people without the extension.' },
});
endpoint({
  method: 'post', path: '/p/{token}/respond', operationId: 'providerRespond', access: 'public',
  summary: 'Record a provider\'s answer to one item (HTML form: item, status, optional eta and note); redirects back.',
  responses: { 303: { description: 'Recorded' }, 400: { description: 'Not recorded', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' }, 413: { description: 'The form is too large', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'A form on that personal page posts here.' },
});
endpoint({
  method: 'get', path: '/p/{token}/unsubscribe', operationId: 'providerDigestUnsubscribePage', access: 'public', summary: 'Confirm stopping the daily provider email (HTML); POST does it.',
  responses: { 200: { description: 'The confirmation page', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Opened in a browser from the personal link in an email, by people without the extension.' },
});
endpoint({
  method: 'post', path: '/p/{token}/unsubscribe', operationId: 'providerDigestUnsubscribe', access: 'public', summary: 'Stop the daily provider email (RFC 8058 one-click unsubscribe).',
  responses: { 200: { description: 'Unsubscribed', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'Posted by the confirmation page, or by the mail app (List-Unsubscribe-Post).' },
});
endpoint({
  method: 'post', path: '/p/{token}/resubscribe', operationId: 'providerDigestResubscribe', access: 'public', summary: 'Undo stopping the daily provider email.',
  responses: { 200: { description: 'Subscribed again', contentType: 'text/html' }, 404: { description: 'Unknown, expired or revoked link', contentType: 'text/html' } },
  notInClient: { usedBy: 'page', reason: 'A form on that personal page posts here.' },
});


const INVALID = () =>
  simplePage('This link is not valid', [
    'It may have been replaced by a newer link, withdrawn, or mistyped. Ask your client’s IT team for a new link, or open the latest daily email from Steward.',
  ]);

type Ctx = Context<AppEnv>;

/** The member and workspace a live provider link stands for; null when it is not (or no longer) valid. */
async function resolve(c: Ctx): Promise<{ linkId: string; member: Member; workspace: Workspace } | null> {
  const id = await verifyProviderToken(c.env, c.req.param('token') ?? '');
  return id ? resolveProviderLink(c.env.DB, id) : null;
}

async function resolveUnsubscribe(c: Ctx) {
  const memberId = await verifyDigestUnsubscribe(c.env, c.req.param('token') ?? '');
  return memberId ? anyMember(c.env.DB, memberId) : null;
}

const formValue = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

export const providerView = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const found = await resolve(c);
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const now = new Date();
    const inbox = await providerInbox(c.env.DB, found.workspace, found.member, now);
    const timelines = await listUpdatesOf(c.env.DB, found.workspace.id, inbox.items.map((i) => i.annotation.id), found.member);
    const respondAction = `/p/${c.req.param('token')}/respond`;
    const initiatives = providerInitiativesSection(await providerInitiatives(c.env.DB, found.workspace, found.member), {
      respondAction, workspaceName: found.workspace.name, words: statusWords(found.workspace.name),
    });
    const actionItems = providerActionItemsSection(await providerActionItems(c.env.DB, found.workspace, found.member), {
      respondAction, workspaceName: found.workspace.name, words: statusWords(found.workspace.name),
    });
    await afterResponse(c, touchProviderLink(c.env.DB, found.linkId, now.toISOString()).run());
    return c.html(renderProviderPage({
      workspaceName: found.workspace.name, memberName: found.member.name, inbox, timelines, now,
      respondAction, initiativesSection: initiatives, actionItemsSection: actionItems,
      notice: c.req.query('saved') ? `Thank you: your answer was recorded and ${found.workspace.name}’s IT team can see it.` : undefined,
    }), 200, PERSONAL_PAGE_HEADERS);
  })
  .post('/:token/respond', async (c) => {
    const found = await resolve(c);
    if (!found) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const { member, workspace } = found;
    const form = await c.req.parseBody();
    const back = `/p/${c.req.param('token')}`;
    if (form.action_item !== undefined) {
      // An answer on one of the dialogue meeting's action items (a field of its own: ids of items and action items never mix).
      const done = await answerActionItemFromPage(c.env, workspace, member, form, statusWords(workspace.name));
      if ('refused' in done) {
        return c.html(simplePage('That answer could not be recorded', [done.refused], html`<p><a href="${back}">Back to your list</a></p>`), 400, PERSONAL_PAGE_HEADERS);
      }
      await touchProviderLink(c.env.DB, found.linkId, new Date().toISOString()).run();
      return c.redirect(`${back}?saved=1#action-${encodeURIComponent(done.id)}`, 303);
    }
    const parsed = v.safeParse(ProviderRespondFormSchema, {
      item: form.item, nonce: formValue(form.nonce), status: form.status, eta: formValue(form.eta), note: formValue(form.note),
    });
    const refuse = (why: string) =>
      c.html(simplePage('That answer could not be recorded', [why], html`<p><a href="${back}">Back to your list</a></p>`), 400, PERSONAL_PAGE_HEADERS);
    if (!parsed.success) {
      const words = statusWords(workspace.name);
      const fields = new Set(parsed.issues.map((i) => String(i.path?.[0]?.key ?? '')));
      return refuse(fields.has('status') ? `Choose where the item stands: ${Object.values(words).join(', ')}.`
        : fields.has('eta') ? 'The expected date must be a date, like 2026-12-31.'
          : fields.has('note') ? 'The note is too long: keep it under 2000 characters.'
            : 'Go back to your list and answer the item again.');
    }
    const { item, nonce, status, eta, note } = parsed.output;
    // The same visibility rule as the API: an item not shared with this company is "not there".
    const row = await getAnnotationRow(c.env.DB, workspace.id, member, item);
    if (!row) {
      // Not a shared item: perhaps one of the initiatives the provider delivers.
      const answered = await answerFromPage(c.env.DB, workspace, member, item, { nonce, status, eta, note }, new Date().toISOString());
      if (answered) return c.redirect(`${back}?saved=1#item-${encodeURIComponent(item)}`, 303);
      return refuse('That item is not on your list (any more). Go back to your list and try again.');
    }
    let id = nonce ?? crypto.randomUUID();
    const existing = nonce ? await getUpdate(c.env.DB, nonce) : null;
    if (existing && (existing.workspaceId !== workspace.id || existing.annotationId !== row.id || existing.author.id !== member.id)) id = crypto.randomUUID();
    else if (existing) return c.redirect(`${back}?saved=1#item-${encodeURIComponent(row.id)}`, 303); // a second click on the same form
    const now = new Date().toISOString();
    await c.env.DB.batch([
      insertUpdate(c.env.DB, {
        id, workspaceId: workspace.id, annotationId: row.id, authorId: member.id, kind: 'provider_status',
        note: note || null, state: null, providerStatus: status, eta: eta ?? null, createdAt: now,
      }),
      touchAnnotation(c.env.DB, workspace.id, row.id, now),
      audit(c.env.DB, workspace.id, { member, workspace, tokenId: '' }, 'annotation.provider_status', { type: 'annotation', id: row.id },
        { status, eta: eta ?? null, via: 'provider web view' }, now),
      touchProviderLink(c.env.DB, found.linkId, now),
      touchMember(c.env.DB, member.id, now),
    ]);
    return c.redirect(`${back}?saved=1#item-${encodeURIComponent(row.id)}`, 303);
  })
  .get('/:token/unsubscribe', async (c) => {
    const m = await resolveUnsubscribe(c);
    if (!m) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    const page = simplePage(`Stop the daily email about ${m.workspaceName}?`, [
      `Steward emails ${m.email ?? m.name} at most once a day when ${m.workspaceName} shares something new with ${m.providerCompany ?? 'you'} or an item waits on you. Your page keeps working either way.`,
    ], html`<form method="post"><button type="submit" style="font:inherit;padding:6px 14px">Stop the daily email</button></form>`);
    return c.html(page, 200, PERSONAL_PAGE_HEADERS);
  })
  .post('/:token/unsubscribe', async (c) => {
    const m = await resolveUnsubscribe(c);
    if (!m) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    await unsubscribeDigest(c.env.DB, m.workspaceId, m.id, new Date().toISOString()).run();
    const page = simplePage('You will get no more daily emails', [`Steward will not email ${m.email ?? m.name} about ${m.workspaceName} any more.`],
      html`<form method="post" action="/p/${c.req.param('token')}/resubscribe"><button type="submit" style="font:inherit;padding:6px 14px">Undo</button></form>`);
    return c.html(page, 200, PERSONAL_PAGE_HEADERS);
  })
  .post('/:token/resubscribe', async (c) => {
    const m = await resolveUnsubscribe(c);
    if (!m) return c.html(INVALID(), 404, PERSONAL_PAGE_HEADERS);
    await resubscribeDigest(c.env.DB, m.id).run();
    return c.html(simplePage('Welcome back', [`Steward will email ${m.email ?? m.name} again when something about ${m.workspaceName} needs you.`]), 200, PERSONAL_PAGE_HEADERS);
  });
