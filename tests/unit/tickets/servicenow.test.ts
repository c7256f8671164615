import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.service-now.com/incident.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90', 'servicenow:acme:incident/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/incident.do?sys_id=A1B2C3D4E5F60718293A4B5C6D7E8F90&sysparm_view=ess', 'servicenow:acme:incident/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/sc_req_item.do?sys_id=0123456789abcdef0123456789abcdef', 'servicenow:acme:sc_req_item/0123456789abcdef0123456789abcdef'],
  ['https://acmedev.service-now.com/change_request.do?sys_id=0123456789abcdef0123456789abcdef', 'servicenow:acmedev:change_request/0123456789abcdef0123456789abcdef'],
  ['https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3Da1b2c3d4e5f60718293a4b5c6d7e8f90%26sysparm_stack%3D%26sysparm_view%3D', 'servicenow:acme:incident/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/nav_to.do?uri=%2Fproblem.do%3Fsys_id%3Da1b2c3d4e5f60718293a4b5c6d7e8f90', 'servicenow:acme:problem/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/nav_to.do?uri=change_request.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90', 'servicenow:acme:change_request/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/now/sow/record/incident/a1b2c3d4e5f60718293a4b5c6d7e8f90', 'servicenow:acme:incident/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/now/sow/record/incident/a1b2c3d4e5f60718293a4b5c6d7e8f90/params/selected-tab-index/1', 'servicenow:acme:incident/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['https://acme.service-now.com/now/cwf/agent/record/sn_customerservice_case/575a8cf93b96fadca792519e53e45abc', 'servicenow:acme:sn_customerservice_case/575a8cf93b96fadca792519e53e45abc'],
  ['https://acme.service-now.com/sp?id=ticket&table=incident&sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90', 'servicenow:acme:incident/a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  // New records, lists, non-ticket tables and other hosts are not one ticket.
  ['https://acme.service-now.com/incident.do?sys_id=-1', null],
  ['https://acme.service-now.com/incident.do?sys_id=-1&sysparm_query=active=true', null],
  ['https://acme.service-now.com/now/sow/record/incident/-1_uid_1/params/query/short_description%3Dprinter', null],
  ['https://acme.service-now.com/incident.do?sysparm_query=number=INC0010001', null],
  ['https://acme.service-now.com/incident_list.do?sysparm_query=active%3Dtrue', null],
  ['https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do%3Fsysparm_query%3Dactive%253Dtrue', null],
  ['https://acme.service-now.com/now/sow/list/params/list-id/abc', null],
  ['https://acme.service-now.com/now/nav/ui/home', null],
  ['https://acme.service-now.com/sys_user.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90', null],
  ['https://acme.service-now.com/task.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90', null],
  ['https://acme.service-now.com.evil.example/incident.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90', null],
];

describe('ServiceNow record URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
