import { Hono } from 'hono';
import { InviteCreateSchema, type InviteCreated } from '../../shared/schemas';
import { insertInvite } from '../db/invites';
import type { AppEnv } from '../env';
import { newInviteCode, normaliseInviteCode, sha256Hex } from '../lib/secrets';
import { requireMember, requireRole } from '../middleware/auth';
import { validate } from '../validate';

export const INVITE_TTL_DAYS = 14;

/** Makes a single-use invite; only its hash is stored, so the code is shown once. */
export async function createInvite(
  db: D1Database,
  input: { workspaceId: string; role: InviteCreated['role']; name: string; email?: string; providerCompany?: string; createdBy: string | null },
  now = new Date(),
): Promise<{ created: InviteCreated; statement: D1PreparedStatement }> {
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000).toISOString();
  const statement = insertInvite(db, {
    id: crypto.randomUUID(), workspaceId: input.workspaceId, codeHash: await sha256Hex(normaliseInviteCode(code)),
    role: input.role, name: input.name, email: input.email ?? null, providerCompany: input.providerCompany ?? null,
    createdBy: input.createdBy, createdAt: now.toISOString(), expiresAt,
  });
  return { created: { code, role: input.role, name: input.name, expiresAt }, statement };
}

export const invites = new Hono<AppEnv>()
  .use(requireMember)
  .post('/', requireRole('admin'), validate('json', InviteCreateSchema), async (c) => {
    const { member, workspace } = c.var.caller;
    const body = c.req.valid('json');
    const { created, statement } = await createInvite(c.env.DB, {
      workspaceId: workspace.id, role: body.role, name: body.name, email: body.email,
      providerCompany: body.role === 'provider' ? body.providerCompany : undefined, createdBy: member.id,
    });
    await statement.run();
    return c.json(created, 201);
  });
