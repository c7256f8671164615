import { detectTicket } from '../../shared/tickets';
import type { ToolId } from '../../shared/schemas';
import { inPageOrFrame, ticketReader, type TicketReader } from './read';
import type { SiteAdapter } from './types';
import { atera } from './atera/selectors';
import { autotask } from './autotask/selectors';
import { connectwise } from './connectwise/selectors';
import { freescout } from './freescout/selectors';
import { freshdesk } from './freshdesk/selectors';
import { freshservice } from './freshservice/selectors';
import { github } from './github/selectors';
import { glpi } from './glpi/selectors';
import { halopsa } from './halopsa/selectors';
import { jira } from './jira/selectors';
import { kaseyaBms } from './kaseya-bms/selectors';
import { osticket } from './osticket/selectors';
import { redmine } from './redmine/selectors';
import { rt } from './rt/selectors';
import { servicenow } from './servicenow/selectors';
import { superops } from './superops/selectors';
import { syncro } from './syncro/selectors';
import { zammad } from './zammad/selectors';
import { zendesk } from './zendesk/selectors';

export type { SiteAdapter } from './types';

export const ADAPTERS: Readonly<Partial<Record<ToolId, SiteAdapter>>> = {
  atera,
  autotask,
  connectwise,
  freescout,
  freshdesk,
  freshservice,
  github,
  glpi,
  halopsa,
  jira,
  'kaseya-bms': kaseyaBms,
  osticket,
  redmine,
  rt,
  servicenow,
  superops,
  syncro,
  zammad,
  zendesk,
};

/** The ticket this page shows, read with every tool's detection and selectors. */
export const readTicketOnPage: TicketReader = /* @__PURE__ */ ticketReader(inPageOrFrame(detectTicket, ADAPTERS), ADAPTERS);
