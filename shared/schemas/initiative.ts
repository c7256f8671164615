import * as v from 'valibot';
import { PROVIDER_STATUSES, type ProviderStatus } from './annotation';
import { IsoDate, Text } from './common';
import { IsoDateTime } from './ticket';

/**
 * An initiative: a business gap that internal IT turned into a specification and KPIs, for
 * executives to decide and the provider to deliver (DESIGN §8). Evidence is the tags linked
 * to it; its counts are computed, never typed.
 */

export const INITIATIVE_STATES = ['proposed', 'approved', 'in_progress', 'delivered', 'measured', 'deferred', 'rejected'] as const;
export type InitiativeState = (typeof INITIATIVE_STATES)[number];

/** The main road, in order; `deferred` and `rejected` leave it (with a reason). */
export const INITIATIVE_ROAD = ['proposed', 'approved', 'in_progress', 'delivered', 'measured'] as const satisfies readonly InitiativeState[];

export const INITIATIVE_STATE_WORDS: Record<InitiativeState, string> = {
  proposed: 'Proposed', approved: 'Approved', in_progress: 'In progress', delivered: 'Delivered', measured: 'Measured', deferred: 'Not now', rejected: 'Rejected',
};

/** An executive's one-click answer to a proposed initiative, from the report's web view. */
export const DECISION_ANSWERS = ['approve', 'not_now', 'discuss'] as const;
export type DecisionAnswer = (typeof DECISION_ANSWERS)[number];
export const DECISION_WORDS: Record<DecisionAnswer, string> = { approve: 'Approve', not_now: 'Not now', discuss: 'Let’s discuss' };

/** Currencies are ISO 4217 codes (EUR, USD…): the report writes amounts with them. */
const Currency = v.pipe(v.string('must be text'), v.trim(), v.toUpperCase(), v.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code, e.g. EUR or USD'));

/**
 * Why a state change is refused, or null when it is allowed: one step along the road (either
 * way) is free; leaving the road (not now, rejected), coming back to it, or skipping steps
 * needs a reason, so the timeline says why. Shared so the options page can say it before saving.
 */
export function stateChangeProblem(from: InitiativeState, to: InitiativeState, reason: string | null | undefined): string | null {
  if (from === to) return null;
  const has = !!reason?.trim();
  if (to === 'deferred' || to === 'rejected') return has ? null : `needs a reason when the initiative is ${to === 'deferred' ? 'put off' : 'rejected'}: say why in "reason"`;
  const i = INITIATIVE_ROAD.indexOf(from as (typeof INITIATIVE_ROAD)[number]);
  const j = INITIATIVE_ROAD.indexOf(to as (typeof INITIATIVE_ROAD)[number]);
  if (i < 0) return has || to === 'proposed' ? null : `needs a reason to pick up an initiative that was ${INITIATIVE_STATE_WORDS[from].toLowerCase()}: say why in "reason", or propose it again first`;
  if (Math.abs(j - i) === 1) return null;
  if (has) return null;
  const skipped = INITIATIVE_ROAD.slice(Math.min(i, j) + 1, Math.max(i, j)).map((s) => INITIATIVE_STATE_WORDS[s].toLowerCase());
  return `skips ${skipped.join(' and ')}: move one step at a time, or say why in "reason"`;
}

/** The states an initiative reaches once executives approved it: from then on it has history they saw. */
const APPROVED_ON: readonly InitiativeState[] = ['approved', 'in_progress', 'delivered', 'measured'];

/**
 * Why an initiative cannot be deleted, or null when it can: only one that is proposed or
 * rejected and was never approved (`timeline`: its events' states, any order). Deleting one
 * that executives approved, or put off, would erase a decision from the record; rejecting it
 * keeps the record and takes it off the road. Shared so the options page offers Delete only
 * when the Worker will allow it.
 */
export function initiativeDeleteProblem(state: InitiativeState, timeline: ReadonlyArray<{ state: InitiativeState | null }>): string | null {
  if (APPROVED_ON.includes(state) || timeline.some((e) => e.state && APPROVED_ON.includes(e.state))) {
    return 'This initiative was approved, so it has history executives saw: it cannot be deleted. Reject it with a reason instead, or close it by moving it on to Delivered and Measured.';
  }
  if (state !== 'proposed' && state !== 'rejected') {
    return 'This initiative was put off (Not now), so its decision is on record: it cannot be deleted. Reject it with a reason instead.';
  }
  return null;
}

/**
 * The date the provider is held to: the one it gave in its latest answer, else the last day of
 * the target quarter; null when there is neither. As the report's *Provider accountability*
 * counts it (worker/report/initiatives.ts).
 */
export function initiativeDueOn(i: { providerAnswer: { eta: string | null } | null; targetQuarter: string | null }): string | null {
  if (i.providerAnswer?.eta) return i.providerAnswer.eta;
  const m = i.targetQuarter ? /^(\d{4})-Q([1-4])$/.exec(i.targetQuarter) : null;
  return m ? `${m[1]}-${['03-31', '06-30', '09-30', '12-31'][Number(m[2]) - 1]}` : null;
}

/** A KPI's progress on an initiative, from the workspace's own readings. */
const InitiativeKpiSchema = v.object({
  kpiId: v.string(),
  name: v.string(),
  unit: v.string(),
  direction: v.picklist(['higher_is_better', 'lower_is_better']),
  baseline: v.number(),
  baselineOn: v.string(),
  target: v.number(),
  targetOn: v.string(),
  /** The newest reading of the KPI, whenever it was recorded. */
  latest: v.nullable(v.object({ value: v.number(), recordedOn: v.string() })),
  /** `met` / `not_met`: a reading on or after the target date says so; `waiting`: the date has not come or no reading since. */
  outcome: v.picklist(['met', 'not_met', 'waiting']),
});
export type InitiativeKpi = v.InferOutput<typeof InitiativeKpiSchema>;

/** "Raised 14 times by 3 lines of business since March": counted from the linked tags. */
const EvidenceCountsSchema = v.object({
  /** Linked tags the team can see (deleted and private ones do not count). */
  tags: v.number(),
  /** Of those, still open. */
  open: v.number(),
  tickets: v.number(),
  linesOfBusiness: v.number(),
  /** When the oldest of them was made. */
  since: v.nullable(IsoDateTime),
});
export type EvidenceCounts = v.InferOutput<typeof EvidenceCountsSchema>;

const ProviderAnswerSchema = v.object({
  status: v.picklist(PROVIDER_STATUSES),
  eta: v.nullable(v.string()),
  note: v.nullable(v.string()),
  by: v.string(),
  company: v.nullable(v.string()),
  at: IsoDateTime,
});

const DecisionSchema = v.object({ answer: v.picklist(DECISION_ANSWERS), comment: v.nullable(v.string()), by: v.string(), at: IsoDateTime });
export type Decision = v.InferOutput<typeof DecisionSchema>;

const Named = v.object({ id: v.string(), name: v.string() });

export const InitiativeSchema = v.object({
  id: v.string(),
  title: v.string(),
  gap: v.string(),
  linesOfBusiness: v.array(Named),
  stakeholders: v.array(Named),
  /** Acceptance criteria: what will be delivered, one line each. */
  specification: v.array(v.string()),
  kpis: v.array(InitiativeKpiSchema),
  /** In the workspace's currency; null for the provider, who is not shown the client's budget. */
  budget: v.nullable(v.object({ oneOff: v.nullable(v.number()), monthly: v.nullable(v.number()), currency: v.string() })),
  /** e.g. "2027-Q2". */
  targetQuarter: v.nullable(v.string()),
  owner: v.nullable(Named),
  providerCompany: v.nullable(v.string()),
  state: v.picklist(INITIATIVE_STATES),
  /** Why it was put off, rejected or moved out of order. */
  stateReason: v.nullable(v.string()),
  evidence: EvidenceCountsSchema,
  providerAnswer: v.nullable(ProviderAnswerSchema),
  /** The latest executive decision, from a report's web view. */
  decision: v.nullable(DecisionSchema),
  deliveredAt: v.nullable(IsoDateTime),
  createdBy: Named,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: v.number(),
});
export type Initiative = v.InferOutput<typeof InitiativeSchema>;

export const INITIATIVE_EVENT_KINDS = ['created', 'changed', 'state', 'linked', 'unlinked', 'decision', 'provider_answer'] as const;

/** One entry of an initiative's timeline: every change, by whom and when. */
export const InitiativeEventSchema = v.object({
  id: v.string(),
  kind: v.picklist(INITIATIVE_EVENT_KINDS),
  /** Plain words: "Approved", "Linked 2 tags", "Budget changed". */
  text: v.string(),
  state: v.nullable(v.picklist(INITIATIVE_STATES)),
  note: v.nullable(v.string()),
  by: v.object({ name: v.string(), role: v.string() }),
  at: IsoDateTime,
});
export type InitiativeEvent = v.InferOutput<typeof InitiativeEventSchema>;

/** A linked tag as the caller may see it. */
const EvidenceItemSchema = v.object({
  annotationId: v.string(),
  summary: v.string(),
  lineOfBusiness: v.string(),
  state: v.string(),
  ticketKey: v.nullable(v.string()),
  url: v.nullable(v.string()),
  createdAt: IsoDateTime,
});
export type EvidenceItem = v.InferOutput<typeof EvidenceItemSchema>;

export const InitiativeDetailSchema = v.object({
  initiative: InitiativeSchema,
  evidence: v.array(EvidenceItemSchema),
  timeline: v.array(InitiativeEventSchema),
});
export type InitiativeDetail = v.InferOutput<typeof InitiativeDetailSchema>;

export const InitiativeListSchema = v.object({ items: v.array(InitiativeSchema), currency: v.string() });

export const InitiativeListQuerySchema = v.strictObject({
  state: v.optional(v.picklist(INITIATIVE_STATES, `must be one of: ${INITIATIVE_STATES.join(', ')}`)),
  /** The initiatives a ticket's tags are evidence for (the side panel). */
  ticket: v.optional(v.pipe(v.string('must be text'), v.maxLength(400, 'is not a ticket key'))),
});

const Id = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(64, 'is not a valid id'));
const Ids = (what: string, max = 20) => v.pipe(v.array(Id, 'must be a list'), v.maxLength(max, `must have at most ${max} ${what}`));
const Money = v.nullable(v.pipe(
  v.number('must be a number (an amount without the currency sign, e.g. 12000)'),
  v.finite('must be a number'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(1e12, 'is too large'),
));
const Quarter = v.nullable(v.pipe(v.string('must be text'), v.trim(), v.toUpperCase(), v.regex(/^20\d\d-Q[1-4]$/, 'must be a quarter like 2027-Q2')));
const Criteria = v.pipe(
  v.array(v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(300, 'must be at most 300 characters each')), 'must be a list of acceptance criteria'),
  v.maxLength(30, 'must have at most 30 acceptance criteria'),
);
const Gap = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required: what the business cannot do today, in plain words'), v.maxLength(1000, 'must be at most 1000 characters'));
const Reason = v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(1000, 'must be at most 1000 characters')));

/** A KPI the initiative promises to move: from `baseline` on `baselineOn` to `target` by `targetOn`. */
const InitiativeKpiInput = v.pipe(
  v.strictObject({
    kpiId: Id,
    baseline: v.pipe(v.number('must be a number'), v.finite('must be a number')),
    baselineOn: IsoDate,
    target: v.pipe(v.number('must be a number'), v.finite('must be a number')),
    targetOn: IsoDate,
  }),
  v.forward(v.partialCheck([['baselineOn'], ['targetOn']], (k) => k.targetOn > k.baselineOn, 'must be after the baseline date'), ['targetOn']),
);
export type InitiativeKpiInput = v.InferOutput<typeof InitiativeKpiInput>;
const KpiInputs = v.pipe(
  v.array(InitiativeKpiInput, 'must be a list'),
  v.maxLength(10, 'must have at most 10 KPIs'),
  v.check((list) => new Set(list.map((k) => k.kpiId)).size === list.length, 'names the same KPI twice'),
);

const BudgetInput = v.strictObject({ oneOff: v.optional(Money), monthly: v.optional(Money) });

/** Body of `POST /api/v1/initiatives`. Everything but the title and the gap can come later. */
export const InitiativeCreateSchema = v.strictObject({
  /** Made by the client, so a retry is the same initiative. */
  id: v.optional(v.pipe(v.string('must be text'), v.uuid('must be a UUID made by the client'))),
  title: Text(160),
  gap: Gap,
  linesOfBusiness: v.optional(Ids('lines of business'), []),
  stakeholders: v.optional(Ids('stakeholders'), []),
  specification: v.optional(Criteria, []),
  kpis: v.optional(KpiInputs, []),
  budget: v.optional(BudgetInput),
  targetQuarter: v.optional(Quarter),
  ownerId: v.optional(v.nullable(Id)),
  providerCompany: v.optional(v.nullable(Text(120, 'must name a provider'))),
  /** Tags to link as evidence right away. */
  annotationIds: v.optional(Ids('tags', 100), []),
});
/** What a client sends (lists may be left out). */
export type InitiativeCreate = v.InferInput<typeof InitiativeCreateSchema>;

/** Body of `PATCH /api/v1/initiatives/:id`: the fields to change and the version they were read at. */
export const InitiativePatchSchema = v.strictObject({
  version: v.pipe(v.number('must be the version you last read'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1')),
  title: v.optional(Text(160)),
  gap: v.optional(Gap),
  linesOfBusiness: v.optional(Ids('lines of business')),
  stakeholders: v.optional(Ids('stakeholders')),
  specification: v.optional(Criteria),
  kpis: v.optional(KpiInputs),
  budget: v.optional(BudgetInput),
  targetQuarter: v.optional(Quarter),
  ownerId: v.optional(v.nullable(Id)),
  providerCompany: v.optional(v.nullable(Text(120, 'must name a provider'))),
  state: v.optional(v.picklist(INITIATIVE_STATES, `must be one of: ${INITIATIVE_STATES.join(', ')}`)),
  reason: Reason,
});
export type InitiativePatch = v.InferInput<typeof InitiativePatchSchema>;

/** Body of `POST /api/v1/initiatives/:id/evidence`: tags to link and to unlink. */
export const EvidenceChangeSchema = v.pipe(
  v.strictObject({ link: v.optional(Ids('tags', 100), []), unlink: v.optional(Ids('tags', 100), []) }),
  v.forward(v.partialCheck([['link'], ['unlink']], (b) => b.link.length + b.unlink.length > 0, 'is required: name at least one tag to link or unlink'), ['link']),
);
export type EvidenceChange = v.InferInput<typeof EvidenceChangeSchema>;

/** Body of `POST /api/v1/initiatives/:id/answers`: the delivering provider's plan, status and expected date. */
export const InitiativeAnswerCreateSchema = v.strictObject({
  id: v.optional(v.pipe(v.string('must be text'), v.uuid('must be a UUID made by the client'))),
  status: v.picklist(PROVIDER_STATUSES, `must be one of: ${PROVIDER_STATUSES.join(', ')}`),
  eta: v.optional(IsoDate),
  note: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(2000, 'must be at most 2000 characters'))),
});
export type InitiativeAnswerCreate = v.InferOutput<typeof InitiativeAnswerCreateSchema>;

export const InitiativeSettingsSchema = v.strictObject({ currency: Currency });
export const InitiativeSettingsAnswerSchema = v.object({ currency: v.string() });

/** The decision form of the report's web view (`POST /r/:token/decide`, form-encoded). */
export const DecisionFormSchema = v.object({
  initiative: v.pipe(v.string(), v.maxLength(64)),
  answer: v.picklist(DECISION_ANSWERS, 'must be approve, not_now or discuss'),
  comment: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(1000, 'must be at most 1000 characters'))),
});

// ---------------------------------------------------------------------------------------
// What a report says about initiatives (part of the immutable report model).

/** KPI effect in a report: baseline → latest → target, with the outcome once the date passed. */
export interface ReportKpiLine {
  name: string;
  unit: string;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: number;
  target: number;
  targetOn: string;
  latest: { value: number; recordedOn: string } | null;
  outcome: 'met' | 'not_met' | 'waiting';
}

export interface ReportInitiative {
  id: string;
  title: string;
  gap: string;
  state: InitiativeState;
  evidence: EvidenceCounts;
  /** Amounts in `currency`; null when no budget was given. */
  budget: { oneOff: number | null; monthly: number | null; currency: string } | null;
  targetQuarter: string | null;
  providerCompany: string | null;
  deliveredAt: string | null;
  providerAnswer: { status: ProviderStatus; eta: string | null; note: string | null; at: string } | null;
  kpis: ReportKpiLine[];
  decision: Decision | null;
}

/** A provider company's initiatives in *Provider accountability*. */
export interface ProviderInitiativeCounts {
  total: number;
  onTime: number;
  late: number;
  noAnswer: number;
}

/** The report's three initiative sections (absent in reports made before initiatives). */
export interface ReportInitiatives {
  /** Proposed: executives approve, put off or ask to discuss. */
  decisions: ReportInitiative[];
  /** Approved, in progress, or delivered with a KPI date still ahead. */
  inProgress: ReportInitiative[];
  /** Delivered (or measured this period) with a KPI date passed: did it work? */
  outcomes: ReportInitiative[];
}
