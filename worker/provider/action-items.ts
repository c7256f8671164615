import * as v from 'valibot';
import type { ActionItem, Member, ProviderStatus, Workspace } from '../../shared/schemas';
import { ActionItemAnswerCreateSchema, PROVIDER_STATUSES } from '../../shared/schemas';
import { localDate, shortDate } from '../../shared/schedule';
import { audit } from '../db/audit';
import { answerActionItem, getActionItemRow, providerActionItemRows, toActionItem, type ActionItemRow } from '../db/held-meetings';
import { touchMember } from '../db/members';
import type { Caller, Env } from '../env';
import { ApiError } from '../errors';
import { html, join, type Html } from '../lib/html';

/**
 * Action items of the client's dialogue meetings that the provider company owns: listed with
 * the API (GET /api/v1/provider/action-items), on the provider's web page and in its daily
 * digest, and answered like shared items (acknowledged, in progress, waiting on the client,
 * done — with a date and a note). `done` marks the item done.
 */

const today = (ws: Workspace) => localDate(new Date(), ws.timeZone);

/** The action items the member's company owns (none for a member without a company). */
export async function providerActionItems(db: D1Database, ws: Workspace, member: Member): Promise<ActionItem[]> {
  if (!member.providerCompany) return [];
  const day = today(ws);
  return (await providerActionItemRows(db, ws.id, member.providerCompany)).map((r) => toActionItem(r, day));
}

/** The item if the member's company owns it; anything else is "not there" for this provider. */
export async function ownedActionItem(db: D1Database, ws: Workspace, member: Member, id: string): Promise<ActionItemRow | null> {
  const row = await getActionItemRow(db, ws.id, id);
  const company = member.providerCompany?.toLowerCase();
  return row && row.owner_kind === 'provider' && company && row.owner_company?.toLowerCase() === company ? row : null;
}

/**
 * Records the owning provider's answer. `answerId` is the page form's nonce (a second click is
 * the same answer) or a fresh id from the API. A dropped item takes no answer.
 */
export async function answerAsProvider(
  env: Env, caller: Caller, row: ActionItemRow, a: { status: ProviderStatus; eta?: string; note?: string }, answerId: string, via: 'api' | 'provider web view',
): Promise<ActionItem> {
  const ws = caller.workspace;
  if (row.provider_answer_id === answerId) return toActionItem(row, today(ws));
  if (row.state === 'dropped') throw new ApiError(409, 'conflict', `${ws.name} dropped this action item: there is nothing more to answer.`, { state: 'is dropped' });
  const at = new Date().toISOString();
  const [updated] = await env.DB.batch([
    answerActionItem(env.DB, ws.id, row.id, row.version, { answerId, status: a.status, eta: a.eta ?? null, note: a.note || null, by: caller.member.name, at }),
    audit(env.DB, ws.id, caller, 'action_item.answer', { type: 'action_item', id: row.id }, { status: a.status, eta: a.eta ?? null, via }, at),
    touchMember(env.DB, caller.member.id, at),
  ]);
  if (updated!.meta.changes !== 1) throw new ApiError(409, 'conflict', 'This action item changed at the same moment. Send your answer again.');
  return toActionItem((await getActionItemRow(env.DB, ws.id, row.id))!, today(ws));
}

const PageAnswer = v.object({ ...ActionItemAnswerCreateSchema.entries, nonce: v.optional(v.pipe(v.string(), v.uuid())) });

/**
 * An answer from the provider's web page (its form's `action_item` field names the item). The
 * refusal, when there is one, is in words for the page.
 */
export async function answerFromPage(
  env: Env, ws: Workspace, member: Member, form: Record<string, unknown>, words: Record<ProviderStatus, string>,
): Promise<{ id: string } | { refused: string }> {
  const value = (x: unknown) => (typeof x === 'string' && x.trim() ? x : undefined);
  const parsed = v.safeParse(PageAnswer, { status: form.status, eta: value(form.eta), note: value(form.note), nonce: value(form.nonce) });
  if (!parsed.success) {
    const fields = new Set(parsed.issues.map((i) => String(i.path?.[0]?.key ?? '')));
    return {
      refused: fields.has('status') ? `Choose where the action item stands: ${Object.values(words).join(', ')}.`
        : fields.has('eta') ? 'The expected date must be a date, like 2026-12-31.'
          : fields.has('note') ? 'The note is too long: keep it under 2000 characters.'
            : 'Go back to your list and answer the action item again.',
    };
  }
  const row = typeof form.action_item === 'string' ? await ownedActionItem(env.DB, ws, member, form.action_item.slice(0, 64)) : null;
  if (!row) return { refused: 'That action item is not on your list (any more). Go back to your list and try again.' };
  const { nonce, ...answer } = parsed.output;
  try {
    await answerAsProvider(env, { member, workspace: ws, tokenId: '' }, row, answer, nonce ?? crypto.randomUUID(), 'provider web view');
  } catch (err) {
    if (err instanceof ApiError) return { refused: err.message };
    throw err;
  }
  return { id: row.id };
}

/** What the daily digest says about the company's action items (see digest.ts). */
export interface ActionItemNews {
  /** Agreed in a meeting since the last digest. */
  newlyAssigned: ActionItem[];
  /** Whose due date passed since the last digest, still open. */
  newlyOverdue: ActionItem[];
  open: number;
  overdue: number;
}

/**
 * The company's open action items as news since the last digest (`since`: null when this
 * member never had one); null when the company owns no open action item. `day` is the
 * digest's local date, `cutoff` its instant.
 */
export async function actionItemNews(
  db: D1Database, ws: Workspace, member: Member, since: { cutoff: string; day: string } | null, cutoff: string, day: string,
): Promise<ActionItemNews | null> {
  if (!member.providerCompany) return null;
  const open = (await providerActionItemRows(db, ws.id, member.providerCompany)).filter((r) => r.state === 'open').map((r) => toActionItem(r, day));
  if (!open.length) return null;
  // An item agreed after `cutoff` (during this run) is left for the next digest.
  const newlyAssigned = open.filter((i) => (!since || i.createdAt > since.cutoff) && i.createdAt <= cutoff);
  const isNew = new Set(newlyAssigned.map((i) => i.id));
  // A due date passes the day after it; it is news if that happened since the last digest's day.
  const newlyOverdue = open.filter((i) => !isNew.has(i.id) && i.late && (!since || i.dueOn >= since.day));
  return { newlyAssigned, newlyOverdue, open: open.length, overdue: open.filter((i) => i.late).length };
}

// ---------------------------------------------------------------------------------------
// The provider's web page: its section, with the same answer form as shared items.

function item(i: ActionItem, o: { respondAction: string; workspaceName: string; words: Record<ProviderStatus, string> }): Html {
  const a = i.providerAnswer;
  const open = i.state === 'open';
  const status = !open
    ? html`<p class="answer-now">Done${i.doneAt ? ` on ${shortDate(i.doneAt.slice(0, 10), true)}` : ''}: nothing more to do.</p>`
    : a
      ? html`<p class="answer-now${i.late ? ' waiting' : ''}">Your latest answer: ${o.words[a.status]}${a.eta ? `, expected by ${shortDate(a.eta, true)}` : ''}${i.late ? ' — the due date has passed' : ''}.</p>`
      : html`<p class="answer-now waiting">No answer from you yet${i.late ? ', and the due date has passed' : ''}.</p>`;
  return html`<article class="item" id="action-${i.id}">
<p class="summary">${i.what}</p>
<p class="meta">${join([`Agreed in the dialogue meeting on ${shortDate(i.meetingOn, true)}`, `due ${shortDate(i.dueOn, true)}`], ' · ')}</p>
${status}
${open ? html`<form class="respond" method="post" action="${o.respondAction}">
<input type="hidden" name="action_item" value="${i.id}"><input type="hidden" name="nonce" value="${crypto.randomUUID()}">
<fieldset><legend>Your answer</legend>
${join(PROVIDER_STATUSES.map((s) => html`<label><input type="radio" name="status" value="${s}" required${a?.status === s ? html` checked` : ''}> ${o.words[s]}</label>`), '\n')}
</fieldset>
<div class="row"><label for="eta-${i.id}">Expected by (optional)<input type="date" id="eta-${i.id}" name="eta" value="${a?.eta ?? ''}"></label>
<label class="grow" for="note-${i.id}">Note for ${o.workspaceName} (optional)<textarea id="note-${i.id}" name="note" maxlength="2000"></textarea></label>
<button type="submit">Send answer</button></div>
</form>` : ''}
</article>`;
}

/** The page's *Action items from the dialogue meeting* section, or nothing when there is none. */
export function providerActionItemsSection(list: ActionItem[], o: { respondAction: string; workspaceName: string; words: Record<ProviderStatus, string> }): Html | '' {
  const shown = [...list.filter((i) => i.state === 'open'), ...list.filter((i) => i.state !== 'open').slice(0, 10)];
  if (!shown.length) return '';
  return html`<h2>Action items from the dialogue meeting</h2>
<p class="meta noprint">What ${o.workspaceName}’s dialogue meeting asked of you, and by when. Answer each like a shared item; “Done” marks it done.</p>
${join(shown.map((i) => item(i, o)), '\n')}`;
}
