import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../shared/schemas';
import { forEachWorkspace, insertWorkspace } from '../../worker/db/workspaces';

const workspace = (n: number): Workspace => ({
  id: `ws-${String(n).padStart(3, '0')}`, name: `Workspace ${n}`, timeZone: 'Europe/Paris', jargonWords: [], createdAt: new Date().toISOString(),
  schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 },
});

describe('forEachWorkspace (every cron job walks workspaces with it)', () => {
  it('visits every workspace once, in id order, across pages of any size', async () => {
    await env.DB.batch(Array.from({ length: 7 }, (_, n) => insertWorkspace(env.DB, workspace(n))));
    const all = Array.from({ length: 7 }, (_, n) => workspace(n).id);
    for (const pageSize of [1, 3, 7, 100]) {
      const seen: string[] = [];
      await forEachWorkspace(env.DB, async (w) => { seen.push(w.id); }, pageSize);
      expect(seen, `page size ${pageSize}`).toEqual(all);
    }
  });
});
