import * as v from 'valibot';
import { HttpUrl, OptionalText, Text } from './common';
import { TOOL_IDS } from './ticket';
import { FACT_SOURCES, READ_FIELDS, STATUS_CATEGORIES, TICKET_EVENT_KINDS } from '../vocabulary';

export type StatusCategory = (typeof STATUS_CATEGORIES)[number];
export type FactSource = (typeof FACT_SOURCES)[number];
export type ReadField = (typeof READ_FIELDS)[number];
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

/** Most observations one request may carry. */
export const OBSERVATION_BATCH_MAX = 100;
/** A clock a few minutes fast still counts as now. */
const CLOCK_SKEW_MS = 5 * 60_000;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

/** A moment a ticket tool or a browser reported: ISO 8601, not before 2000 and not in the future. */
const FactTime = v.pipe(
  v.string('must be text'),
  v.isoTimestamp('must be an ISO 8601 date and time, e.g. 2026-11-23T09:00:00Z'),
  v.check((t) => Date.parse(t) >= EARLIEST, 'is before the year 2000: check the date the page shows'),
  v.check((t) => Date.parse(t) <= Date.now() + CLOCK_SKEW_MS, 'is in the future: check the computer’s clock'),
);

/**
 * What one person's browser read on one ticket page at one moment. Only the fields the
 * adapter found are sent; `found` names them, so the Worker can tell a tool whose page
 * changed (status no longer found) from a ticket that has no assignee.
 */
export const TicketObservationSchema = v.strictObject({
  tool: v.picklist(TOOL_IDS, `must be one of: ${TOOL_IDS.join(', ')}`),
  tenant: Text(255),
  ticketId: Text(128),
  url: HttpUrl(2048),
  title: OptionalText(500),
  /** The tool's own status word, as shown. */
  status: OptionalText(100),
  /** When the tool says the ticket was opened / last changed. */
  createdAt: v.optional(FactTime),
  updatedAt: v.optional(FactTime),
  /** The assignee's display name as the tool shows it. */
  assignee: OptionalText(200),
  /** The tool's own priority word. */
  priority: OptionalText(100),
  observedAt: FactTime,
  found: v.pipe(v.array(v.picklist(READ_FIELDS, `must list only: ${READ_FIELDS.join(', ')}`), 'must be a list'), v.maxLength(READ_FIELDS.length, `must have at most ${READ_FIELDS.length} entries`)),
});
export type TicketObservation = v.InferOutput<typeof TicketObservationSchema>;

/**
 * Body of `POST /api/v1/tickets/observations`. Each item is checked on its own, so one bad
 * observation is refused without losing the others.
 */
export const ObservationBatchSchema = v.strictObject({
  observations: v.pipe(
    v.array(v.unknown(), 'must be a list of observations'),
    v.minLength(1, 'must hold at least one observation'),
    v.maxLength(OBSERVATION_BATCH_MAX, `must hold at most ${OBSERVATION_BATCH_MAX} observations: send the rest in another request`),
  ),
});

export const ObservationResultSchema = v.object({
  /** Stored (or already known): `changed` is false for a repeat or an older observation. */
  accepted: v.array(v.object({ index: v.number(), key: v.string(), changed: v.boolean() })),
  /** Refused, each with what to fix. */
  refused: v.array(v.object({ index: v.number(), code: v.string(), message: v.string(), fields: v.optional(v.record(v.string(), v.string())) })),
});
export type ObservationResult = v.InferOutput<typeof ObservationResultSchema>;

const TicketEventSchema = v.object({
  kind: v.picklist(TICKET_EVENT_KINDS),
  from: v.nullable(v.string()),
  to: v.nullable(v.string()),
  /** When it happened (`atKind: happened`, from the tool) or when it was first seen (`seen`, from a page). */
  at: v.string(),
  atKind: v.picklist(['happened', 'seen']),
  source: v.picklist(FACT_SOURCES),
  /** Who saw it, for page readings. */
  seenBy: v.nullable(v.string()),
});
export type TicketEvent = v.InferOutput<typeof TicketEventSchema>;

/** What Steward knows about one tagged ticket from the tool itself. */
const TicketFactsSchema = v.object({
  key: v.string(),
  tool: v.picklist(TOOL_IDS),
  tenant: v.string(),
  ticketId: v.string(),
  url: v.string(),
  title: v.nullable(v.string()),
  status: v.nullable(v.string()),
  category: v.nullable(v.picklist(STATUS_CATEGORIES)),
  /** Since when the ticket has had this status (happened or first seen, as `statusSinceKind` says). */
  statusSince: v.nullable(v.string()),
  statusSinceKind: v.nullable(v.picklist(['happened', 'seen'])),
  createdAt: v.nullable(v.string()),
  updatedAt: v.nullable(v.string()),
  assignee: v.nullable(v.string()),
  priority: v.nullable(v.string()),
  firstSeenAt: v.string(),
  lastSeenAt: v.string(),
  /** Where the newest facts came from. */
  source: v.picklist(FACT_SOURCES),
  reopenedCount: v.number(),
  /** Oldest first. */
  events: v.array(TicketEventSchema),
});
export type TicketFacts = v.InferOutput<typeof TicketFactsSchema>;

export const TicketFactsQuery = v.strictObject({
  key: v.pipe(
    v.string('is required: the ticket key, e.g. zendesk:acme:4821'),
    v.regex(/^[a-z-]+:[^\s]+:[^\s:]+$/, 'must look like tool:tenant:ticketId, e.g. zendesk:acme:4821'),
    v.maxLength(400, 'must be at most 400 characters'),
  ),
});

/** `{ ticket: null }` when nobody has sent facts about it yet (or the caller may not see it). */
export const TicketFactsAnswerSchema = v.object({ ticket: v.nullable(TicketFactsSchema) });

/** Per tool, over the last 30 days: how often title and status were found on its pages. */
export const ReadingHealthSchema = v.object({
  since: v.string(),
  items: v.array(v.object({
    tool: v.picklist(TOOL_IDS),
    views: v.number(),
    titleFound: v.number(),
    statusFound: v.number(),
    /** Status words no mapping knows yet (kept as `open`). */
    unknownStatuses: v.array(v.string()),
    firstViewAt: v.string(),
    lastViewAt: v.string(),
  })),
});
export type ReadingHealth = v.InferOutput<typeof ReadingHealthSchema>;
