/**
 * What each tool's webhook body says about a ticket, in Steward's words. Only the fields each
 * vendor documents are read; a body without a ticket in it is "nothing to keep", not an error.
 */
import type { ConnectionKind } from '../../shared/schemas';
import { autotaskPriority, autotaskStatus } from './kinds/autotask';
import { githubTicket } from './kinds/github';
import { zammadTicket } from './kinds/zammad';
import { isoOrUndefined, textOrUndefined, type ToolTicket } from './types';

interface HookTicket {
  /** The tenant as ticket keys name it. */
  tenant: string;
  ticket: ToolTicket;
}

export interface HookReading {
  /** The tool's id for this delivery (a replay carries the same one). */
  deliveryId: string | null;
  tickets: HookTicket[];
}

// biome-ignore lint/suspicious/noExplicitAny: a webhook body is the tool's JSON; each field is checked where it is read
type Json = Record<string, any>;
type Headers = (name: string) => string | undefined;

export function readHook(kind: ConnectionKind, body: Json, header: Headers, conn: { tenant: string; address: string }): HookReading {
  switch (kind) {
    case 'github': {
      // https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
      const issue = body.issue;
      const repo = typeof body.repository?.full_name === 'string' ? body.repository.full_name.toLowerCase() : null;
      const tickets = issue && repo && typeof issue.number === 'number' && body.action !== 'deleted'
        ? [{ tenant: repo, ticket: { ...githubTicket(repo, issue), ticketId: String(issue.number) } }] : [];
      return { deliveryId: header('x-github-delivery') ?? null, tickets };
    }
    case 'zendesk': {
      // Event webhooks: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
      const d = body.detail;
      const tickets = d && (typeof d.id === 'string' || typeof d.id === 'number')
        ? [{
          tenant: conn.tenant,
          ticket: {
            ticketId: String(d.id), url: `${conn.address}/agent/tickets/${d.id}`, title: textOrUndefined(d.subject),
            status: textOrUndefined(typeof d.status === 'string' ? d.status.toLowerCase() : undefined, 100),
            priority: textOrUndefined(typeof d.priority === 'string' ? d.priority.toLowerCase() : undefined, 50),
            createdAt: isoOrUndefined(d.created_at), updatedAt: isoOrUndefined(d.updated_at ?? body.time),
          },
        }] : [];
      return { deliveryId: header('x-zendesk-webhook-invocation-id') ?? (typeof body.id === 'string' ? body.id : null), tickets };
    }
    case 'jira': {
      // https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event
      const issue = body.issue;
      const f = issue?.fields ?? {};
      const tickets = typeof issue?.key === 'string'
        ? [{
          tenant: conn.tenant,
          ticket: {
            ticketId: issue.key, url: `${conn.address}/browse/${issue.key}`, title: textOrUndefined(f.summary), status: textOrUndefined(f.status?.name, 100),
            createdAt: isoOrUndefined(f.created), updatedAt: isoOrUndefined(f.updated ?? (typeof body.timestamp === 'number' ? new Date(body.timestamp).toISOString() : undefined)),
            resolvedAt: isoOrUndefined(f.resolutiondate), assignee: textOrUndefined(f.assignee?.displayName, 200), priority: textOrUndefined(f.priority?.name, 50),
          },
        }] : [];
      return { deliveryId: header('x-atlassian-webhook-identifier') ?? null, tickets };
    }
    case 'autotask': {
      // https://www.autotask.net/help/DeveloperHelp/Content/APIs/Webhooks/WebhookPayload.htm
      // Fields carry picklist ids (status 8, priority 2), as the REST API does: named the same way.
      const f = body.Fields ?? {};
      const tickets = body.EntityType === 'Ticket' && body.Id !== undefined && body.Action !== 'Delete'
        ? [{
          tenant: conn.tenant,
          ticket: {
            ticketId: String(body.Id), url: `${conn.address}/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=${body.Id}`, title: textOrUndefined(f.Title ?? f.title),
            status: autotaskStatus(f.Status ?? f.status), priority: autotaskPriority(f.Priority ?? f.priority),
            updatedAt: isoOrUndefined(body.EventTime ?? f.LastActivityDate ?? f.lastActivityDate),
          },
        }] : [];
      return { deliveryId: body.Guid !== undefined ? `${body.Guid}:${body.SequenceNumber ?? ''}` : null, tickets };
    }
    case 'zammad': {
      // https://admin-docs.zammad.org/en/latest/manage/webhook/payload.html
      const t = body.ticket;
      if (!t || typeof t.id !== 'number') return { deliveryId: header('x-zammad-delivery') ?? null, tickets: [] };
      const owner = typeof t.owner === 'object' && t.owner ? [t.owner.firstname, t.owner.lastname].filter(Boolean).join(' ') : t.owner;
      const ticket = zammadTicket(conn.address, { ...t, owner, state: typeof t.state === 'object' ? t.state?.name : t.state, priority: typeof t.priority === 'object' ? t.priority?.name : t.priority });
      return { deliveryId: header('x-zammad-delivery') ?? null, tickets: [{ tenant: conn.tenant, ticket }] };
    }
    case 'connectwise': {
      // The callback carries the ticket as a JSON string in `Entity`.
      let e: Json = {};
      try {
        e = typeof body.Entity === 'string' ? JSON.parse(body.Entity) : (body.Entity ?? {});
      } catch {}
      const id = body.ID ?? e.id;
      const tickets = body.Type === 'Ticket' && id !== undefined && body.Action !== 'deleted'
        ? [{
          tenant: conn.tenant,
          ticket: {
            ticketId: String(id), url: `${conn.address}/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=${id}`,
            title: textOrUndefined(e.summary), status: textOrUndefined(e.status?.name, 100), priority: textOrUndefined(e.priority?.name, 50),
            assignee: textOrUndefined(e.owner?.name, 200), createdAt: isoOrUndefined(e._info?.dateEntered), updatedAt: isoOrUndefined(e._info?.lastUpdated),
          },
        }] : [];
      return { deliveryId: typeof body.MessageId === 'string' ? body.MessageId : null, tickets };
    }
    default:
      return { deliveryId: null, tickets: [] };
  }
}
