import * as v from 'valibot';
import { IsoDate, OptionalText, Text } from './common';
import { IsoDateTime } from './ticket';
import { PROVIDER_STATUSES } from '../vocabulary';

/** Longest meeting Steward schedules: a dialogue meeting is not a day-long workshop. */
const MEETING_MAX_MINUTES = 8 * 60;

const EmailAddress = v.pipe(
  v.string('must be an email address'),
  v.trim(),
  v.toLowerCase(),
  v.email('must be an email address, like name@example.com'),
  v.maxLength(254, 'must be at most 254 characters'),
);

/**
 * The dialogue meeting of a workspace: held on the day each report goes out, at a local time
 * after the report's send hour, so the agenda is in everyone's inbox before it starts.
 */
const MeetingSettingsSchema = v.object({
  enabled: v.boolean(),
  /** Local start time in the workspace's time zone, HH:MM (24-hour clock). */
  startTime: v.string(),
  durationMinutes: v.number(),
  /** Members who attend: admins, staff, executives and the provider's members alike. */
  memberIds: v.array(v.string()),
  /** Addresses outside the workspace (report recipients, a board member…). */
  emails: v.array(v.string()),
  /** A video-call link or a room. */
  location: v.nullable(v.string()),
  /** The invitation's iCalendar UID and SEQUENCE (0 before the first one is sent). */
  uid: v.string(),
  sequence: v.number(),
  version: v.number(),
  updatedAt: v.nullable(IsoDateTime),
});
export type MeetingSettings = v.InferOutput<typeof MeetingSettingsSchema>;

export const MeetingSettingsPatchSchema = v.strictObject({
  enabled: v.optional(v.boolean('must be true or false')),
  startTime: v.optional(v.pipe(v.string('must be a time'), v.trim(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 10:30 (24-hour clock)'))),
  durationMinutes: v.optional(v.pipe(
    v.number('must be a number of minutes'),
    v.integer('must be a whole number of minutes'),
    v.minValue(15, 'must be at least 15 minutes'),
    v.maxValue(MEETING_MAX_MINUTES, 'must be at most 8 hours (480 minutes): split a longer session into several meetings'),
  )),
  memberIds: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64, 'is not a valid member id'))), v.maxLength(100, 'can list at most 100 members'))),
  emails: v.optional(v.pipe(v.array(EmailAddress), v.maxLength(100, 'can list at most 100 addresses'))),
  location: OptionalText(500),
  /** The version last read; a stale one is refused so two admins do not overwrite each other. */
  version: v.pipe(v.number('is required (the version you last read)'), v.integer()),
});
export type MeetingSettingsPatch = v.InferOutput<typeof MeetingSettingsPatchSchema>;

const INVITATION_OUTCOMES = ['sent', 'failed', 'not_sent'] as const;

/** What happened to the invitation (or its update or cancellation) for one attendee. */
const InvitationOutcomeSchema = v.object({
  email: v.string(),
  method: v.picklist(['REQUEST', 'CANCEL']),
  status: v.picklist(INVITATION_OUTCOMES),
  /** Why it was not sent, in words (no transport configured, the server refused…). */
  error: v.nullable(v.string()),
});
export type InvitationOutcome = v.InferOutput<typeof InvitationOutcomeSchema>;

export const MeetingSavedSchema = v.object({
  settings: MeetingSettingsSchema,
  /** The next occurrence, as an instant, or null when the meeting is off. */
  nextAt: v.nullable(IsoDateTime),
  invitations: v.array(InvitationOutcomeSchema),
});
export type MeetingSaved = v.InferOutput<typeof MeetingSavedSchema>;

/** One line of the next meeting's agenda, built from the report (worker/report/agenda.ts). */
export interface AgendaItem {
  /** `action_item`: an action item of an earlier meeting that is still open (ref: its id); `other`: added during the meeting. */
  kind: 'decision' | 'discuss' | 'question' | 'stalled' | 'provider_silent' | 'provider_overdue' | 'action_item' | 'other';
  /** The tag or initiative it is about. */
  ref: string;
  title: string;
  /** Why it is on the agenda, in words (an executive's comment, "No update for 21 days"). */
  why: string;
}

// ---------------------------------------------------------------------------------------------
// Meeting mode (issue 15): a held meeting walks its agenda and records, per agenda item, a
// decision and action items. Closing it emails the minutes; a later change is a correction that
// is itself emailed. Action items are carried into the next reports (computed, never retyped).
// ---------------------------------------------------------------------------------------------

const MEETING_STATES = ['open', 'closed'] as const;
const ACTION_ITEM_STATES = ['open', 'done', 'dropped'] as const;
export type ActionItemState = (typeof ACTION_ITEM_STATES)[number];

/** Longest decision text and action-item text. */
const DECISION_MAX = 2_000;
const ACTION_WHAT_MAX = 500;

const OWNER_REQUIRED = 'is required: say who does it (a member, the provider company, or an executive)';

/**
 * Who carries out an action item: a member of the workspace (staff, admin, an executive member),
 * the provider company as a whole, or an executive who receives the report without being a member.
 */
const ActionOwnerInputSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('member'), memberId: v.pipe(v.string('must be a member id'), v.maxLength(64, 'is not a valid member id')) }),
  v.strictObject({ kind: v.literal('provider'), company: Text(120, 'is required (the provider company)') }),
  v.strictObject({ kind: v.literal('person'), email: EmailAddress, name: OptionalText(120) }),
], OWNER_REQUIRED);
export type ActionOwnerInput = v.InferOutput<typeof ActionOwnerInputSchema>;

/**
 * `GET /api/v1/meetings/owners`: whom the person running the meeting (admin or staff) can give
 * an action item to — names only, never the members' addresses.
 */
export const ActionOwnerChoicesSchema = v.object({
  /** Members who are not the provider's people (the provider company owns its items as a whole). */
  members: v.array(v.object({ id: v.string(), name: v.string(), role: v.string() })),
  /** The workspace's provider companies. */
  companies: v.array(v.string()),
  /** Report recipients who are not members: executives reading the report by email. */
  people: v.array(v.object({ email: v.string(), name: v.nullable(v.string()) })),
});
export type ActionOwnerChoices = v.InferOutput<typeof ActionOwnerChoicesSchema>;

/** An owner as read back: always with a display name. */
const ActionOwnerSchema = v.object({
  kind: v.picklist(['member', 'provider', 'person']),
  memberId: v.nullable(v.string()),
  company: v.nullable(v.string()),
  email: v.nullable(v.string()),
  /** "Dana Reyes", "Acme IT (provider)", "Pat Lee". */
  name: v.string(),
});
export type ActionOwner = v.InferOutput<typeof ActionOwnerSchema>;

const ProviderActionAnswerSchema = v.object({
  status: v.picklist(PROVIDER_STATUSES),
  eta: v.nullable(v.string()),
  note: v.nullable(v.string()),
  by: v.string(),
  at: IsoDateTime,
});

export const ActionItemSchema = v.object({
  id: v.string(),
  meetingId: v.string(),
  /** The date of the meeting that decided it (workspace's time zone). */
  meetingOn: IsoDate,
  /** The agenda item it came from (a tag, initiative or action item id, or `other-…`), or null. */
  ref: v.nullable(v.string()),
  what: v.string(),
  owner: ActionOwnerSchema,
  dueOn: IsoDate,
  state: v.picklist(ACTION_ITEM_STATES),
  doneAt: v.nullable(IsoDateTime),
  /** Open and due before today in the workspace's time zone. */
  late: v.boolean(),
  /** The provider's latest answer, for an item the provider owns. */
  providerAnswer: v.nullable(ProviderActionAnswerSchema),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: v.number(),
});
export type ActionItem = v.InferOutput<typeof ActionItemSchema>;
export const ActionItemListSchema = v.object({ items: v.array(ActionItemSchema) });

/**
 * `POST /api/v1/meetings/:id/action-items`. `id` (a UUID the page makes) makes saving
 * idempotent: the page saves as it goes and may send the same item twice.
 * The due date may not be in the past (workspace's time zone): the server says so.
 */
export const ActionItemCreateSchema = v.strictObject({
  id: v.optional(v.pipe(v.string('must be text'), v.uuid('must be a UUID made by the client'))),
  ref: v.optional(v.nullable(v.pipe(v.string('must be text'), v.maxLength(80, 'is not a valid agenda item')))),
  what: Text(ACTION_WHAT_MAX, 'is required: say what is to be done'),
  owner: ActionOwnerInputSchema,
  dueOn: v.pipe(v.string('is required: say by when'), v.isoDate('must be a date like 2026-12-31')),
});
export type ActionItemCreate = v.InferOutput<typeof ActionItemCreateSchema>;

/**
 * `PATCH /api/v1/action-items/:id`. Marking done, dropped or open again is always allowed (it is
 * progress, not the minutes). Changing what, owner or due date of an item whose minutes were sent
 * is refused (409): send a correction instead (`POST /api/v1/meetings/:id/corrections`).
 */
export const ActionItemPatchSchema = v.strictObject({
  what: v.optional(Text(ACTION_WHAT_MAX, 'is required: say what is to be done')),
  owner: v.optional(ActionOwnerInputSchema),
  dueOn: v.optional(v.pipe(v.string('must be a date'), v.isoDate('must be a date like 2026-12-31'))),
  state: v.optional(v.picklist(ACTION_ITEM_STATES, 'must be one of: open, done, dropped')),
  version: v.pipe(v.number('is required (the version you last read)'), v.integer()),
});
export type ActionItemPatch = v.InferOutput<typeof ActionItemPatchSchema>;

/** `POST /api/v1/action-items/:id/answers`: the owning provider's answer, like on a shared item. `done` marks the item done. */
export const ActionItemAnswerCreateSchema = v.strictObject({
  status: v.picklist(PROVIDER_STATUSES, `must be one of: ${PROVIDER_STATUSES.join(', ')}`),
  eta: v.optional(v.pipe(v.string('must be a date'), v.isoDate('must be a date like 2026-12-31'))),
  note: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(2_000, 'must be at most 2000 characters'))),
});
export type ActionItemAnswerCreate = v.InferOutput<typeof ActionItemAnswerCreateSchema>;

/** The decision recorded for one agenda item. */
const DecisionSchema = v.object({
  ref: v.string(),
  /** The agenda item's title when the decision was recorded. */
  title: v.string(),
  text: v.string(),
  by: v.string(),
  updatedAt: IsoDateTime,
});
export type MeetingDecision = v.InferOutput<typeof DecisionSchema>;

/** `POST /api/v1/meetings/:id/decisions`: records (or replaces) the decision on one agenda item; empty text removes it. */
export const DecisionSaveSchema = v.strictObject({
  ref: v.pipe(v.string('is required (the agenda item)'), v.minLength(1, 'is required (the agenda item)'), v.maxLength(80, 'is not a valid agenda item')),
  text: v.pipe(v.string('must be text'), v.trim(), v.maxLength(DECISION_MAX, `must be at most ${DECISION_MAX} characters`)),
});
export type DecisionSave = v.InferOutput<typeof DecisionSaveSchema>;

/** `POST /api/v1/meetings/:id/agenda`: an item raised during the meeting ("any other business"). */
export const AgendaAddSchema = v.strictObject({
  /** A UUID the page makes: sending the same item again (an answer lost on the way) adds it once. */
  id: v.optional(v.pipe(v.string('must be text'), v.uuid('must be a UUID made by the client'))),
  title: Text(200, 'is required: what is to be discussed'),
});

/** One sending of the minutes: the first when the meeting was closed, then each correction. */
const MinutesSendingSchema = v.object({
  version: v.number(),
  kind: v.picklist(['minutes', 'correction']),
  /** What was corrected (corrections only). */
  note: v.nullable(v.string()),
  sentAt: IsoDateTime,
  by: v.string(),
  sent: v.number(),
  failed: v.number(),
});

export const MeetingSchema = v.object({
  id: v.string(),
  /** The report whose agenda the meeting walks (null when no report had been sent yet). */
  reportId: v.nullable(v.string()),
  reportLabel: v.nullable(v.string()),
  heldOn: IsoDate,
  state: v.picklist(MEETING_STATES),
  startedBy: v.string(),
  startedAt: IsoDateTime,
  closedAt: v.nullable(IsoDateTime),
  /** Fixed when the meeting starts (plus items added during it). */
  agenda: v.array(v.object({ kind: v.string(), ref: v.string(), title: v.string(), why: v.string() })),
  decisions: v.array(DecisionSchema),
  actionItems: v.array(ActionItemSchema),
  minutes: v.array(MinutesSendingSchema),
  version: v.number(),
});
export type Meeting = v.InferOutput<typeof MeetingSchema>;

const MeetingSummarySchema = v.object({
  id: v.string(),
  heldOn: IsoDate,
  state: v.picklist(MEETING_STATES),
  reportLabel: v.nullable(v.string()),
  decisions: v.number(),
  actionItems: v.number(),
  openActionItems: v.number(),
  closedAt: v.nullable(IsoDateTime),
});
export const MeetingListSchema = v.object({ items: v.array(MeetingSummarySchema) });

/** `POST /api/v1/meetings`: starts the meeting on a report's agenda (default: the latest sent report), or resumes the open one. */
export const MeetingStartSchema = v.strictObject({
  reportId: v.optional(v.pipe(v.string('must be a report id'), v.maxLength(64, 'is not a valid report id'))),
});

/**
 * `POST /api/v1/meetings/:id/corrections`: the only way to change the minutes once they were
 * sent. The corrected minutes, saying what changed, go to the attendees at once.
 */
export const MinutesCorrectionSchema = v.strictObject({
  note: Text(500, 'is required: say what you are correcting, the attendees will read it'),
  decisions: v.optional(v.pipe(v.array(DecisionSaveSchema), v.maxLength(100, 'can hold at most 100 decisions'))),
  actionItems: v.optional(v.pipe(v.array(v.strictObject({
    id: v.pipe(v.string('must be an action item id'), v.maxLength(64, 'is not a valid action item id')),
    what: v.optional(Text(ACTION_WHAT_MAX, 'is required: say what is to be done')),
    owner: v.optional(ActionOwnerInputSchema),
    dueOn: v.optional(v.pipe(v.string('must be a date'), v.isoDate('must be a date like 2026-12-31'))),
  })), v.maxLength(100, 'can hold at most 100 action items'))),
});
export type MinutesCorrection = v.InferOutput<typeof MinutesCorrectionSchema>;

/** Closing a meeting or sending a correction: the meeting and what happened to each attendee's email. */
export const MinutesSentSchema = v.object({
  meeting: MeetingSchema,
  outcomes: v.array(v.object({ email: v.string(), status: v.picklist(INVITATION_OUTCOMES), error: v.nullable(v.string()) })),
});
export type MinutesSent = v.InferOutput<typeof MinutesSentSchema>;

/** An action item as a report shows it under the status of previous issues (computed, never retyped). */
export interface ReportActionItem {
  id: string;
  what: string;
  /** Display name of the owner ("Acme IT (provider)"). */
  owner: string;
  ownerKind: 'member' | 'provider' | 'person';
  /** The provider company when the provider owns it. */
  company: string | null;
  meetingOn: string;
  dueOn: string;
  /** `late`: open and due before the report's end. */
  status: 'done' | 'late' | 'open';
  doneAt: string | null;
}
