import * as v from 'valibot';
import { Text } from './common';
import { IsoDateTime } from './ticket';

export const ROLES = ['admin', 'staff', 'executive', 'provider'] as const;
export type Role = (typeof ROLES)[number];

export const CADENCES = ['weekly', 'monthly'] as const;

/**
 * When the report goes out, in the workspace's time zone: weekly on an ISO weekday
 * (1 = Monday), or monthly on a day of the month (null = the first business day).
 */
const ReportScheduleSchema = v.object({
  cadence: v.picklist(CADENCES),
  weekday: v.number(),
  monthDay: v.nullable(v.number()),
  hour: v.number(),
});
export type ReportSchedule = v.InferOutput<typeof ReportScheduleSchema>;

export const WorkspaceSchema = v.object({
  id: v.string(),
  name: v.string(),
  timeZone: v.string(),
  schedule: ReportScheduleSchema,
  /** Words the plain-language check flags in summaries. */
  jargonWords: v.array(v.string()),
  createdAt: IsoDateTime,
});
export type Workspace = v.InferOutput<typeof WorkspaceSchema>;

export const MemberSchema = v.object({
  id: v.string(),
  workspaceId: v.string(),
  name: v.string(),
  email: v.nullable(v.string()),
  role: v.picklist(ROLES),
  providerCompany: v.nullable(v.string()),
  createdAt: IsoDateTime,
  lastActiveAt: v.nullable(IsoDateTime),
});
export type Member = v.InferOutput<typeof MemberSchema>;

export const MemberListSchema = v.object({ items: v.array(MemberSchema) });

/** Changing a role signs the member out everywhere (their tokens carry the old role). */
export const MemberPatchSchema = v.pipe(
  v.strictObject({
    role: v.optional(v.picklist(ROLES, `must be one of: ${ROLES.join(', ')}`)),
    providerCompany: v.optional(Text(120, 'is required for provider members')),
    name: v.optional(Text(120)),
  }),
);
export type MemberPatch = v.InferOutput<typeof MemberPatchSchema>;

const InviteSchema = v.object({
  id: v.string(),
  role: v.picklist(ROLES),
  name: v.string(),
  email: v.nullable(v.string()),
  providerCompany: v.nullable(v.string()),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  status: v.picklist(['pending', 'used', 'expired', 'revoked']),
});
export type Invite = v.InferOutput<typeof InviteSchema>;
export const InviteListSchema = v.object({ items: v.array(InviteSchema) });

const InviteCodeSchema = v.pipe(
  v.string('is required'),
  v.trim(),
  v.regex(/^[A-Za-z0-9-]{8,64}$/, 'must be the invite code you were given, e.g. STW-7KQ2-M9XD-4RTA'),
);

export const RedeemRequestSchema = v.strictObject({ code: InviteCodeSchema });
export const RedeemResponseSchema = v.object({
  token: v.string(),
  member: MemberSchema,
  workspace: WorkspaceSchema,
});
export type RedeemResponse = v.InferOutput<typeof RedeemResponseSchema>;

export const MeResponseSchema = v.object({ member: MemberSchema, workspace: WorkspaceSchema });

/** Checks an IANA time zone name against the runtime's tz database. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

/** An email address, trimmed. */
const Email = v.pipe(v.string('must be text'), v.trim(), v.email('must be an email address'), v.maxLength(254, 'must be at most 254 characters'));

export const WorkspaceCreateSchema = v.strictObject({
  name: Text(120),
  timeZone: v.optional(
    v.pipe(v.string(), v.check(isTimeZone, 'must be an IANA time zone, e.g. Europe/Paris or America/New_York')),
    'UTC',
  ),
  admin: v.strictObject({
    name: Text(120),
    email: v.optional(Email),
  }),
});

const Hour = v.pipe(v.number('must be a number'), v.integer('must be a whole hour'), v.minValue(0, 'must be 0–23'), v.maxValue(23, 'must be 0–23'));
const Weekday = v.pipe(v.number('must be a number'), v.integer('must be 1 (Monday) to 7 (Sunday)'), v.minValue(1, 'must be 1 (Monday) to 7 (Sunday)'), v.maxValue(7, 'must be 1 (Monday) to 7 (Sunday)'));
const MonthDay = v.nullable(v.pipe(v.number('must be a number'), v.integer('must be a day from 1 to 28'), v.minValue(1, 'must be a day from 1 to 28'), v.maxValue(28, 'must be a day from 1 to 28 (or null for the first business day)')));

export const WorkspacePatchSchema = v.strictObject({
  name: v.optional(Text(120)),
  timeZone: v.optional(v.pipe(v.string('must be text'), v.check(isTimeZone, 'must be an IANA time zone, e.g. Europe/Paris or America/New_York'))),
  schedule: v.optional(v.strictObject({
    cadence: v.optional(v.picklist(CADENCES, `must be one of: ${CADENCES.join(', ')}`)),
    weekday: v.optional(Weekday),
    monthDay: v.optional(MonthDay),
    hour: v.optional(Hour),
  })),
  jargonWords: v.optional(v.pipe(v.array(Text(60, 'must not be empty'), 'must be a list'), v.maxLength(500, 'must have at most 500 words'))),
});
export type WorkspacePatch = v.InferOutput<typeof WorkspacePatchSchema>;

/** Deleting a workspace is confirmed by typing its name. */
export const WorkspaceDeleteSchema = v.strictObject({ confirm: v.string('must be the workspace name, typed to confirm') });

export const WorkspaceCreatedSchema = v.object({
  workspace: WorkspaceSchema,
  invite: v.object({ code: v.string(), role: v.picklist(ROLES), name: v.string(), expiresAt: IsoDateTime }),
});
export type WorkspaceCreated = v.InferOutput<typeof WorkspaceCreatedSchema>;

export const InviteCreateSchema = v.pipe(
  v.strictObject({
    role: v.picklist(ROLES, `must be one of: ${ROLES.join(', ')}`),
    name: Text(120),
    email: v.optional(Email),
    providerCompany: v.optional(Text(120, 'is required for provider members')),
  }),
  v.forward(
    v.partialCheck([['role'], ['providerCompany']], (i) => i.role !== 'provider' || !!i.providerCompany, 'is required for provider members'),
    ['providerCompany'],
  ),
);
export type InviteCreate = v.InferOutput<typeof InviteCreateSchema>;

export const InviteCreatedSchema = v.object({
  code: v.string(),
  role: v.picklist(ROLES),
  name: v.string(),
  expiresAt: IsoDateTime,
});
export type InviteCreated = v.InferOutput<typeof InviteCreatedSchema>;

/** The provider companies of a workspace (staff choose one when they share an item). */
const ProviderCompanySchema = v.object({
  name: v.string(),
  /** Provider members of that company who have joined. */
  members: v.number(),
  /** Provider invites for that company not used yet. */
  invited: v.number(),
});
export type ProviderCompany = v.InferOutput<typeof ProviderCompanySchema>;
export const ProviderCompanyListSchema = v.object({ items: v.array(ProviderCompanySchema) });

/** A provider member's personal web-view link, shown once when made. */
export const ProviderLinkCreatedSchema = v.object({
  url: v.string(),
  createdAt: IsoDateTime,
});
export type ProviderLinkCreated = v.InferOutput<typeof ProviderLinkCreatedSchema>;

/** Whether a provider member has a live web-view link (the address itself is not shown again). */
export const ProviderLinkStatusSchema = v.object({
  active: v.boolean(),
  createdAt: v.nullable(IsoDateTime),
  lastUsedAt: v.nullable(IsoDateTime),
});
export type ProviderLinkStatus = v.InferOutput<typeof ProviderLinkStatusSchema>;
