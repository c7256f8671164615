import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../../shared/tickets';

// Each row: a real-shaped URL and the key Steward must derive from it (null = not one ticket).
const URLS: Array<[string, string | null]> = [
  ['https://acme.atlassian.net/browse/ITSD-42', 'jira:acme:ITSD-42'],
  ['https://acme.atlassian.net/browse/itsd-42?focusedCommentId=10001', 'jira:acme:ITSD-42'],
  ['https://acme.atlassian.net/jira/servicedesk/projects/ITSD/queues/custom/1/ITSD-42', 'jira:acme:ITSD-42'],
  ['https://acme.atlassian.net/servicedesk/projects/ITSD/queues/custom/1/ITSD-42', 'jira:acme:ITSD-42'],
  ['https://acme.atlassian.net/jira/software/projects/WEB/boards/3?selectedIssue=WEB-7', 'jira:acme:WEB-7'],
  ['https://acme.atlassian.net/jira/software/projects/WEB/issues/WEB-7', 'jira:acme:WEB-7'],
  ['https://acme.atlassian.net/servicedesk/customer/portal/2/ITSD-42', 'jira:acme:ITSD-42'],
  // Cloud sites older than atlassian.net still answer at {site}.jira.com: the same site, the same tenant.
  ['https://acme.jira.com/browse/ITSD-42', 'jira:acme:ITSD-42'],
  ['https://acme.jira.com/jira/software/projects/WEB/boards/3?selectedIssue=WEB-7', 'jira:acme:WEB-7'],
  // Jira Data Center on the company's host, with or without a context path.
  ['https://jira.example.com/browse/OPS-9', 'jira:jira.example.com:OPS-9'],
  ['https://intranet.example.com/jira/browse/OPS-9', 'jira:intranet.example.com:OPS-9'],
  ['https://jira.example.com:8080/secure/RapidBoard.jspa?rapidView=1&selectedIssue=OPS-9', 'jira:jira.example.com:8080:OPS-9'],
  ['https://acme.atlassian.net/browse/ITSD', null],
  ['https://acme.atlassian.net/jira/servicedesk/projects/ITSD/queues/custom/1', null],
  ['https://acme.atlassian.net/jira/software/projects/WEB/boards/3', null],
  ['https://acme.atlassian.net/secure/CreateIssue.jspa?pid=10000', null],
  ['https://acme.atlassian.net/issues/?jql=project%3DITSD', null],
  ['https://acme.atlassian.net/wiki/spaces/ITSD/pages/123456', null],
  // Another app's /projects/{name}-2 page is not a Jira issue.
  ['https://redmine.example.com/projects/web-2', null],
];

describe('Jira issue URLs', () => {
  it.each(URLS)('%s → %s', (url, key) => {
    expect(detectedKey(url)).toBe(key);
  });
});
