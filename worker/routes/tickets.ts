import { Hono } from 'hono';
import * as v from 'valibot';
import {
  issuesToFields, ObservationBatchSchema, ObservationResultSchema, ReadingHealthSchema, TicketFactsAnswerSchema, TicketFactsQuery,
  TicketKeySchema, TicketObservationSchema, ticketKey, type ObservationResult, type TicketObservation,
} from '../../shared/schemas';
import { planReading, factsFor, readingHealth, ticketsForKeys, type FactReading } from '../db/tickets';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

const READERS = ['admin', 'staff', 'provider'] as const;
const HEALTH_DAYS = 30;

const observe = endpoint({
  method: 'post', path: '/api/v1/tickets/observations', operationId: 'sendObservations', access: READERS,
  summary:
    'What browsers read on the pages of tagged tickets (at most 100 per request). Each observation is checked on its own: the answer lists which were stored and which were refused and why. The same observation twice is a no-op; one older than what is known never overwrites newer facts. Only tickets a tag you can see points at are accepted.',
  body: ObservationBatchSchema,
  responses: {
    200: { description: 'Stored (some may be refused: see `refused`)', schema: ObservationResultSchema },
    404: { description: 'Every observation was for a ticket no tag you can see points at' },
  },
});
const facts = endpoint({
  method: 'get', path: '/api/v1/tickets/facts', operationId: 'ticketFacts', access: READERS,
  summary: 'What the ticket tool says about one tagged ticket, with its history of status, assignee and title changes. `ticket` is null when nothing is known yet, or no tag you can see points at it.',
  query: TicketFactsQuery,
  responses: { 200: { description: 'The ticket\'s facts', schema: TicketFactsAnswerSchema } },
});
const health = endpoint({
  method: 'get', path: '/api/v1/tickets/reading-health', operationId: 'readingHealth', access: ['admin', 'staff'],
  summary: `Per ticket tool, over the last ${HEALTH_DAYS} days: on how many page views the title and the status were found, and status words Steward does not know yet. A falling share means the tool changed its pages.`,
  responses: { 200: { description: 'Reading health per tool', schema: ReadingHealthSchema } },
});

type Refusal = ObservationResult['refused'][number];

/** An observation's own checks: its schema, then the key it makes. */
function checkOne(raw: unknown, index: number): { ok: TicketObservation & { key: string } } | { refused: Refusal } {
  const parsed = v.safeParse(TicketObservationSchema, raw);
  if (!parsed.success) {
    const fields = issuesToFields(parsed.issues);
    const words = Object.entries(fields).map(([f, m]) => `${f === '(body)' ? 'it' : f} ${m}`).join('; ');
    return { refused: { index, code: 'validation_failed', message: `Observation ${index} has errors: ${words}.`, fields } };
  }
  const key = ticketKey(parsed.output);
  const keyCheck = v.safeParse(TicketKeySchema, key);
  if (!keyCheck.success) {
    return { refused: { index, code: 'validation_failed', message: `Observation ${index} names no valid ticket: the tenant and ticket id ${keyCheck.issues[0].message.replace(/^must/, 'must together')}.`, fields: { ticketId: 'must not contain spaces or colons' } } };
  }
  // Stored as UTC (`…Z`), so comparing moments as text (newest wins, in SQL too) is comparing times.
  const utc = (t: string | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  const o = parsed.output;
  return { ok: { ...o, observedAt: utc(o.observedAt)!, createdAt: utc(o.createdAt), updatedAt: utc(o.updatedAt), key } };
}

const NOT_TAGGED = 'No tag you can see points at this ticket. Observations are only kept for tagged tickets: tag it first.';

export const tickets = new Hono<AppEnv>()
  .post('/observations', guard(observe), validate('json', observe.body), async (c) => {
    const { member } = c.var.caller;
    const now = new Date().toISOString();
    const refused: Refusal[] = [];
    const valid: Array<{ index: number; obs: TicketObservation & { key: string } }> = [];
    c.req.valid('json').observations.forEach((raw, index) => {
      const one = checkOne(raw, index);
      if ('refused' in one) refused.push(one.refused);
      else valid.push({ index, obs: one.ok });
    });

    const known = valid.length ? await ticketsForKeys(c.env.DB, member, valid.map((x) => x.obs.key)) : new Map();
    // Oldest first, so several readings of one ticket in a batch build its history in order.
    valid.sort((a, b) => (a.obs.observedAt < b.obs.observedAt ? -1 : a.obs.observedAt > b.obs.observedAt ? 1 : a.index - b.index));
    const statements: D1PreparedStatement[] = [];
    const accepted: ObservationResult['accepted'] = [];
    for (const { index, obs } of valid) {
      const state = known.get(obs.key);
      if (!state?.visible) {
        refused.push({ index, code: 'not_found', message: `Observation ${index}: ${NOT_TAGGED}`, fields: { ticketId: 'is not a ticket a tag you can see points at' } });
        continue;
      }
      const reading: FactReading = {
        key: obs.key, tool: obs.tool, tenant: obs.tenant, ticketId: obs.ticketId, url: obs.url,
        title: obs.title || undefined, status: obs.status || undefined, createdAt: obs.createdAt, updatedAt: obs.updatedAt,
        assignee: obs.assignee || undefined, priority: obs.priority || undefined,
        at: obs.observedAt, atKind: 'seen', source: 'page', seenBy: member.id,
        found: { title: obs.found.includes('title'), status: obs.found.includes('status') },
      };
      const plan = planReading(c.env.DB, member.workspaceId, state.row, reading, now);
      known.set(obs.key, { visible: true, row: plan.next });
      statements.push(...plan.statements);
      accepted.push({ index, key: obs.key, changed: plan.changed });
    }
    if (statements.length) await c.env.DB.batch(statements);
    accepted.sort((a, b) => a.index - b.index);
    refused.sort((a, b) => a.index - b.index);

    if (!accepted.length) {
      const first = refused[0]!;
      const allUnknown = refused.every((r) => r.code === 'not_found');
      const fields = Object.fromEntries(refused.flatMap((r) => Object.entries(r.fields ?? { '(body)': r.message }).map(([f, m]) => [`observations.${r.index}.${f}`, m])));
      throw new ApiError(allUnknown ? 404 : 400, allUnknown ? 'not_found' : 'validation_failed',
        refused.length === 1 ? first.message : `None of the ${refused.length} observations could be stored. ${first.message}`, fields, { refused });
    }
    return c.json({ accepted, refused } satisfies ObservationResult, 200);
  })
  .get('/facts', guard(facts), validate('query', facts.query), async (c) => {
    const { member } = c.var.caller;
    return c.json({ ticket: await factsFor(c.env.DB, member, c.req.valid('query').key) });
  })
  .get('/reading-health', guard(health), async (c) => {
    const { workspace } = c.var.caller;
    const since = new Date(Date.now() - HEALTH_DAYS * 24 * 3600_000).toISOString();
    return c.json({ since, items: await readingHealth(c.env.DB, workspace.id, since) });
  });
