import { useState } from 'preact/hooks';
import type { AuditEntry } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';
import { formatDate, formatDateTime, ProblemNotice, relativeTime, useLoad, type Session } from './forms';
import { useSubmit } from '../submit';

const PAGE = 25;

const THINGS: Record<string, string> = {
  line_of_business: 'line of business', impact_kind: 'impact kind', stakeholder: 'stakeholder', kpi: 'KPI',
};
const ROLE_WORDS: Record<string, string> = { admin: 'admin', staff: 'staff', executive: 'executive', provider: 'provider' };
const SETTING_WORDS: Record<string, string> = { name: 'name', timeZone: 'time zone', schedule: 'report schedule', jargonWords: 'jargon words' };
const TABLE_WORDS: Record<string, string> = { annotations: 'tags', updates: 'tag updates', members: 'people', taxonomy: 'taxonomy', audit: 'activity log' };

type Named = { name?: string; role?: string; retiredAt?: string | null };

/** One line of the log in plain words: "Renamed line of business “Billing” to “Accounts”". */
export function describeEntry(e: AuditEntry): string {
  const d = e.detail as Record<string, unknown>;
  const thing = THINGS[(d.type as string) ?? e.targetType] ?? THINGS[e.targetType] ?? e.targetType.replace(/_/g, ' ');
  const q = (s: unknown) => `“${String(s)}”`;
  switch (e.action) {
    case 'taxonomy.add':
      return `Added ${thing} ${q(d.name)}`;
    case 'taxonomy.change': {
      const from = (d.from ?? {}) as Named;
      const to = (d.to ?? {}) as Named;
      if (!from.retiredAt && to.retiredAt) return `Retired ${thing} ${q(from.name)}`;
      if (from.retiredAt && !to.retiredAt) return `Restored ${thing} ${q(to.name)}`;
      if (from.name !== to.name) return `Renamed ${thing} ${q(from.name)} to ${q(to.name)}`;
      return `Changed ${thing} ${q(to.name)}`;
    }
    case 'kpi.reading':
      return `Recorded a KPI reading of ${String(d.value)} for ${typeof d.recordedOn === 'string' ? formatDate(d.recordedOn) : 'a day'}`;
    case 'member.join':
      return `Joined as ${ROLE_WORDS[d.role as string] ?? String(d.role)}`;
    case 'member.role_change': {
      const from = (d.from ?? {}) as Named;
      const to = (d.to ?? {}) as Named;
      return `Changed ${from.name}'s role from ${ROLE_WORDS[from.role ?? ''] ?? from.role} to ${ROLE_WORDS[to.role ?? ''] ?? to.role}`;
    }
    case 'member.rename':
      return `Renamed ${q((d.from as Named)?.name)} to ${q((d.to as Named)?.name)}`;
    case 'member.remove':
      return `Removed ${d.name} (${ROLE_WORDS[d.role as string] ?? d.role})`;
    case 'invite.create':
      return `Invited ${d.name} as ${ROLE_WORDS[d.role as string] ?? d.role}`;
    case 'invite.revoke':
      return 'Revoked an invite';
    case 'workspace.create':
      return `Created the workspace ${q(d.name)}`;
    case 'workspace.update': {
      const fields = Array.isArray(d.fields) ? (d.fields as string[]).map((f) => SETTING_WORDS[f] ?? f) : [];
      return fields.length ? `Changed the workspace's ${fields.join(', ')}` : 'Changed the workspace settings';
    }
    case 'workspace.export':
      return d.format === 'csv' ? `Exported ${TABLE_WORDS[d.table as string] ?? d.table} as CSV` : 'Exported the whole workspace';
    case 'annotation.create':
      return 'Tagged a ticket';
    case 'annotation.update':
      return 'Edited a tag';
    case 'annotation.delete':
      return typeof d.summary === 'string' ? `Deleted the tag ${q(d.summary)}` : 'Deleted a tag';
    case 'annotation.note':
      return 'Added a note to a tag';
    case 'annotation.provider_status':
      return `Set a tag's provider status to ${String(d.status).replace(/_/g, ' ')}`;
    default:
      return e.action;
  }
}

/** Who changed what, when: newest first, a page at a time. */
export function AuditPanel({ session }: { session: Session }) {
  const first = useLoad(() => callApi('audit', { limit: PAGE }), [session.member.id]);
  // Older pages are appended to the first; a refresh starts over from the newest.
  const [older, setOlder] = useState<{ items: AuditEntry[]; nextCursor: string | null } | null>(null);
  const more = useSubmit();
  const items = [...(first.data?.items ?? []), ...(older?.items ?? [])];
  const cursor = older ? older.nextCursor : (first.data?.nextCursor ?? null);

  const loadOlder = () =>
    void more.run(async () => {
      const page = await callApi('audit', { limit: PAGE, cursor: cursor ?? undefined });
      setOlder((o) => ({ items: [...(o?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    });
  const refresh = () => {
    setOlder(null);
    more.clear();
    void first.reload();
  };

  return (
    <section id="activity" class="panel-section" aria-labelledby="activity-heading">
      <div class="heading-line">
        <h2 id="activity-heading">Activity</h2>
        <button type="button" onClick={refresh} disabled={first.loading}>{first.loading && first.data ? 'Refreshing…' : 'Refresh'}</button>
      </div>
      <p class="hint">Who changed what in this workspace, newest first. Times are in this browser's time zone.</p>
      <ProblemNotice problem={first.problem} onRetry={() => void first.reload()} />
      {!first.data ? (
        first.loading && <p aria-busy="true">Loading the activity log…</p>
      ) : items.length === 0 ? (
        <p class="empty">Nothing has happened yet.</p>
      ) : (
        <table class="data-table" aria-labelledby="activity-heading">
          <thead>
            <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{relativeTime(e.at)}</time>{' '}<span class="hint">{formatDateTime(e.at)}</span></td>
                <td>{e.actor.name}</td>
                <td>{describeEntry(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={loadOlder} disabled={more.busy}>{more.busy ? 'Loading…' : 'Show older entries'}</button>
      )}
      <ProblemNotice problem={more.problem} />
    </section>
  );
}
