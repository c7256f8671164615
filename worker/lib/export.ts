import type { ExportTable, Workspace } from '../../shared/schemas';
import { allAnnotations, allUpdates } from '../db/annotations';
import { allAudit } from '../db/audit';
import { listConnections } from '../db/connections';
import { heldMeetingsExport } from '../db/held-meetings';
import { allInitiatives } from '../db/initiatives';
import { listInvites } from '../db/invites';
import { meetingExport } from '../db/meetings';
import { listMembers } from '../db/members';
import { getOidcSettings, toOidcSettings } from '../db/sign-in';
import { todayIn } from '../meeting/held';
import { loadTaxonomy } from '../db/taxonomy';
import { allTicketFacts } from '../db/tickets';
import { labeler } from './term-refs';

/** Everything in a workspace, for the admin to keep or move (secrets excluded: hashes only exist). */
export async function exportJson(db: D1Database, workspace: Workspace) {
  const taxonomy = await loadTaxonomy(db, workspace.id);
  const [members, invites, annotations, updates, audit, facts] = await Promise.all([
    listMembers(db, workspace.id),
    listInvites(db, workspace.id, new Date().toISOString()),
    allAnnotations(db, workspace.id, labeler(taxonomy, workspace.jargonWords)),
    allUpdates(db, workspace.id),
    allAudit(db, workspace.id),
    allTicketFacts(db, workspace.id),
  ]);
  const initiatives = await allInitiatives(db, workspace.id);
  const meeting = await meetingExport(db, workspace.id);
  // Held meetings: their decisions, action items and every sending of the minutes (HTML and text as sent).
  const held = await heldMeetingsExport(db, workspace.id, todayIn(workspace));
  // Settings only: no credential, secret or any part of one (not even the last characters).
  const connections = (await listConnections(db, workspace.id)).map((r) => ({
    id: r.id, kind: r.kind, name: r.name, address: r.address, tenant: r.tenant, auth: r.auth, username: r.username, enabled: r.enabled === 1,
    createdAt: r.created_at, lastSuccessAt: r.last_success_at, lastError: r.last_error,
  }));
  const oidc = await getOidcSettings(db, workspace.id);
  const { hasClientSecret: _, ...signIn } = oidc ? toOidcSettings(oidc) : { hasClientSecret: false };
  return {
    exportedAt: new Date().toISOString(), format: 'steward-export/1', workspace, members, invites, taxonomy, annotations, updates, audit,
    tickets: facts.tickets, ticketEvents: facts.events,
    ...initiatives,
    meeting,
    meetings: held.meetings, meetingDecisions: held.decisions, actionItems: held.actionItems, meetingMinutes: held.minutes,
    connections,
    companySignIn: oidc ? signIn : null,
  };
}

/** One CSV cell: quoted when needed; a leading =, +, - or @ is defused so spreadsheets show text, not formulas. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = Array.isArray(value) ? value.join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function exportCsv(db: D1Database, workspace: Workspace, table: ExportTable): Promise<string> {
  const data = await exportJson(db, workspace);
  switch (table) {
    case 'annotations':
      return toCsv(
        ['id', 'ticket', 'ticket_url', 'ticket_title', 'horizon', 'line_of_business', 'stakeholders', 'impact', 'priority', 'kpis', 'summary', 'detail', 'event_date', 'state', 'visibility', 'provider_status', 'author', 'created_at', 'updated_at', 'version', 'deleted_at'],
        data.annotations.map((a) => [
          a.id, a.ticketKey, a.ticketRef?.url ?? a.pageUrl, a.ticketRef?.title, a.horizon, a.labels.lineOfBusiness, a.labels.stakeholders, a.labels.impact,
          a.priority, a.labels.kpis, a.summary, a.detail, a.eventDate, a.state, a.visibility, a.providerStatus?.status, a.author.name,
          a.createdAt, a.updatedAt, a.version, a.deletedAt,
        ]),
      );
    case 'updates':
      return toCsv(['id', 'annotation_id', 'kind', 'note', 'state', 'provider_status', 'eta', 'author', 'author_role', 'created_at'],
        data.updates.map((u) => [u.id, u.annotationId, u.kind, u.note, u.state, u.providerStatus, u.eta, u.author.name, u.author.role, u.createdAt]));
    case 'members':
      return toCsv(['id', 'name', 'email', 'role', 'provider_company', 'created_at', 'last_active_at'],
        data.members.map((m) => [m.id, m.name, m.email, m.role, m.providerCompany, m.createdAt, m.lastActiveAt]));
    case 'taxonomy':
      return toCsv(['list', 'id', 'name', 'detail', 'retired_at'], [
        ...data.taxonomy.linesOfBusiness.map((t) => ['line of business', t.id, t.name, '', t.retiredAt]),
        ...data.taxonomy.impactKinds.map((t) => ['impact kind', t.id, t.name, '', t.retiredAt]),
        ...data.taxonomy.stakeholders.map((s) => ['stakeholder', s.id, s.name, s.title, s.retiredAt]),
        ...data.taxonomy.kpis.map((k) => ['kpi', k.id, k.name, `${k.unit}; target ${k.target ?? 'none'}; ${k.direction.replace(/_/g, ' ')}`, k.retiredAt]),
      ]);
    case 'audit':
      return toCsv(['at', 'actor', 'action', 'target_type', 'target_id', 'detail'],
        data.audit.map((e) => [e.at, e.actor.name, e.action, e.targetType, e.targetId, e.detail]));
    case 'tickets':
      return toCsv(
        ['ticket', 'tool', 'tenant', 'ticket_id', 'url', 'title', 'status', 'category', 'status_since', 'status_since_kind', 'created_in_tool',
          'updated_in_tool', 'assignee', 'priority_in_tool', 'first_seen_at', 'last_seen_at', 'source', 'reopened_count'],
        data.tickets.map((t) => [t.key, t.tool, t.tenant, t.ticketId, t.url, t.title, t.status, t.category, t.statusSince, t.statusSinceKind,
          t.createdAt, t.updatedAt, t.assignee, t.priority, t.firstSeenAt, t.lastSeenAt, t.source, t.reopenedCount]),
      );
    case 'ticket-events':
      return toCsv(['ticket', 'kind', 'from', 'to', 'at', 'at_kind', 'source', 'seen_by'],
        data.ticketEvents.map((e) => [e.key, e.kind, e.from, e.to, e.at, e.atKind, e.source, e.seenBy]));
    case 'initiatives':
      return toCsv(
        ['id', 'title', 'state', 'state_reason', 'gap', 'specification', 'lines_of_business', 'stakeholders', 'kpis', 'budget_one_off', 'budget_monthly', 'currency',
          'target_quarter', 'owner', 'provider', 'evidence_tags', 'evidence_open', 'evidence_tickets', 'provider_status', 'provider_eta', 'decision', 'delivered_at',
          'created_by', 'created_at', 'updated_at'],
        data.initiatives.map((i) => [
          i.id, i.title, i.state, i.stateReason, i.gap, i.specification, i.linesOfBusiness.map((x) => x.name), i.stakeholders.map((x) => x.name),
          i.kpis.map((k) => `${k.name}: ${k.baseline} on ${k.baselineOn} to ${k.target} ${k.unit} by ${k.targetOn}`), i.budget?.oneOff, i.budget?.monthly, i.budget?.currency,
          i.targetQuarter, i.owner?.name, i.providerCompany, i.evidence.tags, i.evidence.open, i.evidence.tickets, i.providerAnswer?.status, i.providerAnswer?.eta,
          i.decision ? `${i.decision.answer} by ${i.decision.by}` : null, i.deliveredAt, i.createdBy.name, i.createdAt, i.updatedAt,
        ]),
      );
    case 'meetings':
      return toCsv(['id', 'held_on', 'state', 'report', 'started_by', 'started_at', 'closed_at', 'agenda'],
        data.meetings.map((m) => [m.id, m.heldOn, m.state, m.reportLabel, m.startedBy, m.startedAt, m.closedAt, m.agenda.map((a) => a.title)]));
    case 'decisions':
      return toCsv(['meeting_id', 'agenda_item', 'title', 'decision', 'by', 'updated_at'],
        data.meetingDecisions.map((d) => [d.meetingId, d.ref, d.title, d.text, d.by, d.updatedAt]));
    case 'action-items':
      return toCsv(['id', 'meeting_id', 'meeting_on', 'agenda_item', 'what', 'owner', 'owner_kind', 'owner_email', 'due_on', 'state', 'done_at', 'provider_status', 'provider_eta', 'provider_note', 'created_at', 'updated_at'],
        data.actionItems.map((i) => [i.id, i.meetingId, i.meetingOn, i.ref, i.what, i.owner.name, i.owner.kind, i.owner.email, i.dueOn, i.state, i.doneAt,
          i.providerAnswer?.status, i.providerAnswer?.eta, i.providerAnswer?.note, i.createdAt, i.updatedAt]));
    case 'minutes':
      return toCsv(['meeting_id', 'version', 'kind', 'correction_note', 'subject', 'sent_at', 'by', 'sent', 'failed', 'text'],
        data.meetingMinutes.map((m) => [m.meetingId, m.version, m.kind, m.note, m.subject, m.sentAt, m.by, m.sent, m.failed, m.text]));
  }
}
