import { etaPassed, type Member, type ProviderInbox, type Workspace } from '../../shared/schemas';
import { localDate } from '../../shared/schedule';
import { toAnnotation } from '../db/annotations';
import { providerInboxRows } from '../db/provider';
import { loadTaxonomy } from '../db/taxonomy';
import { labeler } from '../lib/term-refs';

/**
 * A provider member's inbox: every item the client shared with their company, with the
 * company's latest answer, waiting items first. The API and the web view both show this.
 */
export async function providerInbox(db: D1Database, workspace: Workspace, member: Member, now = new Date()): Promise<ProviderInbox> {
  const [taxonomy, rows] = await Promise.all([loadTaxonomy(db, workspace.id), providerInboxRows(db, workspace.id, member)]);
  const label = labeler(taxonomy, workspace.jargonWords);
  // ETAs are calendar dates in the client's time zone.
  const today = localDate(now, workspace.timeZone);
  const items = rows.map((r) => {
    const annotation = toAnnotation(r, label);
    const open = annotation.state === 'open';
    return {
      annotation,
      sharedAt: r.shared_at ?? r.created_at,
      unanswered: open && !annotation.providerStatus,
      overdue: open && etaPassed(annotation.providerStatus, today),
    };
  });
  return {
    company: member.providerCompany ?? '',
    items,
    counts: {
      total: items.length,
      open: items.filter((i) => i.annotation.state === 'open').length,
      unanswered: items.filter((i) => i.unanswered).length,
      overdue: items.filter((i) => i.overdue).length,
    },
  };
}
