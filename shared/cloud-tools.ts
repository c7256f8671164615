import type { ToolId } from './schemas';

/**
 * The hosts of every cloud ticket tool Steward knows, as browser match patterns: what one
 * permission prompt asks for when someone chooses "Enable Steward on ServiceNow". Each set
 * covers the hosts the tool's detector in shared/tickets accepts (tests/unit/cloud-tools.test.ts
 * checks real ticket addresses of each against both). Where a detector is narrower than a
 * match pattern can say (Kaseya's bms*.kaseya.com), the pattern is the tool's whole domain.
 */
export const CLOUD_TOOL_HOSTS = {
  servicenow: ['https://*.service-now.com/*'],
  // Sites from before atlassian.net still answer at {site}.jira.com (shared/tickets/tools/jira.ts).
  jira: ['https://*.atlassian.net/*', 'https://*.jira.com/*'],
  freshservice: ['https://*.freshservice.com/*'],
  freshdesk: ['https://*.freshdesk.com/*'],
  halopsa: ['https://*.halopsa.com/*'],
  syncro: ['https://*.syncromsp.com/*'],
  superops: ['https://*.superops.ai/*'],
  atera: ['https://app.atera.com/*'],
  autotask: ['https://*.autotask.net/*'],
  connectwise: ['https://*.myconnectwise.net/*', 'https://*.myconnectwise.com/*', 'https://*.connectwise.net/*'],
  'kaseya-bms': ['https://*.kaseya.com/*'],
  github: ['https://github.com/*'],
  zendesk: ['https://*.zendesk.com/*'],
} as const satisfies Partial<Record<ToolId, readonly string[]>>;

export type CloudToolId = keyof typeof CLOUD_TOOL_HOSTS;
