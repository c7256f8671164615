import { Hono } from 'hono';
import { AnnotationCreateSchema, AnnotationListQuerySchema, type AnnotationList } from '../../shared/schemas';
import { findAnnotationOwner, getAnnotation, insertAnnotation, listAnnotations, sameContent } from '../db/annotations';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireMember, requireRole } from '../middleware/auth';
import { validate } from '../validate';

const ID_TAKEN = 'This annotation id is already used for different content. Make a new id (crypto.randomUUID()) for a new annotation.';

export const annotations = new Hono<AppEnv>()
  .use(requireMember)
  /**
   * Create. The id is made by the client: sending the same id and body again (a retry from
   * the extension's outbox) returns the stored annotation instead of a duplicate.
   */
  .post('/', requireRole('admin', 'staff'), validate('json', AnnotationCreateSchema), async (c) => {
    const { member, workspace } = c.var.caller;
    const input = c.req.valid('json');
    const created = await insertAnnotation(c.env.DB, workspace.id, member, input, new Date().toISOString());
    if (!created) {
      const owner = await findAnnotationOwner(c.env.DB, input.id);
      if (!owner || owner.workspace_id !== workspace.id || owner.author_id !== member.id) {
        throw new ApiError(409, 'conflict', ID_TAKEN, { id: 'is already used' });
      }
    }
    const stored = await getAnnotation(c.env.DB, workspace.id, member, input.id);
    if (!stored) throw new ApiError(409, 'conflict', ID_TAKEN, { id: 'is already used' });
    if (!created && !sameContent(stored, input)) throw new ApiError(409, 'conflict', ID_TAKEN, { id: 'is already used' });
    return c.json(stored, created ? 201 : 200);
  })
  .get('/', requireRole('admin', 'staff', 'provider'), validate('query', AnnotationListQuerySchema), async (c) => {
    const { member, workspace } = c.var.caller;
    const items = await listAnnotations(c.env.DB, workspace.id, member, c.req.valid('query'));
    const body: AnnotationList = { items };
    return c.json(body);
  });
