import * as v from 'valibot';
import {
  EvidenceChangeSchema, InitiativeAnswerCreateSchema, InitiativeCreateSchema, initiativeDeleteProblem, InitiativeListQuerySchema, InitiativePatchSchema, InitiativeSettingsSchema,
  issuesToFields, stateChangeProblem, type AuditEntry, type Initiative, type InitiativeDetail, type Member, type Taxonomy,
} from '../../../shared/schemas';

/**
 * The initiatives routes of the stand-in Worker (fake-worker.ts), answering as
 * worker/routes/initiatives.ts does for what the screens use: the same request schemas and
 * `fields`, 404 for what is not there, 409 for a stale version, 422 for a KPI or tag not of
 * the workspace, a private tag, or a state change that skips a step without a reason; only an
 * admin deletes, and only what was never approved (409 otherwise), with the activity entry
 * when the stand-in keeps an activity log.
 */

type Answer = [number, unknown];
const refuse = (status: number, code: string, message: string, fields?: Record<string, string>): Answer => [status, { error: { code, message, ...(fields ? { fields } : {}) } }];

export interface FakeAnnotationLike { id: string; deletedAt: string | null; summary?: string; visibility?: string; ticketKey?: string | null; authorId?: string }

export function fakeInitiatives(w: { annotations: FakeAnnotationLike[]; taxonomy: Taxonomy; audit?: AuditEntry[] }, me: Member) {
  const items: Initiative[] = [];
  const evidence = new Map<string, string[]>();
  const timelines = new Map<string, InitiativeDetail['timeline']>();
  let currency = 'USD';
  let n = 0;
  const now = () => new Date().toISOString();
  const note = (id: string, kind: InitiativeDetail['timeline'][number]['kind'], text: string, state: Initiative['state'] | null = null, noteText: string | null = null) =>
    timelines.set(id, [...(timelines.get(id) ?? []), { id: `ev-${++n}`, kind, text, state, note: noteText, by: { name: me.name, role: me.role }, at: now() }]);

  const visibleTags = () => w.annotations.filter((a) => !a.deletedAt && (a.visibility ?? 'team') !== 'private');
  const counts = (id: string): Initiative['evidence'] => {
    const linked = visibleTags().filter((a) => evidence.get(id)?.includes(a.id));
    return { tags: linked.length, open: linked.length, tickets: new Set(linked.map((a) => a.ticketKey).filter(Boolean)).size, linesOfBusiness: linked.length ? 1 : 0, since: linked.length ? now() : null };
  };
  const withCounts = (i: Initiative): Initiative => ({ ...i, evidence: counts(i.id), budget: i.budget ? { ...i.budget, currency } : null });
  const tagProblems = (ids: string[], field: string) => {
    const fields: Record<string, string> = {};
    ids.forEach((id, k) => {
      const a = w.annotations.find((x) => x.id === id && !x.deletedAt);
      if (a?.visibility === 'private') fields[`${field}.${k}`] = 'is a private tag: private tags never leave their author. Share it with the team first (Who may see it), then link it';
      else if (!a) fields[`${field}.${k}`] = 'is not a tag of this workspace that you can see (or it was deleted)';
    });
    return fields;
  };
  const kpiProblems = (kpis: Array<{ kpiId: string }> | undefined) => {
    const fields: Record<string, string> = {};
    kpis?.forEach((k, i) => {
      if (!w.taxonomy.kpis.some((x) => x.id === k.kpiId)) fields[`kpis.${i}.kpiId`] = 'is not a KPI of this workspace: pick one from Taxonomy → KPIs, or add it there first';
    });
    return fields;
  };
  const kpiLines = (kpis: Array<{ kpiId: string; baseline: number; baselineOn: string; target: number; targetOn: string }>): Initiative['kpis'] => kpis.map((k) => {
    const kpi = w.taxonomy.kpis.find((x) => x.id === k.kpiId)!;
    return { ...k, name: kpi.name, unit: kpi.unit, direction: kpi.direction, latest: kpi.latest ? { value: kpi.latest.value, recordedOn: kpi.latest.recordedOn } : null, outcome: 'waiting' };
  });
  const parse = <S extends v.GenericSchema>(schema: S, body: unknown, what = 'The request body'): v.InferOutput<S> | Answer => {
    const r = v.safeParse(schema, body);
    if (r.success) return r.output;
    const fields = issuesToFields(r.issues);
    return refuse(400, 'validation_failed', `${what} has errors: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields);
  };
  const failed = (x: unknown): x is Answer => Array.isArray(x);
  const unprocessable = (fields: Record<string, string>): Answer | null =>
    Object.keys(fields).length ? refuse(422, 'unprocessable', `Not saved: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields) : null;

  function route(method: string, p: string, url: URL, body: unknown): Answer | null {
    if (!p.startsWith('/initiatives')) return null;
    let m: RegExpExecArray | null;
    // A provider reads the initiatives its company delivers once approved (no budget), and answers them.
    if (me.role === 'provider') {
      const mine = items.filter((i) => i.providerCompany === me.providerCompany && ['approved', 'in_progress', 'delivered', 'measured'].includes(i.state));
      if (p === '/initiatives' && method === 'GET') return [200, { items: mine.map((i) => ({ ...withCounts(i), budget: null })), currency }];
      if ((m = /^\/initiatives\/([^/]+)\/answers$/.exec(p)) && method === 'POST') {
        const i = mine.find((x) => x.id === decodeURIComponent(m![1]!));
        if (!i) return refuse(404, 'not_found', 'This initiative was not found.');
        const b = parse(InitiativeAnswerCreateSchema, body);
        if (failed(b)) return b;
        const at = now();
        const next: Initiative = { ...i, providerAnswer: { status: b.status, eta: b.eta ?? null, note: b.note || null, by: me.name, company: me.providerCompany, at }, version: i.version + 1, updatedAt: at };
        items.splice(items.indexOf(i), 1, next);
        note(i.id, 'provider_answer', `${me.providerCompany}: ${b.status.replace(/_/g, ' ')}`, null, b.note || null);
        return [201, timelines.get(i.id)!.at(-1)];
      }
      return refuse(403, 'forbidden', 'This needs an admin or IT staff.');
    }
    if (me.role !== 'admin' && me.role !== 'staff') return refuse(403, 'forbidden', 'This needs an admin or IT staff.');
    if (p === '/initiatives' && method === 'GET') {
      const q = parse(InitiativeListQuerySchema, Object.fromEntries(url.searchParams), 'The query string');
      if (failed(q)) return q;
      const onTicket = (i: Initiative) => !q.ticket || visibleTags().some((a) => a.ticketKey === q.ticket && evidence.get(i.id)?.includes(a.id));
      return [200, { items: items.filter((i) => (!q.state || i.state === q.state) && onTicket(i)).map(withCounts), currency }];
    }
    if (p === '/initiatives' && method === 'POST') {
      const b = parse(InitiativeCreateSchema, body);
      if (failed(b)) return b;
      const problem = unprocessable({ ...kpiProblems(b.kpis), ...tagProblems(b.annotationIds, 'annotationIds') });
      if (problem) return problem;
      const at = now();
      const i: Initiative = {
        id: b.id ?? `init-${++n}`, title: b.title, gap: b.gap, linesOfBusiness: [], stakeholders: [], specification: b.specification, kpis: kpiLines(b.kpis),
        budget: { oneOff: b.budget?.oneOff ?? null, monthly: b.budget?.monthly ?? null, currency }, targetQuarter: b.targetQuarter ?? null, owner: null,
        providerCompany: b.providerCompany ?? null, state: 'proposed', stateReason: null, evidence: counts(''), providerAnswer: null, decision: null, deliveredAt: null,
        createdBy: { id: me.id, name: me.name }, createdAt: at, updatedAt: at, version: 1,
      };
      items.unshift(i);
      evidence.set(i.id, [...b.annotationIds]);
      note(i.id, 'created', 'Proposed', 'proposed');
      if (b.annotationIds.length) note(i.id, 'linked', `Linked ${b.annotationIds.length === 1 ? '1 tag' : `${b.annotationIds.length} tags`}`);
      return [201, withCounts(i)];
    }
    if (p === '/initiatives/settings' && method === 'PATCH') {
      if (me.role !== 'admin') return refuse(403, 'forbidden', 'This needs an admin.');
      const b = parse(InitiativeSettingsSchema, body);
      if (failed(b)) return b;
      currency = b.currency;
      return [200, { currency }];
    }
    if ((m = /^\/initiatives\/([^/]+)(\/evidence)?$/.exec(p))) {
      const i = items.find((x) => x.id === decodeURIComponent(m![1]!));
      if (!i) return refuse(404, 'not_found', 'This initiative was not found.');
      const at = now();
      if (!m[2] && method === 'GET') {
        const linked = visibleTags().filter((a) => evidence.get(i.id)?.includes(a.id));
        return [200, {
          initiative: withCounts(i), timeline: timelines.get(i.id) ?? [],
          evidence: linked.map((a) => ({ annotationId: a.id, summary: a.summary ?? a.id, lineOfBusiness: 'Sales', state: 'open', ticketKey: a.ticketKey ?? null, url: null, createdAt: at })),
        }];
      }
      if (!m[2] && method === 'DELETE') {
        if (me.role !== 'admin') return refuse(403, 'forbidden', 'This needs an admin.');
        const problem = initiativeDeleteProblem(i.state, timelines.get(i.id) ?? []);
        if (problem) return refuse(409, 'conflict', problem);
        items.splice(items.indexOf(i), 1);
        evidence.delete(i.id);
        timelines.delete(i.id);
        w.audit?.unshift({
          id: `a-${++n}`, actor: { id: me.id, name: me.name }, action: 'initiative.delete', targetType: 'initiative', targetId: i.id, detail: { title: i.title, state: i.state }, at,
        });
        return [204, undefined];
      }
      if (!m[2] && method === 'PATCH') {
        const b = parse(InitiativePatchSchema, body);
        if (failed(b)) return b;
        if (b.version !== i.version) return refuse(409, 'conflict', `Someone changed this initiative meanwhile (you read version ${b.version}, it is now ${i.version}). Read it again, then make your change.`, { version: 'is out of date' });
        const problem = unprocessable(kpiProblems(b.kpis));
        if (problem) return problem;
        const to = b.state ?? i.state;
        const stateProblem = stateChangeProblem(i.state, to, b.reason);
        if (stateProblem) return unprocessable({ state: stateProblem });
        const next: Initiative = {
          ...i, title: b.title ?? i.title, gap: b.gap ?? i.gap, specification: b.specification ?? i.specification, kpis: b.kpis ? kpiLines(b.kpis) : i.kpis,
          budget: { oneOff: b.budget?.oneOff !== undefined ? b.budget.oneOff : i.budget?.oneOff ?? null, monthly: b.budget?.monthly !== undefined ? b.budget.monthly : i.budget?.monthly ?? null, currency },
          targetQuarter: b.targetQuarter !== undefined ? b.targetQuarter : i.targetQuarter,
          providerCompany: b.providerCompany !== undefined ? b.providerCompany : i.providerCompany,
          state: to, stateReason: to !== i.state ? (b.reason?.trim() || null) : i.stateReason, updatedAt: at, version: i.version + 1,
        };
        items.splice(items.indexOf(i), 1, next);
        if (to !== i.state) note(i.id, 'state', `Moved to ${to}`, to, next.stateReason);
        else note(i.id, 'changed', 'Changed it');
        return [200, withCounts(next)];
      }
      if (m[2] && method === 'POST') {
        const b = parse(EvidenceChangeSchema, body);
        if (failed(b)) return b;
        const problem = unprocessable(tagProblems(b.link, 'link'));
        if (problem) return problem;
        evidence.set(i.id, [...new Set([...(evidence.get(i.id) ?? []), ...b.link])].filter((id) => !b.unlink.includes(id)));
        if (b.link.length) note(i.id, 'linked', `Linked ${b.link.length === 1 ? '1 tag' : `${b.link.length} tags`}`);
        if (b.unlink.length) note(i.id, 'unlinked', `Unlinked ${b.unlink.length === 1 ? '1 tag' : `${b.unlink.length} tags`}`);
        const next = { ...i, updatedAt: at, version: i.version + 1 };
        items.splice(items.indexOf(i), 1, next);
        return [200, withCounts(next)];
      }
    }
    return null;
  }
  return { route, items };
}
