import * as v from 'valibot';
import { IsoDateTime, TicketKeySchema, TicketRefSchema } from './ticket';

export const HORIZONS = ['now', 'next'] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const STATES = ['open', 'resolved', 'dropped'] as const;
export const VISIBILITIES = ['private', 'team', 'provider'] as const;
export const SUMMARY_MAX = 280;

export type Horizon = (typeof HORIZONS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type AnnotationState = (typeof STATES)[number];
export type Visibility = (typeof VISIBILITIES)[number];

const oneOf = <T extends readonly string[]>(values: T) =>
  v.picklist(values, `must be one of: ${values.join(', ')}`);

/** A taxonomy reference (line of business, stakeholder, impact kind, KPI). */
const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'must be at most 100 characters'));

export const Uuid = v.pipe(v.string(), v.uuid('must be a UUID made by the client'));

/** Calendar date (YYYY-MM-DD) in the workspace's time zone. */
export const IsoDate = v.pipe(v.string(), v.isoDate('must be a date like 2026-12-31'));

const annotationFields = {
  horizon: oneOf(HORIZONS),
  lineOfBusiness: Label,
  stakeholders: v.optional(v.pipe(v.array(Label, 'must be a list'), v.maxLength(20, 'must have at most 20 entries')), []),
  impact: Label,
  priority: oneOf(PRIORITIES),
  kpis: v.optional(v.pipe(v.array(Label, 'must be a list'), v.maxLength(20, 'must have at most 20 entries')), []),
  summary: v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'is required: one plain-language sentence'),
    v.maxLength(SUMMARY_MAX, `must be at most ${SUMMARY_MAX} characters`),
  ),
  detail: v.optional(v.pipe(v.string(), v.maxLength(10_000, 'must be at most 10000 characters'))),
  eventDate: v.optional(IsoDate),
  state: v.optional(oneOf(STATES), 'open'),
  visibility: oneOf(VISIBILITIES),
};

/** Body of `POST /api/v1/annotations`. The id is made by the client so retries are idempotent. */
export const AnnotationCreateSchema = v.pipe(
  v.strictObject({
    id: Uuid,
    ticketRef: v.optional(TicketRefSchema),
    /** Where an annotation without a ticket was made (a meeting page, a conversation). */
    pageUrl: v.optional(v.pipe(v.string(), v.url('must be a full URL'), v.maxLength(2048, 'must be at most 2048 characters'))),
    ...annotationFields,
  }),
  // `eventDate` belongs to planned (`next`) items only.
  v.forward(
    v.partialCheck([['horizon'], ['eventDate']], (a) => !(a.eventDate && a.horizon === 'now'), 'only applies to planned items (horizon "next")'),
    ['eventDate'],
  ),
);
export type AnnotationCreate = v.InferOutput<typeof AnnotationCreateSchema>;

export const AnnotationSchema = v.object({
  id: Uuid,
  workspaceId: v.string(),
  ticketKey: v.nullable(v.string()),
  ticketRef: v.nullable(TicketRefSchema),
  pageUrl: v.nullable(v.string()),
  horizon: oneOf(HORIZONS),
  lineOfBusiness: v.string(),
  stakeholders: v.array(v.string()),
  impact: v.string(),
  priority: oneOf(PRIORITIES),
  kpis: v.array(v.string()),
  summary: v.string(),
  detail: v.nullable(v.string()),
  eventDate: v.nullable(v.string()),
  state: oneOf(STATES),
  visibility: oneOf(VISIBILITIES),
  author: v.object({ id: v.string(), name: v.string() }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: v.number(),
});
export type Annotation = v.InferOutput<typeof AnnotationSchema>;

export const AnnotationListQuerySchema = v.strictObject({
  ticket: v.optional(TicketKeySchema),
});

export const AnnotationListSchema = v.object({ items: v.array(AnnotationSchema) });
export type AnnotationList = v.InferOutput<typeof AnnotationListSchema>;
