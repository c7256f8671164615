import { hostTenant, positiveId, type ToolDetector } from '../types';

// Redmine: https://{host}/issues/{id}, often under a path such as /redmine. /issues/{id}/edit
// is the same issue; /issues/new, /projects/{p}/issues/new, /issues/{id}/copy (a new issue),
// exports (/issues/{id}.pdf) and lists are not.
const ISSUE_PATH = /\/issues\/(\d+)(?:\/edit)?\/?$/;

// Redmine's base layout (layouts/base.html.erb) sets the body class from controller and
// action, "controller-issues action-show" here; themes that restyle it still render #top-menu
// and #main beside the csrf-param meta tag.
const ISSUES_BODY = /(?:^|\s)controller-issues(?:\s|$)/;

export const redmine: ToolDetector = {
  tool: 'redmine',
  selfHosted: true,
  fromUrl(url) {
    const id = positiveId(ISSUE_PATH.exec(url.pathname)?.[1]);
    return id ? { tenant: hostTenant(url), ticketId: id } : null;
  },
  fingerprint(doc) {
    if (ISSUES_BODY.test(doc.body?.getAttribute('class') ?? '')) return true;
    return !!doc.querySelector('#top-menu') && !!doc.querySelector('#main') && !!doc.querySelector('meta[name="csrf-param"]');
  },
};
