import type { ToolId } from './schemas';

/** Ticket tools as people call them. */
export const TOOL_NAMES: Record<ToolId, string> = {
  zendesk: 'Zendesk', rt: 'Request Tracker', connectwise: 'ConnectWise', autotask: 'Autotask', halopsa: 'HaloPSA',
  servicenow: 'ServiceNow', jira: 'Jira', freshservice: 'Freshservice', freshdesk: 'Freshdesk', syncro: 'Syncro',
  'kaseya-bms': 'Kaseya BMS', superops: 'SuperOps', atera: 'Atera', github: 'GitHub', zammad: 'Zammad',
  redmine: 'Redmine', glpi: 'GLPI', osticket: 'osTicket', freescout: 'FreeScout', custom: 'Your tool',
};
