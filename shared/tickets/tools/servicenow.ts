import { subdomainOf, type TicketIdentity, type ToolDetector } from '../types';

// ServiceNow shows one record under several shells, all keyed by table and sys_id:
//   classic     /incident.do?sys_id={32hex}            (also inside the gsft_main frame)
//   classic nav /nav_to.do?uri=incident.do%3Fsys_id%3D{32hex}
//   Next Exp.   /now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D{32hex}
//   workspaces  /now/sow/record/incident/{32hex}, /now/cwf/agent/record/{table}/{32hex}/…
//   portals     /sp?id=ticket&table=incident&sys_id={32hex}  (also /esc, /csm…)
// sys_id=-1 (and -1_uid_N in workspaces) is a new, unsaved record.
//
// ticketId is `{table}/{sys_id}` (no ':' inside) so the table stays visible in the key. Only
// ticket-like tables count; sys_user, cmdb_ci… records are not tickets, and the parent `task`
// form is left out because it shows an incident or change under a second key.
const TICKET_TABLE =
  /^(?:incident|incident_task|problem|problem_task|change_request|change_task|sc_request|sc_req_item|sc_task|interaction|sn_si_incident|sn_si_task|[a-z0-9_]*_case(?:_[a-z0-9_]+)?)$/;
const SYS_ID = /^[0-9a-f]{32}$/i;
const CLASSIC_FORM = /(?:^|\/)([a-z0-9_]+)\.do$/i;
const PORTAL_TICKET_PAGES = new Set(['ticket', 'standard_ticket', 'form']);

function record(table: string | null | undefined, sysId: string | null | undefined): string | null {
  if (!table || !sysId) return null;
  const t = table.toLowerCase();
  if (t.endsWith('_list')) return null;
  return TICKET_TABLE.test(t) && SYS_ID.test(sysId) ? `${t}/${sysId.toLowerCase()}` : null;
}

/** `incident.do?sys_id=…` given as a path plus query, possibly still percent-encoded. */
function classic(target: string): string | null {
  let decoded = target;
  for (let i = 0; i < 2 && /%[0-9a-f]{2}/i.test(decoded); i++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return null;
    }
  }
  const [path = '', query = ''] = decoded.split('?', 2);
  const table = CLASSIC_FORM.exec(path)?.[1];
  return record(table, new URLSearchParams(query).get('sys_id'));
}

function fromPath(url: URL): string | null {
  const path = url.pathname;
  const target = path.indexOf('/params/target/');
  if (path.startsWith('/now/nav/ui/classic/') && target >= 0) {
    return classic(path.slice(target + '/params/target/'.length) + url.search);
  }
  if (path.startsWith('/now/')) {
    // The first `record/{table}/{sys_id}`; a nested `/sub/record/…` is a related new record.
    const segments = path.split('/');
    const at = segments.indexOf('record');
    return at > 0 ? record(segments[at + 1], segments[at + 2]) : null;
  }
  if (/^\/nav_to\.do$/i.test(path)) {
    const uri = url.searchParams.get('uri');
    return uri ? classic(uri) : null;
  }
  if (CLASSIC_FORM.test(path) && path.lastIndexOf('/') === 0) {
    return record(CLASSIC_FORM.exec(path)?.[1], url.searchParams.get('sys_id'));
  }
  if (/^\/[a-z0-9_]+\/?$/i.test(path) && PORTAL_TICKET_PAGES.has(url.searchParams.get('id') ?? '')) {
    return record(url.searchParams.get('table'), url.searchParams.get('sys_id'));
  }
  return null;
}

export const servicenow: ToolDetector = {
  tool: 'servicenow',
  selfHosted: false,
  fromUrl(url): TicketIdentity | null {
    const tenant = subdomainOf(url, 'service-now.com');
    const ticketId = tenant ? fromPath(url) : null;
    return tenant && ticketId ? { tenant, ticketId } : null;
  },
};
