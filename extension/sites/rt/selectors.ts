import { moment, textAt, timeAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/rt/ticket-display.html (RT 5, Ticket/Display.html).
export const rt: SiteAdapter = {
  tool: 'rt',
  // The page header reads "#42: Subject"; drop the "#42: " prefix RT adds.
  title: (doc) => textAt(doc, '#header h1')?.replace(/^#\d+:\s*/, ''),
  // "The Basics" panel shows the status as the value beside the "Status:" label.
  status: (doc) => textAt(doc, '.ticket-info-basics .status .value .current-value, .status.form-row .value .current-value', 100),
  // The current priority, before the "/" and the final priority ("Low/Low", or "0/0" when the
  // queue shows numbers).
  priority: (doc) => textAt(doc, '.ticket-info-basics .priority .current-value .Priority'),
  // Elements/ShowUser links real users to their summary; Nobody (the unassigned owner) and
  // RT_System are shown without a link.
  assignee: (doc) => textAt(doc, '.ticket-info-people .owner .current-value .user > a'),
  // The Dates panel shows moments in the reader's RT date format. The default ("Mon Nov 23
  // 01:54:59 2026") names no zone, so it is not read; RFC 2822 and W3CDTF, which a user or the
  // site may choose, carry the offset.
  created: (doc) => timeAt(doc, '.ticket-info-dates .created .current-value'),
  // "{date} by {user}": the date is the link's text before the user.
  updated: (doc) => moment(doc.querySelector('.ticket-info-dates .updated .current-value a')?.firstChild?.textContent?.trim().replace(/\s+\S+$/, '')),
};
