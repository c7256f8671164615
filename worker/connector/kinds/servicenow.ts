import { basic, callJson, mapLimit, ToolError } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// ServiceNow Table API (https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI):
// Steward keys a ServiceNow ticket `{table}/{sys_id}`, so each is one GET on its table with
// display values. SLA breaches come from task_sla (has_breached). Auth: basic, or OAuth client
// credentials (POST /oauth_token.do) — the client id in `username`, its secret in `secret`.

interface SnRecord { sys_id?: string; number?: string; short_description?: string; state?: string; priority?: string; assigned_to?: string | { display_value?: string }; sys_created_on?: string; sys_updated_on?: string; resolved_at?: string; closed_at?: string }
interface SnSla { has_breached?: string; planned_end_time?: string; end_time?: string }

const tokens = new Map<string, { token: string; until: number }>();

async function authHeader(conn: OpenConnection): Promise<string> {
  if (conn.auth !== 'oauth') return basic(conn.username ?? '', conn.secret);
  const cached = tokens.get(conn.id);
  if (cached && cached.until > Date.now()) return `Bearer ${cached.token}`;
  const res = await callJson<{ access_token?: string; expires_in?: number }>(conn.call, `${conn.address}/oauth_token.do`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, what: 'an access token',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: conn.username ?? '', client_secret: conn.secret }).toString(),
  });
  const token = res?.data.access_token;
  if (!token) throw new ToolError('ServiceNow gave no access token for this client id and secret: check the OAuth application.', 'auth');
  tokens.set(conn.id, { token, until: Date.now() + Math.max(60, (res!.data.expires_in ?? 1800) - 60) * 1000 });
  return `Bearer ${token}`;
}

/** ServiceNow's display dates are in the instance's zone; with display values off they are UTC "YYYY-MM-DD hh:mm:ss". */
const snDate = (d: string | undefined) => (d ? isoOrUndefined(`${d.replace(' ', 'T')}Z`) : undefined);
const display = (v: SnRecord['assigned_to']) => (typeof v === 'object' ? v?.display_value : v);

function toTicket(conn: OpenConnection, table: string, r: SnRecord): ToolTicket {
  return {
    ticketId: `${table}/${r.sys_id}`,
    url: `${conn.address}/nav_to.do?uri=${table}.do?sys_id=${r.sys_id}`,
    title: textOrUndefined(r.short_description),
    status: textOrUndefined(r.state, 100),
    priority: textOrUndefined(r.priority, 50),
    assignee: textOrUndefined(display(r.assigned_to), 200),
    createdAt: snDate(r.sys_created_on),
    updatedAt: snDate(r.sys_updated_on),
    resolvedAt: snDate(r.resolved_at) ?? snDate(r.closed_at),
  };
}

const FIELDS = 'sys_id,number,short_description,state,priority,assigned_to,sys_created_on,sys_updated_on,resolved_at,closed_at';

export const servicenow: KindModule = {
  kind: 'servicenow',
  name: 'ServiceNow',
  auths: ['basic', 'oauth'],
  tenantOf: (address) => /^([a-z0-9-]+)\.service-now\.com$/.exec(address.hostname.toLowerCase())?.[1] ?? null,
  tenantHint: 'Give the instance name as the tenant (acme for acme.service-now.com).',
  concurrency: 4,
  async tickets(conn, ids) {
    const auth = await authHeader(conn);
    const found = await mapLimit(ids, this.concurrency, async (id) => {
      const [table, sysId] = id.split('/');
      if (!table || !sysId || !/^[a-z0-9_]+$/.test(table) || !/^[0-9a-f]{32}$/.test(sysId)) return null;
      const q = `sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=${FIELDS}`;
      const res = await callJson<{ result: SnRecord }>(conn.call, `${conn.address}/api/now/table/${table}/${sysId}?${q}`, { headers: { authorization: auth }, what: id, notFoundIsNull: true });
      if (!res?.data.result) return null;
      const slas = await callJson<{ result: SnSla[] }>(conn.call, `${conn.address}/api/now/table/task_sla?sysparm_query=task=${sysId}^has_breached=true&sysparm_fields=has_breached,planned_end_time,end_time`, { headers: { authorization: auth }, what: `${id}'s SLAs`, notFoundIsNull: true });
      const breach = (slas?.data.result ?? []).map((s) => snDate(s.planned_end_time)).filter(Boolean).sort()[0];
      return { ...toTicket(conn, table, res.data.result), slaBreachedAt: breach };
    });
    return found.filter((t): t is NonNullable<typeof t> => !!t);
  },
  async sample(conn) {
    const res = await callJson<{ result: SnRecord[] }>(conn.call, `${conn.address}/api/now/table/incident?sysparm_limit=1&sysparm_query=ORDERBYDESCsys_updated_on&sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=${FIELDS}`, {
      headers: { authorization: await authHeader(conn) }, what: 'the newest incident',
    });
    const r = res?.data.result?.[0];
    return r ? { ...toTicket(conn, 'incident', r), ticketId: r.number ?? String(r.sys_id) } : null;
  },
};
