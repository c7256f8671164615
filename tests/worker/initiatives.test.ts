import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Initiative, InitiativeDetail } from '../../shared/schemas';
import { annotationBody, call, join, json, newWorkspace, postForm, type TestTerms } from './helpers';

/** Initiatives through the real Worker and D1: evidence counts, bad input, who sees what, export and deletion. */

let ws: Awaited<ReturnType<typeof newWorkspace>>;
let staff: string;
let provider: string;
let otherProvider: string;
let terms: TestTerms;

const tag = async (token: string, overrides: Record<string, unknown> = {}) =>
  (await json(call('/api/v1/annotations', { token, body: annotationBody(terms, overrides) }))).id as string;

const ticket = (n: number) => ({ tool: 'rt', tenant: 'rt.example.com', ticketId: String(n), url: `https://rt.example.com/Ticket/Display.html?id=${n}`, observedAt: '2026-11-20T10:00:00Z' });

const propose = async (token: string, body: Record<string, unknown>) => call('/api/v1/initiatives', { token, body: { title: 'Online check-in', gap: 'Patients cannot check in before they arrive.', ...body } });

beforeAll(async () => {
  ws = await newWorkspace('Initiative Co');
  terms = ws.terms;
  staff = (await join(ws.admin.token, 'staff', 'Sam Staff')).token;
  provider = (await join(ws.admin.token, 'provider', 'Pat Provider', 'Fixit Ltd')).token;
  otherProvider = (await join(ws.admin.token, 'provider', 'Olga Other', 'Other IT')).token;
});

describe('initiatives', () => {
  it('counts its evidence from the linked tags: linking, unlinking, resolving and deleting move the counts', async () => {
    const a = await tag(staff, { ticketRef: ticket(101) });
    const b = await tag(staff, { ticketRef: ticket(102), lineOfBusiness: terms.support });
    const c = await tag(staff, { ticketRef: ticket(102) });
    const res = await propose(staff, { annotationIds: [a, b] });
    expect(res.status).toBe(201);
    const created = await json<Initiative>(res);
    expect(created).toMatchObject({ state: 'proposed', version: 1, evidence: { tags: 2, open: 2, tickets: 2, linesOfBusiness: 2 } });
    expect(created.evidence.since).toEqual(expect.any(String));

    const link = (body: unknown) => call(`/api/v1/initiatives/${created.id}/evidence`, { token: staff, body });
    expect((await json<Initiative>(link({ link: [c] }))).evidence).toMatchObject({ tags: 3, open: 3, tickets: 2, linesOfBusiness: 2 });
    // Linking the same tag again changes nothing.
    expect((await json<Initiative>(link({ link: [c] }))).evidence.tags).toBe(3);
    expect((await json<Initiative>(link({ unlink: [b] }))).evidence).toMatchObject({ tags: 2, tickets: 2, linesOfBusiness: 1 });

    const current = await json(call(`/api/v1/annotations/${a}`, { token: staff }));
    await call(`/api/v1/annotations/${a}`, { method: 'PATCH', token: staff, body: { version: current.annotation.version, state: 'resolved' } });
    const get = async () => json<InitiativeDetail>(call(`/api/v1/initiatives/${created.id}`, { token: staff }));
    expect((await get()).initiative.evidence).toMatchObject({ tags: 2, open: 1 });

    expect((await call(`/api/v1/annotations/${c}`, { method: 'DELETE', token: staff })).status).toBe(204);
    const detail = await get();
    expect(detail.initiative.evidence).toMatchObject({ tags: 1, open: 0, tickets: 1 });
    expect(detail.evidence.map((e) => e.annotationId)).toEqual([a]);
    expect(detail.timeline.map((e) => e.text)).toEqual(['Proposed', 'Linked 2 tags', 'Linked 1 tag', 'Linked 1 tag', 'Unlinked 1 tag']);
    expect(detail.timeline[0]!.by).toEqual({ name: 'Sam Staff', role: 'staff' });
  });

  it('refuses bad input with a 4xx naming the field and what to do', async () => {
    const other = await newWorkspace('Elsewhere Co');
    const kpi = { kpiId: terms.kpi, baseline: 9, baselineOn: '2026-01-01', target: 5, targetOn: '2026-06-30' };

    const foreignKpi = await propose(staff, { kpis: [{ ...kpi, kpiId: other.terms.kpi }] });
    expect(foreignKpi.status).toBe(422);
    expect((await json(foreignKpi)).error.fields).toEqual({ 'kpis.0.kpiId': expect.stringMatching(/not a KPI of this workspace/) });

    const draft = await tag(staff, { visibility: 'private' });
    const privateTag = await propose(staff, { annotationIds: [draft] });
    expect(privateTag.status).toBe(422);
    expect((await json(privateTag)).error.fields['annotationIds.0']).toMatch(/private tags never leave their author/);
    // Someone else's draft is not even said to exist.
    const notMine = await propose(ws.admin.token, { annotationIds: [draft] });
    expect((await json(notMine)).error.fields['annotationIds.0']).toMatch(/not a tag of this workspace that you can see/);
    // Nor can another workspace's tag be linked.
    const foreignTag = (await json(call('/api/v1/annotations', { token: other.admin.token, body: annotationBody(other.terms) }))).id;
    expect((await json(await propose(staff, { annotationIds: [foreignTag] }))).error.fields['annotationIds.0']).toMatch(/not a tag/);

    const backwards = await propose(staff, { kpis: [{ ...kpi, targetOn: '2025-12-01' }] });
    expect(backwards.status).toBe(400);
    expect((await json(backwards)).error.fields).toEqual({ 'kpis.0.targetOn': 'must be after the baseline date' });

    const budget = await propose(staff, { budget: { oneOff: '12k' } });
    expect(budget.status).toBe(400);
    expect((await json(budget)).error.fields['budget.oneOff']).toMatch(/must be a number/);

    const ok = await json<Initiative>(await propose(staff, { kpis: [kpi] }));
    const patch = (body: Record<string, unknown>) => call(`/api/v1/initiatives/${ok.id}`, { method: 'PATCH', token: staff, body });
    const skip = await patch({ version: ok.version, state: 'delivered' });
    expect(skip.status).toBe(422);
    expect((await json(skip)).error.fields.state).toMatch(/skips approved and in progress/);
    const noReason = await patch({ version: ok.version, state: 'rejected' });
    expect((await json(noReason)).error.fields.state).toMatch(/needs a reason/);
    const withReason = await json<Initiative>(patch({ version: ok.version, state: 'in_progress', reason: 'Approved by the owner at the board meeting.' }));
    expect(withReason).toMatchObject({ state: 'in_progress', stateReason: 'Approved by the owner at the board meeting.', version: 2 });
    // A stale version is a conflict, not a silent overwrite.
    expect((await patch({ version: 1, title: 'Renamed' })).status).toBe(409);
  });

  it('keeps the state change, the KPI progress and the budget in the initiative, with a timeline of every change', async () => {
    await call(`/api/v1/taxonomy/kpis/${terms.kpi}/readings`, { token: ws.admin.token, body: { value: 30, recordedOn: '2026-03-01' } });
    const created = await json<Initiative>(await propose(ws.admin.token, {
      title: 'Faster quotes', specification: ['Quotes are sent from the CRM in one click'],
      kpis: [{ kpiId: terms.kpi, baseline: 30, baselineOn: '2026-03-01', target: 24, targetOn: '2026-06-30' }],
      budget: { oneOff: 12000, monthly: 300 }, targetQuarter: '2026-q2', providerCompany: 'Fixit Ltd', linesOfBusiness: [terms.sales], stakeholders: [terms.dana],
    }));
    expect(created).toMatchObject({
      targetQuarter: '2026-Q2', budget: { oneOff: 12000, monthly: 300, currency: 'USD' }, linesOfBusiness: [{ id: terms.sales, name: 'Sales' }],
      stakeholders: [{ id: terms.dana, name: 'Dana Ortiz' }], kpis: [{ name: 'Quote turnaround', latest: { value: 30 }, outcome: 'waiting' }],
    });
    expect((await json(call('/api/v1/initiatives/settings', { method: 'PATCH', token: ws.admin.token, body: { currency: 'eur' } }))).currency).toBe('EUR');
    expect((await call('/api/v1/initiatives/settings', { method: 'PATCH', token: staff, body: { currency: 'EUR' } })).status).toBe(403);

    let v = created.version;
    for (const state of ['approved', 'in_progress', 'delivered']) {
      const moved = await json<Initiative>(call(`/api/v1/initiatives/${created.id}`, { method: 'PATCH', token: staff, body: { version: v, state } }));
      expect(moved.state).toBe(state);
      v = moved.version;
    }
    await call(`/api/v1/taxonomy/kpis/${terms.kpi}/readings`, { token: ws.admin.token, body: { value: 22, recordedOn: '2026-07-02' } });
    const after = await json<InitiativeDetail>(call(`/api/v1/initiatives/${created.id}`, { token: staff }));
    expect(after.initiative).toMatchObject({ deliveredAt: expect.any(String), budget: { currency: 'EUR' }, kpis: [{ latest: { value: 22 }, outcome: 'met' }] });
    expect(after.timeline.map((e) => e.text)).toEqual(['Proposed', 'Moved to Approved', 'Moved to In progress', 'Moved to Delivered']);
    const list = await json(call('/api/v1/initiatives?state=delivered', { token: staff }));
    expect(list.items.map((i: Initiative) => i.id)).toContain(created.id);
    expect(list.currency).toBe('EUR');
  });

  it('shows a provider only the initiatives its company delivers, once approved, without the budget; it answers with status and date', async () => {
    const a = await tag(staff, { ticketRef: ticket(201), visibility: 'provider', sharedWith: 'Fixit Ltd' });
    const b = await tag(staff, { ticketRef: ticket(202) });
    const mine = await json<Initiative>(await propose(staff, { title: 'New phones', providerCompany: 'Fixit Ltd', budget: { oneOff: 5000 }, annotationIds: [a, b] }));
    const theirs = await json<Initiative>(await propose(staff, { title: 'New printers', providerCompany: 'Other IT' }));
    const ids = async (token: string) => (await json(call('/api/v1/initiatives', { token }))).items.map((i: Initiative) => i.id);
    // Proposed: not the provider's business yet.
    expect(await ids(provider)).not.toContain(mine.id);
    await call(`/api/v1/initiatives/${mine.id}`, { method: 'PATCH', token: staff, body: { version: mine.version, state: 'approved' } });
    await call(`/api/v1/initiatives/${theirs.id}`, { method: 'PATCH', token: staff, body: { version: theirs.version, state: 'approved' } });
    expect(await ids(provider)).toContain(mine.id);
    expect(await ids(provider)).not.toContain(theirs.id);
    expect(await ids(otherProvider)).toEqual([theirs.id]);
    expect((await call(`/api/v1/initiatives/${theirs.id}`, { token: provider })).status).toBe(404);

    const seen = await json<InitiativeDetail>(call(`/api/v1/initiatives/${mine.id}`, { token: provider }));
    expect(seen.initiative.budget).toBeNull();
    // Only the tag shared with its company; the counts still say how often it was raised.
    expect(seen.evidence.map((e) => e.annotationId)).toEqual([a]);
    expect(seen.initiative.evidence.tags).toBe(2);

    const answerId = crypto.randomUUID();
    const answer = { id: answerId, status: 'in_progress', eta: '2026-12-15', note: 'Phones ordered; install in two weeks.' };
    const first = await call(`/api/v1/initiatives/${mine.id}/answers`, { token: provider, body: answer });
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({ kind: 'provider_answer', text: 'Fixit Ltd: in progress, expected 2026-12-15', note: answer.note });
    // A retry is the same answer.
    expect((await call(`/api/v1/initiatives/${mine.id}/answers`, { token: provider, body: answer })).status).toBe(200);
    expect((await call(`/api/v1/initiatives/${theirs.id}/answers`, { token: provider, body: { status: 'done' } })).status).toBe(404);
    expect((await call(`/api/v1/initiatives/${mine.id}/answers`, { token: staff, body: { status: 'done' } })).status).toBe(403);
    const after = await json<InitiativeDetail>(call(`/api/v1/initiatives/${mine.id}`, { token: staff }));
    expect(after.initiative.providerAnswer).toMatchObject({ status: 'in_progress', eta: '2026-12-15', by: 'Pat Provider', company: 'Fixit Ltd' });
    expect(after.timeline.filter((e) => e.kind === 'provider_answer')).toHaveLength(1);
    // The side panel finds the initiative from the ticket of a linked tag.
    expect((await json(call(`/api/v1/initiatives?ticket=${encodeURIComponent('rt:rt.example.com:202')}`, { token: staff }))).items.map((i: Initiative) => i.id)).toEqual([mine.id]);
  });

  it('shows the provider its initiatives on its web page, answered with the same form as items, once per form', async () => {
    const pat = (await json(call('/api/v1/members', { token: ws.admin.token }))).items.find((m: { name: string }) => m.name === 'Pat Provider');
    const link = new URL((await json(call(`/api/v1/members/${pat.id}/provider-link`, { method: 'POST', token: ws.admin.token }))).url).pathname;
    const proposed = await json<Initiative>(await propose(staff, { title: 'Wi-Fi in the waiting room', providerCompany: 'Fixit Ltd', specification: ['Guests get on without asking'] }));
    const other = await json<Initiative>(await propose(staff, { title: 'Label printers', providerCompany: 'Other IT' }));
    for (const i of [proposed, other]) await call(`/api/v1/initiatives/${i.id}`, { method: 'PATCH', token: staff, body: { version: i.version, state: 'approved' } });
    const page = await (await call(link)).text();
    expect(page).toContain('Initiatives you deliver');
    expect(page).toContain('Wi-Fi in the waiting room');
    expect(page).toContain('Guests get on without asking');
    expect(page).not.toContain('Label printers');
    const form = { item: proposed.id, nonce: crypto.randomUUID(), status: 'in_progress', eta: '2027-01-15', note: 'Survey on Monday.' };
    expect((await postForm(`${link}/respond`, form)).status).toBe(303);
    expect((await postForm(`${link}/respond`, form)).status).toBe(303);
    expect((await postForm(`${link}/respond`, { ...form, item: other.id, nonce: crypto.randomUUID() })).status).toBe(400);
    const detail = await json<InitiativeDetail>(call(`/api/v1/initiatives/${proposed.id}`, { token: staff }));
    expect(detail.timeline.filter((e) => e.kind === 'provider_answer').map((e) => [e.text, e.note])).toEqual([['Fixit Ltd: in progress, expected 2027-01-15', 'Survey on Monday.']]);
    expect((await (await call(link)).text())).toContain('Your latest answer: In progress, expected by 15 Jan 2027.');
  });

  it('deletes a proposed or rejected initiative that was never approved, with its links and timeline (admins only); one that was approved or put off stays', async () => {
    const admin = ws.admin.token;
    const kpi = { kpiId: terms.kpi, baseline: 9, baselineOn: '2026-01-01', target: 5, targetOn: '2026-06-30' };
    const t = await tag(staff, { ticketRef: ticket(301) });
    const doomed = await json<Initiative>(await propose(staff, { title: 'Doomed kiosk', annotationIds: [t], kpis: [kpi] }));
    const del = (id: string, token = admin) => call(`/api/v1/initiatives/${id}`, { method: 'DELETE', token });
    const rows = async (table: string, id: string) =>
      (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE initiative_id = ?`).bind(id).first<{ n: number }>())!.n;

    // Staff and the provider may not; the initiative is untouched.
    expect((await del(doomed.id, staff)).status).toBe(403);
    expect((await del(doomed.id, provider)).status).toBe(403);
    expect((await call(`/api/v1/initiatives/${doomed.id}`, { token: staff })).status).toBe(200);
    expect([await rows('initiative_evidence', doomed.id), await rows('initiative_events', doomed.id), await rows('initiative_kpis', doomed.id)]).toEqual([1, 2, 1]);

    expect((await del(doomed.id)).status).toBe(204);
    expect((await call(`/api/v1/initiatives/${doomed.id}`, { token: admin })).status).toBe(404);
    expect((await json(call('/api/v1/initiatives', { token: admin }))).items.map((i: Initiative) => i.id)).not.toContain(doomed.id);
    for (const table of ['initiative_evidence', 'initiative_events', 'initiative_kpis', 'initiative_decisions']) expect(await rows(table, doomed.id), table).toBe(0);
    // The tag it linked stays, and the activity log says who deleted what.
    expect((await call(`/api/v1/annotations/${t}`, { token: staff })).status).toBe(200);
    const log = await json(call('/api/v1/audit?limit=20', { token: admin }));
    expect(log.items.find((e: { action: string }) => e.action === 'initiative.delete')).toMatchObject({
      actor: { name: 'Initiative Co Admin' }, targetType: 'initiative', targetId: doomed.id, detail: { title: 'Doomed kiosk', state: 'proposed' },
    });
    expect((await del(doomed.id)).status).toBe(404);

    // Rejected without ever being approved: it may go.
    const dropped = await json<Initiative>(await propose(staff, { title: 'Fax server' }));
    await call(`/api/v1/initiatives/${dropped.id}`, { method: 'PATCH', token: staff, body: { version: dropped.version, state: 'rejected', reason: 'Nobody faxes.' } });
    expect((await del(dropped.id)).status).toBe(204);

    // Approved (even if rejected afterwards) or put off: refused, saying what to do instead.
    const approved = await json<Initiative>(await propose(staff, { title: 'Approved kiosk' }));
    const moved = await json<Initiative>(call(`/api/v1/initiatives/${approved.id}`, { method: 'PATCH', token: staff, body: { version: approved.version, state: 'approved' } }));
    const refused = await del(approved.id);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/was approved.*cannot be deleted\. Reject it with a reason instead, or close it/) });
    await call(`/api/v1/initiatives/${approved.id}`, { method: 'PATCH', token: staff, body: { version: moved.version, state: 'rejected', reason: 'Budget cut.' } });
    expect((await del(approved.id)).status).toBe(409);
    const putOff = await json<Initiative>(await propose(staff, { title: 'Put-off kiosk' }));
    await call(`/api/v1/initiatives/${putOff.id}`, { method: 'PATCH', token: staff, body: { version: putOff.version, state: 'deferred', reason: 'Next year.' } });
    const deferred = await del(putOff.id);
    expect(deferred.status).toBe(409);
    expect((await json(deferred)).error.message).toMatch(/put off.*Reject it with a reason instead/);
    for (const id of [approved.id, putOff.id]) expect((await call(`/api/v1/initiatives/${id}`, { token: admin })).status).toBe(200);
    expect(await rows('initiative_events', approved.id)).toBe(3);
  });

  it('is in the export and goes with the workspace', async () => {
    const gone = await newWorkspace('Short Lived Co');
    const t = await json(call('/api/v1/annotations', { token: gone.admin.token, body: annotationBody(gone.terms) }));
    const i = await json<Initiative>(call('/api/v1/initiatives', { token: gone.admin.token, body: { title: 'Kiosk', gap: 'No self-service.', annotationIds: [t.id] } }));
    const data = await json(call('/api/v1/export', { token: gone.admin.token }));
    expect(data.initiatives.map((x: Initiative) => x.id)).toEqual([i.id]);
    expect(data.initiativeEvidence).toEqual([expect.objectContaining({ initiativeId: i.id, annotationId: t.id })]);
    expect(data.initiativeEvents.map((e: { text: string }) => e.text)).toEqual(['Proposed', 'Linked 1 tag']);
    const csv = await (await call('/api/v1/export?format=csv&table=initiatives', { token: gone.admin.token })).text();
    expect(csv.split('\r\n')[0]).toMatch(/^id,title,state,state_reason,gap,/);
    expect(csv).toContain(`${i.id},Kiosk,proposed,,No self-service.`);
    expect((await call('/api/v1/workspace', { method: 'DELETE', token: gone.admin.token, body: { confirm: 'Short Lived Co' } })).status).toBe(204);
    for (const table of ['initiatives', 'initiative_evidence', 'initiative_events', 'initiative_kpis', 'initiative_decisions']) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = ?`).bind(gone.workspace.id).first<{ n: number }>();
      expect(row!.n, table).toBe(0);
    }
  });
});
