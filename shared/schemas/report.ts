import * as v from 'valibot';
import type { AnnotationState, Horizon, Priority, ProviderStatus } from './annotation';
import { IsoDate, OptionalText } from './common';
import type { FactSource, StatusCategory, TicketEventKind } from './facts';
import type { ProviderInitiativeCounts, ReportInitiatives } from './initiative';
import type { AgendaItem, ReportActionItem } from './meeting';
import { IsoDateTime, type ToolId } from './ticket';
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

/** A ticket not seen for this many days before the report's end: its status is an old reading. */
export const FACTS_STALE_AFTER_DAYS = 30;
/** A ticket resolved or closed this many days while its tag is still open is worth a check. */
export const CHECK_CLOSED_AFTER_DAYS = 3;
/** A provider's ticket open longer than this many days is counted in its accountability. */
export const PROVIDER_OPEN_LONG_DAYS = 30;
/** How many contradictions a report lists ("Check these"); the count says how many there are. */
export const CHECKS_LIMIT = 10;

/**
 * What the ticket tool itself showed about an item's ticket: never what people typed. Dates
 * are instants (ISO); renderers write them in the workspace's time zone.
 */
export interface TicketFactsLine {
  tool: ToolId;
  /** "Zendesk #1051". */
  label: string;
  /** A web address (http/https) or null. */
  url: string | null;
  title: string | null;
  /** The tool's own status word, as shown. */
  status: string | null;
  category: StatusCategory | null;
  /** Since when it has had this status: when it happened (`happened`), or when first seen so (`seen`). */
  since: string | null;
  sinceKind: 'happened' | 'seen' | null;
  assignee: string | null;
  /** Where the newest facts came from: a ticket page someone opened, or the tool itself. */
  source: FactSource;
  lastSeenAt: string;
  /** Not seen for FACTS_STALE_AFTER_DAYS before the report's end: the status is a past reading. */
  stale: boolean;
  /** The latest reopening, if any. */
  reopenedAt: string | null;
}

/** A change the ticket tool showed since the previous report (status changes and reopenings). */
export interface TicketChange {
  kind: Extract<TicketEventKind, 'status_changed' | 'reopened'>;
  /** The new status word (status changes). */
  to: string | null;
  at: string;
  atKind: 'happened' | 'seen';
}

/**
 * A tag and its ticket that disagree. `closed_while_open`: the ticket has been resolved or
 * closed for CHECK_CLOSED_AFTER_DAYS or more while the tag is open. `reopened_after_resolved`:
 * the tag was resolved, and the ticket was reopened after that and is not finished again.
 * `gone`: the tag is open and the ticket's status word says it was deleted, merged, moved or
 * marked as spam, or that it was not found.
 */
export interface CheckItem {
  kind: 'closed_while_open' | 'reopened_after_resolved' | 'gone';
  itemId: string;
  summary: string;
  tagState: AnnotationState;
  /** When the tag was resolved (`reopened_after_resolved`). */
  tagResolvedAt: string | null;
  /** Whole days the ticket has been resolved or closed by the report's end (`closed_while_open`). */
  finishedDays: number | null;
  ticket: TicketFactsLine;
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
  /** What the ticket tool shows (absent in reports made before ticket facts; null: nothing known). */
  ticket?: TicketFactsLine | null;
}

type ContinuityChange = 'resolved' | 'dropped' | 'removed' | 'provider_update' | 'progressing' | 'stalled' | 'unchanged';

/** An item of the previous report and what became of it since. */
export interface ContinuityItem extends ReportItem {
  change: ContinuityChange;
  /** Plain words: "Resolved on 18 Nov", "No update for 21 days". */
  changeText: string;
  /** What the ticket tool showed since the previous report, oldest first (the latest few). */
  ticketChanges?: TicketChange[];
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
  /** From the tickets of the items shared with them, as the ticket tool shows them (null: none known). */
  tickets?: ProviderTicketFacts | null;
  /** The initiatives it delivers (absent in reports made before initiatives, and for a provider with none). */
  initiatives?: ProviderInitiativeCounts;
  /** Action items of dialogue meetings the provider owns (absent in reports made before meeting mode, and for a provider with none). */
  actionItems?: { open: number; overdue: number; doneInPeriod: number };
}

export interface ProviderTicketFacts {
  /** Tickets with facts from the tool. */
  known: number;
  /** Resolved or closed during the report's period. */
  closed: number;
  /** Of those: median days from opened (the tool's created date, else first seen) to closed. */
  medianDaysToClose: number | null;
  /** Reopenings during the period. */
  reopened: number;
  /** Not finished, and opened more than PROVIDER_OPEN_LONG_DAYS before the report's end. */
  openOver30Days: number;
  /** Tickets whose SLA the tool's own API reports on (absent before the connector), and how many of them breached it. */
  slaKnown?: number;
  slaBreached?: number;
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
  /** Tags and tickets that disagree, the first CHECKS_LIMIT (absent in reports made before ticket facts). */
  checks?: { items: CheckItem[]; total: number };
  /** Connected tools whose reading keeps failing: their facts are this old (absent when all are fresh, and before the connector). */
  staleSources?: Array<{ tool: ToolId; lastSuccessAt: string | null; days: number | null }>;
  /** Decisions needed, initiatives in progress, did it work? (absent in reports made before initiatives). */
  initiatives?: ReportInitiatives;
  /** The next dialogue meeting's agenda (absent in reports made before meetings). */
  agenda?: AgendaItem[];
  /**
   * Action items from dialogue meetings, shown under the status of previous issues: those open at
   * the report's end, and those done during its period (absent in reports made before meeting mode).
   */
  actionItems?: { items: ReportActionItem[]; lastMeetingOn: string | null };
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

