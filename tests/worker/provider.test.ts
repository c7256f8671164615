import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { shortDate } from '../../shared/schedule';
import { getWorkspace } from '../../worker/db/workspaces';
import { runProviderDigests } from '../../worker/provider/digest';
import { buildReport } from '../../worker/report/service';
import { annotationBody, call, join, joinAs, json, newWorkspace, postForm } from './helpers';

interface Mail { subject: string; text: string; html: string; listUnsubscribe: string | null; listUnsubscribePost: string | null; envelope: { to: string[] } }

async function mailTo(address: string): Promise<Mail[]> {
  const all = (await (await fetch(`${env.MAIL_SINK_URL}/messages`)).json()) as Mail[];
  return all.filter((m) => m.envelope.to.includes(address));
}

const path = (url: string) => new URL(url).pathname + new URL(url).search;

/**
 * A client workspace with two provider companies, BrightIT (Pat) and NetCare (Nia), each
 * with an email address unique to the test, and one staff member.
 */
async function twoProviders(name: string) {
  const ws = await newWorkspace(name);
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const pat = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat Kim', providerCompany: 'BrightIT', email: `pat-${slug}@brightit.example` });
  const nia = await joinAs(ws.admin.token, { role: 'provider', name: 'Nia Obi', providerCompany: 'NetCare', email: `nia-${slug}@netcare.example` });
  const staff = await join(ws.admin.token, 'staff', 'Sam Lee');
  const share = async (token: string, overrides: Record<string, unknown>) => {
    const res = await call('/api/v1/annotations', { token, body: annotationBody(ws.terms, overrides) });
    expect(res.status, await res.clone().text()).toBe(201);
    return json(res);
  };
  return { ...ws, pat, nia, staff, share, slug };
}

async function providerLink(adminToken: string, memberId: string): Promise<string> {
  const res = await call(`/api/v1/members/${memberId}/provider-link`, { method: 'POST', token: adminToken });
  expect(res.status, await res.clone().text()).toBe(201);
  return path((await json(res)).url);
}

describe('which provider an item is shared with', () => {
  it('needs a named provider when there are several, defaults to the only one, and checks the name', async () => {
    const ws = await twoProviders('Acme Naming');
    const missing = await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { visibility: 'provider' }) });
    expect(missing.status).toBe(422);
    expect((await json(missing)).error.fields.sharedWith).toMatch(/several providers \("BrightIT", "NetCare"\)/);
    const unknown = await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { visibility: 'provider', sharedWith: 'Globex IT' }) });
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).error.fields).toEqual({ sharedWith: expect.stringMatching(/not a provider of this workspace/) });
    const notShared = await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { visibility: 'team', sharedWith: 'BrightIT' }) });
    expect(notShared.status).toBe(400);
    expect((await json(notShared)).error.fields.sharedWith).toMatch(/only applies when visibility is "provider"/);
    // Spelled as the workspace knows it, whatever the case typed.
    const a = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'brightit' });
    expect(a.sharedWith).toBe('BrightIT');
    const team = await ws.share(ws.admin.token, { visibility: 'team' });
    expect(team.sharedWith).toBeNull();

    // With one provider company there is nothing to choose.
    const solo = await newWorkspace('Acme Solo');
    await join(solo.admin.token, 'provider', 'Pat Kim', 'BrightIT');
    const s = await json(call('/api/v1/annotations', { token: solo.admin.token, body: annotationBody(solo.terms, { visibility: 'provider' }) }));
    expect(s.sharedWith).toBe('BrightIT');
  });

  it('gives items shared before any provider joined to the first provider company that joins', async () => {
    const ws = await newWorkspace('Acme Early');
    const early = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { visibility: 'provider', summary: 'Shared before the provider joined' }) }));
    expect(early.sharedWith).toBeNull();
    const pat = await join(ws.admin.token, 'provider', 'Pat Kim', 'BrightIT');
    const seen = await json(call('/api/v1/annotations', { token: pat.token }));
    expect(seen.items).toMatchObject([{ id: early.id, sharedWith: 'BrightIT' }]);
    // A second provider company does not inherit it.
    const nia = await join(ws.admin.token, 'provider', 'Nia Obi', 'NetCare');
    expect((await json(call('/api/v1/annotations', { token: nia.token }))).items).toEqual([]);
  });

  it('shows a provider only its own company\'s items, timeline and status — never other providers, team or private items, or other workspaces', async () => {
    const ws = await twoProviders('Acme Isolation');
    const forPat = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Printers jam at the front desk' });
    const forNia = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'NetCare', summary: 'SECRET-netcare-item' });
    const team = await ws.share(ws.admin.token, { visibility: 'team', summary: 'SECRET-team-item' });
    const draft = await ws.share(ws.staff.token, { visibility: 'private', summary: 'SECRET-private-item' });
    await call(`/api/v1/annotations/${forNia.id}/updates`, { token: ws.nia.token, body: { providerStatus: 'acknowledged', note: 'SECRET-netcare-note' } });
    // Another client whose provider company happens to have the same name.
    const other = await newWorkspace('Globex');
    const otherPat = await join(other.admin.token, 'provider', 'Pat Twin', 'BrightIT');
    const otherItem = await json(call('/api/v1/annotations', { token: other.admin.token, body: annotationBody(other.terms, { visibility: 'provider', summary: 'SECRET-other-workspace' }) }));

    const list = await json(call('/api/v1/annotations', { token: ws.pat.token }));
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([forPat.id]);
    for (const id of [forNia.id, team.id, draft.id, otherItem.id]) {
      expect((await call(`/api/v1/annotations/${id}`, { token: ws.pat.token })).status, id).toBe(404);
      expect((await call(`/api/v1/annotations/${id}/updates`, { token: ws.pat.token })).status, id).toBe(404);
      expect((await call(`/api/v1/annotations/${id}/updates`, { token: ws.pat.token, body: { providerStatus: 'done' } })).status, id).toBe(404);
    }
    expect((await json(call('/api/v1/annotations', { token: otherPat.token }))).items.map((a: { id: string }) => a.id)).toEqual([otherItem.id]);

    const inbox = await json(call('/api/v1/provider/inbox', { token: ws.pat.token }));
    expect(inbox).toMatchObject({ company: 'BrightIT', counts: { total: 1, unanswered: 1 } });
    expect(inbox.items.map((i: { annotation: { id: string } }) => i.annotation.id)).toEqual([forPat.id]);

    const page = await (await call(await providerLink(ws.admin.token, ws.pat.member.id))).text();
    expect(page).toContain('Printers jam at the front desk');
    for (const text of [JSON.stringify(list), JSON.stringify(inbox), page]) {
      for (const secret of ['NetCare', 'Nia Obi', 'SECRET-', forNia.id, team.id, draft.id]) expect(text).not.toContain(secret);
    }

    // Staff move the item to NetCare after BrightIT answered: BrightIT loses it, NetCare
    // sees it without BrightIT's answer; staff keep the whole history.
    await call(`/api/v1/annotations/${forPat.id}/updates`, { token: ws.pat.token, body: { providerStatus: 'in_progress', note: 'SECRET-brightit-note' } });
    const moved = await call(`/api/v1/annotations/${forPat.id}`, { method: 'PATCH', token: ws.admin.token, body: { version: 1, sharedWith: 'NetCare' } });
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect(await json(moved)).toMatchObject({ sharedWith: 'NetCare', providerStatus: null });
    expect((await call(`/api/v1/annotations/${forPat.id}`, { token: ws.pat.token })).status).toBe(404);
    const niaView = await json(call(`/api/v1/annotations/${forPat.id}`, { token: ws.nia.token }));
    expect(niaView.annotation.providerStatus).toBeNull();
    expect(JSON.stringify(niaView)).not.toMatch(/BrightIT|Pat Kim|SECRET-brightit-note/);
    const staffView = await json(call(`/api/v1/annotations/${forPat.id}`, { token: ws.admin.token }));
    expect(staffView.updates.map((u: { author: { providerCompany: string | null } }) => u.author.providerCompany)).toEqual(['BrightIT']);

    // Sharing with the team only ends the provider's access.
    const unshare = await call(`/api/v1/annotations/${forNia.id}`, { method: 'PATCH', token: ws.admin.token, body: { version: 1, visibility: 'team' } });
    expect(await json(unshare)).toMatchObject({ visibility: 'team', sharedWith: null });
    expect((await call(`/api/v1/annotations/${forNia.id}`, { token: ws.nia.token })).status).toBe(404);
  });

  it('lists the provider companies for staff to choose from, and not for providers', async () => {
    const ws = await twoProviders('Acme Companies');
    await call('/api/v1/invites', { token: ws.admin.token, body: { role: 'provider', name: 'Ola', providerCompany: 'Zeta Support' } });
    const list = await json(call('/api/v1/provider/companies', { token: ws.staff.token }));
    expect(list.items).toEqual([
      { name: 'BrightIT', members: 1, invited: 0 }, { name: 'NetCare', members: 1, invited: 0 }, { name: 'Zeta Support', members: 0, invited: 1 },
    ]);
    expect((await call('/api/v1/provider/companies', { token: ws.pat.token })).status).toBe(403);
    // A provider that is only invited can already be shared with.
    const a = await ws.share(ws.staff.token, { visibility: 'provider', sharedWith: 'Zeta Support' });
    expect(a.sharedWith).toBe('Zeta Support');
  });
});

describe('the provider answers', () => {
  it('sees its inbox with unanswered items first, answers through the API and the web view, and staff see the answers', async () => {
    const ws = await twoProviders('Acme Answers');
    const first = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Oldest: the till freezes' });
    const second = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Newer: the scanner is slow' });
    const answered = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Answered: the Wi-Fi drops' });
    const elsewhere = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'NetCare', summary: 'For the other provider' });
    await call(`/api/v1/annotations/${answered.id}/updates`, { token: ws.pat.token, body: { providerStatus: 'in_progress', eta: '2020-01-15' } });

    const inbox = await json(call('/api/v1/provider/inbox', { token: ws.pat.token }));
    expect(inbox.items.map((i: { annotation: { summary: string } }) => i.annotation.summary)).toEqual([
      'Oldest: the till freezes', 'Newer: the scanner is slow', 'Answered: the Wi-Fi drops',
    ]);
    expect(inbox.counts).toEqual({ total: 3, open: 3, unanswered: 2, overdue: 1 });
    expect(inbox.items[2]).toMatchObject({ unanswered: false, overdue: true, annotation: { providerStatus: { status: 'in_progress', eta: '2020-01-15' } } });

    // Through the API (the extension's way).
    const viaApi = await call(`/api/v1/annotations/${first.id}/updates`, { token: ws.pat.token, body: { providerStatus: 'acknowledged', note: 'Looking at it today.' } });
    expect(viaApi.status).toBe(201);

    // Through the web view (no extension): a plain form, 303 back to the page.
    const link = await providerLink(ws.admin.token, ws.pat.member.id);
    const page = await call(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('@media print');
    expect(html).toContain('Waiting on Acme Answers (the client)');
    const nonce = new RegExp(`name="item" value="${second.id}"><input type="hidden" name="nonce" value="([^"]+)"`).exec(html)![1]!;
    const form = { item: second.id, nonce, status: 'in_progress', eta: '2099-01-10', note: 'Part ordered; fitting on the 10th.' };
    const answer = await postForm(`${link}/respond`, form);
    expect(answer.status, await answer.clone().text()).toBe(303);
    expect(answer.headers.get('location')).toBe(`${link}?saved=1#item-${second.id}`);
    // A double click posts the same form twice: one answer.
    expect((await postForm(`${link}/respond`, form)).status).toBe(303);
    const after = await (await call(`${link}?saved=1`)).text();
    expect(after).toContain('your answer was recorded');
    expect(after).toContain('Your latest answer: In progress, expected by 10 Jan 2099');

    // Nothing is recorded for an item of another provider, or without a status.
    const foreign = await postForm(`${link}/respond`, { item: elsewhere.id, status: 'done' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).not.toContain('For the other provider');
    expect((await postForm(`${link}/respond`, { item: second.id, status: 'finished' })).status).toBe(400);

    // Staff see both answers on the annotation and its timeline.
    const viaForm = await json(call(`/api/v1/annotations/${second.id}`, { token: ws.staff.token }));
    expect(viaForm.annotation.providerStatus).toMatchObject({ status: 'in_progress', eta: '2099-01-10' });
    expect(viaForm.updates).toMatchObject([{ kind: 'provider_status', providerStatus: 'in_progress', note: 'Part ordered; fitting on the 10th.', author: { name: 'Pat Kim', providerCompany: 'BrightIT' } }]);
    const viaApiDetail = await json(call(`/api/v1/annotations/${first.id}`, { token: ws.staff.token }));
    expect(viaApiDetail.annotation.providerStatus).toMatchObject({ status: 'acknowledged' });
    expect((await json(call(`/api/v1/annotations/${elsewhere.id}`, { token: ws.staff.token }))).updates).toEqual([]);

    const later = await json(call('/api/v1/provider/inbox', { token: ws.pat.token }));
    expect(later.counts).toMatchObject({ unanswered: 0, overdue: 1 });
    const audit = await json(call('/api/v1/audit?limit=100', { token: ws.admin.token }));
    expect(audit.items.filter((e: { action: string; detail: { via?: string } }) => e.action === 'annotation.provider_status' && e.detail.via === 'provider web view')).toHaveLength(1);
  });

  it('shows each provider\'s time to acknowledge in the next report', async () => {
    const ws = await twoProviders('Acme Accountability');
    const a = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Laptops for new starters' });
    await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'NetCare', summary: 'Backups fail on Fridays' });
    await call(`/api/v1/annotations/${a.id}/updates`, { token: ws.pat.token, body: { providerStatus: 'acknowledged' } });
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const report = await buildReport(env, workspace, { cadence: 'weekly', start: '2099-01-05', end: '2099-01-12' });
    expect(report.model.providers).toEqual([
      expect.objectContaining({ company: 'BrightIT', shared: 1, acknowledged: 1, medianHoursToAcknowledge: expect.any(Number), noResponse: [] }),
      expect.objectContaining({ company: 'NetCare', shared: 1, acknowledged: 0, medianHoursToAcknowledge: null, noResponse: [expect.objectContaining({ summary: 'Backups fail on Fridays' })] }),
    ]);
    expect(report.model.providers[0]!.medianHoursToAcknowledge).toBeLessThan(1);
    expect(report.text).toMatch(/BrightIT: 1 shared, 1 answered, answers in under 1 hour \(median\)/);
    expect(report.text).toMatch(/NetCare: 1 shared, 0 answered, no answers yet/);
  });
});

describe('provider links', () => {
  it('stop working at once when revoked, rotated, or the member is removed or changes role', async () => {
    const ws = await twoProviders('Acme Links');
    const item = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT' });
    const notValid = async (link: string) => {
      const res = await call(link);
      expect(res.status, link).toBe(404);
      const text = await res.text();
      expect(text).toContain('not valid');
      expect(text).not.toContain(item.summary);
    };

    expect(await json(call(`/api/v1/members/${ws.pat.member.id}/provider-link`, { token: ws.admin.token }))).toEqual({ active: false, createdAt: null, lastUsedAt: null });
    const first = await providerLink(ws.admin.token, ws.pat.member.id);
    expect((await call(first)).status).toBe(200);
    expect(await json(call(`/api/v1/members/${ws.pat.member.id}/provider-link`, { token: ws.admin.token }))).toMatchObject({ active: true, lastUsedAt: expect.any(String) });

    const second = await providerLink(ws.admin.token, ws.pat.member.id);
    await notValid(first);
    expect((await call(second)).status).toBe(200);

    expect((await call(`/api/v1/members/${ws.pat.member.id}/provider-link`, { method: 'DELETE', token: ws.admin.token })).status).toBe(204);
    await notValid(second);
    expect((await postForm(`${second}/respond`, { item: item.id, status: 'done' })).status).toBe(404);
    expect((await json(call(`/api/v1/annotations/${item.id}`, { token: ws.admin.token }))).updates).toEqual([]);

    const third = await providerLink(ws.admin.token, ws.pat.member.id);
    expect((await call(third)).status).toBe(200);
    expect((await call(`/api/v1/members/${ws.pat.member.id}`, { method: 'DELETE', token: ws.admin.token })).status).toBe(204);
    await notValid(third);

    const niaLink = await providerLink(ws.admin.token, ws.nia.member.id);
    await call(`/api/v1/members/${ws.nia.member.id}`, { method: 'PATCH', token: ws.admin.token, body: { providerCompany: 'NetCare Group' } });
    await notValid(niaLink);

    await notValid('/p/not-a-token');
    const staffLink = await call(`/api/v1/members/${ws.staff.member.id}/provider-link`, { method: 'POST', token: ws.admin.token });
    expect(staffLink.status).toBe(422);
    expect((await call(`/api/v1/members/${ws.pat.member.id}/provider-link`, { method: 'POST', token: ws.staff.token })).status).toBe(403);
  });
});

describe('the daily provider digest', () => {
  /** Digests go out from the report hour: hour 0 in UTC makes every hour of the day due. */
  async function digestWorkspace(name: string) {
    const ws = await twoProviders(name);
    await call('/api/v1/workspace', { method: 'PATCH', token: ws.admin.token, body: { timeZone: 'UTC', schedule: { hour: 0 } } });
    return { ...ws, patEmail: `pat-${ws.slug}@brightit.example`, niaEmail: `nia-${ws.slug}@netcare.example` };
  }
  const DAY = 86_400_000;

  /**
   * The API stamps items with the wall clock; the digest runs on the test's clock. Pinning
   * when an item was shared keeps the two apart, so the outcome never depends on how many
   * milliseconds passed between two calls (a run at day1 + 60 s must not see an item the
   * test shares "later" on the wall clock as already digested).
   */
  async function sharedAt(id: string, at: Date) {
    await env.DB.prepare('UPDATE annotations SET created_at = ?1, updated_at = ?1, shared_at = CASE WHEN shared_at IS NULL THEN NULL ELSE ?1 END WHERE id = ?2')
      .bind(at.toISOString(), id).run();
  }
  const HOUR = 3_600_000;

  it('goes out once under overlapping cron runs, says nothing when nothing changed, and then lists only what is new', async () => {
    const ws = await digestWorkspace('Acme Digest');
    // Early in today's UTC day, so "later the same day" (3 hours on) is still today whenever the suite runs.
    const now = new Date();
    const day1 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1));
    const x1 = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'First: the VPN drops every hour' });
    const forNetCare = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'NetCare', summary: 'SECRET-for-netcare' });
    const teamOnly = await ws.share(ws.admin.token, { visibility: 'team', summary: 'SECRET-team-only' });
    for (const a of [x1, forNetCare, teamOnly]) await sharedAt(a.id, new Date(day1.getTime() - HOUR));

    await Promise.all([runProviderDigests(env, day1), runProviderDigests(env, day1), runProviderDigests(env, new Date(day1.getTime() + 60_000))]);
    let mails = await mailTo(ws.patEmail);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.subject).toBe('Acme Digest: 1 new item shared with BrightIT');
    expect(mail!.text).toContain('First: the VPN drops every hour');
    expect(mail!.html).toContain('First: the VPN drops every hour');
    for (const text of [mail!.text, mail!.html, mail!.subject]) expect(text).not.toMatch(/NetCare|SECRET-/);
    expect(mail!.html).not.toMatch(/<script/i);
    expect(mail!.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
    // The email links to Pat's page (a link was made for the digest), which opens.
    const view = /href="(http:\/\/steward\.test\/p\/[^"#]+)"/.exec(mail!.html)![1]!;
    const page = await call(path(view));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('First: the VPN drops every hour');
    expect(await mailTo(ws.niaEmail)).toHaveLength(1);

    // Later the same day: nothing more.
    await runProviderDigests(env, new Date(day1.getTime() + 3 * HOUR));
    expect(await mailTo(ws.patEmail)).toHaveLength(1);

    // The next day: only the newly shared item.
    const second = await ws.share(ws.staff.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Second: new starter needs a laptop' });
    await sharedAt(second.id, new Date(day1.getTime() + 3 * HOUR + 60_000));
    const day2 = new Date(day1.getTime() + DAY);
    await runProviderDigests(env, day2);
    mails = await mailTo(ws.patEmail);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('Acme Digest: 1 new item shared with BrightIT');
    expect(mails[1]!.text).toContain('Second: new starter needs a laptop');
    expect(mails[1]!.text).not.toContain('First: the VPN drops every hour');
    expect(mails[1]!.text).toContain('In all, 2 open items are shared with BrightIT: 2 without an answer from you, 0 past the date you gave.');
    // NetCare had nothing new: no second email.
    expect(await mailTo(ws.niaEmail)).toHaveLength(1);

    // A day with nothing new: no email, and the day is recorded as such.
    const day3 = new Date(day1.getTime() + 2 * DAY);
    await runProviderDigests(env, day3);
    expect(await mailTo(ws.patEmail)).toHaveLength(2);
    const row = await env.DB.prepare('SELECT status FROM provider_digests WHERE member_id = ? AND local_date = ?')
      .bind(ws.pat.member.id, day3.toISOString().slice(0, 10)).first<{ status: string }>();
    expect(row?.status).toBe('empty');

    // An ETA that passes is news once.
    const day3Date = day3.toISOString().slice(0, 10);
    await call(`/api/v1/annotations/${x1.id}/updates`, { token: ws.pat.token, body: { providerStatus: 'in_progress', eta: day3Date } });
    await runProviderDigests(env, new Date(day1.getTime() + 3 * DAY));
    mails = await mailTo(ws.patEmail);
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toBe('Acme Digest: 1 item past the date you gave');
    expect(mails[2]!.text).toContain('First: the VPN drops every hour');
    await runProviderDigests(env, new Date(day1.getTime() + 4 * DAY));
    expect(await mailTo(ws.patEmail)).toHaveLength(3);

    // One-click unsubscribe (RFC 8058) stops it.
    const unsub = path(mails[2]!.listUnsubscribe!.replace(/[<>]/g, ''));
    expect((await call(unsub)).status).toBe(200);
    expect((await postForm(unsub, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    const third = await ws.share(ws.admin.token, { visibility: 'provider', sharedWith: 'BrightIT', summary: 'Third: after unsubscribing' });
    await sharedAt(third.id, new Date(day1.getTime() + 4 * DAY + HOUR));
    await runProviderDigests(env, new Date(day1.getTime() + 5 * DAY));
    expect(await mailTo(ws.patEmail)).toHaveLength(3);
  });

  it('lists the initiatives the company delivers: newly approved once, past the target date once; never a proposed one, another provider\'s, or the budget', async () => {
    const ws = await digestWorkspace('Acme Initiative Digest');
    // Fixed hours of today's UTC day, as above: the same outcome whenever the suite runs.
    const now = new Date();
    const day1 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1));
    const date = (d: Date) => d.toISOString().slice(0, 10);
    const propose = async (body: Record<string, unknown>) => {
      const res = await call('/api/v1/initiatives', { token: ws.staff.token, body: { gap: 'Patients cannot check in before they arrive.', ...body } });
      expect(res.status, await res.clone().text()).toBe(201);
      return json(res);
    };
    const approve = async (i: { id: string; version: number }) => {
      const res = await call(`/api/v1/initiatives/${i.id}`, { method: 'PATCH', token: ws.staff.token, body: { version: i.version, state: 'approved' } });
      expect(res.status, await res.clone().text()).toBe(200);
      return json(res);
    };
    /** The API stamps the wall clock and the digest runs on the test's: pin when it was proposed and approved, as `sharedAt` does for items. */
    const approvedAt = (id: string, at: Date) => env.DB.batch([
      env.DB.prepare('UPDATE initiative_events SET created_at = ?1 WHERE initiative_id = ?2').bind(at.toISOString(), id),
      env.DB.prepare('UPDATE initiatives SET created_at = ?1, updated_at = ?1, state_changed_at = ?1 WHERE id = ?2').bind(at.toISOString(), id),
    ]);
    /** The day's digest row: 'sent' or 'empty' once the run is done with this member. */
    const digestOf = async (memberId: string, day: Date) => (await env.DB.prepare('SELECT status FROM provider_digests WHERE member_id = ? AND local_date = ?')
      .bind(memberId, date(day)).first<{ status: string }>())?.status;
    /** Waits for the nth message (the sink parses after the SMTP conversation ends). */
    const nth = async (address: string, n: number) => {
      await vi.waitFor(async () => expect((await mailTo(address)).length).toBeGreaterThanOrEqual(n), { timeout: 5000, interval: 50 });
      const all = await mailTo(address);
      expect(all).toHaveLength(n);
      return all[n - 1]!;
    };

    const checkIn = await approve(await propose({ title: 'Online check-in', providerCompany: 'BrightIT', budget: { oneOff: 98765, monthly: 4321 }, targetQuarter: '2099-Q4' }));
    const proposed = await propose({ title: 'SECRET-still-proposed', providerCompany: 'BrightIT', budget: { oneOff: 55555 } });
    const forNetCare = await approve(await propose({ title: 'SECRET-netcare-initiative', providerCompany: 'NetCare' }));
    for (const i of [checkIn, proposed, forNetCare]) await approvedAt(i.id, new Date(day1.getTime() - HOUR));

    await runProviderDigests(env, day1);
    const first = await nth(ws.patEmail, 1);
    expect(first.subject).toBe('Acme Initiative Digest: 1 initiative approved for you to deliver');
    for (const body of [first.text, first.html]) expect(body).toContain('Approved: Online check-in — you deliver it');
    expect(first.text).toContain(`approved on ${shortDate(date(day1))}, for 2099-Q4; no answer from you yet`);
    expect(first.text).toContain('1 initiative you deliver for Acme Initiative Digest is open: 0 past the target date.');
    expect(first.text).not.toContain('In all, 0 open items');
    expect(first.html).toContain(`#item-${checkIn.id}`);
    // NetCare hears of its own initiative only.
    const nia = await nth(ws.niaEmail, 1);
    expect(nia.text).toContain('Approved: SECRET-netcare-initiative — you deliver it');
    expect(nia.text).not.toContain('Online check-in');

    // Pat expects to deliver it today; the next day it is past that date: news once, without the approval again.
    const answered = await call(`/api/v1/initiatives/${checkIn.id}/answers`, { token: ws.pat.token, body: { status: 'in_progress', eta: date(day1) } });
    expect(answered.status).toBe(201);
    const day2 = new Date(day1.getTime() + DAY);
    await runProviderDigests(env, day2);
    const second = await nth(ws.patEmail, 2);
    expect(second.subject).toBe('Acme Initiative Digest: 1 initiative past its target date');
    expect(second.text).toContain('INITIATIVES PAST THEIR TARGET DATE\n  - Online check-in\n');
    expect(second.text).toContain(`you expected to deliver it by ${shortDate(date(day1), true)}; your answer: in progress`);
    expect(second.html).toContain('Initiatives past their target date');
    expect(second.text).toContain('1 initiative you deliver for Acme Initiative Digest is open: 1 past the target date.');
    for (const body of [second.text, second.html]) expect(body).not.toContain('Approved: Online check-in');
    expect(await digestOf(ws.nia.member.id, day2)).toBe('empty');

    const day3 = new Date(day1.getTime() + 2 * DAY);
    await runProviderDigests(env, day3);
    expect(await digestOf(ws.pat.member.id, day3)).toBe('empty');
    expect(await mailTo(ws.patEmail)).toHaveLength(2);

    // Never the proposed one, NetCare's, or the client's budget.
    for (const m of [...await mailTo(ws.patEmail), nia]) {
      for (const body of [m.subject, m.text, m.html]) expect(body).not.toMatch(/SECRET-still-proposed|98[,. ]?765|4[,. ]?321|55[,. ]?555|[Bb]udget/);
    }
    for (const m of await mailTo(ws.patEmail)) for (const body of [m.subject, m.text, m.html]) expect(body).not.toMatch(/NetCare|SECRET-/);
  });

  it('sends nothing to a provider with nothing shared', async () => {
    const ws = await digestWorkspace('Acme Quiet');
    await ws.share(ws.admin.token, { visibility: 'team', summary: 'Team only' });
    await runProviderDigests(env, new Date());
    expect(await mailTo(ws.patEmail)).toHaveLength(0);
    expect(await mailTo(ws.niaEmail)).toHaveLength(0);
  });
});
