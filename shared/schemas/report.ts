import * as v from 'valibot';
import type { AnnotationState, Horizon, Priority, ProviderStatus } from './annotation';
import { IsoDate, OptionalText } from './common';
import { IsoDateTime } from './ticket';
import { CADENCES } from './workspace';

export const FEEDBACK_ANSWERS = ['ok', 'discuss', 'question'] as const;
export type FeedbackAnswer = (typeof FEEDBACK_ANSWERS)[number];

/** Days without any update after which an open item counts as stalled. */
export const STALLED_AFTER_DAYS = 14;

/** An executive's answer to one item, as carried into later reports and shown to staff. */
export interface FeedbackNote {
  answer: FeedbackAnswer;
  comment: string | null;
  by: string;
  at: string;
}

/** One annotation as a report shows it (names, not ids; only what executives read). */
export interface ReportItem {
  id: string;
  summary: string;
  ticketUrl: string | null;
  ticketLabel: string | null;
  lineOfBusiness: string;
  stakeholders: string[];
  impact: string;
  priority: Priority;
  kpis: string[];
  horizon: Horizon;
  state: AnnotationState;
  eventDate: string | null;
  createdAt: string;
  updatedAt: string;
  ageDays: number;
  provider: { status: ProviderStatus; eta: string | null; at: string; company: string | null } | null;
  lastFeedback: FeedbackNote | null;
}

type ContinuityChange = 'resolved' | 'dropped' | 'removed' | 'provider_update' | 'progressing' | 'stalled' | 'unchanged';

/** An item of the previous report and what became of it since. */
export interface ContinuityItem extends ReportItem {
  change: ContinuityChange;
  /** Plain words: "Resolved on 18 Nov", "No update for 21 days". */
  changeText: string;
}

export interface ProviderFacts {
  company: string;
  shared: number;
  acknowledged: number;
  medianHoursToAcknowledge: number | null;
  open: number;
  medianOpenDays: number | null;
  noResponse: { id: string; summary: string; days: number }[];
  overdue: { id: string; summary: string; eta: string }[];
}

export interface KpiFacts {
  name: string;
  unit: string;
  target: number | null;
  direction: 'higher_is_better' | 'lower_is_better';
  latest: { value: number; recordedOn: string } | null;
  previous: { value: number; recordedOn: string } | null;
  onTarget: boolean | null;
  openItems: number;
}

/** The immutable content of one report (stored as JSON with its rendered HTML and text). */
export interface ReportModel {
  version: 1;
  workspace: { id: string; name: string; timeZone: string };
  cadence: (typeof CADENCES)[number];
  period: { start: string; end: string; label: string };
  generatedAt: string;
  previous: { reportId: string; label: string } | null;
  bottomLine: [string, string, string];
  challenges: { lineOfBusiness: string; items: ReportItem[] }[];
  /** Null on a workspace's first report. */
  continuity: ContinuityItem[] | null;
  planning: Array<ReportItem & { soon: boolean }>;
  providers: ProviderFacts[];
  kpis: KpiFacts[];
  counts: { challenges: number; critical: number; resolvedSince: number; planned: number; needsDecision: number };
}

export const ReportPeriodQuery = v.strictObject({
  /** Any date inside the period to report on (default: the period the next report covers). */
  date: v.optional(IsoDate),
});

export const ReportPreviewSchema = v.object({
  subject: v.string(),
  period: v.object({ start: v.string(), end: v.string(), label: v.string() }),
  bottomLine: v.array(v.string()),
  html: v.string(),
  text: v.string(),
  emailBytes: v.number(),
});
export type ReportPreview = v.InferOutput<typeof ReportPreviewSchema>;

const DeliverySchema = v.object({
  email: v.string(),
  name: v.nullable(v.string()),
  status: v.picklist(['pending', 'sending', 'sent', 'failed']),
  attempts: v.number(),
  lastError: v.nullable(v.string()),
  sentAt: v.nullable(IsoDateTime),
});

export const ReportSummarySchema = v.object({
  id: v.string(),
  cadence: v.picklist(CADENCES),
  period: v.object({ start: v.string(), end: v.string(), label: v.string() }),
  subject: v.string(),
  createdAt: IsoDateTime,
  deliveries: v.array(DeliverySchema),
});
export type ReportSummary = v.InferOutput<typeof ReportSummarySchema>;
export const ReportListSchema = v.object({ items: v.array(ReportSummarySchema) });

export const ReportSendSchema = v.strictObject({
  date: v.optional(IsoDate),
});
export const ReportSentSchema = v.object({
  report: ReportSummarySchema,
  sent: v.number(),
  failed: v.number(),
  webViewUrl: v.nullable(v.string()),
});

const RecipientSchema = v.object({
  id: v.nullable(v.string()),
  email: v.string(),
  name: v.nullable(v.string()),
  /** `executive`: an executive member with an email; `extra`: an address the admin added. */
  source: v.picklist(['executive', 'extra']),
  unsubscribed: v.boolean(),
});
export type Recipient = v.InferOutput<typeof RecipientSchema>;
export const RecipientListSchema = v.object({ items: v.array(RecipientSchema) });
export const RecipientCreateSchema = v.strictObject({
  email: v.pipe(v.string('is required'), v.trim(), v.toLowerCase(), v.email('must be an email address'), v.maxLength(254, 'must be at most 254 characters')),
  name: OptionalText(120),
});

export const FeedbackFormSchema = v.object({
  item: v.pipe(v.string(), v.maxLength(64)),
  answer: v.picklist(FEEDBACK_ANSWERS, 'must be ok, discuss or question'),
  comment: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(1000, 'must be at most 1000 characters'))),
});

