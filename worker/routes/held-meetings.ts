import { Hono } from 'hono';
import {
  ActionItemAnswerCreateSchema, ActionItemCreateSchema, ActionOwnerChoicesSchema, ActionItemListSchema, ActionItemPatchSchema, ActionItemSchema, AgendaAddSchema, DecisionSaveSchema,
  IdParam, MeetingListSchema, MeetingSchema, MeetingStartSchema, MinutesCorrectionSchema, MinutesSentSchema,
  type ActionItem, type ActionOwnerChoices, type Meeting, type MinutesSent,
} from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { audit } from '../db/audit';
import { listMembers } from '../db/members';
import { providerCompanies } from '../db/provider';
import { recipientsOf } from '../db/recipients';
import {
  addOtherItem, closeMeeting, getActionItemRow, insertActionItem, insertMinutes, listMeetings, ownerName,
  recordMinutesOutcomes, removeDecision, saveDecision, toActionItem, touchClosedMeeting, touchOpenMeeting, updateActionItem, type ActionItemFields,
} from '../db/held-meetings';
import type { AppEnv, Caller, Env } from '../env';
import { ApiError, notFound } from '../errors';
import { agendaItem, checkDue, meetingOr404, minutesAttendees, minutesSent, refuse, resolveOwner, startOrResume, todayIn } from '../meeting/held';
import { renderMinutes, sendMinutes, type Correction } from '../meeting/minutes';
import { guard } from '../middleware/auth';
import { answerAsProvider, ownedActionItem, providerActionItems } from '../provider/action-items';
import { endpoint } from '../openapi';
import { validate } from '../validate';

/**
 * Meeting mode (issue 15): the person who runs the dialogue meeting (an admin or IT staff)
 * walks its agenda and records decisions and action items as it goes — every call is saved at
 * once, so a closed tab loses nothing. Closing emails the minutes; later changes are corrections,
 * themselves emailed. The owning provider answers its action items like shared items.
 */

const RUNNERS = ['admin', 'staff'] as const;
const CLOSED = { description: 'The meeting is closed and its minutes were sent: send a correction instead' };
const REFUSED = { description: 'An owner, provider company, agenda item or date is not acceptable: `fields` says which and why' };

const listEp = endpoint({
  method: 'get', path: '/api/v1/meetings', operationId: 'meetings', access: RUNNERS,
  summary: 'Held dialogue meetings, newest first, with how many decisions and action items (open ones apart) each recorded.',
  responses: { 200: { description: 'Held meetings', schema: MeetingListSchema } },
});
const startEp = endpoint({
  method: 'post', path: '/api/v1/meetings', operationId: 'startMeeting', access: RUNNERS,
  summary: 'Start the dialogue meeting on a report\'s agenda (default: the latest sent report; before any, the report in progress), with the open action items of earlier meetings added; or resume the open one (one at a time per workspace).',
  body: MeetingStartSchema,
  responses: { 201: { description: 'Started', schema: MeetingSchema }, 200: { description: 'The meeting already open, resumed', schema: MeetingSchema }, 422: REFUSED },
});
const ownersEp = endpoint({
  method: 'get', path: '/api/v1/meetings/owners', operationId: 'actionOwners', access: RUNNERS,
  summary: 'Whom an action item can be given to: the workspace\'s members who are not the provider\'s people (names, never addresses), its provider companies, and report recipients who are not members.',
  responses: { 200: { description: 'The choices', schema: ActionOwnerChoicesSchema } },
});
const readEp = endpoint({
  method: 'get', path: '/api/v1/meetings/{id}', operationId: 'heldMeeting', access: RUNNERS,
  summary: 'One held meeting: its agenda, decisions, action items (late ones marked) and each sending of its minutes.',
  responses: { 200: { description: 'The meeting', schema: MeetingSchema } },
});
const decisionEp = endpoint({
  method: 'post', path: '/api/v1/meetings/{id}/decisions', operationId: 'saveDecision', access: RUNNERS,
  summary: 'Record (or replace) the decision on one agenda item of an open meeting; empty text removes it. Saved at once.',
  body: DecisionSaveSchema,
  responses: { 200: { description: 'Saved; the meeting as it is now', schema: MeetingSchema }, 409: CLOSED, 422: REFUSED },
});
const agendaEp = endpoint({
  method: 'post', path: '/api/v1/meetings/{id}/agenda', operationId: 'addAgendaItem', access: RUNNERS,
  summary: 'Add an item raised during the meeting to its agenda (ref `other-<n>`).',
  body: AgendaAddSchema,
  responses: { 200: { description: 'Added; the meeting as it is now', schema: MeetingSchema }, 409: CLOSED },
});
const addItemEp = endpoint({
  method: 'post', path: '/api/v1/meetings/{id}/action-items', operationId: 'addActionItem', access: RUNNERS,
  summary: 'Record an action item: what, owner (a member, the provider company, or a person by email) and due date (today or later, in the workspace\'s time zone). Idempotent by the client-made id.',
  body: ActionItemCreateSchema,
  responses: {
    201: { description: 'Recorded', schema: ActionItemSchema }, 200: { description: 'Already recorded (a retry)', schema: ActionItemSchema },
    409: { description: 'The meeting is closed (send a correction), or the id is used by another action item' }, 422: REFUSED,
  },
});
const patchItemEp = endpoint({
  method: 'patch', path: '/api/v1/action-items/{id}', operationId: 'updateActionItem', access: RUNNERS,
  summary: 'Mark an action item done, dropped or open again (always allowed), or change what, owner or due date while its meeting is open. Send the version you read.',
  body: ActionItemPatchSchema,
  responses: {
    200: { description: 'Changed', schema: ActionItemSchema },
    409: { description: 'Changed by someone else meanwhile (read it again), or its minutes were sent: send a correction' }, 422: REFUSED,
  },
});
const closeEp = endpoint({
  method: 'post', path: '/api/v1/meetings/{id}/close', operationId: 'closeMeeting', access: RUNNERS,
  summary: 'Close the meeting: the minutes (each decision, then the action items with owners and dates) are stored and emailed to the attendees (HTML and text).',
  responses: { 200: { description: 'Closed; `outcomes` says what happened to each attendee\'s email', schema: MinutesSentSchema }, 409: { description: 'Already closed' } },
});
const correctEp = endpoint({
  method: 'post', path: '/api/v1/meetings/{id}/corrections', operationId: 'correctMinutes', access: RUNNERS,
  summary: 'Correct the minutes of a closed meeting: the changes are applied and the corrected minutes, saying what changed, are emailed to the attendees and stored as a new version.',
  body: MinutesCorrectionSchema,
  responses: { 200: { description: 'Corrected and sent', schema: MinutesSentSchema }, 409: { description: 'The meeting is still open (edit it directly), or another correction was sent at the same moment' }, 422: REFUSED },
});
const providerItemsEp = endpoint({
  method: 'get', path: '/api/v1/provider/action-items', operationId: 'providerActionItems', access: ['provider'],
  summary: 'The action items your company owns, from the client\'s dialogue meetings: open ones first (due first), then done ones. Answer through POST /api/v1/action-items/{id}/answers.',
  responses: { 200: { description: 'Your action items', schema: ActionItemListSchema } },
});
const answerEp = endpoint({
  method: 'post', path: '/api/v1/action-items/{id}/answers', operationId: 'answerActionItem', access: ['provider'],
  summary: 'The owning provider\'s answer on an action item (acknowledged, in progress, waiting on the client, done; an expected date and a note), like on a shared item. `done` marks it done.',
  body: ActionItemAnswerCreateSchema,
  responses: { 200: { description: 'Recorded', schema: ActionItemSchema }, 409: { description: 'The client dropped this action item' } },
});

const conflict = (what: string) => new ApiError(409, 'conflict', `${what} changed at the same moment. Read it again, then make your change.`);

async function itemOr404(env: Env, caller: Caller, id: string) {
  const row = await getActionItemRow(env.DB, caller.workspace.id, id);
  if (!row) throw notFound('This action item');
  return row;
}

type Fields = Omit<ActionItemFields, 'ref'>;
const fieldsOf = (r: { what: string; owner_kind: ActionItemFields['ownerKind']; owner_member_id: string | null; owner_company: string | null; owner_email: string | null; owner_name: string | null; due_on: string }): Fields => ({
  what: r.what, ownerKind: r.owner_kind, ownerMemberId: r.owner_member_id, ownerCompany: r.owner_company, ownerEmail: r.owner_email, ownerName: r.owner_name, dueOn: r.due_on,
});
const sameOwner = (a: Fields, b: Fields) =>
  a.ownerKind === b.ownerKind && a.ownerMemberId === b.ownerMemberId && a.ownerCompany === b.ownerCompany && a.ownerEmail === b.ownerEmail && (a.ownerKind !== 'person' || a.ownerName === b.ownerName);

/** Sends the stored minutes of `version` and records what happened to each attendee's copy. */
async function sendStored(env: Env, caller: Caller, meetingId: string, version: number, rendered: ReturnType<typeof renderMinutes>): Promise<MinutesSent> {
  const outcomes = await sendMinutes(env, await minutesAttendees(env, caller.workspace), rendered);
  await recordMinutesOutcomes(env.DB, meetingId, version, outcomes).run();
  return { meeting: await meetingOr404(env, caller.workspace, meetingId), outcomes };
}

export const heldMeetings = new Hono<AppEnv>()
  .get('/', guard(listEp), async (c) => c.json({ items: await listMeetings(c.env.DB, c.var.caller.workspace.id) }))
  .post('/', guard(startEp), validate('json', MeetingStartSchema), async (c) => {
    const { meeting, created } = await startOrResume(c.env, c.var.caller, c.req.valid('json').reportId);
    return c.json(meeting satisfies Meeting, created ? 201 : 200);
  })
  .get('/owners', guard(ownersEp), async (c) => {
    const ws = c.var.caller.workspace;
    const [members, companies, recipients] = await Promise.all([
      listMembers(c.env.DB, ws.id), providerCompanies(c.env.DB, ws.id, new Date().toISOString()), recipientsOf(c.env.DB, ws.id),
    ]);
    const memberEmails = new Set(members.map((m) => m.email?.toLowerCase()).filter(Boolean));
    return c.json({
      members: members.filter((m) => m.role !== 'provider').map((m) => ({ id: m.id, name: m.name, role: m.role })),
      companies: companies.map((co) => co.name),
      people: recipients.filter((r) => r.source === 'extra' && !memberEmails.has(r.email.toLowerCase())).map((r) => ({ email: r.email, name: r.name })),
    } satisfies ActionOwnerChoices);
  })
  .get('/:id', guard(readEp), validate('param', IdParam), async (c) => c.json(await meetingOr404(c.env, c.var.caller.workspace, c.req.valid('param').id)))
  .post('/:id/decisions', guard(decisionEp), validate('param', IdParam), validate('json', DecisionSaveSchema), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const m = await meetingOr404(c.env, ws, c.req.valid('param').id);
    if (m.state !== 'open') throw minutesSent(m);
    const { ref, text } = c.req.valid('json');
    const item = agendaItem(m, ref);
    const db = c.env.DB;
    const at = new Date().toISOString();
    const [written] = await db.batch([
      text
        ? saveDecision(db, ws.id, m.id, { ref, title: item.title, text, byId: caller.member.id, byName: caller.member.name, at })
        : removeDecision(db, ws.id, m.id, ref),
      touchOpenMeeting(db, ws.id, m.id),
      audit(db, ws.id, caller, text ? 'meeting.decision' : 'meeting.decision_remove', { type: 'meeting', id: m.id }, { ref }, at),
    ]);
    // Closed between the read and the write: nothing was saved.
    if (text && written!.meta.changes === 0) throw minutesSent(await meetingOr404(c.env, ws, m.id));
    return c.json(await meetingOr404(c.env, ws, m.id));
  })
  .post('/:id/agenda', guard(agendaEp), validate('param', IdParam), validate('json', AgendaAddSchema), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const m = await meetingOr404(c.env, ws, c.req.valid('param').id);
    if (m.state !== 'open') throw minutesSent(m);
    const { title, id: key } = c.req.valid('json');
    const added = await addOtherItem(c.env.DB, ws.id, m.id, title, `Raised in the meeting by ${caller.member.name}`, key ?? null).run();
    if (added.meta.changes !== 1) {
      const now = await meetingOr404(c.env, ws, m.id);
      // Sent again after an answer was lost: it is already on the agenda.
      if (now.state === 'open' && key) return c.json(now);
      throw minutesSent(now);
    }
    await audit(c.env.DB, ws.id, caller, 'meeting.agenda_add', { type: 'meeting', id: m.id }, { title }).run();
    return c.json(await meetingOr404(c.env, ws, m.id));
  })
  .post('/:id/action-items', guard(addItemEp), validate('param', IdParam), validate('json', ActionItemCreateSchema), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const body = c.req.valid('json');
    const m = await meetingOr404(c.env, ws, c.req.valid('param').id);
    const today = todayIn(ws);
    const id = body.id ?? crypto.randomUUID();
    if (body.id) {
      // The page saves as it goes and may send the same item twice: the retry is the item.
      const earlier = await getActionItemRow(c.env.DB, ws.id, body.id);
      if (earlier?.meeting_id === m.id) return c.json(toActionItem(earlier, today) satisfies ActionItem, 200);
    }
    if (m.state !== 'open') throw minutesSent(m);
    if (body.ref) agendaItem(m, body.ref);
    checkDue(body.dueOn, today, 'dueOn', ws);
    const owner = await resolveOwner(c.env, ws, body.owner);
    const db = c.env.DB;
    const at = new Date().toISOString();
    const [inserted] = await db.batch([
      insertActionItem(db, ws.id, m.id, id, { ref: body.ref ?? null, what: body.what, dueOn: body.dueOn, ...owner }, caller.member.id, at),
      touchOpenMeeting(db, ws.id, m.id),
    ]);
    if (inserted!.meta.changes !== 1) {
      const existing = await getActionItemRow(db, ws.id, id);
      if (existing?.meeting_id === m.id) return c.json(toActionItem(existing, today), 200);
      if (existing) throw new ApiError(409, 'conflict', 'This action item id is already used. Make a new id (crypto.randomUUID()) for a new action item.', { id: 'is already used' });
      // Closed between the read and the write: nothing was saved.
      throw minutesSent(await meetingOr404(c.env, ws, m.id));
    }
    await audit(db, ws.id, caller, 'action_item.create', { type: 'action_item', id }, { meetingId: m.id, owner: owner.ownerKind, dueOn: body.dueOn }, at).run();
    return c.json(toActionItem((await getActionItemRow(db, ws.id, id))!, today), 201);
  })
  .post('/:id/close', guard(closeEp), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const m = await meetingOr404(c.env, ws, c.req.valid('param').id);
    if (m.state !== 'open') {
      throw new ApiError(409, 'conflict', `This meeting was already closed${m.closedAt ? ` on ${shortDate(m.closedAt.slice(0, 10), true)}` : ''} and its minutes sent. To change them, send a correction.`, { meeting: 'is already closed' });
    }
    const rendered = renderMinutes(ws, m);
    const db = c.env.DB;
    const at = new Date().toISOString();
    // The minutes are stored in the same transaction that closes the meeting: both or neither.
    const [stored] = await db.batch([
      insertMinutes(db, ws.id, m.id, 'open', { version: 1, kind: 'minutes', note: null, ...rendered, byId: caller.member.id, byName: caller.member.name, at }),
      closeMeeting(db, ws.id, m.id, at),
      audit(db, ws.id, caller, 'meeting.close', { type: 'meeting', id: m.id }, { decisions: m.decisions.length, actionItems: m.actionItems.length }, at),
    ]);
    if (stored!.meta.changes !== 1) throw new ApiError(409, 'conflict', 'This meeting was closed by someone else at the same moment; its minutes were sent once.', { meeting: 'is already closed' });
    return c.json(await sendStored(c.env, caller, m.id, 1, rendered) satisfies MinutesSent);
  })
  .post('/:id/corrections', guard(correctEp), validate('param', IdParam), validate('json', MinutesCorrectionSchema), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const m = await meetingOr404(c.env, ws, c.req.valid('param').id);
    if (m.state !== 'closed') {
      throw new ApiError(409, 'conflict', 'This meeting is still open: change it directly, then close it to send the minutes. A correction is for minutes already sent.', { meeting: 'is still open' });
    }
    const body = c.req.valid('json');
    const db = c.env.DB;
    const at = new Date().toISOString();
    const changes: string[] = [];
    const writes: D1PreparedStatement[] = [];
    const next: Meeting = structuredClone(m);
    const fields: Record<string, string> = {};
    for (const [n, d] of (body.decisions ?? []).entries()) {
      const item = m.agenda.find((a) => a.ref === d.ref);
      if (!item) {
        fields[`decisions.${n}.ref`] = 'is not on this meeting\'s agenda';
        continue;
      }
      const before = m.decisions.find((x) => x.ref === d.ref);
      if ((before?.text ?? '') === d.text) continue;
      changes.push(!d.text ? `Decision on “${item.title}” removed (it was: “${before!.text}”)`
        : before ? `Decision on “${item.title}”: now “${d.text}” (it was: “${before.text}”)` : `Decision on “${item.title}” added: “${d.text}”`);
      writes.push(d.text
        ? saveDecision(db, ws.id, m.id, { ref: d.ref, title: item.title, text: d.text, byId: caller.member.id, byName: caller.member.name, at }, 'closed')
        : removeDecision(db, ws.id, m.id, d.ref, 'closed'));
      next.decisions = [...next.decisions.filter((x) => x.ref !== d.ref), ...(d.text ? [{ ref: d.ref, title: item.title, text: d.text, by: caller.member.name, updatedAt: at }] : [])];
    }
    for (const [n, a] of (body.actionItems ?? []).entries()) {
      const current = m.actionItems.find((x) => x.id === a.id);
      if (!current) {
        fields[`actionItems.${n}.id`] = 'is not an action item of this meeting';
        continue;
      }
      const row = (await getActionItemRow(db, ws.id, a.id))!;
      const before = fieldsOf(row);
      const after: Fields = { ...before };
      if (a.what !== undefined) after.what = a.what;
      if (a.dueOn !== undefined && a.dueOn !== before.dueOn) {
        try {
          checkDue(a.dueOn, m.heldOn, `actionItems.${n}.dueOn`, ws, true);
          after.dueOn = a.dueOn;
        } catch (err) {
          Object.assign(fields, (err as ApiError).fields);
        }
      }
      if (a.owner) {
        try {
          Object.assign(after, await resolveOwner(c.env, ws, a.owner, `actionItems.${n}.owner`));
        } catch (err) {
          Object.assign(fields, (err as ApiError).fields);
        }
      }
      const said: string[] = [];
      if (after.what !== before.what) said.push(`now “${after.what}”`);
      const newOwner = ownerName({ owner_kind: after.ownerKind, owner_company: after.ownerCompany, owner_email: after.ownerEmail, owner_name: after.ownerName, member_name: after.ownerName });
      if (!sameOwner(before, after)) said.push(`owner ${current.owner.name} → ${newOwner}`);
      if (after.dueOn !== before.dueOn) said.push(`due ${shortDate(before.dueOn, true)} → ${shortDate(after.dueOn, true)}`);
      if (!said.length) continue;
      changes.push(`Action item “${current.what}”: ${said.join(', ')}`);
      writes.push(updateActionItem(db, ws.id, a.id, row.version, { ...after, state: row.state, doneAt: row.done_at }, at));
      next.actionItems = next.actionItems.map((x) => (x.id === a.id ? {
        ...x, what: after.what, dueOn: after.dueOn,
        owner: { kind: after.ownerKind, memberId: after.ownerMemberId, company: after.ownerCompany, email: after.ownerEmail, name: newOwner },
      } : x));
    }
    if (Object.keys(fields).length) throw refuse(fields);
    const version = (m.minutes.at(-1)?.version ?? 0) + 1;
    const correction: Correction = { note: body.note, changes };
    const rendered = renderMinutes(ws, next, correction);
    try {
      // One transaction: the changes, the new version of the minutes, the meeting's version.
      await db.batch([
        insertMinutes(db, ws.id, m.id, 'closed', { version, kind: 'correction', note: body.note, ...rendered, byId: caller.member.id, byName: caller.member.name, at }),
        ...writes,
        touchClosedMeeting(db, ws.id, m.id),
        audit(db, ws.id, caller, 'meeting.correction', { type: 'meeting', id: m.id }, { version, note: body.note, changes }, at),
      ]);
    } catch (err) {
      if (/UNIQUE|constraint/i.test(String(err))) throw conflict('The minutes');
      throw err;
    }
    return c.json(await sendStored(c.env, caller, m.id, version, rendered) satisfies MinutesSent);
  });

export const actionItems = new Hono<AppEnv>()
  .patch('/:id', guard(patchItemEp), validate('param', IdParam), validate('json', ActionItemPatchSchema), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const row = await itemOr404(c.env, caller, c.req.valid('param').id);
    const body = c.req.valid('json');
    const today = todayIn(ws);
    if (body.version !== row.version) {
      throw new ApiError(409, 'conflict', `Someone changed this action item meanwhile (you read version ${body.version}, it is now ${row.version}). Read it again, then make your change.`, { version: 'is out of date' });
    }
    const before = fieldsOf(row);
    const after: Fields = { ...before };
    if (body.what !== undefined) after.what = body.what;
    if (body.dueOn !== undefined && body.dueOn !== before.dueOn) {
      checkDue(body.dueOn, today, 'dueOn', ws);
      after.dueOn = body.dueOn;
    }
    if (body.owner) Object.assign(after, await resolveOwner(c.env, ws, body.owner));
    const edited = after.what !== before.what || after.dueOn !== before.dueOn || !sameOwner(before, after);
    if (edited && row.meeting_state !== 'open') {
      throw new ApiError(409, 'conflict',
        'The minutes of this action item\'s meeting were sent, so what, owner and due date can no longer be changed here. Send a correction instead (it is emailed to the attendees); marking it done, dropped or open again is always allowed.',
        { meeting: 'is closed: send a correction' });
    }
    const state = body.state ?? row.state;
    if (!edited && state === row.state) return c.json(toActionItem(row, today) satisfies ActionItem);
    const at = new Date().toISOString();
    const doneAt = state === 'done' ? (row.state === 'done' ? row.done_at : at) : null;
    const [updated] = await c.env.DB.batch([
      updateActionItem(c.env.DB, ws.id, row.id, row.version, { ...after, state, doneAt }, at),
      ...(edited ? [touchOpenMeeting(c.env.DB, ws.id, row.meeting_id)] : []),
      audit(c.env.DB, ws.id, caller, 'action_item.update', { type: 'action_item', id: row.id }, { ...(state !== row.state ? { from: row.state, to: state } : {}), edited }, at),
    ]);
    if (updated!.meta.changes !== 1) throw conflict('This action item');
    return c.json(toActionItem((await getActionItemRow(c.env.DB, ws.id, row.id))!, today));
  })
  .post('/:id/answers', guard(answerEp), validate('param', IdParam), validate('json', ActionItemAnswerCreateSchema), async (c) => {
    const caller = c.var.caller;
    // Another company's item, or a member's, is "not there" for this provider.
    const row = await ownedActionItem(c.env.DB, caller.workspace, caller.member, c.req.valid('param').id);
    if (!row) throw notFound('This action item');
    return c.json(await answerAsProvider(c.env, caller, row, c.req.valid('json'), crypto.randomUUID(), 'api') satisfies ActionItem);
  });

export const providerActionItemsApi = new Hono<AppEnv>()
  .get('/', guard(providerItemsEp), async (c) => {
    const { workspace, member } = c.var.caller;
    return c.json({ items: await providerActionItems(c.env.DB, workspace, member) });
  });
