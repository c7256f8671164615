import * as v from 'valibot';
import { IsoDateTime } from './ticket';

export const ROLES = ['admin', 'staff', 'executive', 'provider'] as const;
export type Role = (typeof ROLES)[number];

export const WorkspaceSchema = v.object({
  id: v.string(),
  name: v.string(),
  timeZone: v.string(),
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
});
export type Member = v.InferOutput<typeof MemberSchema>;

export const InviteCodeSchema = v.pipe(
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
export type MeResponse = v.InferOutput<typeof MeResponseSchema>;

/** Checks an IANA time zone name against the runtime's tz database. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

export const WorkspaceCreateSchema = v.strictObject({
  name: v.pipe(v.string('is required'), v.trim(), v.minLength(1, 'is required'), v.maxLength(120, 'must be at most 120 characters')),
  timeZone: v.optional(
    v.pipe(v.string(), v.check(isTimeZone, 'must be an IANA time zone, e.g. Europe/Paris or America/New_York')),
    'UTC',
  ),
  admin: v.strictObject({
    name: v.pipe(v.string('is required'), v.trim(), v.minLength(1, 'is required'), v.maxLength(120, 'must be at most 120 characters')),
    email: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an email address'), v.maxLength(254))),
  }),
});
export type WorkspaceCreate = v.InferOutput<typeof WorkspaceCreateSchema>;

export const WorkspaceCreatedSchema = v.object({
  workspace: WorkspaceSchema,
  invite: v.object({ code: v.string(), role: v.picklist(ROLES), name: v.string(), expiresAt: IsoDateTime }),
});
export type WorkspaceCreated = v.InferOutput<typeof WorkspaceCreatedSchema>;

export const InviteCreateSchema = v.pipe(
  v.strictObject({
    role: v.picklist(ROLES, `must be one of: ${ROLES.join(', ')}`),
    name: v.pipe(v.string('is required'), v.trim(), v.minLength(1, 'is required'), v.maxLength(120, 'must be at most 120 characters')),
    email: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an email address'), v.maxLength(254))),
    providerCompany: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'is required for provider members'), v.maxLength(120, 'must be at most 120 characters'))),
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
