import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { CLOUD_TOOL_HOSTS, type CloudToolId } from '../../shared/cloud-tools';
import { detectTicket, DETECTORS } from '../../shared/tickets';

// "Enable Steward on ServiceNow" asks for these hosts: each cloud tool's real ticket addresses
// (the shapes its detector's own tests use) must be inside them, or the badge would never
// appear there after the person said yes.
const TICKETS: Record<CloudToolId, string[]> = {
  servicenow: ['https://acme.service-now.com/incident.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  jira: ['https://acme.atlassian.net/browse/ITSD-42', 'https://acme.jira.com/browse/ITSD-42'],
  freshservice: ['https://acme.freshservice.com/a/tickets/280211?current_tab=details'],
  freshdesk: ['https://acme.freshdesk.com/a/tickets/8509'],
  halopsa: ['https://acme.halopsa.com/ticket?id=0001234'],
  syncro: ['https://acme.syncromsp.com/tickets/4233', 'https://acme.shield.syncromsp.com/tickets/4233'],
  superops: ['https://acme.superops.ai/#/tickets/42'],
  atera: ['https://app.atera.com/new/ticket/8366'],
  autotask: ['https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&mode=0&ticketId=111'],
  connectwise: ['https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=123456&companyName=acme'],
  'kaseya-bms': ['https://bms.kaseya.com/react/servicedesk/tickets/51234'],
  github: ['https://github.com/acme/widgets/issues/42'],
  zendesk: ['https://acme.zendesk.com/agent/tickets/4821'],
};

describe('cloud tools one click away', () => {
  it('offers every cloud tool Steward has a detector for', () => {
    const cloud = [...new Set(DETECTORS.filter((d) => !d.selfHosted).map((d) => d.tool))].sort();
    expect(Object.keys(CLOUD_TOOL_HOSTS).sort()).toEqual(cloud);
  });

  it.each(Object.entries(TICKETS))('asks for hosts that cover %s tickets', (tool, urls) => {
    for (const url of urls) {
      expect(detectTicket(url)?.tool, url).toBe(tool);
      const patterns = CLOUD_TOOL_HOSTS[tool as CloudToolId];
      expect(patterns.some((p) => new MatchPattern(p).includes(url)), `${url} is outside ${patterns.join(', ')}`).toBe(true);
    }
  });

  it('asks for https hosts only, none wider than one tool', () => {
    for (const patterns of Object.values(CLOUD_TOOL_HOSTS)) {
      for (const p of patterns) expect(p).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+\.[a-z]+\/\*$/);
    }
  });
});
