import * as v from 'valibot';
import { HttpUrl, IsoDate, Page, PageQuery, Text } from './common';
import { IsoDateTime, StoredTicketRefSchema, TicketKeySchema, TicketRefSchema } from './ticket';

import { HORIZONS, PRIORITIES, PROVIDER_STATUSES, STATES, VISIBILITIES } from '../vocabulary';

export { HORIZONS, PRIORITIES, PROVIDER_STATUSES,  VISIBILITIES };
export const SUMMARY_MAX = 280;

export type Horizon = (typeof HORIZONS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type AnnotationState = (typeof STATES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** Optional free text that may span lines (notes); stored as typed, shown as text. */
const FreeText = (max: number) => v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(max, `must be at most ${max} characters`)));

const oneOf = <T extends readonly string[]>(values: T) => v.picklist(values, `must be one of: ${values.join(', ')}`);

/** A reference to a taxonomy entry of the workspace (line of business, stakeholder…). */
const TermRef = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(64, 'is not a valid id'));
const TermRefs = v.optional(v.pipe(v.array(TermRef, 'must be a list'), v.maxLength(20, 'must have at most 20 entries')), []);

const Summary = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.minLength(1, 'is required: one plain-language sentence'),
  v.maxLength(SUMMARY_MAX, `must be at most ${SUMMARY_MAX} characters`),
);
export const EVENT_DATE_ONLY_NEXT = 'only applies to planned items (horizon "next")';

const Detail = v.optional(v.pipe(v.string('must be text'), v.maxLength(10_000, 'must be at most 10000 characters')));

/** A provider company's name as the workspace knows it (a provider member's `providerCompany`). */
const Company = Text(120, 'must name a provider');
export const SHARED_WITH_ONLY_PROVIDER = 'only applies when visibility is "provider"';


/** Body of `POST /api/v1/annotations`. The id is made by the client so retries are idempotent. */
export const AnnotationCreateSchema = v.pipe(
  v.strictObject({
    id: v.pipe(v.string('must be text'), v.uuid('must be a UUID made by the client')),
    ticketRef: v.optional(TicketRefSchema),
    /** Where an annotation without a ticket was made (a meeting page, a conversation). */
    pageUrl: v.optional(HttpUrl(2048)),
    horizon: oneOf(HORIZONS),
    lineOfBusiness: TermRef,
    stakeholders: TermRefs,
    impact: TermRef,
    priority: oneOf(PRIORITIES),
    kpis: TermRefs,
    summary: Summary,
    detail: Detail,
    eventDate: v.optional(IsoDate),
    state: v.optional(oneOf(STATES), 'open'),
    visibility: oneOf(VISIBILITIES),
    /**
     * The provider company an item with visibility `provider` is shared with. Required when
     * the workspace has several provider companies; defaults to the only one otherwise.
     */
    sharedWith: v.optional(Company),
  }),
  // `eventDate` belongs to planned (`next`) items only.
  v.forward(
    v.partialCheck([['horizon'], ['eventDate']], (a) => !(a.eventDate && a.horizon === 'now'), EVENT_DATE_ONLY_NEXT),
    ['eventDate'],
  ),
  v.forward(
    v.partialCheck([['visibility'], ['sharedWith']], (a) => !a.sharedWith || a.visibility === 'provider', SHARED_WITH_ONLY_PROVIDER),
    ['sharedWith'],
  ),
);
export type AnnotationCreate = v.InferOutput<typeof AnnotationCreateSchema>;

/** Body of `PATCH /api/v1/annotations/:id`: the fields to change and the version they were read at. */
export const AnnotationPatchSchema = v.pipe(
  v.strictObject({
    version: v.pipe(v.number('must be the version you last read'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1')),
    horizon: v.optional(oneOf(HORIZONS)),
    lineOfBusiness: v.optional(TermRef),
    stakeholders: v.optional(v.pipe(v.array(TermRef, 'must be a list'), v.maxLength(20, 'must have at most 20 entries'))),
    impact: v.optional(TermRef),
    priority: v.optional(oneOf(PRIORITIES)),
    kpis: v.optional(v.pipe(v.array(TermRef, 'must be a list'), v.maxLength(20, 'must have at most 20 entries'))),
    summary: v.optional(Summary),
    detail: v.optional(v.nullable(v.pipe(v.string('must be text'), v.maxLength(10_000, 'must be at most 10000 characters')))),
    eventDate: v.optional(v.nullable(IsoDate)),
    state: v.optional(oneOf(STATES)),
    visibility: v.optional(oneOf(VISIBILITIES)),
    /** Another provider company to share with (visibility `provider` only); null picks the default again. */
    sharedWith: v.optional(v.nullable(Company)),
  }),
  // `eventDate` belongs to planned (`next`) items only.
  v.forward(
    v.partialCheck([['horizon'], ['eventDate']], (a) => !(a.eventDate && a.horizon === 'now'), EVENT_DATE_ONLY_NEXT),
    ['eventDate'],
  ),
);
export type AnnotationPatch = v.InferOutput<typeof AnnotationPatchSchema>;

/** Names of the taxonomy entries an annotation refers to, resolved when it is read. */
const AnnotationLabelsSchema = v.object({
  lineOfBusiness: v.string(),
  stakeholders: v.array(v.string()),
  impact: v.string(),
  kpis: v.array(v.string()),
});

export const AnnotationSchema = v.object({
  id: v.string(),
  workspaceId: v.string(),
  ticketKey: v.nullable(v.string()),
  ticketRef: v.nullable(StoredTicketRefSchema),
  pageUrl: v.nullable(v.string()),
  horizon: oneOf(HORIZONS),
  lineOfBusiness: v.string(),
  stakeholders: v.array(v.string()),
  impact: v.string(),
  priority: oneOf(PRIORITIES),
  kpis: v.array(v.string()),
  labels: AnnotationLabelsSchema,
  summary: v.string(),
  detail: v.nullable(v.string()),
  eventDate: v.nullable(v.string()),
  state: oneOf(STATES),
  visibility: oneOf(VISIBILITIES),
  /**
   * The provider company the item is shared with (visibility `provider`), else null. Null on
   * a shared item means no provider was named yet: the first provider to join gets it.
   * Optional only so clients stay compatible with Workers from before it existed.
   */
  sharedWith: v.optional(v.nullable(v.string())),
  /** The latest answer of the provider it is shared with, if it answered. */
  providerStatus: v.nullable(v.object({ status: oneOf(PROVIDER_STATUSES), eta: v.nullable(v.string()), at: IsoDateTime })),
  author: v.object({ id: v.string(), name: v.string() }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: v.number(),
  /** Set on tombstones (deleted annotations), which lists return only when asked for. */
  deletedAt: v.nullable(IsoDateTime),
  /** Tech-speak found in the summary (the workspace's word list), so the UI can suggest plainer words. */
  jargon: v.array(v.string()),
});
export type Annotation = v.InferOutput<typeof AnnotationSchema>;

const Flag = v.optional(v.picklist(['true', 'false'], 'must be true or false'));

export const AnnotationListQuerySchema = v.strictObject({
  ticket: v.optional(TicketKeySchema),
  horizon: v.optional(oneOf(HORIZONS)),
  state: v.optional(oneOf(STATES)),
  lineOfBusiness: v.optional(TermRef),
  /** Items shared with this provider company (staff and admins). */
  sharedWith: v.optional(Company),
  updatedSince: v.optional(IsoDateTime),
  /** With `true`, deleted annotations come back as tombstones, for syncing. */
  includeDeleted: Flag,
  ...PageQuery,
});
export type AnnotationListQuery = v.InferOutput<typeof AnnotationListQuerySchema>;

export const AnnotationListSchema = Page(AnnotationSchema);

const UPDATE_KINDS = ['note', 'state', 'provider_status'] as const;

/** One entry of an annotation's timeline. */
export const AnnotationUpdateSchema = v.object({
  id: v.string(),
  annotationId: v.string(),
  kind: v.picklist(UPDATE_KINDS),
  note: v.nullable(v.string()),
  state: v.nullable(oneOf(STATES)),
  providerStatus: v.nullable(oneOf(PROVIDER_STATUSES)),
  eta: v.nullable(v.string()),
  author: v.object({ id: v.string(), name: v.string(), role: v.string(), providerCompany: v.nullable(v.string()) }),
  createdAt: IsoDateTime,
});
export type AnnotationUpdate = v.InferOutput<typeof AnnotationUpdateSchema>;

/**
 * Body of `POST /api/v1/annotations/:id/updates`: a note from staff, or a provider's status
 * (with an optional ETA and note). State changes go through PATCH and are recorded here.
 */
export const AnnotationUpdateCreateSchema = v.pipe(
  v.strictObject({
    id: v.optional(v.pipe(v.string('must be text'), v.uuid('must be a UUID made by the client'))),
    note: FreeText(2_000),
    providerStatus: v.optional(oneOf(PROVIDER_STATUSES)),
    eta: v.optional(IsoDate),
  }),
  v.forward(
    v.partialCheck([['note'], ['providerStatus']], (u) => !!u.note || !!u.providerStatus, 'is required (or a provider status)'),
    ['note'],
  ),
  v.forward(
    v.partialCheck([['eta'], ['providerStatus']], (u) => !u.eta || !!u.providerStatus, 'goes with a provider status'),
    ['eta'],
  ),
);
export type AnnotationUpdateCreate = v.InferOutput<typeof AnnotationUpdateCreateSchema>;

/** An executive's answer to the annotation in a report (shown to staff on the ticket). */
const AnnotationFeedbackSchema = v.object({
  reportId: v.string(),
  period: v.string(),
  answer: v.picklist(['ok', 'discuss', 'question']),
  comment: v.nullable(v.string()),
  by: v.string(),
  at: IsoDateTime,
});

export const AnnotationDetailSchema = v.object({
  annotation: AnnotationSchema,
  updates: v.array(AnnotationUpdateSchema),
  feedback: v.array(AnnotationFeedbackSchema),
});

export const ConflictSchema = v.object({
  error: v.object({ code: v.literal('conflict'), message: v.string(), fields: v.optional(v.record(v.string(), v.string())), current: AnnotationSchema }),
});

/**
 * Whether a provider's answer is past its ETA on a local date: the item is open, the
 * provider gave a date before `today`, and the ball is with the provider (not done, not
 * waiting on the client). One rule for the report, the provider inbox and the digest.
 */
export function etaPassed(answer: { status: ProviderStatus; eta: string | null } | null, today: string): boolean {
  return !!answer?.eta && answer.eta < today && answer.status !== 'done' && answer.status !== 'waiting_on_client';
}

/** One item of a provider's inbox: the annotation as the provider sees it, and why it waits. */
const ProviderInboxItemSchema = v.object({
  annotation: AnnotationSchema,
  /** When the item was shared with the caller's company. */
  sharedAt: IsoDateTime,
  /** Open and not answered yet by the caller's company. */
  unanswered: v.boolean(),
  /** Open, and the company's latest ETA has passed (see `etaPassed`). */
  overdue: v.boolean(),
});
export type ProviderInboxItem = v.InferOutput<typeof ProviderInboxItemSchema>;

/**
 * `GET /api/v1/provider/inbox`: everything the client shared with the caller's company,
 * unanswered first (oldest first), then by newest activity.
 */
export const ProviderInboxSchema = v.object({
  company: v.string(),
  items: v.array(ProviderInboxItemSchema),
  counts: v.object({ total: v.number(), open: v.number(), unanswered: v.number(), overdue: v.number() }),
});
export type ProviderInbox = v.InferOutput<typeof ProviderInboxSchema>;

/** The answer form of the provider web view (`POST /p/:token/respond`, form-encoded). */
export const ProviderRespondFormSchema = v.object({
  item: v.pipe(v.string(), v.maxLength(64)),
  /** Made when the page was rendered: a second click on the same form is the same answer. */
  nonce: v.optional(v.pipe(v.string(), v.uuid())),
  status: oneOf(PROVIDER_STATUSES),
  eta: v.optional(IsoDate),
  note: FreeText(2_000),
});
