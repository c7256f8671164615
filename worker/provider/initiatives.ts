import type { Initiative, InitiativeEvent, Member, ProviderStatus, Workspace } from '../../shared/schemas';
import { INITIATIVE_STATE_WORDS, PROVIDER_STATUSES } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { audit } from '../db/audit';
import { getAnswerEvent, getInitiative, initiativeParts, insertEvent, listInitiatives, touchInitiative } from '../db/initiatives';
import { html, join, type Html } from '../lib/html';

/**
 * The initiatives a provider delivers, on its personal web page (/p/:token): each with the
 * specification and KPIs it is measured by, and the same answer form as shared items.
 */

const ANSWER_TEXT: Record<ProviderStatus, string> = { acknowledged: 'acknowledged', in_progress: 'in progress', waiting_on_client: 'waiting on us', done: 'done' };

/** The provider's initiatives and their timelines (a provider's own view: no budget, no other provider's answers). */
export async function providerInitiatives(db: D1Database, workspace: Workspace, member: Member): Promise<Array<{ initiative: Initiative; timeline: InitiativeEvent[] }>> {
  const { items } = await listInitiatives(db, workspace.id, member, {});
  return Promise.all(items.slice(0, 50).map(async (initiative) => ({ initiative, timeline: (await initiativeParts(db, workspace.id, member, initiative.id)).timeline })));
}

function item(x: { initiative: Initiative; timeline: InitiativeEvent[] }, o: { respondAction: string; workspaceName: string; words: Record<ProviderStatus, string> }): Html {
  const i = x.initiative;
  const a = i.providerAnswer;
  const open = i.state === 'approved' || i.state === 'in_progress';
  const kpis = i.kpis.map((k) => html`<li>${k.name}: from ${k.baseline} to ${k.target} ${k.unit} by ${shortDate(k.targetOn, true)}</li>`);
  return html`<article class="item" id="item-${i.id}">
<p class="summary">${i.title} <span class="meta">(${INITIATIVE_STATE_WORDS[i.state]}${i.targetQuarter ? `, for ${i.targetQuarter}` : ''})</span></p>
<p class="detail">${i.gap}</p>
${i.specification.length ? html`<p class="meta">What to deliver:</p><ol class="timeline">${i.specification.map((s) => html`<li>${s}</li>`)}</ol>` : ''}
${kpis.length ? html`<p class="meta">How ${o.workspaceName} will measure it:</p><ul class="timeline">${kpis}</ul>` : ''}
${a ? html`<p class="answer-now">Your latest answer: ${o.words[a.status]}${a.eta ? `, expected by ${shortDate(a.eta, true)}` : ''}.</p>` : open ? html`<p class="answer-now waiting">No answer from you yet.</p>` : ''}
${x.timeline.length ? html`<ol class="timeline">${x.timeline.map((e) => html`<li>${shortDate(e.at.slice(0, 10))} · ${e.by.name}: ${e.text}${e.note ? `: “${e.note}”` : ''}</li>`)}</ol>` : ''}
${open ? html`<form class="respond" method="post" action="${o.respondAction}">
<input type="hidden" name="item" value="${i.id}"><input type="hidden" name="nonce" value="${crypto.randomUUID()}">
<fieldset><legend>Your answer</legend>
${join(PROVIDER_STATUSES.map((s) => html`<label><input type="radio" name="status" value="${s}" required${a?.status === s ? html` checked` : ''}> ${o.words[s]}</label>`), '\n')}
</fieldset>
<div class="row"><label for="eta-${i.id}">Expected by (optional)<input type="date" id="eta-${i.id}" name="eta" value="${a?.eta ?? ''}"></label>
<label class="grow" for="note-${i.id}">Your plan, for ${o.workspaceName} (optional)<textarea id="note-${i.id}" name="note" maxlength="2000"></textarea></label>
<button type="submit">Send answer</button></div>
</form>` : ''}
</article>`;
}

/** The page's *Initiatives you deliver* section, or nothing when there is none. */
export function providerInitiativesSection(
  list: Array<{ initiative: Initiative; timeline: InitiativeEvent[] }>, o: { respondAction: string; workspaceName: string; words: Record<ProviderStatus, string> },
): Html | '' {
  if (!list.length) return '';
  return html`<h2>Initiatives you deliver</h2>
<p class="meta noprint">Projects ${o.workspaceName}’s executives approved: say where each stands, when you expect to deliver it, and your plan.</p>
${join(list.map((x) => item(x, o)), '\n')}`;
}

/**
 * An answer from the web page's form on one of the provider's initiatives (the form's nonce is
 * the answer's id: a second click is the same answer). Null when the initiative is not the
 * provider's (or not open to answers); `repeat` when this form was already sent.
 */
export async function answerFromPage(
  db: D1Database, workspace: Workspace, member: Member, initiativeId: string,
  a: { nonce?: string; status: ProviderStatus; eta?: string; note?: string }, now: string,
): Promise<'recorded' | 'repeat' | null> {
  const current = await getInitiative(db, workspace.id, member, initiativeId);
  if (!current || !(current.state === 'approved' || current.state === 'in_progress')) return null;
  const earlier = a.nonce ? await getAnswerEvent(db, a.nonce) : null;
  if (earlier && earlier.initiative_id === current.id && earlier.workspace_id === workspace.id) return 'repeat';
  const id = earlier || !a.nonce ? crypto.randomUUID() : a.nonce;
  const g = { id: current.id, version: current.version + 1, at: now };
  const text = `${member.providerCompany}: ${ANSWER_TEXT[a.status]}${a.eta ? `, expected ${a.eta}` : ''}`;
  const [touched] = await db.batch([
    touchInitiative(db, workspace.id, current.id, current.version, now),
    insertEvent(db, workspace.id, g, member, { id, kind: 'provider_answer', text, note: a.note || null, providerStatus: a.status, eta: a.eta ?? null }),
    audit(db, workspace.id, { member, workspace, tokenId: '' }, 'initiative.answer', { type: 'initiative', id: current.id }, { status: a.status, eta: a.eta ?? null, via: 'provider web view' }, now),
  ]);
  return touched!.meta.changes === 1 ? 'recorded' : null;
}
