import { describe, expect, it } from 'vitest';
import { annotationBody, call, join, json, newWorkspace } from './helpers';

const create = async (token: string, body: Record<string, unknown>) => json(call('/api/v1/annotations', { token, body }));

describe('editing annotations', () => {
  it('changes fields when the version matches, and refuses a stale version with the current annotation', async () => {
    const { admin, terms } = await newWorkspace();
    const staff = await join(admin.token, 'staff', 'Sam Lee');
    const a = await create(admin.token, annotationBody(terms));

    const first = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: staff.token, body: { version: 1, priority: 'critical', state: 'resolved' } });
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ priority: 'critical', state: 'resolved', version: 2 });

    // The admin still holds version 1: their edit must not silently overwrite Sam's.
    const stale = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, summary: 'Older view' } });
    expect(stale.status).toBe(409);
    const { error } = await json(stale);
    expect(error.code).toBe('conflict');
    expect(error.current).toMatchObject({ version: 2, priority: 'critical', summary: a.summary });
    expect(error.message).toMatch(/version 1.*now at 2/);

    // The state change landed on the timeline.
    const detail = await json(call(`/api/v1/annotations/${a.id}`, { token: admin.token }));
    expect(detail.updates).toMatchObject([{ kind: 'state', state: 'resolved', author: { name: 'Sam Lee' } }]);
  });

  it('checks taxonomy references and lets only the author make an item private', async () => {
    const { admin, terms } = await newWorkspace();
    const staff = await join(admin.token, 'staff', 'Sam');
    const unknown = await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { lineOfBusiness: 'no-such-line' }) });
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).error.fields).toEqual({ lineOfBusiness: expect.stringMatching(/not a line of business/) });
    const wrongKind = await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { impact: terms.sales }) });
    expect((await json(wrongKind)).error.fields).toHaveProperty('impact');

    const a = await create(admin.token, annotationBody(terms));
    const res = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: staff.token, body: { version: 1, visibility: 'private' } });
    expect(res.status).toBe(403);
    const own = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, visibility: 'private' } });
    expect(own.status).toBe(200);
  });

  it('keeps annotations meaningful when a line of business is renamed or retired', async () => {
    const { admin, terms } = await newWorkspace();
    const a = await create(admin.token, annotationBody(terms));
    await call(`/api/v1/taxonomy/lines-of-business/${terms.sales}`, { method: 'PATCH', token: admin.token, body: { name: 'Sales and Marketing' } });
    expect((await json(call(`/api/v1/annotations/${a.id}`, { token: admin.token }))).annotation.labels.lineOfBusiness).toBe('Sales and Marketing');

    await call(`/api/v1/taxonomy/lines-of-business/${terms.sales}`, { method: 'PATCH', token: admin.token, body: { retired: true } });
    // An existing annotation keeps its retired line and can still be edited…
    const edit = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, priority: 'low', lineOfBusiness: terms.sales } });
    expect(edit.status).toBe(200);
    // …but a new one cannot choose it.
    const fresh = await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    expect(fresh.status).toBe(422);
    expect((await json(fresh)).error.fields.lineOfBusiness).toMatch(/retired/);
  });

  it('deletes as a tombstone that sync can see, by the author or an admin only', async () => {
    const { admin, terms } = await newWorkspace();
    const staff = await join(admin.token, 'staff', 'Sam');
    const other = await join(admin.token, 'staff', 'Kim');
    const a = await create(staff.token, annotationBody(terms));
    expect((await call(`/api/v1/annotations/${a.id}`, { method: 'DELETE', token: other.token })).status).toBe(403);
    expect((await call(`/api/v1/annotations/${a.id}`, { method: 'DELETE', token: staff.token })).status).toBe(204);
    expect((await call(`/api/v1/annotations/${a.id}`, { token: staff.token })).status).toBe(404);
    expect((await json(call('/api/v1/annotations', { token: staff.token }))).items).toEqual([]);
    const sync = await json(call(`/api/v1/annotations?includeDeleted=true&updatedSince=${encodeURIComponent(a.createdAt)}`, { token: staff.token }));
    expect(sync.items).toMatchObject([{ id: a.id, deletedAt: expect.any(String), version: 2 }]);
  });

  it('filters and pages through annotations with a stable cursor', async () => {
    const { admin, terms } = await newWorkspace();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await create(admin.token, annotationBody(terms, {
        horizon: i % 2 ? 'next' : 'now', lineOfBusiness: i < 3 ? terms.support : terms.sales, summary: `Item ${i}`,
      }));
      made.push(a.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await json(call(`/api/v1/annotations?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token }));
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...made].sort());

    const next = await json(call('/api/v1/annotations?horizon=next', { token: admin.token }));
    expect(next.items.map((a: { summary: string }) => a.summary).sort()).toEqual(['Item 1', 'Item 3', 'Item 5']);
    const support = await json(call(`/api/v1/annotations?lineOfBusiness=${terms.support}`, { token: admin.token }));
    expect(support.items).toHaveLength(3);
    expect((await call('/api/v1/annotations?limit=0', { token: admin.token })).status).toBe(400);
    expect((await call('/api/v1/annotations?cursor=garbage', { token: admin.token })).status).toBe(400);
    expect((await call('/api/v1/annotations?state=later', { token: admin.token })).status).toBe(400);
  });
});

describe('timelines and provider answers', () => {
  it('records staff notes and provider statuses, idempotently, and shows the latest status', async () => {
    const { admin, terms } = await newWorkspace();
    const provider = await join(admin.token, 'provider', 'Pat Kim', 'BrightIT');
    const a = await create(admin.token, annotationBody(terms, { visibility: 'provider' }));

    const note = await call(`/api/v1/annotations/${a.id}/updates`, { token: admin.token, body: { note: 'Asked the vendor for a fix date.' } });
    expect(note.status).toBe(201);
    const staffStatus = await call(`/api/v1/annotations/${a.id}/updates`, { token: admin.token, body: { providerStatus: 'done' } });
    expect(staffStatus.status).toBe(403);

    const updateId = crypto.randomUUID();
    const body = { id: updateId, providerStatus: 'in_progress', eta: '2026-12-04', note: 'Replacement part ordered.' };
    const answer = await call(`/api/v1/annotations/${a.id}/updates`, { token: provider.token, body });
    expect(answer.status).toBe(201);
    expect(await json(answer)).toMatchObject({ kind: 'provider_status', providerStatus: 'in_progress', eta: '2026-12-04', author: { role: 'provider', providerCompany: 'BrightIT' } });
    const retry = await call(`/api/v1/annotations/${a.id}/updates`, { token: provider.token, body });
    expect(retry.status).toBe(200);

    const detail = await json(call(`/api/v1/annotations/${a.id}`, { token: admin.token }));
    expect(detail.updates.map((u: { kind: string }) => u.kind)).toEqual(['note', 'provider_status']);
    expect(detail.annotation.providerStatus).toMatchObject({ status: 'in_progress', eta: '2026-12-04' });

    const bad = await call(`/api/v1/annotations/${a.id}/updates`, { token: provider.token, body: { eta: '2026-12-04' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fields).toMatchObject({ note: expect.any(String), eta: 'goes with a provider status' });
  });
});
