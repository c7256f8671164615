import { hostTenant, positiveId, queryParam, type ToolDetector } from '../types';

// Autotask (Datto PSA) serves every customer from shared zone hosts ww1…wwN.autotask.net:
//   /Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&mode=0&ticketId={id}
//   /Mvc/ServiceDesk/TicketDetail.mvc?workspace=True&ids[0]={id}&ids[1]=…   (workspace mode)
//   /Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={id}
// `TicketNumber=T20240101.0001` links name the same ticket by its display number, a second
// identity for one ticket, so they are not detected rather than keyed differently.
//
// Tenant: the lower-case zone host. Nothing in the URL names the customer; a customer's
// database lives in one zone, and ticket ids are unique within it.
const ZONE_HOST = /^ww\d+\.autotask\.net$/;
const DETAIL_PAGE = /^\/Mvc\/ServiceDesk\/TicketDetail\.mvc\/?$/i;
const COMMAND_PAGE = /^\/Autotask\/AutotaskExtend\/ExecuteCommand\.aspx$/i;

export const autotask: ToolDetector = {
  tool: 'autotask',
  selfHosted: false,
  fromUrl(url) {
    if (!ZONE_HOST.test(url.hostname.toLowerCase())) return null;
    let id: string | null = null;
    if (DETAIL_PAGE.test(url.pathname)) {
      // In workspace mode ticketId is the ticket on screen; ids[] is the whole work list.
      id = positiveId(queryParam(url, 'ticketId') ?? queryParam(url, 'ids[0]'));
    } else if (COMMAND_PAGE.test(url.pathname) && queryParam(url, 'Code')?.toLowerCase() === 'openticketdetail') {
      id = positiveId(queryParam(url, 'TicketID'));
    }
    return id ? { tenant: hostTenant(url), ticketId: id } : null;
  },
};
