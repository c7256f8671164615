import * as v from 'valibot';
import {
  AnnotationCreateSchema, AnnotationPatchSchema, AnnotationUpdateCreateSchema, issuesToFields, ObservationBatchSchema, TicketFactsQuery,
  TicketObservationSchema, ticketKey,
  type Annotation, type AnnotationCreate, type AnnotationUpdate, type ObservationResult, type ProviderCompany, type ProviderInbox, type Taxonomy,
  type ReadingHealth, type TicketEvent, type TicketFacts, type TicketObservation, type ToolId,
} from '../../../shared/schemas';
import { isFinished, statusCategory } from '../../../shared/tickets/status';
import { fakeHeldMeetings } from './fake-held-meetings';
import { fakeInitiatives } from './fake-initiatives';

/**
 * An in-memory stand-in for the Worker's annotation routes, answering as the real ones do
 * (worker/routes/annotations.ts): creates and notes idempotent by their client-made ids, a
 * PATCH with a stale version refused with 409 and the current annotation, DELETE leaving a
 * tombstone (then 404), 401 once the token is revoked, nothing at all when offline.
 */
export interface FakeAnnotations {
  fetch: typeof fetch;
  /** Stored annotations by id (tombstones included). */
  stored: Map<string, Annotation>;
  updates: AnnotationUpdate[];
  /** Requests that reached the Worker. */
  calls: Array<{ method: string; path: string; body?: any }>;
  /** The workspace's provider companies (what staff share with). */
  companies: ProviderCompany[];
  mode: 'up' | 'offline' | 'revoked';
  /** Someone else changes a stored annotation (a new version), as another member would. */
  changeAsSomeoneElse(id: string, changes: Partial<Annotation>): Annotation;
  /** Runs before the next request is answered (e.g. the user saving again meanwhile). */
  beforeNextAnswer(fn: () => Promise<void>): void;
  /** The next request is carried out, but its answer never arrives (the connection drops). */
  loseNextAnswer(): void;
  /**
   * Ticket facts by ticket key, as worker/db/tickets.ts keeps them: observations of tagged
   * tickets update them (newest wins, events on status, assignee and title changes); tests may
   * set one directly (a ticket the tool's API reported on, say).
   */
  tickets: Map<string, TicketFacts>;
  /** Page views that sent an observation (for reading health), as the Worker's ticket_observations. */
  views: PageView[];
  /** The initiatives routes' stand-in (fake-initiatives.ts), over these tags: tests seed `initiatives.items`. */
  initiatives: ReturnType<typeof fakeInitiatives>;
  /** Meeting mode's routes (fake-held-meetings.ts): tests seed `held.meetings` with action items the provider owns. */
  held: ReturnType<typeof fakeHeldMeetings>;
}

/** The workspace's lists; ids are short words so tests read plainly. */
export const TAXONOMY: Taxonomy = {
  linesOfBusiness: [{ id: 'sales', name: 'Sales', retiredAt: null }, { id: 'front', name: 'Front office', retiredAt: null }],
  stakeholders: [
    { id: 'dana', name: 'Dana Ortiz', title: 'Front office manager', lineOfBusinessId: 'front', retiredAt: null },
    { id: 'lee', name: 'Lee Park', title: 'Head of Sales', lineOfBusinessId: 'sales', retiredAt: null },
  ],
  impactKinds: [{ id: 'rev', name: 'Revenue', retiredAt: null }, { id: 'cust', name: 'Customers', retiredAt: null }],
  kpis: [{ id: 'wait', name: 'Check-in wait', unit: 'min', target: 5, direction: 'lower_is_better', retiredAt: null, latest: null }],
};
const names: Record<string, string> = Object.fromEntries(
  [...TAXONOMY.linesOfBusiness, ...TAXONOMY.stakeholders, ...TAXONOMY.impactKinds, ...TAXONOMY.kpis].map((x) => [x.id, x.name]),
);

/** Who calls: staff by default; a provider member sees only what is shared with their company. */
export interface FakeCaller {
  id: string;
  name: string;
  role?: 'admin' | 'staff' | 'provider';
  providerCompany?: string;
}

/** A page view that sent an observation, as the Worker's ticket_observations keeps it (presence of fields, never content). */
export interface PageView {
  key: string;
  memberId: string;
  observedAt: string;
  tool: string;
  titleFound: boolean;
  statusFound: boolean;
  unknownStatus: string | null;
}

/** As readingHealth in worker/db/tickets.ts: per tool over the last 30 days, ordered by tool. */
export function readingHealthOf(views: PageView[], now = Date.now()): ReadingHealth {
  const since = new Date(now - 30 * 86_400_000).toISOString();
  const byTool = new Map<string, PageView[]>();
  for (const x of views.filter((x) => x.observedAt >= since)) byTool.set(x.tool, [...(byTool.get(x.tool) ?? []), x]);
  const items = [...byTool.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([tool, rows]) => ({
    tool: tool as ToolId, views: rows.length, titleFound: rows.filter((x) => x.titleFound).length, statusFound: rows.filter((x) => x.statusFound).length,
    unknownStatuses: [...new Set(rows.flatMap((x) => (x.unknownStatus ? [x.unknownStatus] : [])))].slice(0, 20),
    firstViewAt: rows.map((x) => x.observedAt).sort()[0]!, lastViewAt: rows.map((x) => x.observedAt).sort().at(-1)!,
  }));
  return { since, items };
}

export function fakeAnnotations(caller: FakeCaller = { id: 'm1', name: 'Sam Lee' }): FakeAnnotations {
  const me = { id: caller.id, name: caller.name };
  const role = caller.role ?? 'staff';
  let hook: (() => Promise<void>) | null = null;
  let lose = false;
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1000)).toISOString();
  const json = (data: unknown, status = 200) => new Response(data === undefined ? null : JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
  const fail = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => json({ error: { code, message, ...extra } }, status);
  // The initiatives routes, over this stand-in's tags (see fake-initiatives.ts).
  const initiatives = fakeInitiatives({
    get annotations() {
      return [...f.stored.values()].map((a) => ({ id: a.id, deletedAt: a.deletedAt, summary: a.summary, visibility: a.visibility, ticketKey: a.ticketKey }));
    },
    taxonomy: TAXONOMY,
  }, { ...me, role, workspaceId: 'w1', email: null, providerCompany: caller.providerCompany ?? null, createdAt: '2026-11-01T09:00:00.000Z', lastActiveAt: null });
  // Meeting mode's routes: the action items a provider owns and answers (see fake-held-meetings.ts).
  const held = fakeHeldMeetings({
    timeZone: () => 'UTC',
    members: () => [],
    companies: () => [...new Set([...f.companies.map((c) => c.name), ...(caller.providerCompany ? [caller.providerCompany] : [])])],
    attendees: () => [],
    bounces: {},
    latestReport: () => null,
  }, { ...me, role, workspaceId: 'w1', email: null, providerCompany: caller.providerCompany ?? null, createdAt: '2026-11-01T09:00:00.000Z', lastActiveAt: null });
  /** As worker/validate.ts: a body that does not parse is a 400 naming each wrong field. */
  const parsed = <S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> | Response => {
    const r = v.safeParse(schema, body);
    return r.success ? r.output : fail(400, 'validation_failed', 'The request body has errors.', { fields: issuesToFields(r.issues) });
  };
  const label = (a: Omit<Annotation, 'labels'>): Annotation => ({
    ...a,
    labels: { lineOfBusiness: names[a.lineOfBusiness] ?? a.lineOfBusiness, impact: names[a.impact] ?? a.impact, stakeholders: a.stakeholders.map((s) => names[s] ?? s), kpis: a.kpis.map((k) => names[k] ?? k) },
  });

  const f: FakeAnnotations = {
    fetch: undefined as unknown as typeof fetch,
    stored: new Map(),
    updates: [],
    calls: [],
    companies: [],
    mode: 'up',
    initiatives,
    held,
    changeAsSomeoneElse(id, changes) {
      const current = f.stored.get(id)!;
      const next = label({ ...current, ...changes, version: current.version + 1, updatedAt: now() });
      f.stored.set(id, next);
      return next;
    },
    beforeNextAnswer(fn) {
      hook = fn;
    },
    loseNextAnswer() {
      lose = true;
    },
    tickets: new Map(),
    views: [],
  };
  const earlier = (a: string, b: string) => (a < b ? a : b);
  const later = (a: string, b: string) => (a > b ? a : b);
  /** When the newest reading applied to each ticket was made (the Worker's observed_at). */
  const observedAt = new Map<string, string>();

  /** As planReading in worker/db/tickets.ts: newest wins; an older reading only widens first seen and fills the created date. */
  const applyReading = (o: TicketObservation, key: string): boolean => {
    const mapped = o.status ? statusCategory(o.tool, o.status) : null;
    if (!f.views.some((x) => x.key === key && x.memberId === me.id && x.observedAt === o.observedAt)) {
      f.views.push({
        key, memberId: me.id, observedAt: o.observedAt, tool: o.tool, titleFound: o.found.includes('title'), statusFound: o.found.includes('status'),
        unknownStatus: mapped && !mapped.known ? o.status! : null,
      });
    }
    const cur = f.tickets.get(key);
    const at = o.observedAt;
    if (cur && at <= (observedAt.get(key) ?? cur.lastSeenAt)) {
      const next = { ...cur, firstSeenAt: earlier(at, cur.firstSeenAt), createdAt: cur.createdAt ?? o.createdAt ?? null };
      f.tickets.set(key, next);
      return next.firstSeenAt !== cur.firstSeenAt || next.createdAt !== cur.createdAt;
    }
    const events: TicketEvent[] = [];
    const event = (kind: TicketEvent['kind'], from: string | null, to: string | null) =>
      events.push({ kind, from, to, at, atKind: 'seen', source: 'page', seenBy: me.name });
    const statusChanged = !!cur?.status && !!o.status && o.status.toLowerCase() !== cur.status.toLowerCase();
    let reopened = cur?.reopenedCount ?? 0;
    if (cur && statusChanged) {
      event('status_changed', cur.status, o.status ?? null);
      if (isFinished(cur.category) && mapped && !isFinished(mapped.category)) {
        event('reopened', cur.status, o.status ?? null);
        reopened += 1;
      }
    }
    if (cur?.assignee && o.assignee && o.assignee !== cur.assignee) event('assignee_changed', cur.assignee, o.assignee);
    if (cur?.title && o.title && o.title !== cur.title) event('title_changed', cur.title, o.title);
    const newStatus = !cur?.status || statusChanged;
    const next: TicketFacts = {
      key, tool: o.tool, tenant: o.tenant, ticketId: o.ticketId, url: o.url,
      title: o.title || (cur?.title ?? null),
      status: o.status || (cur?.status ?? null),
      category: mapped?.category ?? cur?.category ?? null,
      statusSince: o.status && newStatus ? at : (cur?.statusSince ?? null),
      statusSinceKind: o.status && newStatus ? 'seen' : (cur?.statusSinceKind ?? null),
      createdAt: o.createdAt ?? cur?.createdAt ?? null,
      updatedAt: o.updatedAt && cur?.updatedAt ? later(o.updatedAt, cur.updatedAt) : (o.updatedAt ?? cur?.updatedAt ?? null),
      assignee: o.assignee || (cur?.assignee ?? null),
      priority: o.priority || (cur?.priority ?? null),
      firstSeenAt: cur ? earlier(cur.firstSeenAt, at) : at,
      lastSeenAt: cur ? later(cur.lastSeenAt, at) : at,
      source: 'page',
      reopenedCount: reopened,
      events: [...(cur?.events ?? []), ...events].sort((x, y) => x.at.localeCompare(y.at)).slice(0, 200),
    };
    f.tickets.set(key, next);
    observedAt.set(key, at);
    const { lastSeenAt: _a, events: _b, ...rest } = next;
    return !cur || events.length > 0 || Object.entries(rest).some(([k, value]) => (cur as unknown as Record<string, unknown>)[k] !== value);
  };
  /** A ticket a tag the caller may see points at (the Worker's visibleTicketSql). */
  const tagged = (key: string) => [...f.stored.values()].some((a) => !a.deletedAt && a.ticketKey === key && seen(a) && (a.visibility !== 'private' || a.author.id === me.id));

  f.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const answer = await respond(input, init);
    if (lose) {
      lose = false;
      throw new TypeError('Failed to fetch');
    }
    return answer;
  }) as typeof fetch;

  /** Provider members see only what is shared with their own company (enforced in SQL by the Worker). */
  const seen = (a: Annotation) => role !== 'provider' || (a.visibility === 'provider' && a.sharedWith === caller.providerCompany);

  const respond = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (f.mode === 'offline') throw new TypeError('Failed to fetch');
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    f.calls.push({ method, path: url.pathname, body });
    if (hook) {
      const run = hook;
      hook = null;
      await run();
    }
    if (f.mode === 'revoked') return fail(401, 'unauthorized', 'This sign-in is no longer valid. Reconnect with a new invite code.');
    const initiative = initiatives.route(method, url.pathname.replace(/^\/api\/v1/, ''), url, body);
    if (initiative) return json(initiative[1], initiative[0]);
    const meeting = held.route(method, url.pathname.replace(/^\/api\/v1/, ''), body);
    if (meeting) return json(meeting[1], meeting[0]);
    if (url.pathname === '/api/v1/taxonomy') return role === 'provider' ? fail(403, 'forbidden', 'Providers do not read the taxonomy.') : json(TAXONOMY);
    if (url.pathname === '/api/v1/provider/companies') return role === 'provider' ? fail(403, 'forbidden', 'Staff and admins only.') : json({ items: f.companies });
    if (url.pathname === '/api/v1/provider/inbox') {
      if (role !== 'provider') return fail(403, 'forbidden', 'Provider members only.');
      // As worker/db/provider.ts orders it: open items not answered first (oldest share first), then newest activity.
      const mine = [...f.stored.values()].filter((a) => !a.deletedAt && a.visibility === 'provider' && a.sharedWith === caller.providerCompany);
      const waiting = (a: Annotation) => a.state === 'open' && !a.providerStatus;
      mine.sort((x, y) => Number(waiting(y)) - Number(waiting(x)) || (waiting(x) ? x.createdAt.localeCompare(y.createdAt) : y.updatedAt.localeCompare(x.updatedAt)));
      const items = mine.map((a) => ({ annotation: a, sharedAt: a.createdAt, unanswered: waiting(a), overdue: false }));
      const inbox: ProviderInbox = {
        company: caller.providerCompany ?? '', items,
        counts: { total: items.length, open: mine.filter((a) => a.state === 'open').length, unanswered: items.filter((i) => i.unanswered).length, overdue: 0 },
      };
      return json(inbox);
    }
    if (url.pathname === '/api/v1/tickets/observations' && method === 'POST') {
      const batch = parsed(ObservationBatchSchema, body);
      if (batch instanceof Response) return batch;
      const refused: ObservationResult['refused'] = [];
      const valid: Array<{ index: number; o: TicketObservation; key: string }> = [];
      batch.observations.forEach((raw, index) => {
        const r = v.safeParse(TicketObservationSchema, raw);
        if (!r.success) {
          const fields = issuesToFields(r.issues);
          refused.push({ index, code: 'validation_failed', message: `Observation ${index} has errors: ${Object.entries(fields).map(([k, m]) => `${k} ${m}`).join('; ')}.`, fields });
        } else valid.push({ index, o: r.output, key: ticketKey(r.output) });
      });
      valid.sort((a, b) => a.o.observedAt.localeCompare(b.o.observedAt) || a.index - b.index);
      const accepted: ObservationResult['accepted'] = [];
      for (const { index, o, key } of valid) {
        if (!tagged(key)) {
          refused.push({ index, code: 'not_found', message: `Observation ${index}: No tag you can see points at this ticket. Observations are only kept for tagged tickets: tag it first.`, fields: { ticketId: 'is not a ticket a tag you can see points at' } });
          continue;
        }
        accepted.push({ index, key, changed: applyReading(o, key) });
      }
      accepted.sort((a, b) => a.index - b.index);
      refused.sort((a, b) => a.index - b.index);
      if (!accepted.length) {
        const allUnknown = refused.every((r) => r.code === 'not_found');
        const fields = Object.fromEntries(refused.flatMap((r) => Object.entries(r.fields ?? { '(body)': r.message }).map(([k, m]) => [`observations.${r.index}.${k}`, m])));
        return fail(allUnknown ? 404 : 400, allUnknown ? 'not_found' : 'validation_failed', refused.length === 1 ? refused[0]!.message : `None of the ${refused.length} observations could be stored. ${refused[0]!.message}`, { fields, refused });
      }
      return json({ accepted, refused });
    }
    if (url.pathname === '/api/v1/tickets/facts' && method === 'GET') {
      const q = v.safeParse(TicketFactsQuery, Object.fromEntries(url.searchParams));
      if (!q.success) return fail(400, 'validation_failed', 'The query string has errors.', { fields: issuesToFields(q.issues) });
      return json({ ticket: tagged(q.output.key) ? (f.tickets.get(q.output.key) ?? null) : null });
    }
    if (url.pathname === '/api/v1/tickets/reading-health' && method === 'GET') {
      if (role === 'provider') return fail(403, 'forbidden', 'Staff and admins only.');
      return json(readingHealthOf(f.views));
    }
    if (url.pathname === '/api/v1/annotations' && method === 'GET') {
      const ticket = url.searchParams.get('ticket');
      const items = [...f.stored.values()].filter((a) => !a.deletedAt && seen(a) && (!ticket || a.ticketKey === ticket)).sort((x, y) => y.updatedAt.localeCompare(x.updatedAt));
      return json({ items, nextCursor: null });
    }
    const [, , , , id, sub] = url.pathname.split('/'); // /api/v1/annotations/:id/updates
    const live = id ? f.stored.get(id) : undefined;
    const visible = live && !live.deletedAt && seen(live) ? live : undefined;

    /** As worker/provider/sharing.ts: the company named, the only one, or a 422 naming the field. */
    const shareWith = (visibility: string, requested: string | null | undefined, current: string | null): string | null | Response => {
      if (visibility !== 'provider') return null;
      const names = f.companies.map((c) => c.name);
      if (requested) {
        const match = names.find((n) => n.toLowerCase() === requested.toLowerCase());
        return match ?? fail(422, 'unprocessable', `sharedWith is not a provider of this workspace.`, { fields: { sharedWith: `is not a provider of this workspace; choose one of: ${names.join(', ')}` } });
      }
      if (requested === undefined && current) return current;
      if (names.length <= 1) return names[0] ?? null;
      return fail(422, 'unprocessable', 'sharedWith is required.', { fields: { sharedWith: `is required: this workspace has several providers (${names.join(', ')}); choose the one to share with` } });
    };

    if (method === 'POST' && !id) {
      if (role === 'provider') return fail(403, 'forbidden', 'Providers cannot create annotations.');
      const input = parsed(AnnotationCreateSchema, body) as AnnotationCreate | Response;
      if (input instanceof Response) return input;
      const existing = f.stored.get(input.id);
      if (existing) {
        // As the Worker's sameContent(): the fields a create sets (not the state, which edits move on).
        const same = (['summary', 'priority', 'horizon', 'visibility', 'lineOfBusiness', 'impact'] as const).every((k) => existing[k] === input[k]);
        return same ? json(existing, 200) : fail(409, 'conflict', 'This annotation id is already used for different content.', { fields: { id: 'is already used' } });
      }
      const sharedWith = shareWith(input.visibility, input.sharedWith, null);
      if (sharedWith instanceof Response) return sharedWith;
      const at = now();
      const created = label({
        sharedWith,
        id: input.id, workspaceId: 'w1', ticketKey: input.ticketRef ? ticketKey(input.ticketRef) : null, ticketRef: input.ticketRef ?? null,
        pageUrl: input.pageUrl ?? null, horizon: input.horizon, lineOfBusiness: input.lineOfBusiness, stakeholders: input.stakeholders,
        impact: input.impact, priority: input.priority, kpis: input.kpis, summary: input.summary, detail: input.detail ?? null,
        eventDate: input.eventDate ?? null, state: input.state ?? 'open', visibility: input.visibility, providerStatus: null,
        author: me, createdAt: at, updatedAt: at, version: 1, deletedAt: null, jargon: [],
      });
      f.stored.set(created.id, created);
      return json(created, 201);
    }
    if (!visible) return fail(404, 'not_found', 'This annotation was not found.');
    if (method === 'GET' && !sub) return json({ annotation: visible, updates: f.updates.filter((u) => u.annotationId === id), feedback: [] });
    if (method === 'PATCH') {
      const patch = parsed(AnnotationPatchSchema, body);
      if (patch instanceof Response) return patch;
      const { version, ...changes } = patch;
      if (version !== visible.version) {
        return fail(409, 'conflict', `Someone changed this annotation since you opened it (you have version ${version}, it is now at ${visible.version}).`, { fields: { version: 'is stale' }, current: visible });
      }
      const sharedWith = shareWith(changes.visibility ?? visible.visibility, changes.sharedWith, visible.sharedWith ?? null);
      if (sharedWith instanceof Response) return sharedWith;
      const next = label({ ...visible, ...changes, sharedWith, detail: changes.detail === undefined ? visible.detail : changes.detail, eventDate: changes.eventDate === undefined ? visible.eventDate : changes.eventDate, version: visible.version + 1, updatedAt: now() } as Annotation);
      f.stored.set(next.id, next);
      return json(next);
    }
    if (method === 'DELETE') {
      f.stored.set(visible.id, { ...visible, deletedAt: now() });
      return json(undefined, 204);
    }
    if (method === 'POST' && sub === 'updates') {
      const input = parsed(AnnotationUpdateCreateSchema, body);
      if (input instanceof Response) return input;
      const existing = f.updates.find((u) => u.id === input.id);
      if (existing) return json(existing, 200);
      if (input.providerStatus && role !== 'provider') return fail(403, 'forbidden', 'Only the provider sets a provider status.');
      const update: AnnotationUpdate = {
        id: input.id ?? crypto.randomUUID(), annotationId: visible.id, kind: input.providerStatus ? 'provider_status' : 'note', note: input.note || null, state: null,
        providerStatus: input.providerStatus ?? null, eta: input.eta ?? null,
        author: { ...me, role, providerCompany: caller.providerCompany ?? null }, createdAt: now(),
      };
      f.updates.push(update);
      if (input.providerStatus) {
        f.stored.set(visible.id, { ...visible, providerStatus: { status: input.providerStatus, eta: input.eta ?? null, at: update.createdAt }, updatedAt: update.createdAt });
      }
      return json(update, 201);
    }
    return fail(404, 'not_found', 'No such route.');
  };
  return f;
}
